"""The lessons log's vocabulary: where a lesson belongs, the way the method names its failure causes."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class LessonCategory(Vocabulary):
    LEADERSHIP = "leadership", _l("Leadership and sponsorship")
    ORGANISATION = "organisation", _l("Team and organisation")
    PROCESS = "process", _l("Processes and blueprint")
    PEOPLE = "people", _l("Users and training")
    DATA = "data", _l("Data and migration")
    TECHNOLOGY = "technology", _l("Technology and vendors")
    PLANNING = "planning", _l("Planning and go-live")
    OTHER = "other", _l("Other")
