"""JSON API for the training plan: courses, sessions, trainees and enrolments."""

from crm_rollout.core.api.common import iso
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


def _json(fields):
    def to_json(row) -> dict:
        values = {name: getattr(row, name) for name in fields}
        return {k: iso(v) if hasattr(v, "isoformat") else v for k, v in values.items()} | {
            "id": row.id,
            "version": row.version,
        }

    return to_json


def _serve(plural, singular, model_fields, spec, rows, create, update, get, project_of, *, required, create_spec=None):
    serve(
        Collection(
            plural,
            singular,
            _json(model_fields),
            shape_of(create_spec or spec, id="int", version="int"),
            EDIT_GOLIVE,
            rows=rows,
            create=create,
            create_spec=create_spec or spec,
            required=required,
            update=update,
            update_spec=spec,
            get=get,
            project_of=project_of,
        )
    )


_serve(
    "training_courses",
    "training_course",
    service.COURSE_FIELDS,
    COURSE_SPEC,
    service.courses,
    service.create_course,
    service.update_course,
    service.get_course,
    service.project_id_of_course,
    required=("title",),
)
_serve(
    "training_sessions",
    "training_session",
    service.SESSION_FIELDS,
    SESSION_SPEC,
    service.sessions,
    service.create_session,
    service.update_session,
    service.get_session,
    service.project_id_of_session,
    required=("course_id", "held_on"),
)
_serve(
    "trainees",
    "trainee",
    service.TRAINEE_FIELDS,
    TRAINEE_SPEC,
    service.trainees,
    service.create_trainee,
    service.update_trainee,
    service.get_trainee,
    service.project_id_of_trainee,
    required=("name",),
)
_serve(
    "training_enrolments",
    "training_enrolment",
    ("session_id", "trainee_id", *service.ENROLMENT_FIELDS),
    ENROLMENT_SPEC,
    service.enrolments,
    service.create_enrolment,
    service.update_enrolment,
    service.get_enrolment,
    service.project_id_of_enrolment,
    required=("session_id", "trainee_id"),
    create_spec=ENROLMENT_NEW,
)
