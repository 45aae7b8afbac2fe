from flask_babel import lazy_gettext as _l

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
MODEL_KIND_LABELS = {"as_is": _l("As-is"), "to_be": _l("To-be")}
CAUSE_LABELS = {
    "activities": _l("Activities"),
    "rules": _l("Rules and policies"),
    "people": _l("People"),
    "technology": _l("Information technology"),
    "goals": _l("Goals and measures"),
    "customer": _l("Customer"),
}
ELEMENT_LABELS = {
    "activities": _l("Activities"),
    "rules": _l("Rules"),
    "people": _l("People"),
    "technology": _l("Information technology"),
    "goals": _l("Goals"),
}
TEST_RESULT_LABELS = {"pass": _l("Pass"), "pass_with_issues": _l("Pass with issues"), "fail": _l("Fail")}
