"""The OpenAPI 3.1 document of the JSON API, built from the URL map and each endpoint's declared body."""

import re

from flask import current_app, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.parsing import Field
from crm_rollout.core.limits import INT_MAX

TYPES = {
    "str": {"type": "string"},
    "int": {"type": "integer", "minimum": -INT_MAX - 1, "maximum": INT_MAX},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$"},
    "object": {"type": "object"},
}
ERROR = {
    "type": "object",
    "required": ["error", "message", "fields"],
    "properties": {
        "error": {"type": "string", "description": "The status's name, e.g. Conflict."},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}, "description": "field: problem"},
        "current": {"type": "object", "description": "On 409: the object as it is now."},
        "report": {"type": "object", "description": "On 422 from an import: what each line would do, and why not."},
    },
}
ERRORS = {
    "400": "The body is not a JSON object (or not valid JSON: NaN and Infinity are not numbers).",
    "401": "Sign in, or send a valid bearer token (or confirm a review with your password).",
    "403": "Your role in the project does not allow it.",
    "404": "No such object in a project you belong to.",
    "405": "The method is not allowed here (see the Allow header).",
    "409": "It changed since you read it (the current object is in `current`).",
    "413": "The request body is larger than the limit.",
    "422": "Some fields are invalid (`fields` names each).",
    "429": "Too many failed password checks; wait a few minutes.",
    "503": "The database cannot be reached; try again after Retry-After seconds.",
}


NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = "^[^\\u0000]*[^\\u0000\\s][^\\u0000]*$"  # some text besides white space, and no NUL


def _field(declared) -> dict:
    field = Field.of(declared)
    schema = dict(TYPES[field.kind])
    if field.kind == "str":
        schema["pattern"] = NOT_BLANK if field.nonempty else NO_NUL
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
    if field.enum:
        schema = {"type": "string", "enum": list(field.enum)}
    if field.minimum is not None:
        schema["minimum"] = field.minimum
    if field.maximum is not None:
        schema["maximum"] = field.maximum
    if field.nullable:
        schema["type"] = [schema["type"], "null"]
        if field.enum:
            schema["enum"] = [*field.enum, None]
    return schema


def _shape_schema(shape) -> dict:
    """The JSON Schema of a declared response shape (api/docs.returns)."""
    if isinstance(shape, list):
        return {"type": "array", "items": _shape_schema(shape[0])}
    if isinstance(shape, dict):
        properties = {name: _shape_schema(inner) for name, inner in shape.items()}
        return {"type": "object", "properties": properties, "required": list(shape)}
    field = Field.of(shape)
    schema = dict(TYPES[field.kind])
    schema.pop("minimum", None), schema.pop("maximum", None), schema.pop("pattern", None)
    if field.nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


def _request_body(declared: dict) -> dict:
    properties = {name: _field(kind) for name, kind in declared["spec"].items()}
    required = list(declared["required"])
    if declared["version"]:
        properties["version"] = _field("int")
        required.append("version")
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _operation(endpoint: str, method: str, view, arguments, choices: dict) -> dict:
    if method == "DELETE":
        success = {"204": {"description": "Deleted."}}
    elif getattr(view, "openapi_file", None):
        binary = {"schema": {"type": "string", "format": "binary"}}
        content = dict.fromkeys(view.openapi_file, binary)
        success = {"200": {"description": "The file's bytes.", "content": content}}
    else:
        shape = _shape_schema(view.openapi_returns)
        code = getattr(view, "openapi_status", "201" if method == "POST" else "200")
        success = {code: {"description": "OK", "content": {"application/json": {"schema": shape}}}}
    errors = {
        code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for code, text in ERRORS.items()
    }
    operation = {
        "operationId": endpoint.removeprefix("api."),
        "summary": (view.__doc__ or endpoint.removeprefix("api.").replace("_", " ")).strip().split("\n")[0],
        "parameters": [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "string", "enum": sorted(choices[name])}
                if name in choices
                else {"type": "integer", "minimum": 1, "maximum": INT_MAX},
            }
            for name in sorted(arguments)
        ],
        "responses": success | errors,
    }
    for name, kind in getattr(view, "openapi_query", {}).items():
        schema = {"type": "string", "enum": ["0", "1"]} if kind == "bool" else {"type": TYPES[kind]["type"]}
        operation["parameters"].append({"name": name, "in": "query", "required": False, "schema": schema})
    declared = getattr(view, "openapi_body", None)
    if declared:
        operation["requestBody"] = _request_body(declared)
    if getattr(view, "openapi_raw", None):
        text = {"schema": {"type": "string"}}
        operation["requestBody"] = {"required": True, "content": dict.fromkeys(view.openapi_raw, text)}
    if getattr(view, "openapi_upload", False):
        files = {"type": "array", "items": {"type": "string", "format": "binary"}}
        schema = {"type": "object", "properties": {"file": files}, "required": ["file"]}
        operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    return operation


def _choices(rule: str) -> dict[str, set]:
    """Path arguments that take one of a few words (`<any(a, b):name>`): name -> the words."""
    return {
        name: {word.strip() for word in words.split(",")} for words, name in re.findall(r"<any\(([^)]*)\):(\w+)>", rule)
    }


def document(app) -> dict:
    paths: dict[str, dict] = {}
    operations = []  # (path, method, view, arguments) for the links between them
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api.") or rule.endpoint == "api.openapi":
            continue
        path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            view = app.view_functions[rule.endpoint]
            operation = _operation(rule.endpoint, method, view, rule.arguments, _choices(rule.rule))
            paths.setdefault(path, {})[method.lower()] = operation
            operations.append((path, method.lower(), view, sorted(rule.arguments)))
    _link_created_objects(paths, operations)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CRM Rollout API",
            "version": "1",
            "description": "Per-project permissions as in the app. Writes that take `version` answer 409 "
            "with the current object when it is stale.",
        },
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": {"Error": ERROR},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


def _link_created_objects(paths: dict, operations: list) -> None:
    """Links for stateful clients: what a POST creates (an object with an id) can be read or changed by the
    operations that answer the same shape at a path with one id in it."""
    for path, method, view, _arguments in operations:
        shape = getattr(view, "openapi_returns", None)
        if method != "post" or not isinstance(shape, dict) or "id" not in shape:
            continue
        links = {}
        for other_path, other_method, other_view, arguments in operations:
            single_object = len(arguments) == 1 and arguments[0] != "project_id"
            if other_path != path and single_object and getattr(other_view, "openapi_returns", None) == shape:
                operation_id = paths[other_path][other_method]["operationId"]
                links[operation_id] = {"operationId": operation_id, "parameters": {arguments[0]: "$response.body#/id"}}
        if links:
            paths[path][method]["responses"]["201"]["links"] = links


@bp.get("/openapi.json")
def openapi():
    """This document (public: it describes the API, not any project's data)."""
    return jsonify(document(current_app))
