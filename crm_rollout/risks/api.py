"""JSON API for the risk register."""

from flask import g, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import create_response, iso, update_response
from crm_rollout.core.api.docs import body, returns, shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.permissions import EDIT_RISKS, VIEW, project_access
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
    data = {name: getattr(r, name) for name in risks.FIELDS}
    return data | {
        "id": r.id,
        "review_date": iso(r.review_date),
        "score": r.score,
        "residual_score": r.residual_score,
        "source": r.source_key,
        "version": r.version,
    }


RISK_OUT = shape_of(RISK_SPEC, id="int", score="int", residual_score="int?", source="str", version="int")


@bp.get("/projects/<int:project_id>/risks")
@returns([RISK_OUT])
@project_access(VIEW)
def list_risks(project_id: int):
    return jsonify([risk_json(r) for r in risks.risks(project_id)])


@bp.post("/projects/<int:project_id>/risks")
@returns(RISK_OUT)
@project_access(EDIT_RISKS)
@body(RISK_SPEC, required=("title",))
def create_risk(project_id: int):
    return create_response(lambda v: risks.create_risk(project_id, **v), risk_json)


@bp.patch("/risks/<int:risk_id>")
@returns(RISK_OUT)
@project_access(EDIT_RISKS, project_of=lambda kw: risks.project_id_of_risk(kw["risk_id"]))
@body(RISK_SPEC, version=True)
def patch_risk(risk_id: int):
    return update_response(risks.get_risk(g.project.id, risk_id), risks.update_risk, risk_json)
