"""Turning JSON bodies into the typed values services take, with an error per bad field."""

from datetime import date, time

_PARSERS = {
    "str": lambda v: v if isinstance(v, str) else _fail(),
    "bool": lambda v: v if isinstance(v, bool) else _fail(),
    "int": lambda v: v if isinstance(v, int) and not isinstance(v, bool) else _fail(),
    "float": lambda v: float(v) if isinstance(v, int | float) and not isinstance(v, bool) else _fail(),
    "date": lambda v: date.fromisoformat(v) if isinstance(v, str) else _fail(),
    "time": lambda v: time.fromisoformat(v) if isinstance(v, str) else _fail(),
}
_MESSAGES = {
    "str": "Must be text.",
    "bool": "Must be true or false.",
    "int": "Must be a whole number.",
    "float": "Must be a number.",
    "date": "Use a date as YYYY-MM-DD.",
    "time": "Use a time as HH:MM.",
}


def _fail():
    raise ValueError


def parse(body: dict, spec: dict[str, str], *, ignore=("version",)) -> tuple[dict, dict]:
    """Values for the fields in `spec` ("date", "int?" ...: a trailing ? allows null); unknown fields are errors."""
    values, errors = {}, {}
    for name, raw in body.items():
        if name in ignore:
            continue
        kind = spec.get(name)
        if kind is None:
            errors[name] = "Unknown field."
            continue
        nullable, base = kind.endswith("?"), kind.rstrip("?")
        if raw is None and nullable:
            values[name] = None
            continue
        try:
            values[name] = _PARSERS[base](raw)
        except (TypeError, ValueError):
            errors[name] = _MESSAGES[base] + (" Or null." if nullable else "")
    return values, errors
