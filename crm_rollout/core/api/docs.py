"""What a JSON endpoint accepts, declared beside it for the OpenAPI document (api/openapi.py).

The same declaration drives api/parsing.py, so the document cannot drift from what the server checks.
"""

from crm_rollout.core.api.parsing import Field


def body(spec: dict, *, required=(), version: bool = False):
    """Declare a JSON body: {name: Field or "kind"}; `version` marks an optimistic-lock field."""
    fields = {name: Field.of(declared) for name, declared in spec.items()}

    def decorate(view):
        view.openapi_body = {"spec": fields, "required": tuple(required), "version": version}
        return view

    return decorate


def returns(shape, status: int | None = None):
    """Declare what a successful call answers: a shape is {name: "kind" (a trailing ? allows null), a
    nested shape, or [shape] for a list}; [shape] at the top for a list of objects. `status`: when a
    success is not the method's usual one (201 for POST, else 200)."""

    def decorate(view):
        view.openapi_returns = shape
        if status is not None:
            view.openapi_status = str(status)
        return view

    return decorate


def shape_of(spec: dict, **more) -> dict:
    """A response shape with the fields a body declares (as stored, so without the request's rules)."""
    shape = {name: field.kind + ("?" if field.nullable else "") for name, field in map(_named, spec.items())}
    return shape | more


def _named(item):
    name, declared = item
    return name, Field.of(declared)


def uploads(view):
    """Declare a multipart body of files (the field `file`, one or more)."""
    view.openapi_upload = True
    return view


def takes_file(mime_types):
    """Declare a body that is a file's bytes (a BPMN document, say), sent as it is."""

    def decorate(view):
        view.openapi_raw = tuple(sorted(set(mime_types)))
        return view

    return decorate


def returns_file(mime_types):
    """Declare an answer that is a file's bytes, not JSON, of one of these types."""

    def decorate(view):
        view.openapi_file = tuple(sorted(set(mime_types)))
        view.openapi_returns = None
        return view

    return decorate


def query(**params):
    """Declare optional query parameters: {name: "bool" | "int" | "str"}."""

    def decorate(view):
        view.openapi_query = params
        return view

    return decorate
