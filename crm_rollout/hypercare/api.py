"""JSON API for hypercare's incidents."""

from crm_rollout.core.api.common import fields_json
from crm_rollout.core.api.docs import shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.db import utcnow
from crm_rollout.core.permissions import COMMENT, EDIT_GOLIVE
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
        service.INCIDENTS,
        incident_json,
        OUT,
        COMMENT,
        SPEC,
        required=("title",),
        patch_permission=EDIT_GOLIVE,
    )
)
