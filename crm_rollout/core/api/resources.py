"""A project's collection in the API, served the one way: list it, create in it, patch one of it.

A domain names its collection once (`serve`) instead of writing the three routes again: the URLs, the
endpoint names, the declared permission and body, and the one create and update path of api/common.py
are the same for risks, people, meetings or milestones.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import g, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import create_response, update_response
from crm_rollout.core.api.docs import body, returns
from crm_rollout.core.permissions import VIEW, project_access


@dataclass(frozen=True)
class Collection:
    """`plural` is the URL segment and `singular` names the endpoints (list_risks, create_risk, patch_risk).

    `rows(project_id)` lists; `create(project_id, **values)` and `update(row, expected_version=, changes=)`
    are the domain's services; `get(project_id, row_id)` finds a row of the project and `project_of(row_id)`
    the project a row belongs to. Leave out what the collection does not offer.
    """

    plural: str
    singular: str
    to_json: Callable
    out: dict
    permission: str
    rows: Callable[[int], Iterable]
    create: Callable | None = None
    create_spec: dict | None = None
    required: tuple = ()
    update: Callable | None = None
    update_spec: dict | None = None
    get: Callable | None = None
    project_of: Callable[[int], int | None] | None = None


def serve(collection: Collection) -> None:
    c = collection

    def list_rows(project_id: int):
        return jsonify([c.to_json(row) for row in c.rows(project_id)])

    rows_url = f"/projects/<int:project_id>/{c.plural}"
    _route("GET", rows_url, f"list_{c.plural}", list_rows, [c.out], VIEW)
    if c.create is not None:

        def create_row(project_id: int):
            return create_response(lambda values: c.create(project_id, **values), c.to_json)

        create_row = body(c.create_spec, required=c.required)(create_row)
        _route("POST", rows_url, f"create_{c.singular}", create_row, c.out, c.permission)
    if c.update is not None:
        key = f"{c.singular}_id"

        def patch_row(**kwargs):
            return update_response(c.get(g.project.id, kwargs[key]), c.update, c.to_json)

        patch_row = body(c.update_spec, version=True)(patch_row)
        of = project_access(c.permission, project_of=lambda kwargs: c.project_of(kwargs[key]))
        _route("PATCH", f"/{c.plural}/<int:{key}>", f"patch_{c.singular}", patch_row, c.out, access=of)


def _route(method: str, rule: str, endpoint: str, view, out, permission: str | None = None, access=None) -> None:
    view.__name__ = view.__qualname__ = endpoint
    view = returns(out)(view)
    view = (access or project_access(permission))(view)
    bp.add_url_rule(rule, endpoint=endpoint, view_func=view, methods=[method])
