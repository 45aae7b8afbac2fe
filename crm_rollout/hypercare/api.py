"""JSON API for hypercare's incidents."""

from flask import g

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import fields_json, update_response
from crm_rollout.core.api.docs import body, returns, shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.db import utcnow
from crm_rollout.core.permissions import COMMENT, EDIT_GOLIVE, project_access
from crm_rollout.hypercare import service
from crm_rollout.hypercare.models import Incident

SPEC = from_model(
    Incident,
    {
        "title": "str",
        "description": "str",
        "priority": "str",
        "category": "str",
        "owner_id": "int?",
        "reported_at": "datetime?",
        "responded_at": "datetime?",
        "resolved_at": "datetime?",
        "resolution": "str",
    },
)


def incident_json(row) -> dict:
    now = utcnow()
    return fields_json(row, service.FIELDS) | {
        "response_met": row.response_met(now),
        "resolution_met": row.resolution_met(now),
    }


OUT = shape_of(SPEC, response_met="bool?", resolution_met="bool?", id="int", version="int")

# Anyone who takes part in the project reports an incident; the director and consultants triage it.
serve(
    Collection(
        "incidents",
        "incident",
        incident_json,
        OUT,
        COMMENT,
        rows=service.incidents,
        create=service.create_incident,
        create_spec=SPEC,
        required=("title",),
    )
)


@bp.patch("/incidents/<int:incident_id>")
@returns(OUT)
@project_access(EDIT_GOLIVE, project_of=lambda kw: service.project_id_of_incident(kw["incident_id"]))
@body(SPEC, version=True)
def patch_incident(incident_id: int):
    return update_response(service.get_incident(g.project.id, incident_id), service.update_incident, incident_json)
