"""Domain errors raised by services, and the handlers that turn any error into a friendly page or JSON."""

import logging

from flask import jsonify, render_template, request
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from crm_rollout.core.extensions import db

log = logging.getLogger(__name__)


class DomainError(Exception):
    pass


class ValidationFailed(DomainError):
    """Bad input; `errors` maps each field to a message in the user's language."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def raise_if_errors(errors: dict[str, str]) -> None:
    """Refuse the input when any field has a message: every service validates all fields, then says all."""
    if errors:
        raise ValidationFailed(errors)


class Conflict(DomainError):
    """The caller edited a stale version; `current` is the row as it is now."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current


class NotFound(DomainError):
    pass


def wants_json() -> bool:
    return request.path.startswith("/api/")


RETRY_AFTER_SECONDS = 5
UNAVAILABLE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>503 · CRM Rollout</title><link rel="stylesheet" href="/static/css/app.css"></head>
<body><main class="error-page"><h1>暂时无法使用 · Temporarily unavailable</h1>
<p>数据库暂时无法访问，请稍后重试。您的数据不会丢失。</p>
<p>The database cannot be reached just now. Nothing you saved is lost; try again in a few seconds.</p>
</main></body></html>"""


def json_error(code: int, message: str, *, fields: dict | None = None, current=None, headers=None, report=None):
    """The API's one error body: {error: the status's name, message, fields: {field: message}} and, on a
    409, `current`: the row as it is now; from an import that wrote nothing, its line-by-line `report`."""
    body = {"error": HTTP_STATUS_CODES.get(code, "Error"), "message": message, "fields": fields or {}}
    if current is not None:
        body["current"] = current
    if report is not None:
        body["report"] = report
    return jsonify(body), code, headers or {}


def _error_response(code: int, name: str, message: str, headers=None):
    if wants_json():
        return json_error(code, message or name, headers=headers)
    try:
        return render_template("errors/error.html", code=code, message=message), code, headers or {}
    except Exception:  # the page itself failed (the database, a template): plain words, never a traceback
        log.exception("The error page for %s failed", code)
        db.session.rollback()
        return f"<!doctype html><title>{code}</title><h1>{code} {name}</h1>", code


def database_unreachable(error) -> bool:
    """A lost or refused connection (not a bad statement): the request may succeed a moment later."""
    return isinstance(error, DBAPIError) and (
        error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)
    )


def _unavailable():
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if wants_json():
        return json_error(503, "The database cannot be reached; try again shortly.", headers=headers)
    return UNAVAILABLE_PAGE, 503, headers | {"Content-Type": "text/html; charset=utf-8"}


def register_error_handlers(app):
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        # Keep what the exception says about itself: Allow on a 405, Retry-After where given.
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        return _error_response(error.code, error.name, error.description or "", headers)

    @app.errorhandler(ValidationFailed)
    def invalid(error: ValidationFailed):
        # Views handle validation themselves; this is the safety net for a request no form produced.
        db.session.rollback()
        if wants_json():
            return json_error(422, "Some fields are invalid.", fields=error.errors)
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
            return json_error(422, "A value is too long or out of range.")
        return _error_response(400, "Bad Request", "A value is too long or out of range.")

    @app.errorhandler(DBAPIError)
    def database_error(error):
        _rollback_quietly()
        if database_unreachable(error):
            log.warning("Database unreachable on %s %s: %s", request.method, request.path, error.orig)
            return _unavailable()
        return unexpected(error)

    @app.errorhandler(Exception)
    def unexpected(error):
        log.exception("Unhandled error on %s %s", request.method, request.path)
        _rollback_quietly()
        return _error_response(500, InternalServerError().name, "")


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # a connection that is gone cannot roll back; the pool replaces it
        log.debug("rollback failed", exc_info=True)
