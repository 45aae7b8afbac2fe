"""The training plan's vocabulary."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class CourseMode(Vocabulary):
    CLASSROOM = "classroom", _l("Classroom")
    ONLINE = "online", _l("Live online")
    ELEARNING = "elearning", _l("E-learning")
    ON_THE_JOB = "on_the_job", _l("On the job")
