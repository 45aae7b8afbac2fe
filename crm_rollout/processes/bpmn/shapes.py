"""The file itself: parsed with the checks that keep a hostile file from costing memory or time, and the
shapes and routes of its diagram."""

import math
from contextlib import suppress

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.i18n import gettext as _
from crm_rollout.processes.bpmn.names import BPMN, BPMNDI, DC, DI, q

MAX_BYTES = 2_000_000
MAX_ELEMENTS = 50_000  # XML elements of any kind, diagram included


def fail(message: str):
    raise ValidationFailed({"file": message})


def document(data: bytes):
    """The parsed BPMN document, after the checks that keep a hostile file from costing memory or time."""
    if len(data) > MAX_BYTES:
        fail(_("The file is larger than 2 MB."))
    try:
        root = SafeTree.fromstring(data)
    except (SafeTree.ParseError, DefusedXmlException, ValueError):
        fail(_("This is not a readable XML file."))
    if root.tag != q(BPMN, "definitions"):
        fail(_("This is not a BPMN 2.0 file (no bpmn:definitions)."))
    if sum(1 for _element in root.iter()) > MAX_ELEMENTS:
        fail(_("The file has more than %(n)d elements.", n=MAX_ELEMENTS))
    return root


def drawing(root) -> tuple[dict, dict]:
    """Shapes and routes of the file's first diagram. Modellers draw a collapsed sub-process's inside
    on a diagram of its own, in coordinates of its own: those shapes are not placed on the main one
    (the steps are then laid out by the app, all of them)."""
    shapes, edges = {}, {}
    first = root.find(q(BPMNDI, "BPMNDiagram"))
    if first is None:
        return shapes, edges
    for shape in first.iter(q(BPMNDI, "BPMNShape")):
        element = shape.get("bpmnElement")
        if element and element not in shapes:
            shapes[element] = {
                "bounds": _bounds(shape),
                "horizontal": shape.get("isHorizontal", "true") != "false",
                "expanded": shape.get("isExpanded") == "true",
            }
    for edge in first.iter(q(BPMNDI, "BPMNEdge")):
        element = edge.get("bpmnElement")
        if element and element not in edges:
            edges[element] = _waypoints(edge)
    return shapes, edges


def _bounds(shape) -> list[float] | None:
    bounds = shape.find(q(DC, "Bounds"))
    if bounds is None:
        return None
    try:
        values = [float(bounds.get(k, "")) for k in ("x", "y", "width", "height")]
    except ValueError:
        return None
    return values if all(math.isfinite(v) and abs(v) < 1e6 for v in values) else None


def _waypoints(edge) -> list[list[float]] | None:
    points = []
    for point in edge.findall(q(DI, "waypoint")):
        with suppress(ValueError):
            x, y = float(point.get("x", "")), float(point.get("y", ""))
            if math.isfinite(x) and math.isfinite(y) and abs(x) < 1e6 and abs(y) < 1e6:
                points.append([x, y])
    return points if len(points) >= 2 else None
