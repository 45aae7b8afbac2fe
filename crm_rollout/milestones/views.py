"""Milestones and the project timeline."""

from flask import Blueprint, flash, g, redirect, url_for

from crm_rollout.core import charts
from crm_rollout.core.extensions import db
from crm_rollout.core.forms import data_of, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.core.permissions import MANAGE_PROJECT, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import form_page, form_version, render_project, save_form, svg_response
from crm_rollout.milestones import service
from crm_rollout.milestones.forms import MilestoneForm
from crm_rollout.phases import service as phases
from crm_rollout.phases.forms import phase_choices
from crm_rollout.steering import service as steering

bp = Blueprint("milestones", __name__, url_prefix="/projects/<int:project_id>/milestones")


def _choices(form, project_id: int) -> None:
    summaries = phases.summaries(project_id)
    form.phase_id.choices = phase_choices(summaries)
    form.decision_id.choices = [(None, _("— none —"))] + [
        (d.id, f"#{d.id} {d.decided_on.isoformat()} {d.text[:50]}") for d in steering.decisions(project_id)
    ]
    form.deliverable_ids.choices = [
        (d.id, f"{d.phase.number}. {localized(d, 'title')}") for d in phases.project_deliverables(project_id)
    ]


def _values(form) -> dict:
    return data_of(form, service.FIELDS)


@bp.get("/")
@access(VIEW)
def milestones(project_id: int):
    form = MilestoneForm(formdata=None)
    _choices(form, project_id)
    return render_project("milestones/milestones.html", milestones=service.milestones(project_id), form=form)


@bp.post("/")
@access(MANAGE_PROJECT)
def create(project_id: int):
    form = MilestoneForm()
    _choices(form, project_id)
    if save_form(
        form, lambda: service.create_milestone(project_id, deliverable_ids=form.deliverable_ids.data, **_values(form))
    ):
        flash(_("Milestone added."), "success")
        return redirect(url_for("milestones.milestones", project_id=project_id))
    return render_project("milestones/milestones.html", 400, milestones=service.milestones(project_id), form=form)


@bp.post("/propose")
@access(MANAGE_PROJECT)
def propose(project_id: int):
    created = service.propose_from_phases(project_id)
    db.session.commit()
    if created:
        flash(_("%(n)d milestones proposed from the phases' planned ends.", n=len(created)), "success")
    else:
        flash(_("Nothing to propose: every phase with a planned end has a milestone already."), "error")
    return redirect(url_for("milestones.milestones", project_id=project_id))


@bp.route("/<int:milestone_id>", methods=["GET", "POST"])
@access(VIEW, post=MANAGE_PROJECT)
def milestone(project_id: int, milestone_id: int):
    milestone = service.MILESTONES.get(project_id, milestone_id)
    form = MilestoneForm(
        data=values_of(milestone, service.FIELDS) | {"deliverable_ids": [d.id for d in milestone.deliverables]}
    )
    _choices(form, project_id)
    return form_page(
        form,
        lambda: service.update_milestone(
            milestone,
            expected_version=form_version(form),
            changes=_values(form),
            decision_id=form.decision_id.data,
            deliverable_ids=form.deliverable_ids.data,
        ),
        saved=_("Milestone saved."),
        to=url_for("milestones.milestones", project_id=project_id),
        page=lambda status: render_project(
            "milestones/milestone.html", status, milestone=milestone, form=form, conflict=form.conflict
        ),
    )


@bp.get("/timeline.svg")
@access(VIEW)
def timeline(project_id: int):
    svg = charts.cached("timeline", service.timeline_data(g.project, service.timeline_labels()), charts.timeline_svg)
    return svg_response(svg)
