"""Turning JSON bodies into the typed values services take, with an error per bad field."""

from datetime import date, time

from crm_rollout.limits import INT_MAX, date_in_range, is_finite_number


def _whole(value):
    if isinstance(value, float) and value.is_integer():  # JSON has one number type: 2.0 is the integer 2
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and -INT_MAX - 1 <= value <= INT_MAX:
        return value
    return _fail()


def _in_range(value: date) -> date:
    return value if date_in_range(value) else _fail()


_PARSERS = {
    "str": lambda v: v if isinstance(v, str) and "\x00" not in v else _fail(),  # no database stores NUL
    "bool": lambda v: v if isinstance(v, bool) else _fail(),
    "int": _whole,
    "float": lambda v: float(v) if is_finite_number(v) else _fail(),
    "date": lambda v: _in_range(date.fromisoformat(v)) if isinstance(v, str) else _fail(),
    "time": lambda v: time.fromisoformat(v) if isinstance(v, str) else _fail(),
    "object": lambda v: v if isinstance(v, dict) else _fail(),
}
_MESSAGES = {
    "str": "Must be text (without NUL characters).",
    "bool": "Must be true or false.",
    "int": "Must be a whole number.",
    "float": "Must be a finite number.",
    "date": "Use a date as YYYY-MM-DD, between 1900-01-01 and 2199-12-31.",
    "time": "Use a time as HH:MM.",
    "object": "Must be an object.",
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
