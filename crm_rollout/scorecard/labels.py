from flask_babel import lazy_gettext as _l

INDICATOR_LABELS = {"lagging": _l("Lagging"), "leading": _l("Leading")}
GOAL_LABELS = {"efficiency": _l("Efficiency goal"), "broad": _l("Broad goal")}
DIRECTION_LABELS = {"higher": _l("Higher is better"), "lower": _l("Lower is better")}
KPI_STATUS_LABELS = {
    "achieved": _l("Achieved"),
    "on_track": _l("On track"),
    "behind": _l("Behind"),
    "no_data": _l("No measurement yet"),
}
