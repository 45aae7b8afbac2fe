"""The last line of the input bounds: before any flush, every changed column value of every row is held to
limits.py (no NaN or infinity, no date outside the window, no text longer than its column). Forms, the API,
imports and the CLI all pass here, so a path that forgot a check still cannot store a bad value; the
error names the field, as a form or the API shows it."""

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from crm_rollout.core.errors import raise_if_errors
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.limits import bound_problem

# The words limits.py uses, listed here so that extraction puts them in the catalogue.
MESSAGES = (
    _l("Enter a finite number."),
    _l("The number is too large."),
    _l("Use a date between %(first)s and %(last)s."),
    _l("Use at most %(n)d characters."),
    _l("Remove the NUL character."),
)


def _problems(obj) -> dict:
    state = inspect(obj)
    mapper = state.mapper
    errors = {}
    for attribute in mapper.column_attrs:
        key = attribute.key
        if not state.attrs[key].history.has_changes() and obj not in state.session.new:
            continue
        value = state.dict.get(key)
        problem = bound_problem(attribute.columns[0], value)
        if problem:
            message, parameters = problem
            errors[key] = _(message, **parameters)
    return errors


@event.listens_for(Session, "before_flush")
def _check_bounds(session, _context, _instances):
    errors = {}
    for obj in [*session.new, *session.dirty]:
        errors |= _problems(obj)
    raise_if_errors(errors)
