"""JSON API for milestones."""

from crm_rollout.core.api.common import fields_json
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.permissions import MANAGE_PROJECT
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
    fields = ("name", "phase_id", "baseline_date", "forecast_date", "actual_date", "status", "acceptance_criteria")
    return fields_json(m, fields) | {"slippage_working_days": m.slippage_days}


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


def _update_milestone(row, *, expected_version: int, changes: dict) -> None:
    decision_id = changes.pop("decision_id", None)
    milestones.update_milestone(row, expected_version=expected_version, changes=changes, decision_id=decision_id)


serve(
    Collection(
        "milestones",
        milestones.MILESTONES,
        milestone_json,
        MILESTONE_OUT,
        MANAGE_PROJECT,
        MILESTONE_SPEC,
        required=("name", "baseline_date"),
        create_spec=MILESTONE_CREATE_SPEC,
        update=_update_milestone,
    )
)
