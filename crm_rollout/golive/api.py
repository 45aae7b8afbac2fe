"""JSON API for go/no-go: the criteria as they stand, the owned criteria, and the frozen packs."""

from flask import g, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import fields_json, iso
from crm_rollout.core.api.docs import returns, shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.extensions import db
from crm_rollout.core.permissions import EDIT_GOLIVE, VIEW, project_access
from crm_rollout.golive import service
from crm_rollout.golive.models import OwnedCriterion

CRITERION_OUT = {
    "key": "str",
    "label": "str",
    "met": "bool",
    "count": "str",
    "open": ["str"],
    "source": "str",
    "owner": "str?",
    "comment": "str",
    "confirmed_at": "str?",
    "id": "int?",
    "waived_by": "object?",
}
OWNED_SPEC = from_model(OwnedCriterion, {"title": "str", "owner_id": "int?"})
OWNED_OUT = shape_of(OWNED_SPEC, confirmed_at="datetime?", comment="str", id="int", version="int")
PACK_OUT = {
    "number": "int",
    "frozen_at": "datetime",
    "content_hash": "str",
    "hash_verified": "bool",
    "outcome": "str",
    "decision_id": "int?",
    "content": "object",
    "id": "int",
}


@bp.get("/projects/<int:project_id>/golive_criteria")
@returns([CRITERION_OUT])
@project_access(VIEW)
def list_golive_criteria(project_id: int):
    """Every go-live criterion as it stands now: read from the data, or confirmed by its owner."""
    return jsonify(service.criteria(project_id))


def owned_json(row) -> dict:
    return fields_json(row, ("title", "owner_id", "confirmed_at", "comment"))


def pack_json(pack) -> dict:
    return {
        "number": pack.number,
        "frozen_at": iso(pack.frozen_at),
        "content_hash": pack.content_hash,
        "hash_verified": service.verify(pack),
        "outcome": pack.outcome,
        "decision_id": pack.decision_id,
        "content": pack.content,
        "id": pack.id,
    }


@bp.get("/projects/<int:project_id>/golive_packs")
@returns([PACK_OUT])
@project_access(VIEW)
def list_golive_packs(project_id: int):
    return jsonify([pack_json(p) for p in service.packs(project_id)])


@bp.post("/projects/<int:project_id>/golive_packs")
@returns(PACK_OUT, status=201)
@project_access(EDIT_GOLIVE)
def freeze_golive_pack(project_id: int):
    """Freeze every criterion as it stands now, with its SHA-256 (no body)."""
    pack = service.freeze(project_id, user_id=g.actor_id)
    body = pack_json(pack)
    db.session.commit()
    return jsonify(body), 201


serve(
    Collection(
        "owned_criteria",
        service.OWNED_CRITERIA,
        owned_json,
        OWNED_OUT,
        EDIT_GOLIVE,
        OWNED_SPEC,
        required=("title", "owner_id"),
        singular="owned_criterion",
    )
)
