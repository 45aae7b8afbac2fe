"""Reading BPMN 2.0 files as modellers write them (bpmn.io, Camunda, Signavio, Bizagi, ARIS, Visio, EA).

Every pool, lane, activity, event, gateway, sequence flow, message flow and annotation is kept with its kind,
names, conditions and the shapes of the file's diagram. The step order follows the flows from the start
events. Whatever cannot be kept is listed in the report with its id and name: nothing is lost in silence.
The walk over nested sub-processes and lanes uses explicit stacks, never recursion.
"""

import math
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.processes.bpmn.names import (
    BPMN,
    BPMNDI,
    CRM,
    DC,
    DI,
    KIND_OF_TAG,
    REFERENCED,
    TIMER_PARTS,
    TRIGGER_OF_TAG,
    local,
    namespace,
    q,
)
from crm_rollout.processes.labels import ACTIVITIES, CONTAINERS, EVENTS, StepKind, Trigger

MAX_BYTES = 2_000_000
MAX_ELEMENTS = 50_000  # XML elements of any kind, diagram included
MAX_STEPS = 500
MAX_FLOWS = 2_000  # a real process has a few per step; more is a generated file, not a drawing
MAX_DEPTH = 12  # sub-processes inside sub-processes
MAX_STEP_HOURS = 10_000.0
TEXT = {"actor": 120, "department": 120, "system": 120, "activity": 300, "pool": 120, "trigger_detail": 300}

# Children of a flow node that it is made of, read with it: nothing to report.
PARTS = {"incoming", "outgoing", "conditionExpression", *TRIGGER_OF_TAG, "eventDefinitionRef"}
# Elements that belong to the file, not to a process: kept when an event refers to them, never worth a line.
ROOT_KEPT = {"process", "collaboration", "BPMNDiagram", "message", "signal", "error", "escalation", "import"}
# Why an element was not kept: a code in the stored report, its words in the reader's language when shown.
REASONS = {
    "data_object": _l("Data objects are not part of a process model here."),
    "data_store": _l("Data stores are not part of a process model here."),
    "data_association": _l("Data associations are not kept."),
    "group": _l("Groups are not kept."),
    "documentation": _l("Documentation text is not kept."),
    "tool_settings": _l("Settings of another tool are not kept."),
    "loop_marker": _l("Loop markers are not kept."),
    "multi_instance": _l("Multi-instance markers are not kept."),
    "inputs_outputs": _l("Inputs and outputs are not kept."),
    "property": _l("Properties are not kept."),
    "too_deep": _l("Nested deeper than %(n)d sub-processes."),
    "nested_lane": _l("A lane with lanes inside: its inner lanes are kept."),
    "second_trigger": _l("An event keeps its first trigger only."),
    "loose_flow": _l("It connects an element that was not kept."),
    "other": _l("This kind of element is not kept."),
}
REASON_OF_TAG = {
    "dataObject": "data_object",
    "dataObjectReference": "data_object",
    "dataStoreReference": "data_store",
    "dataInputAssociation": "data_association",
    "dataOutputAssociation": "data_association",
    "group": "group",
    "documentation": "documentation",
    "extensionElements": "tool_settings",
    "standardLoopCharacteristics": "loop_marker",
    "multiInstanceLoopCharacteristics": "multi_instance",
    "ioSpecification": "inputs_outputs",
    "property": "property",
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, REASONS["other"])) % {"n": MAX_DEPTH}


def in_words(report: dict) -> dict:
    """A stored report with each reason in the reader's language."""
    return report | {"dropped": [d | {"reason": reason_text(d["reason"])} for d in report.get("dropped", [])]}


@dataclass
class Report:
    """What an import kept, counted by kind, and each element it could not keep."""

    kept: Counter = field(default_factory=Counter)
    dropped: list[dict] = field(default_factory=list)

    def drop(self, element, reason: str = "", owner=None) -> None:
        """`reason` is a code of REASONS; by default the one of the element's kind."""
        tag = local(element.tag)
        holder = owner if owner is not None and not element.get("id") else element
        self.dropped.append(
            {
                "id": holder.get("id") or "",
                "kind": tag,
                "name": (element.get("name") or holder.get("name") or "")[:200],
                "reason": reason or REASON_OF_TAG.get(tag, "other"),
            }
        )

    def as_json(self) -> dict:
        return {"kept": dict(sorted(self.kept.items())), "dropped": self.dropped}


@dataclass
class Imported:
    steps: list[dict]  # values for ProcessStep in order; "parent" and "attached_to" index into this list
    flows: list[dict]  # values for ProcessFlow; "source" and "target" (None: the end) index into steps
    diagram: dict
    explicit: bool  # the flows say every route (a file from a modeller); else the editor's "next step" holds
    report: Report


def _fail(message: str):
    raise ValidationFailed({"file": message})


def parse(data: bytes) -> Imported:
    root = _document(data)
    reader = _Reader(root)
    reader.read()
    return reader.result()


def _document(data: bytes):
    """The parsed BPMN document, after the checks that keep a hostile file from costing memory or time."""
    if len(data) > MAX_BYTES:
        _fail(_("The file is larger than 2 MB."))
    try:
        root = SafeTree.fromstring(data)
    except (SafeTree.ParseError, DefusedXmlException, ValueError):
        _fail(_("This is not a readable XML file."))
    if root.tag != q(BPMN, "definitions"):
        _fail(_("This is not a BPMN 2.0 file (no bpmn:definitions)."))
    if sum(1 for _element in root.iter()) > MAX_ELEMENTS:
        _fail(_("The file has more than %(n)d elements.", n=MAX_ELEMENTS))
    return root


def _text(value, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


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


class _Reader:
    def __init__(self, root):
        self.root = root
        # Our own export folds back exactly; it says whether the model said every route (one from a file).
        self.ours = root.get("exporter") == "CRM Rollout"
        self.explicit = not self.ours or any(
            p.get(q(CRM, "explicitRoutes")) == "true" for p in root.findall(q(BPMN, "process"))
        )
        self.report = Report()
        self.shapes, self.edges = self._diagram()
        self.names = {e.get("id"): e.get("name", "") for e in root if local(e.tag) in REFERENCED.values()}
        self.steps: list[dict] = []
        self.index: dict[str, int] = {}  # element id -> step index
        self.flows: list[dict] = []
        self.flow_of: dict[str, dict] = {}
        self.defaults: dict[str, str] = {}  # gateway or activity id -> its default flow's id
        self.attached: dict[int, str] = {}  # boundary step index -> host element id
        self.order_of: dict[int | str, list[int]] = {}  # a container step's index, or a pool's name -> its steps
        self.pools: list[dict] = []
        self.diagram = {"pools": self.pools, "message_flows": [], "annotations": [], "associations": []}
        self.synthetic: dict[str, str] = {}  # our own start/end/branch elements -> their role

    # --- The diagram -------------------------------------------------------------------------------

    def _diagram(self):
        """Shapes and routes of the file's first diagram. Modellers draw a collapsed sub-process's inside
        on a diagram of its own, in coordinates of its own: those shapes are not placed on the main one
        (the steps are then laid out by the app, all of them)."""
        shapes, edges = {}, {}
        first = self.root.find(q(BPMNDI, "BPMNDiagram"))
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

    # --- Walking the file --------------------------------------------------------------------------

    def read(self) -> None:
        processes = {p.get("id"): p for p in self.root.findall(q(BPMN, "process"))}
        used = set()
        for collaboration in self.root.findall(q(BPMN, "collaboration")):
            for child in collaboration:
                tag = local(child.tag)
                if tag == "participant":
                    process = processes.get(child.get("processRef"))
                    used.add(child.get("processRef"))
                    self._pool(child.get("id"), child.get("name") or "", process)
                elif tag not in ("messageFlow", "textAnnotation", "association"):
                    self.report.drop(child, owner=collaboration)
        for process_id, process in processes.items():
            if process_id not in used:
                self._pool(None, process.get("name") or "", process)
        for child in self.root:
            if local(child.tag) not in ROOT_KEPT and namespace(child.tag) == BPMN:
                self.report.drop(child, owner=self.root)
        if not any(s["kind"] in ACTIVITIES for s in self.steps):
            _fail(_("The file has no process with tasks."))
        self._connect()
        for collaboration in self.root.findall(q(BPMN, "collaboration")):
            for child in collaboration:
                self._artifact(child)

    def _pool(self, pool_id, name: str, process) -> None:
        shape = self.shapes.get(pool_id) or {}
        name = _text(name or (process.get("name") if process is not None else ""), TEXT["pool"]) or pool_id or ""
        taken = {p["name"] for p in self.pools}
        if name in taken:  # steps name their pool: two pools of one name would merge
            name = next(f"{name} ({n})" for n in range(2, len(taken) + 3) if f"{name} ({n})" not in taken)
        pool = {
            "id": pool_id,
            "name": name,
            "process": process.get("id") if process is not None else None,
            "process_name": (process.get("name") or "") if process is not None else "",
            "executable": process is not None and process.get("isExecutable") == "true",
            "horizontal": shape.get("horizontal", True),
            "bounds": shape.get("bounds"),
            "lanes": [],
        }
        if pool_id:
            self.report.kept["pool"] += 1
        self.pools.append(pool)
        if process is None:
            return
        lane_of = self._lanes(process, pool)
        # (container element, container step index, depth): a stack, so nesting costs no recursion. A pool's
        # own steps are kept under its name, so each pool is ordered on its own, one after the other.
        stack = [(process, pool["name"], 0)]
        while stack:
            container, parent, depth = stack.pop()
            self.order_of.setdefault(parent, [])
            for child in container:
                tag = local(child.tag)
                if tag in KIND_OF_TAG:
                    if depth > MAX_DEPTH:
                        self.report.drop(child, "too_deep")
                        continue
                    index = self._step(child, tag, pool, parent, lane_of)
                    if self.steps[index]["kind"] in CONTAINERS:
                        stack.append((child, index, depth + 1))
                elif tag == "sequenceFlow":
                    self._sequence_flow(child)
                elif tag in ("textAnnotation", "association"):
                    self._artifact(child)
                elif (parent is None and tag != "laneSet") or tag in _CONTAINED:
                    # A sub-process's own parts (documentation, markers ...) were told of with it.
                    self.report.drop(child, owner=container)

    def _lanes(self, process, pool: dict) -> dict[str, str]:
        """Each node's lane name; nested lanes are flattened to their innermost lanes."""
        lane_of = {}
        stack = [lane for lane_set in process.findall(q(BPMN, "laneSet")) for lane in lane_set.findall(q(BPMN, "lane"))]
        while stack:
            lane = stack.pop(0)
            inner = [child for child_set in lane.findall(q(BPMN, "childLaneSet")) for child in child_set]
            if inner:
                self.report.drop(lane, "nested_lane")
                stack = inner + stack
                continue
            name = _text(lane.get("name") or lane.get("id"), TEXT["actor"])
            shape = self.shapes.get(lane.get("id")) or {}
            pool["lanes"].append({"id": lane.get("id"), "name": name, "bounds": shape.get("bounds")})
            self.report.kept["lane"] += 1
            for ref in lane.findall(q(BPMN, "flowNodeRef")):
                if ref.text:
                    lane_of[ref.text.strip()] = name
        return lane_of

    def _step(self, element, tag: str, pool: dict, parent: int | None, lane_of: dict) -> int:
        if len(self.steps) >= MAX_STEPS:
            _fail(_("The process has more than %(n)d steps.", n=MAX_STEPS))
        element_id = element.get("id") or f"_{len(self.steps)}"
        kind = KIND_OF_TAG[tag]
        if kind == StepKind.SUB_PROCESS and element.get("triggeredByEvent") == "true":
            kind = StepKind.EVENT_SUB_PROCESS
        role = element.get(q(CRM, "role"))
        if self.ours and role:
            self.synthetic[element_id] = role
        shape = self.shapes.get(element_id) or {}
        inherited = self.steps[parent]["actor"] if isinstance(parent, int) else ""
        values = {
            "kind": kind,
            "trigger": Trigger.NONE,
            "trigger_detail": "",
            "actor": lane_of.get(element_id) or inherited or pool["name"] or _("Unassigned"),
            "department": "",
            "system": "",
            "duration_hours": 0.0,
            "activity": _text(element.get("name"), TEXT["activity"]),
            "is_decision": False,
            # A boundary event that lets its task go on; the start of an event sub-process that lets the rest go on.
            "interrupting": element.get("cancelActivity") != "false" and element.get("isInterrupting") != "false",
            "pool": pool["name"],
            "bpmn_id": element_id[:120],
            "expanded": shape.get("expanded", False),
            "parent": parent if isinstance(parent, int) else None,
            "attached_to": None,
        }
        values |= dict(zip(("x", "y", "width", "height"), shape.get("bounds") or (None,) * 4, strict=True))
        if kind in ACTIVITIES and not values["activity"]:
            values["activity"] = element_id[: TEXT["activity"]]
        if kind in EVENTS:
            self._trigger(element, values)
        elif kind == StepKind.CALL_ACTIVITY:
            values["trigger_detail"] = _text(element.get("calledElement"), TEXT["trigger_detail"])
        if element.get("default"):
            self.defaults[element_id] = element.get("default")
        if kind == StepKind.BOUNDARY_EVENT:
            self.attached[len(self.steps)] = element.get("attachedToRef")
        for child in element:
            tag = local(child.tag)
            if tag == "extensionElements":
                self._extensions(child, element, values)
            elif tag not in PARTS and not (kind in CONTAINERS and tag in _HELD):
                self.report.drop(child, owner=element)
        index = len(self.steps)
        self.steps.append(values)
        self.index[element_id] = index
        if element_id not in self.synthetic:
            self.order_of.setdefault(parent, []).append(index)
            self.report.kept[kind] += 1
        return index

    def _trigger(self, element, values: dict) -> None:
        definitions = [child for child in element if local(child.tag) in TRIGGER_OF_TAG]
        if not definitions:
            return
        definition = definitions[0]
        trigger = TRIGGER_OF_TAG[local(definition.tag)]
        values["trigger"] = trigger
        if trigger == Trigger.TIMER:
            part = next((p for p in definition if local(p.tag) in TIMER_PARTS), None)
            if part is not None:
                values["trigger_detail"] = f"{local(part.tag)} {_text(part.text, 280)}".strip()
        elif trigger == Trigger.CONDITIONAL:
            condition = definition.find(q(BPMN, "condition"))
            values["trigger_detail"] = _text(condition.text if condition is not None else "", 300)
        elif trigger == Trigger.LINK:
            values["trigger_detail"] = _text(definition.get("name"), 300)
        elif trigger in REFERENCED:
            reference = definition.get(f"{REFERENCED[trigger]}Ref") or ""
            values["trigger_detail"] = _text(self.names.get(reference) or reference, 300)
        for extra in definitions[1:]:
            self.report.drop(extra, "second_trigger", owner=element)

    def _extensions(self, extensions, element, values: dict) -> None:
        for child in extensions:
            if namespace(child.tag) == CRM and local(child.tag) == "step":
                values |= {
                    "actor": _text(child.get("actor"), TEXT["actor"]) or values["actor"],
                    "department": _text(child.get("department"), TEXT["department"]),
                    "system": _text(child.get("system"), TEXT["system"]),
                    "is_decision": child.get("decision") == "true",
                }
                with suppress(ValueError):  # a modeller's odd value keeps the default
                    hours = float(child.get("durationHours") or 0)
                    values["duration_hours"] = hours if math.isfinite(hours) and 0 <= hours <= MAX_STEP_HOURS else 0.0
            else:
                self.report.drop(child, "tool_settings", owner=element)

    def _sequence_flow(self, element) -> None:
        if len(self.flows) >= MAX_FLOWS:
            _fail(_("The process has more than %(n)d sequence flows.", n=MAX_FLOWS))
        condition = element.find(q(BPMN, "conditionExpression"))
        flow = {
            "id": element.get("id") or "",
            "source_ref": element.get("sourceRef"),
            "target_ref": element.get("targetRef"),
            "label": _text(element.get("name"), 120),
            "condition": (condition.text or "").strip()[:2000] if condition is not None else "",
            "waypoints": self.edges.get(element.get("id")),
            "element": element,
        }
        self.flows.append(flow)
        for child in element:
            if local(child.tag) not in PARTS:
                self.report.drop(child, owner=element)

    def _artifact(self, element) -> None:
        tag = local(element.tag)
        if tag == "textAnnotation":
            text = element.find(q(BPMN, "text"))
            shape = self.shapes.get(element.get("id")) or {}
            self.diagram["annotations"].append(
                {
                    "id": element.get("id"),
                    "text": _text(text.text if text is not None else "", 2000),
                    "bounds": shape.get("bounds"),
                }
            )
            self.report.kept["text_annotation"] += 1
        elif tag == "association":
            self.diagram["associations"].append(
                {
                    "id": element.get("id"),
                    "source": element.get("sourceRef"),
                    "target": element.get("targetRef"),
                    "waypoints": self.edges.get(element.get("id")),
                }
            )
            self.report.kept["association"] += 1
        elif tag == "messageFlow":
            self.diagram["message_flows"].append(
                {
                    "id": element.get("id"),
                    "name": _text(element.get("name"), 120),
                    "source": element.get("sourceRef"),
                    "target": element.get("targetRef"),
                    "waypoints": self.edges.get(element.get("id")),
                }
            )
            self.report.kept["message_flow"] += 1

    # --- Flows and order ---------------------------------------------------------------------------

    def _connect(self) -> None:
        for index, host in self.attached.items():
            if host in self.index:
                self.steps[index]["attached_to"] = self.index[host]
            else:
                self.steps[index]["kind"] = StepKind.INTERMEDIATE_CATCH_EVENT
        kept = []
        for flow in self.flows:
            source, target = self.index.get(flow["source_ref"]), self.index.get(flow["target_ref"])
            if source is None or target is None:
                self.report.drop(flow["element"], "loose_flow")
                continue
            kept.append(flow | {"source": source, "target": target})
        self.flows = kept
        defaults = set(self.defaults.values())
        for flow in self.flows:
            flow["is_default"] = flow["id"] in defaults
        if self.ours:
            self._fold_synthetic()
        self.report.kept["sequence_flow"] = len(self.flows)

    def _fold_synthetic(self) -> None:
        """Our own export adds a start, end events and a gateway after each deciding task: fold them back."""
        by_index = {self.index[element_id]: role for element_id, role in self.synthetic.items()}
        folded = []
        for flow in self.flows:
            source_role, target_role = by_index.get(flow["source"]), by_index.get(flow["target"])
            if source_role in ("start", "branch"):
                continue  # the start's flow is implied; a branch's flows move to its task below
            if target_role == "end":
                folded.append(flow | {"target": None})
            elif target_role == "branch":
                folded += [
                    branch
                    | {
                        "source": flow["source"],
                        "target": None if by_index.get(branch["target"]) == "end" else branch["target"],
                    }
                    for branch in self.flows
                    if branch["source"] == flow["target"]
                ]
            else:
                folded.append(flow)
        self.flows = folded

    def _ordered(self, indexes: list[int]) -> list[int]:
        """The steps of one container along the flows: from its start events (then from steps nothing
        reaches), depth first to find the routes back, then in topological order of the routes forward,
        so both branches of a split come before their join. Our own files are in the model's order."""
        if self.ours:
            return indexes
        members = set(indexes)
        successors: dict[int, list[int]] = {i: [] for i in indexes}
        # What leaves an event on a task's border leaves the task, for the order: its path comes after it.
        host = {i: v["attached_to"] for i, v in enumerate(self.steps) if v["attached_to"] in members}
        for flow in self.flows:
            source = host.get(flow["source"], flow["source"])
            if source in members and flow["target"] in members:
                successors[source].append(flow["target"])
        # A link event that throws goes on at the one that catches the same name: a flow in all but drawing.
        catches = {
            self.steps[i]["trigger_detail"]: i for i in indexes if self._is_link(i, StepKind.INTERMEDIATE_CATCH_EVENT)
        }
        for i in indexes:
            if self._is_link(i, StepKind.INTERMEDIATE_THROW_EVENT) and self.steps[i]["trigger_detail"] in catches:
                successors[i].append(catches[self.steps[i]["trigger_detail"]])
        incoming = Counter(t for targets in successors.values() for t in targets)
        starts = [i for i in indexes if self.steps[i]["kind"] == StepKind.START_EVENT]
        roots = starts + [i for i in indexes if not incoming[i] and i not in starts and not self._triggered(i)]
        back, seen, discovered = set(), set(), []
        for root in roots + indexes:
            if root in seen:
                continue
            seen.add(root)
            discovered.append(root)
            path, stack = {root}, [(root, iter(successors[root]))]
            while stack:
                node, pending = stack[-1]
                target = next(pending, None)
                if target is None:
                    stack.pop()
                    path.discard(node)
                elif target in path:
                    back.add((node, target))
                elif target not in seen:
                    seen.add(target)
                    discovered.append(target)
                    path.add(target)
                    stack.append((target, iter(successors[target])))
        remaining = Counter(t for s, targets in successors.items() for t in targets if (s, t) not in back)
        # Among the steps ready to go next, the one found first from the start events: what no flow
        # reaches (an event sub-process, say) comes after what the starts lead to.
        rank = {i: n for n, i in enumerate(discovered)}
        ready = sorted((i for i in indexes if not remaining[i]), key=rank.get)
        order = []
        while ready:
            node = ready.pop(0)
            order.append(node)
            for target in successors[node]:
                if (node, target) in back:
                    continue
                remaining[target] -= 1
                if remaining[target] == 0:
                    ready.append(target)
                    ready.sort(key=rank.get)
        return order + [i for i in indexes if i not in set(order)]

    def _triggered(self, index: int) -> bool:
        return self.steps[index]["kind"] == StepKind.EVENT_SUB_PROCESS

    def _is_link(self, index: int, kind: str) -> bool:
        return self.steps[index]["kind"] == kind and self.steps[index]["trigger"] == Trigger.LINK

    def result(self) -> Imported:
        """Steps in order: each pool's along its flows, a task's boundary events right after it, a
        sub-process's own steps right after it (and theirs after them)."""
        boundary: dict[int, list[int]] = {}
        for index, values in enumerate(self.steps):
            if values["attached_to"] is not None:
                boundary.setdefault(values["attached_to"], []).append(index)
        top = []
        for pool in self.pools:
            top += self._ordered(
                [i for i in self.order_of.get(pool["name"], []) if self.steps[i]["attached_to"] is None]
            )
        order, stack = [], list(reversed(top))
        while stack:
            index = stack.pop()
            order.append(index)
            inner = [i for i in self.order_of.get(index, []) if self.steps[i]["attached_to"] is None]
            stack += list(reversed(boundary.get(index, []) + self._ordered(inner)))
        position = {index: n for n, index in enumerate(order)}
        steps = []
        for index in order:
            values = dict(self.steps[index])
            values["parent"] = position.get(values["parent"])
            values["attached_to"] = position.get(values["attached_to"])
            steps.append(values)
        flows = [
            {
                "source": position[f["source"]],
                "target": position[f["target"]] if f["target"] is not None else None,
                "label": f["label"],
                "condition": f["condition"],
                "is_default": f["is_default"],
                "bpmn_id": f["id"][:120],
                "waypoints": f["waypoints"] if self.explicit else None,
            }
            for f in self.flows
            if f["source"] in position and (f["target"] is None or f["target"] in position)
        ]
        if self.explicit:
            return Imported(steps, flows, self.diagram, True, self.report)
        # A model drawn in the editor: its layout and its one pool (named after the process) are ours to make.
        for values in steps:
            values |= {"pool": "", "x": None, "y": None, "width": None, "height": None}
        return Imported(steps, _without_default_routes(steps, flows), {}, False, self.report)


# What a sub-process holds besides its steps and flows and is not kept.
_HELD = {
    *KIND_OF_TAG,
    "sequenceFlow",
    "laneSet",
    "textAnnotation",
    "association",
    "dataObject",
    "dataObjectReference",
    "dataStoreReference",
    "group",
}
_CONTAINED = {"dataObject", "dataObjectReference", "dataStoreReference", "group"}


def _without_default_routes(steps: list[dict], flows: list[dict]) -> list[dict]:
    """In the editor's shorthand a step goes on to the next one: the flows that say only that are implied."""
    result = []
    by_source: dict[int, list[dict]] = {}
    for flow in flows:
        by_source.setdefault(flow["source"], []).append(flow)
    for source, outgoing in by_source.items():
        default = source + 1 if source + 1 < len(steps) else None
        if [(f["target"], f["label"]) for f in outgoing] == [(default, "")]:
            continue
        result += outgoing
    return result
