"""JSON API for milestone reports: read, submit, review (the reviewer confirms with their password, as on the pages)."""

import functools

from flask import g, jsonify
from flask_login import current_user

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import invalid, json_body
from crm_rollout.core.api.docs import body, returns
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.errors import Conflict, ValidationFailed, json_error
from crm_rollout.core.extensions import db
from crm_rollout.core.permissions import EDIT_REPORTS, REVIEW, VIEW, project_access
from crm_rollout.reports import service as reports
from crm_rollout.reports import snapshot
from crm_rollout.steering.api import REVIEW_OUT as REVIEW_OUT
from crm_rollout.steering.api import REVIEW_SPEC as REVIEW_SPEC
from crm_rollout.steering.api import signed_review


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


serve(Collection("reports", reports.REPORTS, report_json, REPORT_OUT, VIEW))


@bp.get("/reports/<int:report_id>")
@returns(REPORT_OUT | {"latest_content": "object?"})
@project_access(VIEW, project_of=reports.REPORTS.project_from("report_id"))
def get_report(report_id: int):
    return jsonify(report_json(reports.REPORTS.get(g.project.id, report_id), with_content=True))


@bp.post("/reports/<int:report_id>/submit")
@returns(REPORT_OUT)
@project_access(EDIT_REPORTS, project_of=reports.REPORTS.project_from("report_id"))
@body({}, version=True)
def submit_report(report_id: int):
    report = reports.REPORTS.get(g.project.id, report_id)
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
        current = reports.REPORTS.get(g.project.id, report_id)
        return json_error(409, "It changed since you read it.", current=report_json(current))
    db.session.commit()
    return jsonify(report_json(report)), 201


@bp.post("/reports/<int:report_id>/versions/<int:number>/reviews")
@returns(VERSION_OUT)
@project_access(REVIEW, project_of=reports.REPORTS.project_from("report_id"))
@body(REVIEW_SPEC, required=("decision", "password"))
def review_report(report_id: int, number: int):
    report = reports.REPORTS.get(g.project.id, report_id)
    version = reports.get_version(report, number)
    refused = signed_review(functools.partial(reports.review, version))
    return refused or (jsonify(version_json(version)), 201)


@bp.get("/reports/<int:report_id>/versions/<int:number>")
@returns(VERSION_OUT | {"content": "object", "computed": "object"})
@project_access(VIEW, project_of=reports.REPORTS.project_from("report_id"))
def get_report_version(report_id: int, number: int):
    version = reports.get_version(reports.REPORTS.get(g.project.id, report_id), number)
    data = version_json(version) | {"content": {k: v for k, v in version.content.items() if k != "computed"}}
    data["computed"] = {k: v for k, v in version.content["computed"].items() if k != "charts"}
    return jsonify(data)
