"""Programme pages: the list, a programme's roll-up and its timeline, editing it, making a project the first
wave of a programme, and starting the next wave from an earlier one."""

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from crm_rollout.core import charts
from crm_rollout.core.forms import data_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import MANAGE_PROJECT, project_access
from crm_rollout.core.web import failed_status, form_version, render_project, save_form, svg_response
from crm_rollout.programmes import rollup, service
from crm_rollout.programmes.forms import NewProgrammeForm, ProgrammeForm, WaveForm

bp = Blueprint("programmes", __name__)


@bp.get("/programmes")
@login_required
def programmes():
    return render_template("programmes/programmes.html", grouped=service.visible_by_programme(current_user.id))


@bp.get("/programmes/<int:programme_id>")
@login_required
def programme(programme_id: int):
    seen = service.programme_for(current_user.id, programme_id)
    return render_template("programmes/programme.html", seen=seen, rolled=rollup.rollup(seen.waves))


@bp.get("/programmes/<int:programme_id>/timeline.svg")
@login_required
def timeline(programme_id: int):
    waves = service.programme_for(current_user.id, programme_id).waves
    data = rollup.chart_data(waves, rollup.rollup_milestones(waves))
    return svg_response(charts.cached("waves", data, charts.waves_svg))


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@login_required
def edit(programme_id: int):
    programme = service.programme_for(current_user.id, programme_id, manage=True).programme
    form = ProgrammeForm(obj=programme)
    changes = data_of(form, service.FIELDS)
    saved = save_form(
        form, lambda: service.update_programme(programme, expected_version=form_version(form), changes=changes)
    )
    if saved:
        flash(_("Programme saved."), "success")
        return redirect(url_for("programmes.programme", programme_id=programme_id))
    if not form.is_submitted():
        form.version.data = programme.version
    status = failed_status(form) if form.is_submitted() else 200
    return render_template("programmes/edit.html", programme=programme, form=form, conflict=form.conflict), status


@bp.route("/projects/<int:project_id>/programme/new", methods=["GET", "POST"])
@project_access(MANAGE_PROJECT)
def new_programme(project_id: int):
    wave = service.wave_of(project_id)
    if wave is not None:
        return redirect(url_for("programmes.programme", programme_id=wave.programme_id))
    form = NewProgrammeForm(data={"company": g.project.company, "vision": g.project.vision})
    values = data_of(form, (*service.FIELDS, "scope"))
    saved = save_form(form, lambda: service.create_programme(g.project, **values))
    if saved:
        flash(_("Programme created; this project is its first wave."), "success")
        return redirect(url_for("programmes.programme", programme_id=saved.value.id))
    status = failed_status(form) if form.is_submitted() else 200
    return render_project("programmes/new.html", status, form=form)


@bp.route("/projects/<int:project_id>/waves/new", methods=["GET", "POST"])
@project_access(MANAGE_PROJECT)
def new_wave(project_id: int):
    earlier = service.wave_of(project_id)
    if earlier is None:
        flash(_("Make this project the first wave of a programme first."), "error")
        return redirect(url_for("programmes.new_programme", project_id=project_id))
    form = WaveForm()
    saved = save_form(
        form,
        lambda: service.start_wave(
            g.project,
            creator=current_user,
            **data_of(form, ("name", "scope", "start_date", "target_golive_date")),
        ),
    )
    if saved:
        project, carried = saved.value
        flash(_carried_message(carried), "success")
        return redirect(url_for("projects.overview", project_id=project.id))
    status = failed_status(form) if form.is_submitted() else 200
    return render_project("programmes/new_wave.html", status, form=form, earlier=earlier)


def _carried_message(carried: dict[str, int]) -> str:
    return _(
        "The next wave has started. Carried over: %(processes)d to-be processes, %(kpis)d KPIs, "
        "%(lessons)d lessons and %(committee)d steering committee members; progress starts afresh.",
        processes=carried.get("processes", 0),
        kpis=carried.get("scorecard", 0),
        lessons=carried.get("lessons", 0),
        committee=carried.get("team", 0),
    )
