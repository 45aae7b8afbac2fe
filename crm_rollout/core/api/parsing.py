"""Turning JSON bodies into the typed values services take, with an error per bad field.

A body is declared as {name: Field}; a plain string such as "date" or "int?" (a trailing ? allows null) is
short for a Field of that kind. The same declaration drives the checks here and the OpenAPI document.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from crm_rollout.core.limits import INT_MAX, date_in_range, is_finite_number, max_length
from crm_rollout.core.vocabulary import coded_fields


@dataclass(frozen=True)
class Field:
    kind: str  # str | int | float | bool | date | time | datetime | object
    nullable: bool = False
    enum: tuple = ()  # the allowed values, when the field is coded
    max_length: int | None = None
    nonempty: bool = False  # text that must hold more than white space
    minimum: int | None = None
    maximum: int | None = None

    @classmethod
    def of(cls, declared) -> "Field":
        if isinstance(declared, Field):
            return declared
        return cls(kind=declared.rstrip("?"), nullable=declared.endswith("?"))


def from_model(model, spec: dict, *, enums: dict | None = None, ranges: dict | None = None) -> dict[str, Field]:
    """The fields of `spec`, with what the model's columns say of them: text length, required text, and
    the codes its coded columns allow (`coded_column`); `enums` and `ranges` add or
    override."""
    coded = coded_fields(model)
    fields = {}
    for name, declared in spec.items():
        field = Field.of(declared)
        column = model.__table__.c.get(name)
        if column is not None and field.kind == "str":
            required = not column.nullable and column.default is None and column.server_default is None
            field = replace(field, max_length=max_length(column), nonempty=required)
        values = (enums or {}).get(name) or tuple(coded.get(name, {}))
        if values:
            field = replace(field, enum=tuple(values))
        if name in (ranges or {}):
            field = replace(field, minimum=ranges[name][0], maximum=ranges[name][1])
        fields[name] = field
    return fields


def _whole(value):
    if isinstance(value, float) and value.is_integer():  # JSON has one number type: 2.0 is the integer 2
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and -INT_MAX - 1 <= value <= INT_MAX:
        return value
    return _fail()


def _in_range(value: date) -> date:
    return value if date_in_range(value) else _fail()


def _moment(value) -> datetime:
    """An ISO 8601 date and time; one without a zone is read as UTC, every one is kept in UTC."""
    if not isinstance(value, str):
        return _fail()
    moment = datetime.fromisoformat(value)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment if date_in_range(moment.date()) else _fail()


_PARSERS = {
    "str": lambda v: v if isinstance(v, str) and "\x00" not in v else _fail(),  # no database stores NUL
    "bool": lambda v: v if isinstance(v, bool) else _fail(),
    "int": _whole,
    "float": lambda v: float(v) if is_finite_number(v) else _fail(),
    "date": lambda v: _in_range(date.fromisoformat(v)) if isinstance(v, str) else _fail(),
    "time": lambda v: time.fromisoformat(v) if isinstance(v, str) else _fail(),
    "datetime": _moment,
    "object": lambda v: v if isinstance(v, dict) else _fail(),
}
_MESSAGES = {
    "str": "Must be text (without NUL characters).",
    "bool": "Must be true or false.",
    "int": "Must be a whole number.",
    "float": "Must be a finite number.",
    "date": "Use a date as YYYY-MM-DD, between 1900-01-01 and 2199-12-31.",
    "time": "Use a time as HH:MM.",
    "datetime": "Use a date and time as YYYY-MM-DDTHH:MM (UTC unless a zone is given), between 1900 and 2199.",
    "object": "Must be an object.",
}


def _fail():
    raise ValueError


def _constraint_error(field: Field, value) -> str | None:
    if field.enum and value not in field.enum:
        return "Use one of: " + ", ".join(map(str, field.enum)) + "."
    if field.max_length is not None and len(value) > field.max_length:
        return f"Use at most {field.max_length} characters."
    if field.nonempty and not value.strip():
        return "Must not be empty."
    if field.minimum is not None and value < field.minimum:
        return f"Must be at least {field.minimum}."
    if field.maximum is not None and value > field.maximum:
        return f"Must be at most {field.maximum}."
    return None


def parse(body: dict, spec: dict, *, ignore=("version",)) -> tuple[dict, dict]:
    """Values for the fields in `spec`; unknown fields are errors."""
    values, errors = {}, {}
    for name, raw in body.items():
        if name in ignore:
            continue
        if name not in spec:
            errors[name] = "Unknown field."
            continue
        field = Field.of(spec[name])
        if raw is None and field.nullable:
            values[name] = None
            continue
        try:
            value = _PARSERS[field.kind](raw)
        except (TypeError, ValueError):
            errors[name] = _MESSAGES[field.kind] + (" Or null." if field.nullable else "")
            continue
        problem = _constraint_error(field, value)
        if problem:
            errors[name] = problem
        else:
            values[name] = value
    return values, errors
