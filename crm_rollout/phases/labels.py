"""Words for the status codes, in the user's language."""

from flask_babel import lazy_gettext as _l

PHASE_STATUS_LABELS = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "gate_review": _l("Gate review"),
    "closed": _l("Closed"),
}

ITEM_STATUS_LABELS = {
    "open": _l("Open"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "blocked": _l("Blocked"),
    "not_applicable": _l("Not applicable"),
}

DELIVERABLE_STATUS_LABELS = {
    "not_started": _l("Not started"),
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "accepted": _l("Accepted"),
}
