"""How services edit rows: tidy the values, validate the row as it would become, check the version, apply."""

from crm_rollout.core.errors import Conflict, ValidationFailed
from crm_rollout.core.extensions import db


def stripped(values: dict) -> dict:
    """The same values with surrounding white space removed from every text."""
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def update_fields(row, fields, *, expected_version, changes: dict, validate):
    """Apply `changes` to the editable `fields` of a versioned row.

    `validate(values)` sees the whole row as it would become and returns {field: message}. A version that
    is not the row's raises Conflict, so a stale edit never overwrites a newer one.
    """
    changes = stripped({k: v for k, v in changes.items() if k in fields})
    errors = validate({name: getattr(row, name) for name in fields} | changes)
    if errors:
        raise ValidationFailed(errors)
    if expected_version != row.version:
        raise Conflict(row)
    for name, value in changes.items():
        setattr(row, name, value)
    db.session.flush()
    return row
