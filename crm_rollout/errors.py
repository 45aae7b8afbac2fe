"""Domain errors raised by services, and the handlers that turn any error into a friendly page or JSON."""

import logging

from flask import jsonify, render_template, request
from sqlalchemy.exc import DataError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from crm_rollout.extensions import db

log = logging.getLogger(__name__)


class DomainError(Exception):
    pass


class ValidationFailed(DomainError):
    """Bad input; `errors` maps each field to a message in the user's language."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class Conflict(DomainError):
    """The caller edited a stale version; `current` is the row as it is now."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current


class NotFound(DomainError):
    pass


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _error_response(code: int, name: str, message: str):
    if wants_json():
        return jsonify(error=name, message=message), code
    return render_template("errors/error.html", code=code, message=message), code


def register_error_handlers(app):
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return _error_response(error.code, error.name, error.description or "")

    @app.errorhandler(ValidationFailed)
    def invalid(error: ValidationFailed):
        # Views handle validation themselves; this is the safety net for a request no form produced.
        db.session.rollback()
        if wants_json():
            return jsonify(error="Unprocessable", message="Some fields are invalid.", fields=error.errors), 422
        return _error_response(400, "Bad Request", "")

    @app.errorhandler(NotFound)
    def not_found(_error):
        return _error_response(404, "Not Found", "")

    @app.errorhandler(StaleDataError)
    def stale(_error):
        # Two writers passed the version check at the same moment; the loser lands here.
        db.session.rollback()
        return _error_response(409, "Conflict", "Someone else changed this record at the same time.")

    @app.errorhandler(DataError)
    def out_of_range(_error):
        # The database refused a value (too long for its column, a number out of range): the input's fault.
        db.session.rollback()
        if wants_json():
            return jsonify(error="Unprocessable", message="A value is too long or out of range.", fields={}), 422
        return _error_response(400, "Bad Request", "A value is too long or out of range.")

    @app.errorhandler(Exception)
    def unexpected(error):
        log.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return _error_response(500, InternalServerError.name, "")
