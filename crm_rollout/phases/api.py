"""JSON API for phases and their checklist items."""

from flask import g, jsonify
from flask_login import current_user

from crm_rollout.activity import service as activity
from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import update_response
from crm_rollout.core.api.docs import body, returns
from crm_rollout.core.api.parsing import Field, from_model
from crm_rollout.core.permissions import VIEW, project_access
from crm_rollout.phases import changing
from crm_rollout.phases import service as phases
from crm_rollout.phases.models import ChecklistItem


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


ITEM_OUT = {
    "id": "int",
    "phase": "int?",
    "title": "str",
    "title_zh": "str",
    "title_en": "str",
    "status": "str",
    "owner": "int?",
    "owner_name": "str?",
    "due_date": "date?",
    "mandatory": "bool",
    "notes": "str",
    "overdue": "bool",
    "version": "int",
}


PHASE_OUT = {
    "id": "int",
    "number": "int",
    "key": "str",
    "name": "str",
    "name_zh": "str",
    "status": "str",
    "progress": "float",
    "items": [ITEM_OUT],
}


HISTORY_OUT = {
    "id": "int",
    "at": "str",
    "actor": "str?",
    "action": "str",
    "field": "str?",
    "old": "str?",
    "new": "str?",
}


@bp.get("/projects/<int:project_id>/phases")
@returns([PHASE_OUT])
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


ITEM_PATCH = from_model(
    ChecklistItem,
    {
        "status": "str",
        "owner": "int?",
        "person": "int?",
        "due_date": "date?",
        "notes": "str",
        "title": Field("str", max_length=ChecklistItem.__table__.c.title_en.type.length),
        "mandatory": "bool",
    },
)


@bp.patch("/items/<int:item_id>")
@returns(ITEM_OUT)
@project_access(VIEW, project_of=phases.ITEMS.project_from("item_id"))
@body(ITEM_PATCH, version=True)
def patch_item(item_id: int):
    item = phases.ITEMS.get(g.project.id, item_id)
    editable = phases.editable_item_fields(g.role, current_user.id, item)
    return update_response(item, changing.update_item, _item_json, editable=editable)


@bp.get("/items/<int:item_id>/history")
@returns([HISTORY_OUT])
@project_access(VIEW, project_of=phases.ITEMS.project_from("item_id"))
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
