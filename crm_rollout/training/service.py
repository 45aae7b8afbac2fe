"""The training plan and who it has reached. Services flush; views commit."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm_rollout.core.checks import number_between, one_of, required_text
from crm_rollout.core.editing import create_row, update_fields
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to, get_in_project
from crm_rollout.team import service as team
from crm_rollout.training.labels import CourseMode
from crm_rollout.training.models import Course, Enrolment, Trainee, TrainingSession

COURSE_FIELDS = ("title", "audience", "mode", "hours", "trainer", "pass_score")
SESSION_FIELDS = ("course_id", "held_on", "start_time", "place", "capacity")
TRAINEE_FIELDS = ("name", "department", "job_title", "email")
ENROLMENT_FIELDS = ("attended", "score", "competent")


def _validate_course(_project_id: int, values: dict) -> dict:
    errors = {}
    required_text(values, "title", _("Name the course."), errors)
    one_of(values, "mode", CourseMode, errors)
    number_between(values, "hours", 1, 200, errors, optional=True)
    number_between(values, "pass_score", 0, 100, errors, optional=True)
    return errors


def _validate_session(project_id: int, values: dict) -> dict:
    errors = {}
    if not belongs_to(Course, project_id, values.get("course_id")):
        errors["course_id"] = _("Choose a course of this project.")
    if values.get("held_on") is None:
        errors["held_on"] = _("Say on which day the session is held.")
    number_between(values, "capacity", 1, 1000, errors, optional=True)
    return errors


def _validate_trainee(_project_id: int, values: dict) -> dict:
    errors = {}
    required_text(values, "name", _("Give the trainee's name."), errors)
    return errors


def _validate_enrolment(_project_id: int, values: dict) -> dict:
    errors = {}
    number_between(values, "score", 0, 100, errors, optional=True)
    return errors


def create_course(project_id: int, **values) -> Course:
    return create_row(Course, project_id, {n: values.get(n) for n in COURSE_FIELDS}, validate=_validate_course)


def update_course(course: Course, *, expected_version, changes: dict) -> Course:
    return update_fields(
        course, COURSE_FIELDS, expected_version=expected_version, changes=changes, validate=_validate_course
    )


def create_session(project_id: int, **values) -> TrainingSession:
    values = {n: values.get(n) for n in SESSION_FIELDS}
    return create_row(TrainingSession, project_id, values, validate=_validate_session)


def update_session(session: TrainingSession, *, expected_version, changes: dict) -> TrainingSession:
    return update_fields(
        session, SESSION_FIELDS, expected_version=expected_version, changes=changes, validate=_validate_session
    )


def create_trainee(project_id: int, **values) -> Trainee:
    return create_row(Trainee, project_id, {n: values.get(n) for n in TRAINEE_FIELDS}, validate=_validate_trainee)


def update_trainee(trainee: Trainee, *, expected_version, changes: dict) -> Trainee:
    return update_fields(
        trainee, TRAINEE_FIELDS, expected_version=expected_version, changes=changes, validate=_validate_trainee
    )


def add_team(project_id: int) -> list[Trainee]:
    """The project team's people as trainees (they use the CRM too), each once: those already listed by
    name are left as they are."""
    listed = {
        name.casefold() for name in db.session.scalars(select(Trainee.name).where(Trainee.project_id == project_id))
    }
    added = []
    for person in team.people(project_id):
        if person.name.casefold() not in listed:
            listed.add(person.name.casefold())
            added.append(
                create_trainee(project_id, name=person.name, department=person.department, job_title=person.role_title)
            )
    return added


def enrol(session: TrainingSession, trainee_ids) -> list[Enrolment]:
    """Enrol trainees of the project in a session, up to its capacity; those already in it stay as they are."""
    wanted = {int(i) for i in trainee_ids}
    known = set(db.session.scalars(select(Trainee.id).where(Trainee.project_id == session.project_id)))
    if wanted - known:
        raise ValidationFailed({"trainee_ids": _("Choose trainees of this project.")})
    already = {e.trainee_id for e in session.enrolments}
    new = sorted(wanted - already)
    if len(already) + len(new) > session.capacity:
        raise ValidationFailed(
            {"trainee_ids": _("The session has %(n)d places left.", n=max(session.capacity - len(already), 0))}
        )
    rows = [Enrolment(project_id=session.project_id, trainee_id=i) for i in new]
    session.enrolments.extend(rows)  # the session's list shows them at once, in this request too
    db.session.flush()
    return rows


def create_enrolment(project_id: int, *, session_id=None, trainee_id=None, **values) -> Enrolment:
    session = get_in_project(TrainingSession, project_id, session_id or 0, selectinload(TrainingSession.enrolments))
    (row,) = enrol(session, [trainee_id]) or (None,)
    if row is None:
        raise ValidationFailed({"trainee_id": _("This trainee is already enrolled in the session.")})
    return update_enrolment(row, expected_version=row.version, changes=values) if values else row


def update_enrolment(enrolment: Enrolment, *, expected_version, changes: dict) -> Enrolment:
    return update_fields(
        enrolment, ENROLMENT_FIELDS, expected_version=expected_version, changes=changes, validate=_validate_enrolment
    )


def courses(project_id: int) -> list[Course]:
    """The project's courses with their sessions and enrolments: three queries whatever the plan's size."""
    return db.session.scalars(
        select(Course)
        .options(selectinload(Course.sessions).selectinload(TrainingSession.enrolments))
        .where(Course.project_id == project_id)
        .order_by(Course.audience, Course.title, Course.id)
    ).all()


def sessions(project_id: int) -> list[TrainingSession]:
    return db.session.scalars(
        select(TrainingSession)
        .options(selectinload(TrainingSession.course), selectinload(TrainingSession.enrolments))
        .where(TrainingSession.project_id == project_id)
        .order_by(TrainingSession.held_on, TrainingSession.start_time, TrainingSession.id)
    ).all()


def trainees(project_id: int) -> list[Trainee]:
    return db.session.scalars(
        select(Trainee).where(Trainee.project_id == project_id).order_by(Trainee.department, Trainee.name)
    ).all()


def enrolments(project_id: int) -> list[Enrolment]:
    return db.session.scalars(
        select(Enrolment).where(Enrolment.project_id == project_id).order_by(Enrolment.session_id, Enrolment.id)
    ).all()


# --- Who the plan has reached ------------------------------------------------------------------------


def is_for(course: Course, trainee: Trainee) -> bool:
    """A course is for everyone, or for the trainees whose department or job title is its audience."""
    audience = course.audience.strip().casefold()
    return not audience or audience in (trainee.department.strip().casefold(), trainee.job_title.strip().casefold())


@dataclass
class Reach:
    """How many of those a course (or an audience's courses) is for have completed it."""

    of: int = 0
    trained: int = 0

    @property
    def share(self) -> int | None:
        return round(100 * self.trained / self.of) if self.of else None


@dataclass
class Figures:
    by_course: list[tuple[Course, Reach]] = field(default_factory=list)
    by_audience: dict[str, Reach] = field(default_factory=dict)
    overall: Reach = field(default_factory=Reach)
    # Trainees with the courses they still miss, most missing first.
    untrained: list[tuple[Trainee, list[Course]]] = field(default_factory=list)
    trainees: int = 0


def figures(project_id: int) -> Figures:
    """The committee's figures: the share of each audience trained, per course and overall, and who is not."""
    plan, people = courses(project_id), trainees(project_id)
    completed = defaultdict(set)  # course id -> trainee ids who completed it
    for course in plan:
        for session in course.sessions:
            completed[course.id] |= {e.trainee_id for e in session.enrolments if e.completes(course)}
    result = Figures(trainees=len(people))
    audiences = defaultdict(Reach)
    for course in plan:
        meant = [t for t in people if is_for(course, t)]
        result.by_course.append((course, Reach(len(meant), sum(t.id in completed[course.id] for t in meant))))
    for trainee in people:
        theirs = [c for c in plan if is_for(c, trainee)]
        if not theirs:
            continue
        missing = [c for c in theirs if trainee.id not in completed[c.id]]
        for audience in {c.audience.strip() for c in theirs}:
            audiences[audience].of += 1
            audiences[audience].trained += not [c for c in missing if c.audience.strip() == audience]
        result.overall.of += 1
        result.overall.trained += not missing
        if missing:
            result.untrained.append((trainee, missing))
    result.by_audience = dict(sorted(audiences.items()))
    result.untrained.sort(key=lambda pair: (-len(pair[1]), pair[0].name))
    return result


COURSES = ProjectRows(
    Course, rows=courses, create=create_course, update=update_course, options=(selectinload(Course.sessions),)
)


TRAINEES = ProjectRows(Trainee, rows=trainees, create=create_trainee, update=update_trainee)


ENROLMENTS = ProjectRows(Enrolment, rows=enrolments, create=create_enrolment, update=update_enrolment)
_WITH_TRAINEES = (selectinload(TrainingSession.enrolments).joinedload(Enrolment.trainee),)
SESSIONS = ProjectRows(
    TrainingSession, rows=sessions, create=create_session, update=update_session, options=_WITH_TRAINEES
)
