"""JSON API v1: the same services and permissions as the pages; errors are always JSON."""

from flask import g, jsonify, request
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from crm_rollout.activity import service as activity
from crm_rollout.api.blueprint import bp
from crm_rollout.api.docs import body
from crm_rollout.api.parsing import parse
from crm_rollout.errors import Conflict, ValidationFailed
from crm_rollout.extensions import db
from crm_rollout.permissions import VIEW, editable_item_fields, project_access
from crm_rollout.phases import service as phases
from crm_rollout.projects import service as projects


def _item_json(item) -> dict:
    return {
        "id": item.id,
        "phase": item.phase.number if item.phase else None,
        "title": item.title_en or item.title_zh,
        "title_zh": item.title_zh,
        "title_en": item.title_en,
        "status": item.status,
        "owner": item.owner_id,
        "owner_name": item.owner.display_name if item.owner else None,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "mandatory": item.mandatory,
        "notes": item.notes,
        "overdue": item.is_overdue,
        "version": item.version,
    }


@bp.get("/projects")
@login_required
def list_projects():
    return jsonify(
        [
            {
                "id": project.id,
                "name": project.name,
                "company": project.company,
                "role": role,
                "start_date": project.start_date.isoformat() if project.start_date else None,
                "target_golive_date": project.target_golive_date.isoformat() if project.target_golive_date else None,
            }
            for project, role in projects.projects_of(current_user.id)
        ]
    )


@bp.get("/projects/<int:project_id>/phases")
@project_access(VIEW)
def list_phases(project_id: int):
    summaries = phases.summaries(project_id)
    items_by_phase = {}
    for item in phases.project_items(project_id):
        items_by_phase.setdefault(item.phase_id, []).append(_item_json(item))
    return jsonify(
        [
            {
                "id": s.phase.id,
                "number": s.phase.number,
                "key": s.phase.key,
                "name": s.phase.name_en,
                "name_zh": s.phase.name_zh,
                "status": s.phase.status,
                "progress": s.progress if s.progress is not None else 0,
                "items": items_by_phase.get(s.phase.id, []),
            }
            for s in summaries
        ]
    )


ITEM_PATCH = {
    "status": "str",
    "owner": "int?",
    "person": "int?",
    "due_date": "date?",
    "notes": "str",
    "title": "str",
    "mandatory": "bool",
}


@bp.patch("/items/<int:item_id>")
@project_access(VIEW, project_of=lambda kwargs: phases.project_id_of_item(kwargs["item_id"]))
@body(ITEM_PATCH, version=True)
def patch_item(item_id: int):
    item = phases.get_item(g.project.id, item_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="Bad Request", message="Send a JSON object.", fields={}), 400
    changes, errors = parse(body, ITEM_PATCH)
    if errors:
        return jsonify(error="Unprocessable", message="Some fields are invalid.", fields=errors), 422
    allowed = editable_item_fields(g.role, current_user.id, item)
    if not allowed or not set(changes) <= allowed:
        return jsonify(error="Forbidden", message="Your role may not change these fields of this item."), 403
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        return jsonify(
            error="Unprocessable", message="Send the item's version.", fields={"version": "Required integer."}
        ), 422
    try:
        phases.update_item(item, expected_version=version, changes=changes)
        written = _item_json(item)  # before the commit: the version this write made, not a later one
    except ValidationFailed as error:
        db.session.rollback()
        return jsonify(error="Unprocessable", message="Some fields are invalid.", fields=error.errors), 422
    except (Conflict, StaleDataError):  # stale on arrival, or lost the race at the UPDATE itself
        db.session.rollback()
        current = phases.get_item(g.project.id, item_id)
        return jsonify(
            error="Conflict", message="The item changed since you read it.", current=_item_json(current)
        ), 409
    db.session.commit()
    return jsonify(written)


@bp.get("/items/<int:item_id>/history")
@project_access(VIEW, project_of=lambda kwargs: phases.project_id_of_item(kwargs["item_id"]))
def item_history(item_id: int):
    return jsonify(
        [
            {
                "id": entry.id,
                "at": entry.at.isoformat(),
                "actor": entry.actor.username if entry.actor else None,
                "action": entry.action,
                "field": entry.field,
                "old": entry.old_value,
                "new": entry.new_value,
            }
            for entry in activity.history("checklist_items", item_id)
        ]
    )
