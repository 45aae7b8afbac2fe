"""A project's collection in the API, served the one way: list it, create in it, patch one of it.

A domain names its collection once (`serve`) instead of writing the three routes again: the URLs, the
endpoint names, the declared permission and body, and the one create and update path of api/common.py
are the same for risks, people, meetings or milestones.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import g, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import create_response, update_response
from crm_rollout.core.api.docs import body, returns
from crm_rollout.core.lookup import ProjectRows
from crm_rollout.core.permissions import VIEW, project_access


@dataclass(frozen=True)
class Collection:
    """A kind of a project's rows (`rows`, see core.lookup.ProjectRows) served under `plural`.

    `spec` is the body a create and a patch take (`create_spec` where creating takes other fields); `create`
    and `update` stand in for the kind's own services where the API calls them otherwise. The endpoints are
    named after `singular` (list_risks, create_risk, patch_risk): the plural without its "s" unless given.
    The API writes only where a body is declared: a POST with `create_spec` or `spec`, a PATCH with `spec`,
    and neither where the kind has no such service. A PATCH needs `patch_permission` where changing a row
    asks more than adding one; `editable(row)` names the fields this caller may change where the domain's
    rule depends on the row.
    """

    plural: str
    rows: ProjectRows
    to_json: Callable
    out: dict
    permission: str
    spec: dict | None = None
    required: tuple = ()
    create_spec: dict | None = None
    create: Callable | None = None
    update: Callable | None = None
    singular: str | None = None
    patch_permission: str | None = None
    editable: Callable | None = None


def serve(collection: Collection) -> None:
    c, kind = collection, collection.rows
    singular = c.singular or c.plural.removesuffix("s")
    # A body to take is what makes the API offer a write: a list-only collection declares none.
    create_spec = c.create_spec or c.spec
    create = (c.create or kind.create) if create_spec is not None else None
    update = (c.update or kind.update) if c.spec is not None else None

    def list_rows(project_id: int):
        return jsonify([c.to_json(row) for row in kind.rows(project_id)])

    rows_url = f"/projects/<int:project_id>/{c.plural}"
    _route("GET", rows_url, f"list_{c.plural}", list_rows, [c.out], VIEW)
    if create is not None:

        def create_row(project_id: int):
            return create_response(lambda values: create(project_id, **values), c.to_json)

        create_row = body(create_spec, required=c.required)(create_row)
        _route("POST", rows_url, f"create_{singular}", create_row, c.out, c.permission)
    if update is not None:
        key = f"{singular}_id"

        def patch_row(**kwargs):
            row = kind.get(g.project.id, kwargs[key])
            editable = c.editable(row) if c.editable is not None else None
            return update_response(row, update, c.to_json, editable=editable)

        patch_row = body(c.spec, version=True)(patch_row)
        of = project_access(c.patch_permission or c.permission, project_of=kind.project_from(key))
        _route("PATCH", f"/{c.plural}/<int:{key}>", f"patch_{singular}", patch_row, c.out, access=of)


def _route(method: str, rule: str, endpoint: str, view, out, permission: str | None = None, access=None) -> None:
    view.__name__ = view.__qualname__ = endpoint
    view = returns(out)(view)
    view = (access or project_access(permission))(view)
    bp.add_url_rule(rule, endpoint=endpoint, view_func=view, methods=[method])
