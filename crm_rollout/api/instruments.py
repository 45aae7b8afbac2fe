"""JSON API for readiness assessments and responses, the risk register and the benefits scorecard."""

from flask import g, jsonify
from flask_login import current_user

from crm_rollout.api.blueprint import bp
from crm_rollout.api.common import bad_body, create_response, invalid, json_body, update_response
from crm_rollout.api.docs import body, returns, shape_of
from crm_rollout.api.parsing import Field, from_model
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.permissions import COMMENT, EDIT_CHECKLIST, EDIT_RISKS, EDIT_SCORECARD, VIEW, project_access
from crm_rollout.methodology import questionnaires
from crm_rollout.readiness import service as readiness
from crm_rollout.readiness.models import Assessment
from crm_rollout.risks import service as risks
from crm_rollout.risks.models import Risk
from crm_rollout.scorecard import service as scorecard
from crm_rollout.scorecard.models import Kpi

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
KPI_SPEC = {
    "name": "str",
    "indicator_type": "str",
    "goal_type": "str",
    "unit": "str",
    "baseline": "float",
    "baseline_date": "date",
    "target": "float",
    "target_date": "date",
    "direction": "str",
    "owner_id": "int?",
    "data_source": "str",
}
KPI_SPEC = from_model(Kpi, KPI_SPEC)
MEASUREMENT_SPEC = {"date": "date", "value": "float", "note": Field("str", max_length=300)}
KPI_REQUIRED = (
    "name",
    "indicator_type",
    "goal_type",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "direction",
)
ASSESSMENT_SPEC = from_model(
    Assessment,
    {"questionnaire_key": "str", "title": "str", "held_on": "date", "phase_id": "int?"},
    enums={"questionnaire_key": tuple(questionnaires())},
)


def _iso(value):
    return value.isoformat() if value is not None else None


def risk_json(r) -> dict:
    data = {name: getattr(r, name) for name in risks.FIELDS}
    return data | {
        "id": r.id,
        "review_date": _iso(r.review_date),
        "score": r.score,
        "residual_score": r.residual_score,
        "source": r.source_key,
        "version": r.version,
    }


def kpi_json(k) -> dict:
    state = scorecard.status(k)
    data = {name: getattr(k, name) for name in scorecard.FIELDS}
    return data | {
        "id": k.id,
        "baseline_date": _iso(k.baseline_date),
        "target_date": _iso(k.target_date),
        "status": state.status,
        "latest": state.latest,
        "measurements": [{"date": _iso(m.measured_on), "value": m.value, "note": m.note} for m in k.measurements],
        "version": k.version,
    }


def assessment_json(a) -> dict:
    result = readiness.results(a)
    return {
        "id": a.id,
        "questionnaire": a.questionnaire_key,
        "title": a.title,
        "held_on": _iso(a.held_on),
        "respondents": result.respondents,
        "overall": result.overall,
        "dimensions": result.dimensions,
        "groups": result.groups,
        "items": [
            {
                "key": r.item["key"],
                "mean": r.mean,
                "spread": r.spread,
                "dont_know": r.dont_know,
                "disagreement": r.disagreement,
            }
            for r in result.items
        ],
    }


RISK_OUT = shape_of(RISK_SPEC, id="int", score="int", residual_score="int?", source="str", version="int")
KPI_OUT = shape_of(
    KPI_SPEC,
    id="int",
    status="str",
    latest="float?",
    measurements=[{"date": "date", "value": "float", "note": "str"}],
    version="int",
)
ASSESSMENT_OUT = {
    "id": "int",
    "questionnaire": "str",
    "title": "str",
    "held_on": "date",
    "respondents": "int",
    "overall": "float?",
    "dimensions": "object",
    "groups": "object",
    "items": [{"key": "str", "mean": "float?", "spread": "float?", "dont_know": "int", "disagreement": "bool"}],
}

# --- Risks ----------------------------------------------------------------------------


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


# --- Scorecard --------------------------------------------------------------------------


@bp.get("/projects/<int:project_id>/kpis")
@returns([KPI_OUT])
@project_access(VIEW)
def list_kpis(project_id: int):
    return jsonify([kpi_json(k) for k in scorecard.kpis(project_id)])


@bp.post("/projects/<int:project_id>/kpis")
@returns(KPI_OUT)
@project_access(EDIT_SCORECARD)
@body(KPI_SPEC, required=KPI_REQUIRED)
def create_kpi(project_id: int):
    return create_response(lambda v: scorecard.create_kpi(project_id, **v), kpi_json)


@bp.post("/kpis/<int:kpi_id>/measurements")
@returns(KPI_OUT)
@project_access(EDIT_SCORECARD, project_of=lambda kw: scorecard.project_id_of_kpi(kw["kpi_id"]))
@body(MEASUREMENT_SPEC, required=("date", "value"))
def add_measurement(kpi_id: int):
    kpi = scorecard.get_kpi(g.project.id, kpi_id)

    def record(values):
        scorecard.record(kpi, measured_on=values.get("date"), value=values.get("value"), note=values.get("note", ""))
        return kpi

    return create_response(record, kpi_json)


@bp.patch("/kpis/<int:kpi_id>")
@returns(KPI_OUT)
@project_access(EDIT_SCORECARD, project_of=lambda kw: scorecard.project_id_of_kpi(kw["kpi_id"]))
@body(KPI_SPEC, version=True)
def patch_kpi(kpi_id: int):
    return update_response(scorecard.get_kpi(g.project.id, kpi_id), scorecard.update_kpi, kpi_json)


# --- Readiness ----------------------------------------------------------------------------


@bp.get("/projects/<int:project_id>/assessments")
@returns([ASSESSMENT_OUT])
@project_access(VIEW)
def list_assessments(project_id: int):
    return jsonify([assessment_json(a) for a in readiness.assessments(project_id)])


@bp.post("/projects/<int:project_id>/assessments")
@returns(ASSESSMENT_OUT)
@project_access(EDIT_CHECKLIST)
@body(ASSESSMENT_SPEC, required=("questionnaire_key", "held_on"))
def create_assessment(project_id: int):
    return create_response(lambda v: readiness.create_assessment(project_id, **{"title": "", **v}), assessment_json)


@bp.put("/assessments/<int:assessment_id>/responses/me")
@returns(ASSESSMENT_OUT)
@project_access(COMMENT, project_of=lambda kw: readiness.project_id_of_assessment(kw["assessment_id"]))
@body({"group": "str", "answers": "object"}, required=("answers",))
def put_response(assessment_id: int):
    """The caller's own answers: {"group": ..., "answers": {item: {"score": 1–5 or null, "evidence": ...}}}."""
    assessment = readiness.get_assessment(g.project.id, assessment_id)
    body = json_body()
    if body is None or not isinstance(body.get("answers"), dict):
        return bad_body()
    try:
        readiness.save_response(
            assessment, respondent_id=current_user.id, group=body.get("group", "other"), answers=body["answers"]
        )
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    db.session.commit()
    return jsonify(assessment_json(assessment))
