"""JSON API: the method library, each method with its published versions."""

from flask import jsonify
from flask_login import login_required

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import iso
from crm_rollout.core.api.docs import returns
from crm_rollout.methods import service

METHOD_OUT = {
    "id": "int",
    "key": "str",
    "name_zh": "str",
    "name_en": "str",
    "built_in": "bool",
    "versions": [{"id": "int", "number": "int", "published_at": "datetime", "note": "str", "phases": "int"}],
    "has_draft": "bool",
}


@bp.get("/methods")
@returns([METHOD_OUT])
@login_required
def list_methods():
    """Every method of the library; a project is created from a published version's id (method_version_id)."""
    return jsonify(
        [
            {
                "id": method.id,
                "key": method.key,
                "name_zh": method.name_zh,
                "name_en": method.name_en,
                "built_in": method.built_in,
                "versions": [
                    {
                        "id": v.id,
                        "number": v.number,
                        "published_at": iso(v.published_at),
                        "note": v.note,
                        "phases": len(v.content.get("phases", [])),
                    }
                    for v in method.versions
                    if not v.is_draft
                ],
                "has_draft": service.draft(method) is not None,
            }
            for method in service.methods()
        ]
    )
