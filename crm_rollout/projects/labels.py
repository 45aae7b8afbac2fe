"""The projects' vocabulary: scope areas, members' roles and the committee's review rule."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary

SCOPE_LABELS = {
    "marketing": _l("Marketing"),
    "sales": _l("Sales"),
    "service": _l("Service & support"),
    "field_service": _l("Field service"),
    "call_centre": _l("Call centre"),
    "ecommerce": _l("E-commerce"),
}


class ReviewRule(Vocabulary):
    """Who closes the committee's review of a report or gate: a project setting."""

    CHAIR = "chair", _l("The chair alone")
    MAJORITY = "majority", _l("A majority of the committee")
    ALL = "all", _l("Every committee member")
