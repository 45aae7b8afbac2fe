"""JSON API for the lessons log."""

from crm_rollout.core.api.common import fields_json
from crm_rollout.core.api.docs import shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.permissions import COMMENT
from crm_rollout.lessons import service as lessons
from crm_rollout.lessons.models import Lesson

LESSON_SPEC = from_model(
    Lesson,
    {
        "title": "str",
        "phase_id": "int?",
        "category": "str",
        "what_happened": "str",
        "learned": "str",
        "next_time": "str",
    },
)
LESSON_OUT = shape_of(LESSON_SPEC, id="int", version="int")


def lesson_json(lesson) -> dict:
    return fields_json(lesson, lessons.FIELDS)


serve(Collection("lessons", lessons.LESSONS, lesson_json, LESSON_OUT, COMMENT, LESSON_SPEC, required=("title",)))
