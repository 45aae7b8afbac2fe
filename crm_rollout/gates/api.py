"""JSON API for phase gates and the committee's reviews of them."""

import functools

from flask import g, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.docs import body, returns
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.permissions import REVIEW, VIEW, project_access
from crm_rollout.gates import service as gates
from crm_rollout.steering.api import REVIEW_OUT as REVIEW_OUT
from crm_rollout.steering.api import REVIEW_SPEC as REVIEW_SPEC
from crm_rollout.steering.api import signed_review


def gate_json(gate) -> dict:
    return {
        "id": gate.id,
        "phase": gate.phase.number,
        "outcome": gate.outcome,
        "criteria_met": gate.criteria_met,
        "override_decision_id": gate.override_decision_id,
        "evidence": gate.evidence,
        "reviews": [{"reviewer": r.reviewer_id, "decision": r.decision, "comment": r.comment} for r in gate.reviews],
        "version": gate.version,
    }


GATE_OUT = {
    "id": "int",
    "phase": "int",
    "outcome": "str",
    "criteria_met": "bool",
    "override_decision_id": "int?",
    "evidence": "object",
    "reviews": [REVIEW_OUT],
    "version": "int",
}


serve(Collection("gates", gates.GATES, gate_json, GATE_OUT, VIEW))


@bp.post("/gates/<int:gate_id>/reviews")
@returns(GATE_OUT)
@project_access(REVIEW, project_of=gates.GATES.project_from("gate_id"))
@body(REVIEW_SPEC, required=("decision", "password"))
def review_gate(gate_id: int):
    gate = gates.GATES.get(g.project.id, gate_id)
    refused = signed_review(functools.partial(gates.review, gate))
    return refused or (jsonify(gate_json(gate)), 201)
