"""BPMN 2.0 for process analysts: export a model with its diagram layout, import tasks, lanes and flows.

A step is a user task in its actor's lane; a step that branches is a task followed by an exclusive gateway
whose outgoing flows carry the branch labels. Department, system and duration travel as extension
attributes, so our own files round-trip exactly while any modeller can still open them.
"""

import math
from contextlib import suppress
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException
from flask_babel import gettext as _

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.processes.diagrams import EVENT_R, swimlane
from crm_rollout.processes.metrics import routes

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
CRM = "urn:crm-rollout:bpmn:1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
for _prefix, _uri in (("bpmn", BPMN), ("bpmndi", BPMNDI), ("dc", DC), ("di", DI), ("crm", CRM), ("xsi", XSI)):
    register_namespace(_prefix, _uri)  # the prefixes modellers expect, instead of ns0, ns1 ...
POOL_HEAD = 30
MAX_BYTES = 2_000_000
MAX_STEPS = 500
MAX_FLOWS = 2_000  # a real process has a few per step; more is a generated file, not a drawing
MAX_ELEMENTS = 50_000
MAX_STEP_HOURS = 10_000.0  # XML elements of any kind, diagram included
TASKS = {
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "sendTask",
    "receiveTask",
    "scriptTask",
    "businessRuleTask",
    "subProcess",
    "callActivity",
}
GATEWAYS = {"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway"}
PASS_THROUGH = {"intermediateCatchEvent", "intermediateThrowEvent"}


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# --- Export --------------------------------------------------------------------------------------


def export(title: str, steps, flows) -> bytes:
    """The model as a BPMN 2.0 document with collaboration, lanes, tasks, gateways, flows and diagram."""
    steps = sorted(steps, key=lambda s: s.position)
    graph = routes(steps, flows)
    chart = swimlane(steps, flows)
    boxes = {b.step_id: b for b in chart.boxes}
    branches = {s.id for s in steps if s.is_decision or len(graph[s.id]) > 1}
    ids = {s.id: f"Step_{n}" for n, s in enumerate(steps, start=1)}

    root = Element(
        _q(BPMN, "definitions"),
        {"id": "Definitions_1", "targetNamespace": CRM, "exporter": "CRM Rollout", "exporterVersion": "1"},
    )
    collaboration = SubElement(root, _q(BPMN, "collaboration"), id="Collaboration_1")
    SubElement(collaboration, _q(BPMN, "participant"), id="Participant_1", name=title, processRef="Process_1")
    # Marked executable so workflow engines (SpiffWorkflow, Camunda) load it as well as modellers.
    process = SubElement(root, _q(BPMN, "process"), id="Process_1", name=title, isExecutable="true")
    lane_set = SubElement(process, _q(BPMN, "laneSet"), id="LaneSet_1")
    lane_nodes = {}
    for n, lane in enumerate(chart.lanes, start=1):
        lane_nodes[lane.full_label.casefold()] = SubElement(
            lane_set, _q(BPMN, "lane"), id=f"Lane_{n}", name=lane.full_label
        )

    flow_rows = []  # (id, source, target, name)
    nodes = {}  # id -> element, for incoming/outgoing references
    branch_flows = {}  # gateway id -> its outgoing flow ids

    def add_flow(source, target, name=""):
        flow_id = f"Flow_{len(flow_rows) + 1}"
        flow_rows.append((flow_id, source, target, name))
        if source.startswith("Gateway_"):
            branch_flows.setdefault(source, []).append(flow_id)
        return flow_id

    if steps:
        nodes["StartEvent_1"] = SubElement(process, _q(BPMN, "startEvent"), id="StartEvent_1", name=_("Start"))
        add_flow("StartEvent_1", ids[steps[0].id])
    ends = {}
    for step in steps:
        nodes[ids[step.id]] = _task(process, step, ids[step.id])
        lane = lane_nodes[" ".join(step.actor.split()).casefold()]
        SubElement(lane, _q(BPMN, "flowNodeRef")).text = ids[step.id]
        source = ids[step.id]
        if step.id in branches:
            gateway_id = f"Gateway_{ids[step.id][5:]}"
            nodes[gateway_id] = SubElement(process, _q(BPMN, "exclusiveGateway"), id=gateway_id, name=step.activity)
            SubElement(lane, _q(BPMN, "flowNodeRef")).text = gateway_id
            add_flow(source, gateway_id)
            source = gateway_id
        for route in graph[step.id]:
            if route.target_id is None:
                end_id = ends.setdefault(boxes[step.id].cy, f"EndEvent_{len(ends) + 1}")
                if end_id not in nodes:
                    nodes[end_id] = SubElement(process, _q(BPMN, "endEvent"), id=end_id, name=_("End"))
                    SubElement(lane, _q(BPMN, "flowNodeRef")).text = end_id
                add_flow(source, end_id, route.label)
            else:
                add_flow(source, ids[route.target_id], route.label)
    _sequence_flows(process, nodes, flow_rows, branch_flows)
    _diagram(root, chart, boxes, ids, branches, ends, flow_rows)
    return tostring(root, encoding="utf-8", xml_declaration=True)


def _task(process, step, task_id: str):
    """A step as a user task, with what BPMN has no attribute for kept in our own extension element."""
    task = SubElement(process, _q(BPMN, "userTask"), id=task_id, name=step.activity)
    extension = SubElement(task, _q(BPMN, "extensionElements"))
    SubElement(
        extension,
        _q(CRM, "step"),
        actor=step.actor,
        department=step.department or "",
        system=step.system or "",
        durationHours=f"{step.duration_hours or 0:g}",
        decision="true" if step.is_decision else "false",
    )
    return task


def _sequence_flows(process, nodes: dict, flow_rows: list, branch_flows: dict) -> None:
    # The schema wants every node's incoming references before its outgoing ones.
    for flow_id, _source, target, _name in flow_rows:
        SubElement(nodes[target], _q(BPMN, "incoming")).text = flow_id
    for flow_id, source, _target, _name in flow_rows:
        SubElement(nodes[source], _q(BPMN, "outgoing")).text = flow_id
    for gateway_id, outgoing in branch_flows.items():
        nodes[gateway_id].set("default", outgoing[0])
    conditional = {flow_id for outgoing in branch_flows.values() for flow_id in outgoing[1:]}
    for flow_id, source, target, name in flow_rows:
        attributes = {"id": flow_id, "sourceRef": source, "targetRef": target}
        if name:
            attributes["name"] = name
        flow = SubElement(process, _q(BPMN, "sequenceFlow"), attributes)
        if flow_id in conditional:
            # Engines need a condition on every branch but the default: the branch's label, as an expression.
            condition = SubElement(flow, _q(BPMN, "conditionExpression"), {_q(XSI, "type"): "bpmn:tFormalExpression"})
            condition.text = f"branch == {name or target!r}"


def _bounds(shape, x, y, w, h) -> None:
    SubElement(shape, _q(DC, "Bounds"), x=str(x), y=str(y), width=str(w), height=str(h))


def _diagram(root, chart, boxes, ids, branches, ends, flow_rows) -> None:
    """Shapes and edges placed as on the swimlane page, so a modeller shows the same picture."""
    diagram = SubElement(root, _q(BPMNDI, "BPMNDiagram"), id="Diagram_1")
    plane = SubElement(diagram, _q(BPMNDI, "BPMNPlane"), id="Plane_1", bpmnElement="Collaboration_1")
    pool = SubElement(plane, _q(BPMNDI, "BPMNShape"), id="Participant_1_di", bpmnElement="Participant_1")
    pool.set("isHorizontal", "true")
    _bounds(pool, 0, chart.lanes[0].y if chart.lanes else 0, chart.width, len(chart.lanes) * chart.lanes[0].h)
    for n, lane in enumerate(chart.lanes, start=1):
        shape = SubElement(plane, _q(BPMNDI, "BPMNShape"), id=f"Lane_{n}_di", bpmnElement=f"Lane_{n}")
        shape.set("isHorizontal", "true")
        _bounds(shape, POOL_HEAD, lane.y, chart.width - POOL_HEAD, lane.h)
    centres = {}
    if chart.start:
        _bounds(
            SubElement(plane, _q(BPMNDI, "BPMNShape"), id="StartEvent_1_di", bpmnElement="StartEvent_1"),
            *_circle(chart.start),
        )
        centres["StartEvent_1"] = (chart.start.cx, chart.start.cy)
    for step_id, box in boxes.items():
        width = box.w - 40 if step_id in branches else box.w
        shape = SubElement(plane, _q(BPMNDI, "BPMNShape"), id=f"{ids[step_id]}_di", bpmnElement=ids[step_id])
        _bounds(shape, box.x, box.y, width, box.h)
        centres[ids[step_id]] = (box.x + width // 2, box.cy)
        if step_id in branches:
            gateway_id = f"Gateway_{ids[step_id][5:]}"
            shape = SubElement(plane, _q(BPMNDI, "BPMNShape"), id=f"{gateway_id}_di", bpmnElement=gateway_id)
            shape.set("isMarkerVisible", "true")
            _bounds(shape, box.x + box.w - 32, box.cy - 16, 32, 32)
            centres[gateway_id] = (box.x + box.w - 16, box.cy)
    by_lane_y = {event.cy: event for event in chart.ends}
    for cy, end_id in ends.items():
        event = by_lane_y[cy]
        _bounds(SubElement(plane, _q(BPMNDI, "BPMNShape"), id=f"{end_id}_di", bpmnElement=end_id), *_circle(event))
        centres[end_id] = (event.cx, event.cy)
    for flow_id, source, target, _name in flow_rows:
        edge = SubElement(plane, _q(BPMNDI, "BPMNEdge"), id=f"{flow_id}_di", bpmnElement=flow_id)
        (x1, y1), (x2, y2) = centres[source], centres[target]
        points = [(x1, y1), (x2, y2)] if y1 == y2 else [(x1, y1), ((x1 + x2) // 2, y1), ((x1 + x2) // 2, y2), (x2, y2)]
        for x, y in points:
            SubElement(edge, _q(DI, "waypoint"), x=str(x), y=str(y))


def _circle(event) -> tuple[int, int, int, int]:
    return event.cx - EVENT_R, event.cy - EVENT_R, EVENT_R * 2, EVENT_R * 2


# --- Import --------------------------------------------------------------------------------------


@dataclass
class Imported:
    steps: list[dict]  # values for ProcessStep, in order
    flows: list[tuple[int, int | None, str]]  # (source index, target index or None for the end, label)


def _fail(message: str):
    raise ValidationFailed({"file": message})


def parse(data: bytes) -> Imported:
    """Steps and explicit routes from a BPMN file: tasks (and lone gateways) become steps, lanes their actors."""
    root = _document(data)
    process = next((p for p in root.iter(_q(BPMN, "process")) if _nodes(p)), None)
    if process is None:
        _fail(_("The file has no process with tasks."))
    nodes = _nodes(process)
    lanes = {
        ref.text.strip(): lane.get("name", "") for lane in process.iter(_q(BPMN, "lane")) for ref in lane if ref.text
    }
    outgoing, incoming = _flows(process, nodes)
    kind = {node_id: _local(element.tag) for node_id, element in nodes.items()}
    absorbed = {
        node_id: incoming[node_id][0]
        for node_id in nodes
        if kind[node_id] in GATEWAYS
        and len(incoming.get(node_id, [])) == 1
        and kind[incoming[node_id][0]] in TASKS
        and len(outgoing.get(incoming[node_id][0], [])) == 1
    }
    step_ids = [n for n in nodes if kind[n] in TASKS or (kind[n] in GATEWAYS and n not in absorbed)]
    if not step_ids:
        _fail(_("The file has no process with tasks."))
    if len(step_ids) > MAX_STEPS:
        _fail(_("The process has more than %(n)d steps.", n=MAX_STEPS))
    order = _ordered(step_ids, _positions(root), nodes)
    index = {node_id: n for n, node_id in enumerate(order)}
    steps = [_step_values(nodes[n], kind[n], lanes.get(n) or lanes.get(_gateway_of(n, absorbed)) or "") for n in order]
    for gateway, task in absorbed.items():
        if nodes[task].find(f"{_q(BPMN, 'extensionElements')}/{_q(CRM, 'step')}") is None:
            steps[index[task]]["is_decision"] = True  # our own files say whether the step decides
        outgoing[task] = outgoing.get(gateway, [])

    def resolve(node_id):
        """The step a flow reaches (None: the end), passing through events: a loop, not recursion, so a
        chain of thousands of events cannot exhaust the stack."""
        seen = set()
        while node_id not in index:
            if kind.get(node_id) not in PASS_THROUGH or node_id in seen or not outgoing.get(node_id):
                return None
            seen.add(node_id)
            node_id = outgoing[node_id][0][0]
        return index[node_id]

    result = []
    for node_id in order:
        targets = [(resolve(target), name.strip()) for target, name in outgoing.get(node_id, [])]
        source = index[node_id]
        default = source + 1 if source + 1 < len(order) else None
        if targets == [(default, "")] or (not targets and default is None):
            continue  # the default route: the next step, or the end after the last
        result += [(source, target, label) for target, label in (targets or [(None, "")])]
    return Imported(steps, result)


def _document(data: bytes):
    """The parsed BPMN document, after the checks that keep a hostile file from costing memory or time."""
    if len(data) > MAX_BYTES:
        _fail(_("The file is larger than 2 MB."))
    try:
        root = SafeTree.fromstring(data)
    except (SafeTree.ParseError, DefusedXmlException, ValueError):
        _fail(_("This is not a readable XML file."))
    if root.tag != _q(BPMN, "definitions"):
        _fail(_("This is not a BPMN 2.0 file (no bpmn:definitions)."))
    if sum(1 for _element in root.iter()) > MAX_ELEMENTS:
        _fail(_("The file has more than %(n)d elements.", n=MAX_ELEMENTS))
    return root


def _flows(process, nodes: dict) -> tuple[dict, dict]:
    """Each node's outgoing (target, name) and incoming sources, from the sequence flows between known nodes."""
    outgoing: dict[str, list[tuple[str, str]]] = {}
    incoming: dict[str, list[str]] = {}
    count = 0
    for flow in process.iter(_q(BPMN, "sequenceFlow")):
        source, target = flow.get("sourceRef"), flow.get("targetRef")
        if source in nodes and target in nodes:
            count += 1
            if count > MAX_FLOWS:
                _fail(_("The process has more than %(n)d sequence flows.", n=MAX_FLOWS))
            outgoing.setdefault(source, []).append((target, flow.get("name", "")))
            incoming.setdefault(target, []).append(source)
    return outgoing, incoming


def _nodes(process) -> dict:
    wanted = TASKS | GATEWAYS | PASS_THROUGH | {"startEvent", "endEvent"}
    return {child.get("id"): child for child in process if _local(child.tag) in wanted and child.get("id")}


def _gateway_of(node_id, absorbed) -> str | None:
    return next((gateway for gateway, task in absorbed.items() if task == node_id), None)


def _positions(root) -> dict[str, tuple[float, float]]:
    found = {}
    for shape in root.iter(_q(BPMNDI, "BPMNShape")):
        bounds = shape.find(_q(DC, "Bounds"))
        if bounds is not None:
            try:
                found[shape.get("bpmnElement")] = (float(bounds.get("x", 0)), float(bounds.get("y", 0)))
            except ValueError:
                continue
    return found


def _ordered(step_ids: list[str], positions: dict, nodes: dict) -> list[str]:
    """Left to right as drawn when every step has a shape; otherwise in the file's order."""
    if all(n in positions for n in step_ids):
        return sorted(step_ids, key=lambda n: positions[n])
    document = list(nodes)
    return sorted(step_ids, key=document.index)


def _step_values(element, kind: str, lane: str) -> dict:
    extra = element.find(f"{_q(BPMN, 'extensionElements')}/{_q(CRM, 'step')}")
    values = {
        "actor": (lane or _("Unassigned"))[:120],
        "department": "",
        "system": "",
        "duration_hours": 0.0,
        "activity": (element.get("name") or element.get("id"))[:300].strip() or element.get("id"),
        "is_decision": kind in GATEWAYS,
    }
    if extra is not None:
        values |= {
            "actor": (extra.get("actor") or values["actor"])[:120],
            "department": (extra.get("department") or "")[:120],
            "system": (extra.get("system") or "")[:120],
            "is_decision": extra.get("decision") == "true" or values["is_decision"],
        }
        with suppress(ValueError):  # a modeller's odd value keeps the default
            hours = float(extra.get("durationHours") or 0)
            values["duration_hours"] = hours if math.isfinite(hours) and 0 <= hours <= MAX_STEP_HOURS else 0.0
    return values
