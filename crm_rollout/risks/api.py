"""JSON API for the risk register."""

from crm_rollout.core.api.common import fields_json
from crm_rollout.core.api.docs import shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.permissions import EDIT_RISKS
from crm_rollout.risks import service as risks
from crm_rollout.risks.models import Risk

SCORE = (1, 5)


RISK_SPEC = {
    "kind": "str",
    "title": "str",
    "cause": "str",
    "effect": "str",
    "category": "str",
    "probability": "int",
    "impact": "int",
    "residual_probability": "int?",
    "residual_impact": "int?",
    "owner_id": "int?",
    "mitigation": "str",
    "contingency": "str",
    "status": "str",
    "resolution": "str",
    "review_date": "date?",
    "phase_id": "int?",
    "item_id": "int?",
    "decision_id": "int?",
}


RISK_SPEC = from_model(
    Risk, RISK_SPEC, ranges=dict.fromkeys(("probability", "impact", "residual_probability", "residual_impact"), SCORE)
)


def risk_json(r) -> dict:
    extra = {"score": r.score, "residual_score": r.residual_score, "source": r.source_key}
    return fields_json(r, (*risks.FIELDS, "review_date")) | extra


RISK_OUT = shape_of(RISK_SPEC, id="int", score="int", residual_score="int?", source="str", version="int")


serve(Collection("risks", risks.RISKS, risk_json, RISK_OUT, EDIT_RISKS, RISK_SPEC, required=("title",)))
