"""Bounds every input is held to, stated once: pages, the API, imports and the OpenAPI document read them."""

import math
from datetime import date

INT_MAX = 2**31 - 1  # the database's integer: larger numbers are refused before they reach it
# Dates people type for a project: anything outside is a typo (0001-01-01) that would break charts.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
TEXT_MAX = 20_000  # a Text column without a length of its own (notes, minutes, descriptions)
REQUEST_MAX_BYTES = 4 * 1024 * 1024  # a request body; a larger one is refused with 413


def is_finite_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def date_in_range(value: date) -> bool:
    return DATE_MIN <= value <= DATE_MAX


def date_range_message() -> str:
    return f"Use a date between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}."


def max_length(column) -> int | None:
    """The longest text a column takes: its own length, else TEXT_MAX for text columns; None for others."""
    length = getattr(column.type, "length", None)
    if length:
        return length
    try:
        return TEXT_MAX if column.type.python_type is str else None
    except NotImplementedError:
        return None
