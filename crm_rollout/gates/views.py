"""The gate page of a phase: live evidence, requesting the committee's review, reviews, and starting a phase."""

import functools

from flask import Blueprint, g, redirect, request, url_for
from flask_login import current_user

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import MANAGE_PROJECT, REVIEW, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import render_project, run_action
from crm_rollout.gates import service
from crm_rollout.phases import service as phases
from crm_rollout.projects import service as projects
from crm_rollout.steering import reviewing
from crm_rollout.steering import service as steering
from crm_rollout.steering.forms import ReviewForm
from crm_rollout.steering.labels import ReviewOutcome
from crm_rollout.steering.signing import sign_review

bp = Blueprint("gates", __name__, url_prefix="/projects/<int:project_id>/phases/<int:number>")


def _back(number: int):
    return redirect(url_for("gates.gate", project_id=g.project.id, number=number))


@bp.get("/gate")
@access(VIEW)
def gate(project_id: int, number: int):
    phase = phases.get_phase(project_id, number)
    gates = service.gates_of_phase(phase.id)
    current = gates[-1] if gates and gates[-1].outcome == ReviewOutcome.SUBMITTED else None
    return render_project(
        "gates/gate.html",
        phase=phase,
        evidence=service.evidence(phase),
        gates=gates,
        current=current,
        decisions=steering.decisions(project_id),
        names=dict(projects.member_names(project_id)),
        missing=reviewing.missing_reviewers(current) if current else [],
        can_review=current is not None
        and REVIEW in g.permissions
        and all(r.reviewer_id != current_user.id for r in current.reviews),
        review_form=ReviewForm(formdata=None),
    )


@bp.post("/gate")
@access(MANAGE_PROJECT)
def request_review(project_id: int, number: int):
    phase = phases.get_phase(project_id, number)
    override = request.form.get("override_decision_id", type=int)
    run_action(
        lambda: service.request_review(phase, requested_by=current_user.id, override_decision_id=override),
        done=_("The gate is with the steering committee; the evidence is frozen."),
    )
    return _back(number)


@bp.post("/gate/<int:gate_id>/review")
@access(REVIEW)
def review(project_id: int, number: int, gate_id: int):
    sign_review(functools.partial(service.review, service.GATES.get(project_id, gate_id)))
    return _back(number)


@bp.post("/start")
@access(MANAGE_PROJECT)
def start(project_id: int, number: int):
    phase = phases.get_phase(project_id, number)
    decision_id = request.form.get("decision_id", type=int)
    run_action(lambda: service.start_phase(phase, decision_id=decision_id), done=_("Phase started."))
    return _back(number)
