"""JSON API for readiness assessments and one's own response."""

from flask import g, jsonify
from flask_login import current_user

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import bad_body, invalid, iso, json_body
from crm_rollout.core.api.docs import body, returns
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.permissions import COMMENT, EDIT_CHECKLIST, project_access
from crm_rollout.methodology import questionnaires
from crm_rollout.readiness import service as readiness
from crm_rollout.readiness.models import Assessment

ASSESSMENT_SPEC = from_model(
    Assessment,
    {"questionnaire_key": "str", "title": "str", "held_on": "date", "phase_id": "int?"},
    enums={"questionnaire_key": tuple(questionnaires())},
)


def assessment_json(a) -> dict:
    result = readiness.results(a)
    return {
        "id": a.id,
        "questionnaire": a.questionnaire_key,
        "title": a.title,
        "held_on": iso(a.held_on),
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


serve(
    Collection(
        "assessments",
        readiness.ASSESSMENTS,
        assessment_json,
        ASSESSMENT_OUT,
        EDIT_CHECKLIST,
        required=("questionnaire_key", "held_on"),
        create_spec=ASSESSMENT_SPEC,
    )
)


@bp.put("/assessments/<int:assessment_id>/responses/me")
@returns(ASSESSMENT_OUT)
@project_access(COMMENT, project_of=readiness.ASSESSMENTS.project_from("assessment_id"))
@body({"group": "str", "answers": "object"}, required=("answers",))
def put_response(assessment_id: int):
    """The caller's own answers: {"group": ..., "answers": {item: {"score": 1–5 or null, "evidence": ...}}}."""
    assessment = readiness.ASSESSMENTS.get(g.project.id, assessment_id)
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
