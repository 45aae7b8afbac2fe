from flask_babel import lazy_gettext as _l

MILESTONE_STATUS_LABELS = {"open": _l("Open"), "achieved": _l("Achieved"), "cancelled": _l("Cancelled")}
