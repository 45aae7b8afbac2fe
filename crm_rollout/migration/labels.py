"""Data migration's vocabulary."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class WorkStatus(Vocabulary):
    """How far the mapping, or the cleansing, of an object has come."""

    NOT_STARTED = "not_started", _l("Not started")
    IN_PROGRESS = "in_progress", _l("In progress")
    DONE = "done", _l("Done")


class LoadKind(Vocabulary):
    TRIAL = "trial", _l("Trial load")
    REHEARSAL = "rehearsal", _l("Rehearsal")
    PRODUCTION = "production", _l("Production load")
