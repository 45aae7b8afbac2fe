"""Reading BPMN 2.0 files as modellers write them (bpmn.io, Camunda, Signavio, Bizagi, ARIS, Visio, EA).

Every pool, lane, activity, event, gateway, sequence flow, message flow and annotation is kept with its kind,
names, conditions and the shapes of the file's diagram. The step order follows the flows from the start
events. Whatever cannot be kept is listed in the report with its id and name: nothing is lost in silence.
The walk over nested sub-processes and lanes uses explicit stacks, never recursion.
"""

from dataclasses import dataclass

from crm_rollout.core.i18n import gettext as _
from crm_rollout.processes.bpmn.details import TEXT, read_artifact, read_extensions, read_trigger, text
from crm_rollout.processes.bpmn.names import (
    BPMN,
    CRM,
    KIND_OF_TAG,
    REFERENCED,
    TRIGGER_OF_TAG,
    local,
    namespace,
    q,
)
from crm_rollout.processes.bpmn.ordering import along_flows, without_default_routes
from crm_rollout.processes.bpmn.report import MAX_DEPTH, Report
from crm_rollout.processes.bpmn.shapes import document, drawing, fail
from crm_rollout.processes.labels import ACTIVITIES, CONTAINERS, EVENTS, StepKind, Trigger

MAX_STEPS = 500
MAX_FLOWS = 2_000  # a real process has a few per step; more is a generated file, not a drawing

# Children of a flow node that it is made of, read with it: nothing to report.
PARTS = {"incoming", "outgoing", "conditionExpression", *TRIGGER_OF_TAG, "eventDefinitionRef"}
# Elements that belong to the file, not to a process: kept when an event refers to them, never worth a line.
ROOT_KEPT = {"process", "collaboration", "BPMNDiagram", "message", "signal", "error", "escalation", "import"}


@dataclass
class Imported:
    steps: list[dict]  # values for ProcessStep in order; "parent" and "attached_to" index into this list
    flows: list[dict]  # values for ProcessFlow; "source" and "target" (None: the end) index into steps
    diagram: dict
    explicit: bool  # the flows say every route (a file from a modeller); else the editor's "next step" holds
    report: Report


def parse(data: bytes) -> Imported:
    root = document(data)
    reader = _Reader(root)
    reader.read()
    return reader.result()


class _Reader:
    def __init__(self, root):
        self.root = root
        # Our own export folds back exactly; it says whether the model said every route (one from a file).
        self.ours = root.get("exporter") == "CRM Rollout"
        self.explicit = not self.ours or any(
            p.get(q(CRM, "explicitRoutes")) == "true" for p in root.findall(q(BPMN, "process"))
        )
        self.report = Report()
        self.shapes, self.edges = drawing(root)
        self.names = {e.get("id"): e.get("name", "") for e in root if local(e.tag) in REFERENCED.values()}
        self.steps: list[dict] = []
        self.index: dict[str, int] = {}  # element id -> step index
        self.flows: list[dict] = []
        self.defaults: dict[str, str] = {}  # gateway or activity id -> its default flow's id
        self.attached: dict[int, str] = {}  # boundary step index -> host element id
        self.order_of: dict[int | str, list[int]] = {}  # a container step's index, or a pool's name -> its steps
        self.pools: list[dict] = []
        self.diagram = {"pools": self.pools, "message_flows": [], "annotations": [], "associations": []}
        self.synthetic: dict[str, str] = {}  # our own start/end/branch elements -> their role

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
            fail(_("The file has no process with tasks."))
        self._connect()
        for collaboration in self.root.findall(q(BPMN, "collaboration")):
            for child in collaboration:
                read_artifact(child, self.diagram, self.shapes, self.edges, self.report)

    def _pool(self, pool_id, name: str, process) -> None:
        shape = self.shapes.get(pool_id) or {}
        name = text(name or (process.get("name") if process is not None else ""), TEXT["pool"]) or pool_id or ""
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
                    read_artifact(child, self.diagram, self.shapes, self.edges, self.report)
                elif (not isinstance(parent, int) and tag != "laneSet") or tag in _CONTAINED:
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
            name = text(lane.get("name") or lane.get("id"), TEXT["actor"])
            shape = self.shapes.get(lane.get("id")) or {}
            pool["lanes"].append({"id": lane.get("id"), "name": name, "bounds": shape.get("bounds")})
            self.report.kept["lane"] += 1
            for ref in lane.findall(q(BPMN, "flowNodeRef")):
                if ref.text:
                    lane_of[ref.text.strip()] = name
        return lane_of

    def _step(self, element, tag: str, pool: dict, parent: int | str, lane_of: dict) -> int:
        """`parent`: the index of the sub-process that holds the step, or its pool's name."""
        if len(self.steps) >= MAX_STEPS:
            fail(_("The process has more than %(n)d steps.", n=MAX_STEPS))
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
            "activity": text(element.get("name"), TEXT["activity"]),
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
            read_trigger(element, values, self.names, self.report)
        elif kind == StepKind.CALL_ACTIVITY:
            values["trigger_detail"] = text(element.get("calledElement"), TEXT["trigger_detail"])
        if element.get("default"):
            self.defaults[element_id] = element.get("default")
        if kind == StepKind.BOUNDARY_EVENT:
            self.attached[len(self.steps)] = element.get("attachedToRef")
        for child in element:
            tag = local(child.tag)
            if tag == "extensionElements":
                read_extensions(child, element, values, self.report)
            elif tag not in PARTS and not (kind in CONTAINERS and tag in _HELD):
                self.report.drop(child, owner=element)
        index = len(self.steps)
        self.steps.append(values)
        self.index[element_id] = index
        if element_id not in self.synthetic:
            self.order_of.setdefault(parent, []).append(index)
            self.report.kept[kind] += 1
        return index

    def _sequence_flow(self, element) -> None:
        if len(self.flows) >= MAX_FLOWS:
            fail(_("The process has more than %(n)d sequence flows.", n=MAX_FLOWS))
        condition = element.find(q(BPMN, "conditionExpression"))
        flow = {
            "id": element.get("id") or "",
            "source_ref": element.get("sourceRef"),
            "target_ref": element.get("targetRef"),
            "label": text(element.get("name"), 120),
            "condition": (condition.text or "").strip()[:2000] if condition is not None else "",
            "waypoints": self.edges.get(element.get("id")),
            "element": element,
        }
        self.flows.append(flow)
        for child in element:
            if local(child.tag) not in PARTS:
                self.report.drop(child, owner=element)

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
        """Our own files are in the model's order; a modeller's along its flows."""
        return indexes if self.ours else along_flows(indexes, self.steps, self.flows)

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
        return Imported(steps, without_default_routes(steps, flows), {}, False, self.report)


# What a sub-process holds that the walk over its content deals with, apart from the sub-process's own parts.
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
# Of that, what is not kept: the walk names it in the report.
_CONTAINED = {"dataObject", "dataObjectReference", "dataStoreReference", "group"}
