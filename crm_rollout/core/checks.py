"""The checks services make of typed values, worded once: required text, a number within its range, a code
of a vocabulary. Each adds `{field: message}` to `errors`; lengths and dates are bounds.py's."""

from crm_rollout.core.i18n import gettext as _


def required_text(values: dict, name: str, message: str, errors: dict, limit: int | None = None) -> None:
    """`message` when the text is missing or blank; with `limit`, a text longer than it is refused too."""
    value = values.get(name)
    if not isinstance(value, str) or not value.strip():
        errors[name] = message
    elif limit is not None and len(value) > limit:
        errors[name] = _("Keep it under %(n)d characters.", n=limit)


def optional_text(values: dict, name: str, limit: int, errors: dict) -> None:
    """A text that may be missing, but when given is text of at most `limit` characters."""
    value = values.get(name)
    if value is not None and (not isinstance(value, str) or len(value) > limit):
        errors[name] = _("Keep it under %(n)d characters.", n=limit)


def number_between(values: dict, name: str, low: float, high: float, errors: dict, *, optional: bool = False) -> None:
    value = values.get(name)
    if value is None and optional:
        return
    if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
        errors[name] = _("Enter a number from %(low)s to %(high)s.", low=low, high=high)


def one_of(values: dict, name: str, vocabulary, errors: dict) -> None:
    if values.get(name) is not None and values.get(name) not in vocabulary.codes():
        errors[name] = _("Choose one of the listed values.")
