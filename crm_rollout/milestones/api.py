"""JSON API for milestones."""

from flask import g, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import create_response, iso, update_response
from crm_rollout.core.api.docs import body, returns
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.permissions import MANAGE_PROJECT, VIEW, project_access
from crm_rollout.milestones import service as milestones
from crm_rollout.milestones.models import Milestone

MILESTONE_SPEC = {
    "name": "str",
    "phase_id": "int?",
    "baseline_date": "date",
    "forecast_date": "date?",
    "actual_date": "date?",
    "acceptance_criteria": "str",
    "status": "str",
    "decision_id": "int?",
}


MILESTONE_SPEC = from_model(Milestone, MILESTONE_SPEC)


MILESTONE_CREATE_SPEC = {k: v for k, v in MILESTONE_SPEC.items() if k != "decision_id"}  # a baseline needs none yet


def milestone_json(m) -> dict:
    return {
        "id": m.id,
        "name": m.name,
        "phase_id": m.phase_id,
        "baseline_date": iso(m.baseline_date),
        "forecast_date": iso(m.forecast_date),
        "actual_date": iso(m.actual_date),
        "slippage_working_days": m.slippage_days,
        "status": m.status,
        "acceptance_criteria": m.acceptance_criteria,
        "version": m.version,
    }


MILESTONE_OUT = {
    "id": "int",
    "name": "str",
    "phase_id": "int?",
    "baseline_date": "date",
    "forecast_date": "date?",
    "actual_date": "date?",
    "slippage_working_days": "int?",
    "status": "str",
    "acceptance_criteria": "str",
    "version": "int",
}


@bp.get("/projects/<int:project_id>/milestones")
@returns([MILESTONE_OUT])
@project_access(VIEW)
def list_milestones(project_id: int):
    return jsonify([milestone_json(m) for m in milestones.milestones(project_id)])


@bp.post("/projects/<int:project_id>/milestones")
@returns(MILESTONE_OUT)
@project_access(MANAGE_PROJECT)
@body(MILESTONE_CREATE_SPEC, required=("name", "baseline_date"))
def create_milestone(project_id: int):
    return create_response(lambda v: milestones.create_milestone(project_id, **v), milestone_json)


@bp.patch("/milestones/<int:milestone_id>")
@returns(MILESTONE_OUT)
@project_access(MANAGE_PROJECT, project_of=lambda kw: milestones.project_id_of_milestone(kw["milestone_id"]))
@body(MILESTONE_SPEC, version=True)
def patch_milestone(milestone_id: int):
    milestone = milestones.get_milestone(g.project.id, milestone_id)

    def update(row, *, expected_version, changes):
        decision_id = changes.pop("decision_id", None)
        milestones.update_milestone(row, expected_version=expected_version, changes=changes, decision_id=decision_id)

    return update_response(milestone, update, milestone_json)
