from flask_babel import lazy_gettext as _l

ACTION_STATUS_LABELS = {"open": _l("Open"), "done": _l("Done"), "cancelled": _l("Cancelled")}
ATTENDANCE_LABELS = {"present": _l("Present"), "excused": _l("Excused"), "absent": _l("Absent")}
VOTE_LABELS = {"for": _l("For"), "against": _l("Against"), "abstain": _l("Abstain")}
REVIEW_DECISION_LABELS = {"approve": _l("Approve"), "return": _l("Return for rework")}
