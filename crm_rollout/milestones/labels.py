"""The milestones' vocabulary."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class MilestoneStatus(Vocabulary):
    OPEN = "open", _l("Open")
    ACHIEVED = "achieved", _l("Achieved")
    CANCELLED = "cancelled", _l("Cancelled")
