from flask_babel import format_decimal, ngettext

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.i18n import once_per_request
from crm_rollout.core.vocabulary import Vocabulary
from crm_rollout.projects.labels import SCOPE_LABELS

HOURS_PER_DAY = 8  # a working day

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


class StepKind(Vocabulary):
    """What a step is in BPMN terms: an activity, a gateway or an event. Codes are the BPMN tags in snake case."""

    TASK = "task", _l("Task")
    USER_TASK = "user_task", _l("User task")
    MANUAL_TASK = "manual_task", _l("Manual task")
    SERVICE_TASK = "service_task", _l("Service task")
    SCRIPT_TASK = "script_task", _l("Script task")
    SEND_TASK = "send_task", _l("Send task")
    RECEIVE_TASK = "receive_task", _l("Receive task")
    BUSINESS_RULE_TASK = "business_rule_task", _l("Business rule task")
    SUB_PROCESS = "sub_process", _l("Sub-process")
    EVENT_SUB_PROCESS = "event_sub_process", _l("Event sub-process")
    TRANSACTION = "transaction", _l("Transaction")
    AD_HOC_SUB_PROCESS = "ad_hoc_sub_process", _l("Ad-hoc sub-process")
    CALL_ACTIVITY = "call_activity", _l("Call activity")
    EXCLUSIVE_GATEWAY = "exclusive_gateway", _l("Exclusive gateway (one way)")
    INCLUSIVE_GATEWAY = "inclusive_gateway", _l("Inclusive gateway (one or more ways)")
    PARALLEL_GATEWAY = "parallel_gateway", _l("Parallel gateway (all ways)")
    EVENT_BASED_GATEWAY = "event_based_gateway", _l("Event-based gateway")
    COMPLEX_GATEWAY = "complex_gateway", _l("Complex gateway")
    START_EVENT = "start_event", _l("Start event")
    INTERMEDIATE_CATCH_EVENT = "intermediate_catch_event", _l("Intermediate event (catching)")
    INTERMEDIATE_THROW_EVENT = "intermediate_throw_event", _l("Intermediate event (throwing)")
    BOUNDARY_EVENT = "boundary_event", _l("Boundary event")
    END_EVENT = "end_event", _l("End event")


CONTAINERS = frozenset(
    {StepKind.SUB_PROCESS, StepKind.EVENT_SUB_PROCESS, StepKind.TRANSACTION, StepKind.AD_HOC_SUB_PROCESS}
)
ACTIVITIES = frozenset(k for k in StepKind if k.endswith("task") or k in CONTAINERS or k == StepKind.CALL_ACTIVITY)
GATEWAYS = frozenset(k for k in StepKind if k.endswith("_gateway"))
EVENTS = frozenset(k for k in StepKind if k.endswith("_event"))
# Gateways where the process chooses: a decision of the method's measures (a parallel split chooses nothing).
CHOOSING_GATEWAYS = GATEWAYS - {StepKind.PARALLEL_GATEWAY}


class Trigger(Vocabulary):
    """What an event waits for or sends: its BPMN event definition."""

    NONE = "", _l("None")
    MESSAGE = "message", _l("Message")
    TIMER = "timer", _l("Timer")
    ERROR = "error", _l("Error")
    ESCALATION = "escalation", _l("Escalation")
    SIGNAL = "signal", _l("Signal")
    CONDITIONAL = "conditional", _l("Condition")
    COMPENSATION = "compensation", _l("Compensation")
    LINK = "link", _l("Link")
    TERMINATE = "terminate", _l("Terminate")
    CANCEL = "cancel", _l("Cancel")


# The other things an import counts, besides steps of each kind.
BPMN_PART_LABELS = {
    "pool": _l("Pools"),
    "lane": _l("Lanes"),
    "sequence_flow": _l("Sequence flows"),
    "message_flow": _l("Message flows"),
    "text_annotation": _l("Text annotations"),
    "association": _l("Associations"),
}


class TestResult(Vocabulary):
    PASS = "pass", _l("Pass")
    PASS_WITH_ISSUES = "pass_with_issues", _l("Pass with issues")
    FAIL = "fail", _l("Fail")


@once_per_request
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
