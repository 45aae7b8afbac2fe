"""Hypercare's vocabulary and the service targets of each priority."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class Priority(Vocabulary):
    P1 = "P1", _l("P1 · business stopped")
    P2 = "P2", _l("P2 · serious, no workaround")
    P3 = "P3", _l("P3 · a workaround exists")
    P4 = "P4", _l("P4 · minor")


class Category(Vocabulary):
    DEFECT = "defect", _l("Defect")
    DATA = "data", _l("Data")
    TRAINING = "training", _l("Training gap")
    CHANGE = "change", _l("Change request")


# Hours within which an incident of each priority is answered, and resolved.
TARGET_HOURS = {"P1": (1, 8), "P2": (4, 24), "P3": (8, 72), "P4": (24, 160)}
