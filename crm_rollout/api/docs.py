"""What a JSON endpoint accepts, declared beside it for the OpenAPI document (api/openapi.py).

The same declaration drives api/parsing.py, so the document cannot drift from what the server checks.
"""

from crm_rollout.api.parsing import Field


def body(spec: dict, *, required=(), version: bool = False):
    """Declare a JSON body: {name: Field or "kind"}; `version` marks an optimistic-lock field."""
    fields = {name: Field.of(declared) for name, declared in spec.items()}

    def decorate(view):
        view.openapi_body = {"spec": fields, "required": tuple(required), "version": version}
        return view

    return decorate
