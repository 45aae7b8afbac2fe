"""Reading plain values: how a statement built once (see docs/ARCHITECTURE.md, "Speed") that selects columns,
not mapped rows, runs on the pages' hot paths."""

from crm_rollout.core.extensions import db


def plain_rows(statement, values: dict | None = None):
    """Run a statement that selects columns (no mapped rows) on the session's connection, after flushing what
    the session holds as it would itself. The ORM's result machinery has nothing to do for plain values and
    cost 25 µs a statement more, and more a row: a page runs a dozen such statements."""
    db.session.flush()
    return db.session.connection().execute(statement, values)
