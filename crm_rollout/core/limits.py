"""Bounds every input is held to, stated once: pages, the API, imports and the OpenAPI document read them."""

import math
from datetime import date

from flask import Request, current_app

INT_MAX = 2**31 - 1  # the database's integer: larger numbers are refused before they reach it
# Dates people type for a project: anything outside is a typo (0001-01-01) that would break charts.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
TEXT_MAX = 50_000  # a Text column without a length of its own (notes, minutes, descriptions)
REQUEST_MAX_BYTES = 4 * 1024 * 1024  # a request body; a larger one is refused with 413


def is_finite_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def date_in_range(value: date) -> bool:
    return DATE_MIN <= value <= DATE_MAX


def max_length(column) -> int | None:
    """The longest text a column takes: its own length, else TEXT_MAX for text columns; None for others."""
    length = getattr(column.type, "length", None)
    if length:
        return length
    try:
        return TEXT_MAX if column.type.python_type is str else None
    except NotImplementedError:
        return None


def bound_problem(column, value) -> tuple[str, dict] | None:
    """Whether a Python value breaks its column's bounds (length, finite number, date window, integer
    range), as an English message with its parameters for gettext; the type itself is the caller's."""
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "Enter a finite number.", {}
    if isinstance(value, int) and not isinstance(value, bool) and not -INT_MAX - 1 <= value <= INT_MAX:
        return "The number is too large.", {}
    if isinstance(value, date) and not date_in_range(value if type(value) is date else value.date()):
        return "Use a date between %(first)s and %(last)s.", {
            "first": DATE_MIN.isoformat(),
            "last": DATE_MAX.isoformat(),
        }
    if isinstance(value, str):
        limit = max_length(column)
        if limit and len(value) > limit:
            return "Use at most %(n)d characters.", {"n": limit}
        if "\x00" in value:
            return "Remove the NUL character.", {}
    return None


def large_body(config_key: str):
    """Let a route take a body up to `config[config_key]` bytes (file uploads) instead of REQUEST_MAX_BYTES.
    Read by `LimitedRequest` before anything (the CSRF check included) parses the body."""

    def decorate(view):
        view.request_limit = config_key
        return view

    return decorate


class LimitedRequest(Request):
    @property
    def max_content_length(self) -> int | None:
        view = current_app.view_functions.get(self.endpoint) if self.url_rule is not None else None
        key = getattr(view, "request_limit", None)
        return current_app.config[key] if key else current_app.config["MAX_CONTENT_LENGTH"]
