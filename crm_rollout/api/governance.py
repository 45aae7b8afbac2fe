"""JSON API for milestones, milestone reports (read, submit, review) and phase gates.

Reviews over the API confirm the reviewer's password in the body, as the pages do.
"""

import functools

from flask import g, jsonify
from flask_login import current_user

from crm_rollout.api.blueprint import bp
from crm_rollout.api.common import create_response, invalid, json_body, update_response
from crm_rollout.api.docs import body, returns
from crm_rollout.api.parsing import Field, from_model, parse
from crm_rollout.auth.hooks import confirm_own_password
from crm_rollout.auth.service import LoginThrottled
from crm_rollout.core.errors import Conflict, ValidationFailed, json_error
from crm_rollout.core.extensions import db
from crm_rollout.core.limits import TEXT_MAX
from crm_rollout.core.permissions import EDIT_REPORTS, MANAGE_PROJECT, REVIEW, VIEW, project_access
from crm_rollout.gates import service as gates
from crm_rollout.milestones import service as milestones
from crm_rollout.milestones.models import Milestone
from crm_rollout.reports import service as reports
from crm_rollout.reports import snapshot
from crm_rollout.steering.reviewing import REVIEW_DECISIONS

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
REVIEW_SPEC = {
    "decision": Field("str", enum=REVIEW_DECISIONS),
    "comment": Field("str", max_length=TEXT_MAX),
    "password": Field("str", max_length=1024),
}
MILESTONE_CREATE_SPEC = {k: v for k, v in MILESTONE_SPEC.items() if k != "decision_id"}  # a baseline needs none yet


def _iso(value):
    return value.isoformat() if value is not None else None


def milestone_json(m) -> dict:
    return {
        "id": m.id,
        "name": m.name,
        "phase_id": m.phase_id,
        "baseline_date": _iso(m.baseline_date),
        "forecast_date": _iso(m.forecast_date),
        "actual_date": _iso(m.actual_date),
        "slippage_working_days": m.slippage_days,
        "status": m.status,
        "acceptance_criteria": m.acceptance_criteria,
        "version": m.version,
    }


def version_json(v) -> dict:
    return {
        "number": v.number,
        "outcome": v.outcome,
        "submitted_at": v.submitted_at.isoformat(),
        "content_hash": v.content_hash,
        "hash_verified": reports.verify(v),
        "reviews": [
            {"reviewer": r.reviewer_id, "decision": r.decision, "comment": r.comment, "at": r.at.isoformat()}
            for r in v.reviews
        ],
    }


def report_json(r, with_content=False) -> dict:
    data = {
        "id": r.id,
        "title": r.title,
        "status": r.status,
        "milestone_id": r.milestone_id,
        "overall_rag": r.overall_rag,
        "version": r.version,
        "versions": [version_json(v) for v in r.versions],
    }
    if with_content and r.versions:
        data["latest_content"] = {k: v for k, v in r.versions[-1].content.items() if k != "computed"}
    elif with_content:
        data["latest_content"] = None
    return data


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


def _signed_review(review):
    """Parse a review body, check the password, then call `review(reviewer_id=..., decision=..., comment=...,
    (a service's review bound to its subject) and commit; None, or 401 / 422 / 429."""
    body = json_body()
    if body is None:
        return invalid({"body": "Send a JSON object."})
    values, errors = parse(body, REVIEW_SPEC, ignore=())
    if errors:
        return invalid(errors)
    try:
        confirmed = confirm_own_password(values.get("password", ""))
    except LoginThrottled:
        return json_error(429, "Too many failed password checks; wait a few minutes.")
    if not confirmed:
        return json_error(401, "Confirm the review with your password.")
    try:
        review(
            reviewer_id=current_user.id,
            decision=values.get("decision", ""),
            comment=values.get("comment", ""),
        )
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    db.session.commit()
    return None


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
REVIEW_OUT = {"reviewer": "int", "decision": "str", "comment": "str"}
VERSION_OUT = {
    "number": "int",
    "outcome": "str",
    "submitted_at": "str",
    "content_hash": "str",
    "hash_verified": "bool",
    "reviews": [REVIEW_OUT | {"at": "str"}],
}
REPORT_OUT = {
    "id": "int",
    "title": "str",
    "status": "str",
    "milestone_id": "int?",
    "overall_rag": "str",
    "version": "int",
    "versions": [VERSION_OUT],
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

# --- Milestones ---------------------------------------------------------------------


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


# --- Reports ------------------------------------------------------------------------


@bp.get("/projects/<int:project_id>/reports")
@returns([REPORT_OUT])
@project_access(VIEW)
def list_reports(project_id: int):
    return jsonify([report_json(r) for r in reports.reports(project_id)])


@bp.get("/reports/<int:report_id>")
@returns(REPORT_OUT | {"latest_content": "object?"})
@project_access(VIEW, project_of=lambda kw: reports.project_id_of_report(kw["report_id"]))
def get_report(report_id: int):
    return jsonify(report_json(reports.get_report(g.project.id, report_id), with_content=True))


@bp.post("/reports/<int:report_id>/submit")
@returns(REPORT_OUT)
@project_access(EDIT_REPORTS, project_of=lambda kw: reports.project_id_of_report(kw["report_id"]))
@body({}, version=True)
def submit_report(report_id: int):
    report = reports.get_report(g.project.id, report_id)
    body = json_body() or {}
    try:
        reports.submit(
            report,
            expected_version=body.get("version"),
            submitted_by=current_user.id,
            computed=snapshot.computed_content(g.project),
        )
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    except Conflict:
        db.session.rollback()
        current = reports.get_report(g.project.id, report_id)
        return json_error(409, "It changed since you read it.", current=report_json(current))
    db.session.commit()
    return jsonify(report_json(report)), 201


@bp.post("/reports/<int:report_id>/versions/<int:number>/reviews")
@returns(VERSION_OUT)
@project_access(REVIEW, project_of=lambda kw: reports.project_id_of_report(kw["report_id"]))
@body(REVIEW_SPEC, required=("decision", "password"))
def review_report(report_id: int, number: int):
    report = reports.get_report(g.project.id, report_id)
    version = reports.get_version(report, number)
    refused = _signed_review(functools.partial(reports.review, version))
    return refused or (jsonify(version_json(version)), 201)


# --- Gates --------------------------------------------------------------------------


@bp.get("/projects/<int:project_id>/gates")
@returns([GATE_OUT])
@project_access(VIEW)
def list_gates(project_id: int):
    return jsonify([gate_json(gate) for gate in gates.gates_of_project(project_id)])


@bp.post("/gates/<int:gate_id>/reviews")
@returns(GATE_OUT)
@project_access(REVIEW, project_of=lambda kw: gates.project_id_of_gate(kw["gate_id"]))
@body(REVIEW_SPEC, required=("decision", "password"))
def review_gate(gate_id: int):
    gate = gates.get_gate(g.project.id, gate_id)
    refused = _signed_review(functools.partial(gates.review, gate))
    return refused or (jsonify(gate_json(gate)), 201)


@bp.get("/reports/<int:report_id>/versions/<int:number>")
@returns(VERSION_OUT | {"content": "object", "computed": "object"})
@project_access(VIEW, project_of=lambda kw: reports.project_id_of_report(kw["report_id"]))
def get_report_version(report_id: int, number: int):
    version = reports.get_version(reports.get_report(g.project.id, report_id), number)
    data = version_json(version) | {"content": {k: v for k, v in version.content.items() if k != "computed"}}
    data["computed"] = {k: v for k, v in version.content["computed"].items() if k != "charts"}
    return jsonify(data)
