"""The milestones' vocabulary."""

from flask_babel import lazy_gettext as _l

from crm_rollout.core.vocabulary import Vocabulary


class MilestoneStatus(Vocabulary):
    OPEN = "open", _l("Open")
    ACHIEVED = "achieved", _l("Achieved")
    CANCELLED = "cancelled", _l("Cancelled")
