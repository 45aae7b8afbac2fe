"""Export a whole project as JSON and import it into this or another database.

Driven by the schema itself: every table with a project_id (and the link tables between them) is exported,
with the accounts the rows refer to. Import gives every row a new id and rewrites each reference through
the foreign keys, the audit trail's entity ids and the few references that are plain ids, so a project
lands beside others without clashing. Rows are written with Core inserts: importing history must not
write new history.

A file may come from anyone, so it can grant nothing: exports carry no credentials (no password hashes,
tokens or sessions, no admin flag); on import, people are matched to existing accounts by e-mail, and the
others become deactivated accounts without a password that an administrator activates. Every value is
checked against its column (type, length, finite numbers, sane dates) before anything is written.
"""

import base64
import uuid
from datetime import date, datetime, time

from sqlalchemy import Date, DateTime, LargeBinary, Time, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from crm_rollout import backup_checks as checked
from crm_rollout import models  # noqa: F401  (every table in the metadata)
from crm_rollout.core import search
from crm_rollout.core.db import UTCDateTime, utcnow
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.documents import storage

FORMAT = "crm-rollout-project"
FORMAT_VERSION = 1
# Sign-in state, each person's inbox and the search index (rebuilt from the rows on import): not content.
SKIPPED = {
    "login_attempts",
    "api_tokens",
    "user_sessions",
    "alembic_version",
    "notifications",
    "search_entries",
    "pending_imports",  # a previewed file waits for its uploader only; never part of a project's copy
    "waves",  # a project's place in a programme belongs to the programme: an imported copy stands alone
}
USER_COLUMNS = ("id", "username", "email", "display_name", "locale")  # never credentials or rights
# References kept as plain ids (no foreign key): (table, column) -> the table they point into.
SOFT_REFERENCES = {("process_models", "prototype_test_id"): "prototype_tests"}
AUDIT = "audit_entries"


def _tables():
    """Project tables, parents before children; the audit trail last, as it names rows of every table."""
    tables = [
        t
        for t in db.metadata.sorted_tables
        if t.name not in SKIPPED | {"users", "projects"} and ("project_id" in t.c or _link_parents(t))
    ]
    return [t for t in tables if t.name != AUDIT] + [t for t in tables if t.name == AUDIT]


def _link_parents(table) -> list:
    """For a link table without project_id: its foreign keys (to project tables)."""
    return [] if "id" in table.c else [c for c in table.c if c.foreign_keys]


def _target(column) -> str | None:
    key = (column.table.name, column.name)
    if key in SOFT_REFERENCES:
        return SOFT_REFERENCES[key]
    if column.name == "project_id":  # the audit trail keeps its project without a foreign key
        return "projects"
    return next(iter(column.foreign_keys)).column.table.name if column.foreign_keys else None


def _to_json(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):  # a document's content
        return base64.b64encode(value).decode("ascii")
    return value


def _from_json(column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime | UTCDateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value, validate=True)
    return value


# --- Export ----------------------------------------------------------------------------------------


def export_project(project_id: int) -> dict:
    projects = db.metadata.tables["projects"]
    project_row = db.session.execute(select(projects).where(projects.c.id == project_id)).mappings().first()
    if project_row is None:
        raise ValidationFailed({"project": f"There is no project {project_id}."})
    # The method version names a row of this site's library, not of the project: a copy keeps its own
    # phases and the version's label (methodology_version), without the link.
    tables = {"projects": _dump(projects, [dict(project_row) | {"method_version_id": None}])}
    user_ids = set()
    exported_ids: dict[str, set] = {"projects": {project_id}}
    for table in _tables():
        if "project_id" in table.c:
            query = select(table).where(table.c.project_id == project_id)
        else:  # a link table: rows whose parents are exported
            parent = _link_parents(table)[0]
            query = select(table).where(parent.in_(exported_ids.get(_target(parent), set())))
        order = [table.c.id] if "id" in table.c else list(table.primary_key.columns)
        rows = db.session.execute(query.order_by(*order)).mappings().all()
        if table.name == "document_versions":  # an export carries the bytes, wherever they are kept
            rows = [_with_bytes(row) for row in rows]
        tables[table.name] = _dump(table, rows)
        if "id" in table.c:
            exported_ids[table.name] = {r["id"] for r in rows}
        for column in table.c:
            if _target(column) == "users":
                user_ids |= {r[column.name] for r in rows if r[column.name] is not None}
    users = db.metadata.tables["users"]
    user_rows = db.session.execute(select(users).where(users.c.id.in_(user_ids)).order_by(users.c.id)).mappings()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": _schema_revision(),
        "exported_at": utcnow().isoformat(),
        "users": [{name: row[name] for name in USER_COLUMNS} for row in user_rows],
        "tables": tables,
    }


def _with_bytes(row) -> dict:
    if row["storage_key"] is None:
        return row
    return dict(row) | {"data": storage.fetch(row["storage_key"]), "storage_key": None}


def _dump(table, rows) -> dict:
    columns = [c.name for c in table.c]
    return {"columns": columns, "rows": [[_to_json(row[c]) for c in columns] for row in rows]}


def _schema_revision() -> str | None:
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()


# --- Import -----------------------------------------------------------------------------------------


def import_project(document, *, copy: bool = False) -> int:
    """Add the project in `document` to this database; returns its new id. All or nothing (the caller
    commits). A project that is here already is refused unless `copy` is asked for."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationFailed({"file": "This is not a CRM Rollout project export."})
    if document.get("format_version") != FORMAT_VERSION:
        raise ValidationFailed({"file": f"Export format {document.get('format_version')!r} is not supported."})
    if document.get("schema") != _schema_revision():
        raise ValidationFailed(
            {
                "file": f"Exported at schema {document.get('schema')}; this database is at {_schema_revision()}. "
                "Upgrade both to the same version first."
            }
        )
    checked.check_document(document, _tables())
    projects = document["tables"]["projects"]
    project = dict(zip(projects["columns"], projects["rows"][0], strict=True))
    table = db.metadata.tables["projects"]
    if db.session.scalar(select(table.c.id).where(table.c.uid == project["uid"])) is not None:
        if not copy:
            message = f"The project “{project['name']}” is in this database already; ask for a copy (--copy)."
            raise ValidationFailed({"file": message})
        projects["rows"][0][projects["columns"].index("uid")] = uuid.uuid4().hex
    ids: dict[str, dict] = {"users": _import_users(document["users"])}
    deferred = []  # (table, new id, column, old value): references to rows of the same or a later table
    for table in [db.metadata.tables["projects"], *_tables()]:
        dumped = document["tables"].get(table.name)
        if dumped:
            _insert(table, dumped, ids, deferred)
    for table, row_id, column, old in deferred:
        value = ids.get(_target(table.c[column]), {}).get(old)
        changes = {column: value} | ({"updated_at": table.c.updated_at} if "updated_at" in table.c else {})
        db.session.execute(update(table).where(table.c.id == row_id).values(changes))  # keeps updated_at
    new_id = ids["projects"][project["id"]]
    search.rebuild(new_id)
    return new_id


def _import_users(users: list[dict]) -> dict:
    """Accounts are matched by e-mail. Anyone else gets a deactivated account with no password (a free
    username beside the one in the file): an administrator decides whether it may sign in."""
    table = db.metadata.tables["users"]
    found = {}
    for user in users:
        email = user["email"].strip().lower()
        existing = db.session.scalar(select(table.c.id).where(func.lower(table.c.email) == email))
        if existing is None:
            values = {
                "username": _free_username(user["username"]),
                "email": email,
                "display_name": user["display_name"],
                "locale": user.get("locale"),
                "password_hash": "",
                "is_admin": False,
                "active": False,
                "version": 1,
                "created_at": utcnow(),
                "updated_at": utcnow(),
            }
            existing = db.session.execute(insert(table).values(values).returning(table.c.id)).scalar_one()
        found[user["id"]] = existing
    return found


def _free_username(wanted: str) -> str:
    table = db.metadata.tables["users"]
    taken = set(db.session.scalars(select(table.c.username).where(table.c.username.like(f"{wanted[:56]}%"))))
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted[:56]}-{n}"
    return candidate


def _insert(table, dumped: dict, ids: dict, deferred: list) -> None:
    columns = dumped["columns"]
    missing = set(columns) - set(table.c.keys())
    if missing:
        raise ValidationFailed({"file": f"Unknown columns in {table.name}: {sorted(missing)}"})
    later = {
        name
        for name in columns
        if name != "id" and (_target(table.c[name]) == table.name or (table.name, name) in SOFT_REFERENCES)
    }
    rows, olds = [], []
    for raw in dumped["rows"]:
        old = dict(zip(columns, raw, strict=True))
        row = {}
        for name, value in old.items():
            column = table.c[name]
            if name == "id" or name in later:
                continue
            target = _target(column)
            if target is not None and value is not None:
                if value not in ids.get(target, {}):
                    raise ValidationFailed({"file": f"{table.name}.{name} refers to a missing {target} row {value}."})
                value = ids[target][value]
            row[name] = _from_json(column, value)
        if table.name == AUDIT:
            row |= _audit_values(old, ids)
        rows.append(row)
        olds.append(old)
    if not rows:
        return
    try:
        if "id" in table.c:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            new_ids = db.session.execute(statement, rows).scalars().all()
        else:
            db.session.execute(insert(table), rows)
            return
    except IntegrityError as error:
        raise ValidationFailed({"file": f"{table.name}: {error.orig}"}) from None
    ids[table.name] = {old["id"]: new for old, new in zip(olds, new_ids, strict=True)}
    for old, new in zip(olds, new_ids, strict=True):
        deferred += [(table, new, name, old[name]) for name in later if old[name] is not None]


def _audit_values(old: dict, ids: dict) -> dict:
    """An audit entry names its row by type and id, and records references as text (owner_id "12"):
    both point at the imported rows. Rows deleted before the export get entity id 0: their old id could
    name another row here, and the entry's own words still say what was deleted."""
    entity_ids = ids.get(old["entity_type"], {})
    table = db.metadata.tables.get(old["entity_type"])
    field = table.c.get(old["field"]) if table is not None and old.get("field") else None
    target = _target(field) if field is not None else None
    values = {"entity_id": entity_ids.get(old["entity_id"], 0)}
    for name in ("old_value", "new_value"):
        value = old[name]
        if target and isinstance(value, str) and value.isdigit():
            value = str(ids.get(target, {}).get(int(value), value))
        values[name] = value
    return values
