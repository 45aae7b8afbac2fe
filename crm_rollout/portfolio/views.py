"""Portfolio, my work, creating projects, the overview, settings and members."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from crm_rollout.activity import service as activity
from crm_rollout.core import caching
from crm_rollout.core.forms import data_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import MANAGE_MEMBERS, MANAGE_PROJECT, REVIEW, VIEW, can, project_access
from crm_rollout.core.web import failed_status, form_version, render_project, run_action, save_form
from crm_rollout.gates import service as gates
from crm_rollout.health import service as health
from crm_rollout.health import views as health_pages
from crm_rollout.methods import service as methods
from crm_rollout.milestones import service as milestones
from crm_rollout.phases import service as phases
from crm_rollout.portfolio import work
from crm_rollout.portfolio.forms import MemberForm, NewProjectForm, ProjectForm, RoleForm
from crm_rollout.programmes import service as programmes
from crm_rollout.projects import service
from crm_rollout.reports import service as reports

bp = Blueprint("projects", __name__)


@bp.get("/")
@login_required
def portfolio():
    rows = service.projects_of(current_user.id)
    ids = [project.id for project, _role in rows]
    summaries = phases.summaries_by_project(ids)
    waiting = {}
    for subject in reports.waiting_for(current_user.id, ids) + gates.waiting_for(current_user.id, ids):
        waiting[subject.project_id] = waiting.get(subject.project_id, 0) + 1
    return render_template(
        "projects/portfolio.html",
        rows=[(project, role, summaries[project.id]) for project, role in rows],
        latest_reports=reports.latest_by_project(ids),
        next_milestones=milestones.next_by_project(ids),
        waiting=waiting,
        health=health.latest_by_project(ids),
    )


@bp.get("/my-work")
@login_required
def my_work():
    return render_template("projects/my_work.html", work=work.waiting_for(current_user.id))


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new_project():
    form = NewProjectForm()
    form.method_version_id.choices = methods.choices()
    if not form.is_submitted():
        form.method_version_id.data = methods.default_version_id()
    saved = save_form(form, lambda: _create(form))
    if saved:
        flash(_("Project created with its own copy of the method."), "success")
        return redirect(url_for("projects.overview", project_id=saved.value.id))
    status = 400 if form.is_submitted() else 200
    return render_template("projects/new.html", form=form), status


def _create(form):
    version = methods.published(form.method_version_id.data)
    return service.create_project(
        creator=current_user,
        template=methods.template_of(version),
        method_version_id=version.id,
        **_project_fields(form),
    )


def _project_fields(form) -> dict:
    return data_of(form, service.PROJECT_FIELDS)


@bp.get("/projects/<int:project_id>/")
@project_access(VIEW)
@caching.cached(personal=lambda: can(REVIEW))  # a committee member sees the reviews waiting for them
def overview(project_id: int):
    reads = health.Reads(g.project)  # what the page and its health index both show, read once
    index = health.compute(g.project, reads=reads)
    summaries = reads.summaries
    overdue = phases.most_overdue_items(project_id)
    recent = activity.recent_activity(project_id)
    history = health.scores(project_id)
    page = render_project(
        "projects/overview.html",
        overdue_actions=reads.overdue_actions,
        upcoming_milestones=milestones.upcoming(project_id),
        latest_report=reports.latest_by_project([project_id]).get(project_id),
        reviews_waiting=_reviews_waiting(project_id),
        health_warnings=[c for c in reads.team_checks if c.status != "ok"],
        phase_summaries=summaries,
        overall=phases.overall_progress(summaries),
        current_phase=phases.current_phase(summaries),
        overdue=overdue,
        overdue_count=len(reads.overdue_due_dates),
        blocked_count=sum(s.blocked for s in summaries),
        recent=recent,
        names=activity.reference_names(project_id, recent),
        wave=programmes.wave_of(project_id),
        health=index,
        health_points=health.trend_points(history),
    )
    health_pages.keep_todays(g.project, index, history)
    return page


def _reviews_waiting(project_id: int) -> list:
    """What waits for the reader's review here: only a committee member reviews, so the others ask nothing."""
    if not can(REVIEW):
        return []
    return reports.waiting_for(current_user.id, [project_id]) + gates.waiting_for(current_user.id, [project_id])


@bp.route("/projects/<int:project_id>/settings", methods=["GET", "POST"])
@project_access(MANAGE_PROJECT)
def settings(project_id: int):
    project = g.project
    form = ProjectForm(obj=project)
    saved = save_form(
        form,
        lambda: service.update_project(project, expected_version=form_version(form), fields=_project_fields(form)),
    )
    if saved:
        flash(_("Project settings saved."), "success")
        return redirect(url_for("projects.overview", project_id=project_id))
    if not form.is_submitted():
        form.version.data = project.version
    status = failed_status(form) if form.is_submitted() else 200
    # On a conflict the page shows the settings as they were saved meanwhile (reloaded by the rollback).
    return render_project("projects/settings.html", status, form=form, conflict=project if form.conflict else None)


@bp.get("/projects/<int:project_id>/members")
@project_access(VIEW)
def members(project_id: int):
    return _members_page(MemberForm(formdata=None))


@bp.post("/projects/<int:project_id>/members/new")
@project_access(MANAGE_MEMBERS)
def add_member(project_id: int):
    form = MemberForm()
    saved = save_form(form, lambda: service.add_member(g.project, login=form.login.data, role=form.role.data))
    if saved:
        flash(_("%(name)s joined the project.", name=saved.value.user.display_name), "success")
        return redirect(url_for("projects.members", project_id=project_id))
    return _members_page(form, 400)


def _members_page(form, status=200):
    return render_project(
        "projects/members.html",
        status,
        memberships=service.members(g.project.id),
        form=form,
    )


@bp.post("/projects/<int:project_id>/members/<int:membership_id>")
@project_access(MANAGE_MEMBERS)
def member(project_id: int, membership_id: int):
    membership = service.get_membership(project_id, membership_id)
    form = RoleForm()
    if request.form.get("action") == "remove":
        name = membership.user.display_name
        run_action(
            lambda: service.remove_member(membership),
            done=_("%(name)s no longer belongs to the project; their items are unassigned.", name=name),
        )
    elif form.validate_on_submit():
        run_action(
            lambda: service.change_role(membership, role=form.role.data, expected_version=form_version(form)),
            done=_("Role changed."),
        )
    else:
        abort(400)
    return redirect(url_for("projects.members", project_id=project_id))
