"""The checks services make of typed values, worded once: required text, a number within its range, a code
of a vocabulary. Each adds `{field: message}` to `errors`; lengths and dates are bounds.py's."""

from flask_babel import gettext as _


def required_text(values: dict, name: str, message: str, errors: dict) -> None:
    value = values.get(name)
    if not isinstance(value, str) or not value.strip():
        errors[name] = message


def number_between(values: dict, name: str, low: float, high: float, errors: dict, *, optional: bool = False) -> None:
    value = values.get(name)
    if value is None and optional:
        return
    if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
        errors[name] = _("Enter a number from %(low)s to %(high)s.", low=low, high=high)


def one_of(values: dict, name: str, vocabulary, errors: dict) -> None:
    if values.get(name) is not None and values.get(name) not in vocabulary.codes():
        errors[name] = _("Choose one of the listed values.")
