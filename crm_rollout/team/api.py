"""JSON API for the project organisation's people."""

from flask import g, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import create_response, iso, update_response
from crm_rollout.core.api.docs import body, returns, shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.permissions import MANAGE_TEAM, VIEW, project_access
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
    data = {name: getattr(p, name) for name in team.PERSON_FIELDS}
    data |= {"allocation_start": iso(p.allocation_start), "allocation_end": iso(p.allocation_end)}
    return data | {"id": p.id, "version": p.version}


PERSON_OUT = shape_of(PERSON_SPEC, id="int", version="int")


@bp.get("/projects/<int:project_id>/people")
@returns([PERSON_OUT])
@project_access(VIEW)
def list_people(project_id: int):
    return jsonify([person_json(p) for p in team.people(project_id)])


@bp.post("/projects/<int:project_id>/people")
@returns(PERSON_OUT)
@project_access(MANAGE_TEAM)
@body(PERSON_SPEC, required=("name", "tier", "position"))
def create_person(project_id: int):
    return create_response(lambda v: team.add_person(project_id, **v), person_json)


@bp.patch("/people/<int:person_id>")
@returns(PERSON_OUT)
@project_access(MANAGE_TEAM, project_of=lambda kw: team.project_id_of_person(kw["person_id"]))
@body(PERSON_SPEC, version=True)
def patch_person(person_id: int):
    return update_response(team.get_person(g.project.id, person_id), team.update_person, person_json)
