from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm_rollout.core.vocabulary import Vocabulary
from crm_rollout.processes.metrics import HOURS_PER_DAY
from crm_rollout.projects.labels import SCOPE_LABELS

AREA_LABELS = {**SCOPE_LABELS, "back_office": _l("Back office")}
CRITERION_LABELS = {
    "importance": _l("Importance"),
    "performance_gap": _l("Poor performance today"),
    "feasibility": _l("Feasibility of change"),
}
CRITERION_HINTS = {
    "importance": _l("5: the process matters most to customers and results"),
    "performance_gap": _l("5: it performs very poorly today"),
    "feasibility": _l("5: the change is easy to make"),
}


class ModelKind(Vocabulary):
    AS_IS = "as_is", _l("As-is")
    TO_BE = "to_be", _l("To-be")


class CauseCategory(Vocabulary):
    """The fishbone's bones: the five elements of a CRM system plus the customer."""

    ACTIVITIES = "activities", _l("Activities")
    RULES = "rules", _l("Rules and policies")
    PEOPLE = "people", _l("People")
    TECHNOLOGY = "technology", _l("Information technology")
    GOALS = "goals", _l("Goals and measures")
    CUSTOMER = "customer", _l("Customer")


ELEMENT_LABELS = {
    "activities": _l("Activities"),
    "rules": _l("Rules"),
    "people": _l("People"),
    "technology": _l("Information technology"),
    "goals": _l("Goals"),
}


class TestResult(Vocabulary):
    PASS = "pass", _l("Pass")
    PASS_WITH_ISSUES = "pass_with_issues", _l("Pass with issues")
    FAIL = "fail", _l("Fail")


def working_time(hours) -> str:
    """A duration as the method speaks of it: hours within a day, working days beyond."""
    if hours is None:
        return "—"
    if 0 < hours < 1:
        return _("%(n)d min", n=round(hours * 60))
    if hours < HOURS_PER_DAY:
        return _("%(n)s h", n=format_decimal(round(hours, 1)))
    days = round(hours / HOURS_PER_DAY, 1)
    # The plural form by whole count: 1 is singular, anything else (1.5 too) plural.
    return ngettext("%(n)s working day", "%(n)s working days", 1 if days == 1 else 2, n=format_decimal(days))
