"""A request that only read ends with COMMIT (psycopg keeps its prepared statements); anything that wrote, or
would write, still ends with a rollback, so nothing uncommitted is ever kept."""

import pytest
from sqlalchemy import event, select, text

from crm_rollout.core.extensions import db
from crm_rollout.projects.models import Project


@pytest.fixture
def endings(app):
    """How each transaction ended: "commit" or "rollback", in order."""
    with app.app_context():
        engine = db.engine
    seen = []

    def committed(_connection):
        seen.append("commit")

    def rolled_back(_connection):
        seen.append("rollback")

    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", rolled_back)
    yield seen
    event.remove(engine, "commit", committed)
    event.remove(engine, "rollback", rolled_back)


def _project_names(app):
    with app.app_context():
        return db.session.scalars(select(Project.name)).all()


def test_a_context_that_only_read_commits(app, world, endings):
    with app.app_context():
        assert db.session.scalars(select(Project.name)).all()
    assert endings == ["commit"]


def test_a_flushed_write_never_committed_is_rolled_back(app, world, endings):
    with app.app_context():
        project = db.session.get(Project, world.project_id)
        project.name = "Flushed, never committed"
        db.session.flush()
    assert endings == ["rollback"]
    assert "Flushed, never committed" not in _project_names(app)


def test_a_pending_change_is_neither_flushed_nor_committed(app, world, endings):
    with app.app_context():
        project = db.session.get(Project, world.project_id)
        project.name = "Pending"
    assert endings == ["rollback"]
    assert "Pending" not in _project_names(app)


def test_a_context_that_failed_is_rolled_back(app, world, endings):
    with pytest.raises(RuntimeError), app.app_context():
        db.session.scalars(select(Project.name)).all()
        raise RuntimeError("the view failed")
    assert endings == ["rollback"]


def test_a_failed_statement_spoils_the_transaction(app, world, endings):
    with app.app_context(), pytest.raises(Exception):  # noqa: B017  (each backend names its own error)
        db.session.execute(text("SELECT * FROM no_such_table"))
    assert endings == ["rollback"]


def test_postgresql_keeps_prepared_statements_across_requests(app, world):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are PostgreSQL's")
    # The pool may hand out any of its idle connections; each prepares a statement on its fifth use.
    for _ in range(40):
        with app.app_context():
            db.session.scalars(select(Project.name).where(Project.id == world.project_id)).all()
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements")) > 0


def test_what_was_read_stays_readable_after_the_context(app, world):
    with app.app_context():
        project = db.session.get(Project, world.project_id)
    assert project.name
