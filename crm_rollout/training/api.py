"""JSON API for the training plan: courses, sessions, trainees and enrolments."""

from crm_rollout.core.api.common import fields_json
from crm_rollout.core.api.docs import shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.permissions import EDIT_GOLIVE
from crm_rollout.training import service
from crm_rollout.training.models import Course, Enrolment, Trainee, TrainingSession

COURSE_SPEC = from_model(
    Course,
    {"title": "str", "audience": "str", "mode": "str", "hours": "int", "trainer": "str", "pass_score": "int?"},
    ranges={"hours": (1, 200), "pass_score": (0, 100)},
)
SESSION_SPEC = from_model(
    TrainingSession,
    {"course_id": "int", "held_on": "date", "start_time": "time?", "place": "str", "capacity": "int"},
    ranges={"capacity": (1, 1000)},
)
TRAINEE_SPEC = from_model(Trainee, {"name": "str", "department": "str", "job_title": "str", "email": "str"})
ENROLMENT_SPEC = from_model(
    Enrolment, {"attended": "bool", "score": "int?", "competent": "bool"}, ranges={"score": (0, 100)}
)
ENROLMENT_NEW = from_model(Enrolment, {"session_id": "int", "trainee_id": "int"}) | ENROLMENT_SPEC


def _collection(plural, rows, fields, spec, *, required, create_spec=None) -> Collection:
    """One of the plan's kinds, written by the director and consultants."""
    out = shape_of(create_spec or spec, id="int", version="int")
    return Collection(plural, rows, lambda row: fields_json(row, fields), out, EDIT_GOLIVE, spec, required, create_spec)


serve(_collection("training_courses", service.COURSES, service.COURSE_FIELDS, COURSE_SPEC, required=("title",)))
serve(
    _collection(
        "training_sessions", service.SESSIONS, service.SESSION_FIELDS, SESSION_SPEC, required=("course_id", "held_on")
    )
)
serve(_collection("trainees", service.TRAINEES, service.TRAINEE_FIELDS, TRAINEE_SPEC, required=("name",)))
serve(
    _collection(
        "training_enrolments",
        service.ENROLMENTS,
        ("session_id", "trainee_id", *service.ENROLMENT_FIELDS),
        ENROLMENT_SPEC,
        required=("session_id", "trainee_id"),
        create_spec=ENROLMENT_NEW,
    )
)
