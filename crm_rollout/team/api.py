"""JSON API for the project organisation's people."""

from crm_rollout.core.api.common import fields_json
from crm_rollout.core.api.docs import shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.permissions import MANAGE_TEAM
from crm_rollout.team import service as team
from crm_rollout.team.models import TIERS, Person

PERSON_SPEC = {
    "name": "str",
    "organisation": "str",
    "is_consultancy": "bool",
    "department": "str",
    "role_title": "str",
    "tier": "str",
    "position": "str",
    "functional_group": "str",
    "leads_group": "bool",
    "sits_on_steering": "bool",
    "allocation_percent": "int",
    "allocation_start": "date?",
    "allocation_end": "date?",
    "contact": "str",
    "user_id": "int?",
}


PERSON_SPEC = from_model(Person, PERSON_SPEC, enums={"tier": TIERS}, ranges={"allocation_percent": (0, 100)})


def person_json(p) -> dict:
    return fields_json(p, (*team.PERSON_FIELDS, "allocation_start", "allocation_end"))


PERSON_OUT = shape_of(PERSON_SPEC, id="int", version="int")


serve(
    Collection(
        "people",
        team.PEOPLE,
        person_json,
        PERSON_OUT,
        MANAGE_TEAM,
        PERSON_SPEC,
        required=("name", "tier", "position"),
        singular="person",
    )
)
