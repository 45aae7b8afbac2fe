"""Checks an import file against the schema before anything is written: every table and column known,
every value of its column's type and within its bounds. Errors name the table, row and field."""

import base64
import binascii
from datetime import date, datetime, time

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, Numeric, String, Text, Time

from crm_rollout.core.db import UTCDateTime
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.limits import INT_MAX, date_in_range, is_finite_number, max_length
from crm_rollout.documents import files

USER_FIELDS = {"id": int, "username": str, "email": str, "display_name": str}


def check_document(document: dict, tables: list) -> None:
    known = {"projects": db.metadata.tables["projects"]} | {t.name: t for t in tables}
    dumped = document.get("tables")
    if not isinstance(dumped, dict) or not isinstance(document.get("users"), list):
        _fail("The file has no tables or no users.")
    for n, user in enumerate(document["users"], start=1):
        for name, kind in USER_FIELDS.items():
            value = user.get(name) if isinstance(user, dict) else None
            if not isinstance(value, kind) or isinstance(value, bool) or (kind is str and not value.strip()):
                _fail(f"users row {n}, field {name}: expected {'a whole number' if kind is int else 'text'}.")
        if not isinstance(user.get("locale"), str | None):
            _fail(f"users row {n}, field locale: expected text or null.")
    for name, content in dumped.items():
        if name not in known:
            _fail(f"Unknown table {name!r}.")
        _check_table(known[name], content)
    projects = dumped.get("projects")
    if not projects or len(projects["rows"]) != 1:
        _fail("The file must hold exactly one project.")
    _check_files(dumped.get("document_versions"))
    user_ids = {u["id"] for u in document["users"]}
    for table in tables:
        for column in table.c:
            if column.foreign_keys and next(iter(column.foreign_keys)).column.table.name == "users":
                _check_user_references(table, column, dumped.get(table.name), user_ids)


def _check_table(table, content) -> None:
    if not isinstance(content, dict) or not isinstance(content.get("columns"), list):
        _fail(f"{table.name}: expected columns and rows.")
    columns = content["columns"]
    unknown = [c for c in columns if not isinstance(c, str) or c not in table.c]
    if unknown:
        _fail(f"Unknown columns in {table.name}: {unknown}")
    if "id" in table.c and "id" not in columns:
        _fail(f"{table.name}: the column id is missing.")
    rows = content.get("rows")
    if not isinstance(rows, list):
        _fail(f"{table.name}: expected a list of rows.")
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != len(columns):
            _fail(f"{table.name} row {n}: expected {len(columns)} values.")
        for name, value in zip(columns, row, strict=True):
            problem = value_problem(table.c[name], value)
            if problem:
                _fail(f"{table.name} row {n}, field {name}: {problem}")


def _check_files(content) -> None:
    """A document's bytes must be what its row says (size, SHA-256) and pass the upload rules: an import
    cannot bring in a file an upload would refuse."""
    if not content:
        return
    columns = content["columns"]
    for n, row in enumerate(content["rows"], start=1):
        values = dict(zip(columns, row, strict=True))
        data = base64.b64decode(values.get("data") or "")
        try:
            checked = files.check(values.get("filename") or "", data)
        except ValidationFailed as refused:
            _fail(f"document_versions row {n}: {refused.errors['file']}")
        if checked.sha256 != values.get("sha256") or checked.size != values.get("size"):
            _fail(f"document_versions row {n}: the file's content does not match its SHA-256 or size.")


def _check_user_references(table, column, content, user_ids) -> None:
    if not content or column.name not in content["columns"]:
        return
    at = content["columns"].index(column.name)
    for n, row in enumerate(content["rows"], start=1):
        if row[at] is not None and row[at] not in user_ids:
            _fail(f"{table.name} row {n}, field {column.name}: refers to an account that is not in the file.")


def value_problem(column, value) -> str | None:
    """What is wrong with `value` (as JSON gives it) for `column`, or None."""
    if value is None:
        required = not column.nullable and column.default is None and column.server_default is None
        return "a value is required." if required and not column.primary_key else None
    kind = column.type
    if isinstance(kind, Boolean):
        return None if isinstance(value, bool) else "expected true or false."
    if isinstance(kind, Integer):
        ok = isinstance(value, int) and not isinstance(value, bool) and -INT_MAX - 1 <= value <= INT_MAX
        return None if ok else "expected a whole number."
    if isinstance(kind, Float | Numeric):
        return None if is_finite_number(value) else "expected a finite number."
    if isinstance(kind, DateTime | UTCDateTime | Date | Time):
        return _temporal_problem(kind, value)
    if isinstance(kind, String | Text):
        if not isinstance(value, str) or "\x00" in value:
            return "expected text."
        limit = max_length(column)
        return f"longer than {limit} characters." if len(value) > limit else None
    if isinstance(kind, LargeBinary):
        return None if _is_base64(value) else "expected base64 text."
    if isinstance(kind, JSON):
        return None
    return None


def _is_base64(value) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (TypeError, ValueError, binascii.Error):
        return False
    return isinstance(value, str)


def _temporal_problem(kind, value) -> str | None:
    if not isinstance(value, str):
        return "expected a date or time as text."
    try:
        if isinstance(kind, DateTime | UTCDateTime):
            parsed = datetime.fromisoformat(value).date()
        elif isinstance(kind, Date):
            parsed = date.fromisoformat(value)
        else:
            time.fromisoformat(value)
            return None
    except ValueError:
        return "not a valid date or time."
    return None if date_in_range(parsed) else "the date is out of range."


def _fail(message: str):
    raise ValidationFailed({"file": message})
