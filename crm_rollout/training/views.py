"""The training plan's pages: read by everyone in the project, written by the director and consultants."""

from flask import Blueprint, flash, redirect, request, url_for

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.forms import data_of, posted, scoped, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import EDIT_GOLIVE, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import edit_of, flash_errors, form_page, render_project, run_action, save_form
from crm_rollout.training import service
from crm_rollout.training.forms import CourseForm, EnrolForm, SessionForm, TraineeForm

bp = Blueprint("training", __name__, url_prefix="/projects/<int:project_id>/training")
# What a session's form edits: its course stays.
SESSION_FORM_FIELDS = ("held_on", "start_time", "place", "capacity")


@bp.route("/", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def plan(project_id: int):
    form = CourseForm(formdata=posted())
    return form_page(
        form,
        lambda: service.create_course(project_id, **data_of(form, service.COURSE_FIELDS)),
        saved=_("Course added."),
        to=lambda course: url_for("training.course", project_id=project_id, course_id=course.id),
        page=lambda status: render_project(
            "training/plan.html", status, figures=service.figures(project_id), form=form
        ),
    )


@bp.route("/courses/<int:course_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def course(project_id: int, course_id: int):
    course = service.COURSES.get(project_id, course_id)
    form = scoped(CourseForm(formdata=posted(), data=values_of(course, service.COURSE_FIELDS)), "course")
    return form_page(
        form,
        edit_of(service.update_course, course, form, data_of(form, service.COURSE_FIELDS)),
        saved=_("Saved."),
        to=url_for("training.course", project_id=project_id, course_id=course_id),
        page=lambda status: _course_page(course, form=form, status=status),
    )


def _course_page(course, *, form=None, session_form=None, status=200):
    form = form or scoped(CourseForm(data=values_of(course, service.COURSE_FIELDS)), "course")
    return render_project(
        "training/course.html",
        status,
        course=course,
        form=form,
        session_form=session_form or scoped(SessionForm(), "session"),
        conflict=getattr(form, "conflict", False),
    )


@bp.route("/courses/<int:course_id>/sessions", methods=["POST"])
@access(EDIT_GOLIVE)
def add_session(project_id: int, course_id: int):
    course = service.COURSES.get(project_id, course_id)
    form = scoped(SessionForm(), "session")
    values = {"course_id": course.id} | data_of(form, SESSION_FORM_FIELDS)
    saved = save_form(form, lambda: service.create_session(project_id, **values))
    if saved:
        flash(_("Session planned."), "success")
        return redirect(url_for("training.session", project_id=project_id, session_id=saved.value.id))
    return _course_page(course, session_form=form, status=400)


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def session(project_id: int, session_id: int):
    session = service.SESSIONS.get(project_id, session_id)
    form = scoped(SessionForm(formdata=posted(), data=values_of(session, SESSION_FORM_FIELDS)), "session")
    return form_page(
        form,
        edit_of(service.update_session, session, form, data_of(form, SESSION_FORM_FIELDS)),
        saved=_("Saved."),
        to=url_for("training.session", project_id=project_id, session_id=session_id),
        page=lambda status: _session_page(session, form=form, status=status),
    )


def _session_page(session, *, form=None, status=200):
    form = form or scoped(SessionForm(data=values_of(session, SESSION_FORM_FIELDS)), "session")
    enrolled = {e.trainee_id for e in session.enrolments}
    enrol_form = EnrolForm()
    enrol_form.trainee_ids.choices = [
        (t.id, f"{t.name} · {t.department or t.job_title or '—'}")
        for t in service.trainees(session.project_id)
        if t.id not in enrolled and service.is_for(session.course, t)
    ]
    return render_project(
        "training/session.html",
        status,
        training_session=session,
        form=form,
        enrol_form=enrol_form,
        conflict=getattr(form, "conflict", False),
    )


@bp.route("/sessions/<int:session_id>/enrol", methods=["POST"])
@access(EDIT_GOLIVE)
def enrol(project_id: int, session_id: int):
    session = service.SESSIONS.get(project_id, session_id)
    chosen = request.form.getlist("trainee_ids")
    if not all(value.isdigit() for value in chosen):
        flash_errors({"trainee_ids": _("Choose trainees of this project.")})
    else:
        run_action(lambda: service.enrol(session, chosen), done=lambda rows: _("%(n)d enrolled.", n=len(rows)))
    return redirect(url_for("training.session", project_id=project_id, session_id=session_id))


@bp.route("/sessions/<int:session_id>/attendance", methods=["POST"])
@access(EDIT_GOLIVE)
def attendance(project_id: int, session_id: int):
    """Who came, their score and sign-off, for the whole session in one save; a row changed by someone else
    meanwhile refuses the save (nothing is applied) and says so."""
    session = service.SESSIONS.get(project_id, session_id)
    form = request.form

    def apply():
        for enrolment in session.enrolments:
            score = form.get(f"score-{enrolment.id}", "").strip()
            if score and not score.isdigit():
                raise ValidationFailed({"score": _("Enter a number from %(low)s to %(high)s.", low=0, high=100)})
            version = form.get(f"version-{enrolment.id}", "")
            changes = {
                "attended": f"attended-{enrolment.id}" in form,
                "competent": f"competent-{enrolment.id}" in form,
                "score": int(score) if score else None,
            }
            service.update_enrolment(
                enrolment, expected_version=int(version) if version.isdigit() else None, changes=changes
            )

    run_action(apply, done=_("Attendance saved."))
    return redirect(url_for("training.session", project_id=project_id, session_id=session_id))


@bp.route("/trainees", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def trainees(project_id: int):
    form = TraineeForm(formdata=posted())
    return form_page(
        form,
        lambda: service.create_trainee(project_id, **data_of(form, service.TRAINEE_FIELDS)),
        saved=_("Trainee added."),
        to=url_for("training.trainees", project_id=project_id),
        page=lambda status: render_project(
            "training/trainees.html", status, trainees=service.trainees(project_id), form=form
        ),
    )


@bp.post("/trainees/from-team")
@access(EDIT_GOLIVE)
def add_team(project_id: int):
    run_action(
        lambda: service.add_team(project_id),
        done=lambda added: _("%(n)d people of the team added as trainees.", n=len(added)),
    )
    return redirect(url_for("training.trainees", project_id=project_id))


@bp.route("/trainees/<int:trainee_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def trainee(project_id: int, trainee_id: int):
    trainee = service.TRAINEES.get(project_id, trainee_id)
    form = TraineeForm(formdata=posted(), data=values_of(trainee, service.TRAINEE_FIELDS))
    return form_page(
        form,
        edit_of(service.update_trainee, trainee, form, data_of(form, service.TRAINEE_FIELDS)),
        saved=_("Saved."),
        to=url_for("training.trainees", project_id=project_id),
        page=lambda status: render_project(
            "training/trainee.html", status, trainee=trainee, form=form, conflict=form.conflict
        ),
    )
