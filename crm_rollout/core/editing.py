"""How services edit rows: tidy the values, validate the row as it would become, check the version, apply."""

from sqlalchemy import func, select

from crm_rollout.core.errors import Conflict, ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _


def stripped(values: dict) -> dict:
    """The same values with surrounding white space removed from every text."""
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def check_version(row, expected_version: int | None) -> None:
    """The one meaning of a version on a write: the edit must name the version it was made from.

    None (nothing sent) is a mistake of the writer, 422; another version than the row's is a conflict, 409,
    so a stale edit never overwrites a newer one.
    """
    if expected_version is None:
        raise ValidationFailed({"version": _("Send the version of the record you read.")})
    if expected_version != row.version:
        raise Conflict(row)


def next_position(position, *where) -> int:
    """The position after the last of the rows `where` picks (1 for the first): a new row goes at the end."""
    return (db.session.scalar(select(func.max(position)).where(*where)) or 0) + 1


def create_row(model, project_id: int, values: dict, *, validate, **fixed):
    """Add a row to a project. `validate(project_id, values)` returns {field: message}; a value left as None
    takes the column's default; `fixed` are set by the service, not typed by anyone."""
    errors = validate(project_id, values)
    raise_if_errors(errors)
    row = model(project_id=project_id, **fixed, **{k: v for k, v in values.items() if v is not None})
    db.session.add(row)
    db.session.flush()
    return row


def update_fields(row, fields, *, expected_version, changes: dict, validate):
    """Apply `changes` to the editable `fields` of a versioned row of a project.

    `validate(project_id, values)` sees the whole row as it would become and returns {field: message}, as
    for `create_row`. The version is checked by `check_version`.
    """
    changes = stripped({k: v for k, v in changes.items() if k in fields})
    errors = validate(row.project_id, {name: getattr(row, name) for name in fields} | changes)
    raise_if_errors(errors)
    check_version(row, expected_version)
    for name, value in changes.items():
        setattr(row, name, value)
    db.session.flush()
    return row


def singleton_of(model, project_id: int):
    """A project's one row of `model` (its settings), or None before the first edit."""
    return db.session.scalar(select(model).where(model.project_id == project_id))


def update_singleton(model, project_id: int, fields, *, expected_version, changes: dict, validate):
    """Change a project's one row of `model`. Until its first edit the row does not exist and reads as
    version 0: that edit, made from version 0, creates it; any other version is checked as usual."""
    row = singleton_of(model, project_id)
    if row is None:
        if expected_version != 0:  # against the row not made yet, which reads as version 0
            check_version(model(version=0), expected_version)
        row = model(project_id=project_id)
        db.session.add(row)
    else:
        check_version(row, expected_version)
    changes = stripped({k: v for k, v in changes.items() if k in fields})
    errors = validate(project_id, {name: getattr(row, name) for name in fields} | changes)
    raise_if_errors(errors)
    for name, value in changes.items():
        setattr(row, name, value)
    db.session.flush()
    return row
