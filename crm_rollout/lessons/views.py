"""The lessons log: read by everyone in the project, written by those who take part in it."""

from itertools import groupby

from flask import Blueprint, url_for

from crm_rollout.core.forms import data_of, posted, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import COMMENT, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import edit_of, form_page, render_project
from crm_rollout.lessons import service
from crm_rollout.lessons.forms import LessonForm
from crm_rollout.phases import service as phases
from crm_rollout.phases.forms import phase_choices

bp = Blueprint("lessons", __name__, url_prefix="/projects/<int:project_id>/lessons")


def _form(project_id: int, **kwargs) -> LessonForm:
    form = LessonForm(**kwargs)
    form.phase_id.choices = phase_choices(phases.summaries(project_id))
    return form


def _values(form) -> dict:
    return data_of(form, service.FIELDS)


@bp.route("/", methods=["GET", "POST"])
@access(VIEW, post=COMMENT)
def lessons(project_id: int):
    form = _form(project_id, formdata=posted())

    def page(status):
        rows = service.lessons(project_id)
        by_phase = [(phase, list(of_phase)) for phase, of_phase in groupby(rows, key=lambda row: row.phase)]
        return render_project("lessons/lessons.html", status, by_phase=by_phase, form=form)

    return form_page(
        form,
        lambda: service.create_lesson(project_id, **_values(form)),
        saved=_("Lesson recorded."),
        to=url_for("lessons.lessons", project_id=project_id),
        page=page,
    )


@bp.route("/<int:lesson_id>", methods=["GET", "POST"])
@access(VIEW, post=COMMENT)
def lesson(project_id: int, lesson_id: int):
    lesson = service.LESSONS.get(project_id, lesson_id)
    form = _form(project_id, data=values_of(lesson, service.FIELDS))
    return form_page(
        form,
        edit_of(service.update_lesson, lesson, form, _values(form)),
        saved=_("Saved."),
        to=url_for("lessons.lessons", project_id=project_id),
        page=lambda status: render_project(
            "lessons/lesson.html", status, lesson=lesson, form=form, conflict=form.conflict
        ),
    )


def kickoff_panel(phase):
    """The lessons earlier waves carried into this one, where the next wave plans its work: the kickoff."""
    if phase.key != "kickoff":
        return None
    carried = service.carried(phase.project_id)
    return ("lessons/_carried.html", {"carried": carried}) if carried else None
