"""What a JSON endpoint accepts, declared beside it for the OpenAPI document (api/openapi.py).

The same spec dicts drive api/parsing.py, so the document cannot drift from what the server checks.
"""


def body(spec: dict[str, str], *, required=(), version: bool = False):
    """Declare a JSON body: `spec` as parsing.parse reads it; `version` marks an optimistic-lock field."""

    def decorate(view):
        view.openapi_body = {"spec": spec, "required": tuple(required), "version": version}
        return view

    return decorate
