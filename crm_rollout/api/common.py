"""What every JSON write does: read the body, report bad fields (422), create (201) or update with a
version check (200, or 409 with the current row)."""

from flask import jsonify, request
from sqlalchemy.orm.exc import StaleDataError

from crm_rollout.api.parsing import parse
from crm_rollout.errors import Conflict, ValidationFailed
from crm_rollout.extensions import db


def json_body():
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def invalid(errors: dict):
    return jsonify(error="Unprocessable", message="Some fields are invalid.", fields=errors), 422


def bad_body():
    return jsonify(error="Bad Request", message="Send a JSON object.", fields={}), 400


def sent_version(body):
    version = body.get("version")
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def create_response(spec: dict, create, to_json, required=()):
    """POST: parse, create through the service, commit; 201 with the new row."""
    body = json_body()
    if body is None:
        return bad_body()
    values, errors = parse(body, spec, ignore=())
    errors |= {name: "Required." for name in required if name not in body}
    if errors:
        return invalid(errors)
    try:
        row = create(values)
        body = to_json(row)  # before the commit: exactly what this request wrote, not a later reload
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    db.session.commit()
    return jsonify(body), 201


def update_response(row, spec: dict, update, to_json, reload):
    """PATCH: parse, check the version, update through the service, commit; 409 with the current row."""
    body = json_body()
    if body is None:
        return bad_body()
    changes, errors = parse(body, spec)
    if sent_version(body) is None:
        errors["version"] = "Send the version you read."
    if errors:
        return invalid(errors)
    try:
        update(row, sent_version(body), changes)
        written = to_json(row)  # before the commit: the version this write made, not a later one
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    except (Conflict, StaleDataError):  # stale on arrival, or lost the race at the UPDATE itself
        db.session.rollback()
        return jsonify(error="Conflict", message="It changed since you read it.", current=to_json(reload())), 409
    db.session.commit()
    return jsonify(written)
