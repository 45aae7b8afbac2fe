"""What every JSON write does: read the body, report bad fields (422), create (201) or update with a
version check (200, or 409 with the current row).

The fields come from the endpoint's own `docs.body` declaration, the same one the OpenAPI document shows.
"""

from flask import current_app, jsonify, request
from sqlalchemy.orm.exc import StaleDataError

from crm_rollout.core.api.parsing import parse
from crm_rollout.core.errors import Conflict, ValidationFailed, json_error
from crm_rollout.core.extensions import db


def iso(value):
    """A date or time as JSON carries it (ISO 8601), None as null."""
    return value.isoformat() if value is not None else None


def fields_json(row, fields) -> dict:
    """A row's fields as JSON carries them (dates and times in ISO 8601), with its id and version."""
    values = {name: getattr(row, name) for name in fields}
    return {k: iso(v) if hasattr(v, "isoformat") else v for k, v in values.items()} | {
        "id": row.id,
        "version": row.version,
    }


def json_body():
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def invalid(errors: dict):
    return json_error(422, "Some fields are invalid.", fields=errors)


def bad_body():
    return json_error(400, "Send a JSON object.")


def sent_version(body):
    version = body.get("version")
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def _declared() -> dict:
    return current_app.view_functions[request.endpoint].openapi_body


def create_response(create, to_json):
    """POST: parse the declared fields, create through the service, commit; 201 with the new row."""
    body = json_body()
    if body is None:
        return bad_body()
    declared = _declared()
    values, errors = parse(body, declared["spec"], ignore=())
    errors |= {name: "Required." for name in declared["required"] if name not in body}
    if errors:
        return invalid(errors)
    try:
        row = create(values)
        body = to_json(row)  # before the commit: exactly what this request wrote, not a later reload
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    except (Conflict, StaleDataError):  # a create that moves something on (a runbook step's tick) raced
        db.session.rollback()
        return json_error(409, "It changed since you read it.")
    db.session.commit()
    return jsonify(body), 201


def update_response(row, update, to_json, *, editable=None):
    """PATCH: parse the declared fields and call `update(row, expected_version=..., changes=...)` (a
    service's update); commit. A stale version gets 409 with the row as it is now.

    `editable`: the fields this caller may change, as the domain's rule says (None: all declared ones);
    changing any other is 403, naming them.
    """
    if editable is not None and not editable:
        return json_error(403, "Your role may not change this.")
    body = json_body()
    if body is None:
        return bad_body()
    changes, errors = parse(body, _declared()["spec"])
    refused = sorted(set(changes) - editable) if editable is not None else []
    if refused:
        return json_error(
            403,
            "Your role may not change: " + ", ".join(refused) + ".",
            fields=dict.fromkeys(refused, "Not yours to change."),
        )
    if sent_version(body) is None:
        errors["version"] = "Send the version you read."
    if errors:
        return invalid(errors)
    try:
        update(row, expected_version=sent_version(body), changes=changes)
        written = to_json(row)  # before the commit: the version this write made, not a later one
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    except (Conflict, StaleDataError):  # stale on arrival, or lost the race at the UPDATE itself
        db.session.rollback()  # expires the row: to_json reads it afresh
        return json_error(409, "It changed since you read it.", current=to_json(row))
    db.session.commit()
    return jsonify(written)
