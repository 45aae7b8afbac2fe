"""Recording lessons learned. Services flush; views commit."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm_rollout.core.checks import optional_text, required_text
from crm_rollout.core.editing import create_row, update_fields
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to
from crm_rollout.lessons.labels import LessonCategory
from crm_rollout.lessons.models import Lesson
from crm_rollout.phases.models import Phase

FIELDS = ("title", "phase_id", "category", "what_happened", "learned", "next_time")
MAX_TEXT = 5000


def lessons(project_id: int) -> list[Lesson]:
    """The project's lessons in the order of the method's phases (those of no phase last), newest first."""
    found = db.session.scalars(
        select(Lesson).options(joinedload(Lesson.phase)).where(Lesson.project_id == project_id)
    ).all()
    return sorted(
        found, key=lambda lesson: (lesson.phase is None, lesson.phase.number if lesson.phase else 0, -lesson.id)
    )


def _validate(project_id: int, values: dict) -> dict[str, str]:
    errors = {}
    required_text(values, "title", _("Say the lesson in a few words."), errors, 200)
    if (values.get("category") or LessonCategory.OTHER) not in LessonCategory.codes():
        errors["category"] = _("Choose a category.")
    if not belongs_to(Phase, project_id, values.get("phase_id")):
        errors["phase_id"] = _("Choose a phase of this project.")
    for name in ("what_happened", "learned", "next_time"):
        optional_text(values, name, MAX_TEXT, errors)
    return errors


def create_lesson(project_id: int, **values) -> Lesson:
    return create_row(Lesson, project_id, {name: values.get(name) for name in FIELDS}, validate=_validate)


def update_lesson(lesson: Lesson, *, expected_version, changes: dict) -> Lesson:
    return update_fields(lesson, FIELDS, expected_version=expected_version, changes=changes, validate=_validate)


def carried_to_wave(source, target) -> int:
    """The earlier wave's lessons, copied into the next wave at its start (phases matched by key)."""
    phase_ids = dict(db.session.execute(select(Phase.key, Phase.id).where(Phase.project_id == target.id)).all())
    copied = 0
    for lesson in lessons(source.id):
        db.session.add(
            Lesson(
                project_id=target.id,
                phase_id=phase_ids.get(lesson.phase.key) if lesson.phase else None,
                carried_from=lesson.carried_from or source.name,
                **{
                    name: getattr(lesson, name)
                    for name in ("title", "category", "what_happened", "learned", "next_time")
                },
            )
        )
        copied += 1
    db.session.flush()
    return copied


def carried(project_id: int) -> list[Lesson]:
    """Lessons that came from earlier waves, for the kickoff of this one."""
    return [lesson for lesson in lessons(project_id) if lesson.carried_from]


LESSONS = ProjectRows(
    Lesson, rows=lessons, create=create_lesson, update=update_lesson, options=(joinedload(Lesson.phase),)
)
