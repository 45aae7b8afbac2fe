"""The lessons log as a workbook, and back."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import COMMENT
from crm_rollout.core.sheets import ID, Sheet, columns_of, import_of, offer, reference
from crm_rollout.lessons import service
from crm_rollout.lessons.models import Lesson
from crm_rollout.phases import service as phases

offer(
    Sheet(
        "lessons",
        _l("Lessons learned"),
        (
            ID,
            *columns_of(Lesson, "title"),
            reference(Lesson, "phase_id", "number"),
            *columns_of(Lesson, "category", "what_happened", "learned", "next_time"),
        ),
        lambda project_id, _phase: service.lessons(project_id),
        importer=import_of(
            service.LESSONS,
            COMMENT,
            service.FIELDS,
            references=lambda project_id: {
                "phase_id": {str(s.phase.number): s.phase.id for s in phases.summaries(project_id)}
            },
            same_as="title",
        ),
        page="lessons.lessons",
    )
)
