"""The training plan's registers as workbooks: the trainees (end users often come as a list from HR), and back."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import EDIT_GOLIVE
from crm_rollout.core.sheets import ID, Sheet, columns_of, import_of, offer
from crm_rollout.training import service
from crm_rollout.training.models import Course, Trainee

offer(
    Sheet(
        "trainees",
        _l("Trainees"),
        (ID, *columns_of(Trainee, *service.TRAINEE_FIELDS)),
        lambda project_id, _phase: service.trainees(project_id),
        importer=import_of(
            service.TRAINEES,
            EDIT_GOLIVE,
            service.TRAINEE_FIELDS,
            same_as="name",
        ),
        page="training.trainees",
    )
)
offer(
    Sheet(
        "training_courses",
        _l("Training courses"),
        (ID, *columns_of(Course, *service.COURSE_FIELDS)),
        lambda project_id, _phase: service.courses(project_id),
        importer=import_of(
            service.COURSES,
            EDIT_GOLIVE,
            service.COURSE_FIELDS,
            same_as="title",
        ),
        page="training.plan",
    )
)
