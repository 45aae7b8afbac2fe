"""Writing a model as BPMN 2.0 with its diagram: pools, lanes, every kind of step, flows with their
conditions, message flows and annotations, drawn as on the swimlane page.

A model read from a file is written back with the file's ids, kinds, pools and shapes, so exporting it and
importing the export changes nothing. A model drawn in the editor gets a start event, an end event where a
route ends and an exclusive gateway after a deciding task; they are marked (crm:role) so our own import
folds them back. Department, system and duration travel in our extension element.
"""

import re
from xml.etree.ElementTree import Element, SubElement, tostring

from crm_rollout.core.i18n import gettext as _
from crm_rollout.processes.bpmn.drawing import DiagramWriter
from crm_rollout.processes.bpmn.names import (
    BPMN,
    CRM,
    REFERENCED,
    TAG_OF_KIND,
    TAG_OF_TRIGGER,
    TIMER_PARTS,
    XSI,
    q,
)
from crm_rollout.processes.diagrams import swimlane
from crm_rollout.processes.labels import ACTIVITIES, EVENTS, StepKind, Trigger
from crm_rollout.processes.metrics import routes, same_words
from crm_rollout.processes.routing import Rect

_NCNAME = re.compile(r"[^\W\d][\w.\-]*")
WITH_DEFAULT = {*ACTIVITIES, StepKind.EXCLUSIVE_GATEWAY, StepKind.INCLUSIVE_GATEWAY, StepKind.COMPLEX_GATEWAY}
BRANCH_W = 32  # the gateway drawn after a deciding task of the editor, inside the task's column


def export(title: str, drawn) -> bytes:
    return _Writer(title, drawn).document()


def _formal(parent, tag: str, text: str):
    element = SubElement(parent, q(BPMN, tag), {q(XSI, "type"): "bpmn:tFormalExpression"})
    element.text = text
    return element


class _Writer(DiagramWriter):
    def __init__(self, title: str, drawn):
        self.model = drawn.model
        self.explicit = self.model.explicit_routes
        self.steps = sorted(drawn.steps, key=lambda s: s.position)
        self.flows = drawn.flows
        self.chart = swimlane(drawn)
        self.boxes = {b.step_id: b for b in self.chart.boxes}
        self.dx, self.dy = self.chart.offset
        self.taken: set[str] = {"Definitions_1", "BPMNDiagram_1", "BPMNPlane_1"}  # ours, never a step's
        self.ids = {
            s.id: self._id(s.bpmn_id, "Activity" if s.kind in ACTIVITIES else s.kind.title().replace("_", ""))
            for s in self.steps
        }
        diagram = self.model.diagram or {}
        self.pools = [dict(p) for p in diagram.get("pools", [])] or [
            {
                "id": "Participant_1",
                "name": title,
                "process": "Process_1",
                "process_name": title,
                "lanes": [],
                "executable": True,
            }
        ]
        self.diagram = diagram
        self.root = Element(
            q(BPMN, "definitions"),
            {"id": "Definitions_1", "targetNamespace": CRM, "exporter": "CRM Rollout", "exporterVersion": "2"},
        )
        self.nodes: dict[str, Element] = {}  # xml id -> flow node element
        self.rects: dict[str, Rect] = {}  # xml id -> its shape in the diagram
        self.pool_rects: dict[str, Rect] = {}
        # Sequence flows: [source, target, name, condition, waypoints, container, id, is default]; our own
        # implied ones (the start's, a task's to its branch gateway) get their id and flag when written.
        self.rows: list[list] = []

    def _id(self, wanted: str, prefix: str) -> str:
        if wanted and _NCNAME.fullmatch(wanted) and wanted not in self.taken:
            self.taken.add(wanted)
            return wanted
        n = len(self.taken) + 1
        while f"{prefix}_{n}" in self.taken:
            n += 1
        self.taken.add(f"{prefix}_{n}")
        return f"{prefix}_{n}"

    # --- The model ---------------------------------------------------------------------------------

    def document(self) -> bytes:
        self._root_definitions()
        collaboration = self._collaboration()
        processes = self._processes()
        self._steps(processes)
        self._routes()
        self._write_flows()
        self._artifacts(collaboration, next(iter(processes.values())))
        self._diagram(collaboration, processes)
        return tostring(self.root, encoding="utf-8", xml_declaration=True)

    def _root_definitions(self) -> None:
        """The messages, signals, errors and escalations events refer to, one per name."""
        self.references: dict[tuple[str, str], str] = {}
        for step in self.steps:
            if step.trigger in REFERENCED and step.trigger_detail:
                key = (step.trigger, step.trigger_detail)
                if key not in self.references:
                    tag = REFERENCED[step.trigger]
                    self.references[key] = self._id("", tag.capitalize())
                    SubElement(self.root, q(BPMN, tag), id=self.references[key], name=step.trigger_detail)

    def _collaboration(self):
        if not any(p.get("id") for p in self.pools) and len([p for p in self.pools if p.get("process")]) == 1:
            return None
        collaboration = SubElement(self.root, q(BPMN, "collaboration"), id=self._id("Collaboration_1", "Collaboration"))
        for pool in self.pools:
            pool["xml_id"] = self._id(pool.get("id") or "", "Participant")
            attributes = {"id": pool["xml_id"], "name": pool["name"]}
            if pool.get("process"):
                attributes["processRef"] = pool["process_xml_id"] = self._id(pool["process"], "Process")
            SubElement(collaboration, q(BPMN, "participant"), attributes)
        return collaboration

    def _processes(self) -> dict[str, Element]:
        """A process per pool that has one, with its lanes; keyed by pool name."""
        processes = {}
        with_process = [p for p in self.pools if p.get("process")]
        for pool in with_process:
            process_id = pool.get("process_xml_id") or self._id(pool["process"], "Process")
            pool["process_xml_id"] = process_id
            # Marked executable (unless the file said otherwise) so workflow engines load it as well as modellers.
            executable = pool.get("executable", True) or not self.explicit
            attributes = {"id": process_id, "isExecutable": "true" if executable else "false"}
            if pool.get("process_name"):
                attributes["name"] = pool["process_name"]
            if self.explicit:
                attributes[q(CRM, "explicitRoutes")] = "true"
            processes[pool["name"]] = SubElement(self.root, q(BPMN, "process"), attributes)
        self.pool_of = {}
        for step in self.steps:
            self.pool_of[step.id] = step.pool if step.pool in processes else with_process[0]["name"]
        self.lane_refs = {}
        for pool in with_process:
            self._lanes(pool, processes[pool["name"]])
        return processes

    def _lanes(self, pool: dict, process) -> None:
        top = [s for s in self.steps if self.pool_of[s.id] == pool["name"] and s.parent_id is None]
        names = [lane["name"] for lane in pool.get("lanes", [])]
        actors = list(dict.fromkeys(" ".join(s.actor.split()) for s in top))
        if self.explicit and not names and len(actors) <= 1:
            return  # a pool drawn without lanes stays so
        lane_set = SubElement(process, q(BPMN, "laneSet"), id=self._id("", "LaneSet"))
        folded = {same_words(name): name for name in names}
        for actor in actors:
            folded.setdefault(same_words(actor), actor)
        lane_ids = {lane["name"]: lane.get("id") or "" for lane in pool.get("lanes", [])}
        pool["written_lanes"] = []
        for name in folded.values():
            lane_id = self._id(lane_ids.get(name, ""), "Lane")
            element = SubElement(lane_set, q(BPMN, "lane"), id=lane_id, name=name)
            pool["written_lanes"].append((lane_id, name))
            self.lane_refs[(pool["name"], same_words(name))] = element

    def _steps(self, processes: dict) -> None:
        containers = {}
        self.branches = {}  # step id -> its gateway's xml id (the editor's deciding tasks)
        graph = routes(self.steps, self.flows, self.explicit)
        self.graph = graph
        for step in self.steps:
            parent = containers.get(step.parent_id) or processes[self.pool_of[step.id]]
            element = self._node(parent, step)
            containers[step.id] = element
            lane = self._lane(step)
            if lane is not None and step.parent_id is None:
                SubElement(lane, q(BPMN, "flowNodeRef")).text = self.ids[step.id]
            if not self.explicit and step.kind in ACTIVITIES and (step.is_decision or len(graph[step.id]) > 1):
                self.branches[step.id] = self._synthetic(parent, "exclusiveGateway", "branch", step.activity, lane)
                box = self.boxes[step.id]
                self.rects[self.ids[step.id]] = Rect(box.x - self.dx, box.y - self.dy, box.w - 40, box.h)
                self.rects[self.branches[step.id]] = Rect(
                    box.x + box.w - BRANCH_W - self.dx, box.cy - BRANCH_W / 2 - self.dy, BRANCH_W, BRANCH_W
                )
        if self.steps and not self.explicit and not any(s.kind == StepKind.START_EVENT for s in self.steps):
            first = self.steps[0]
            lane = self._lane(first)
            start = self._synthetic(processes[self.pool_of[first.id]], "startEvent", "start", _("Start"), lane)
            self.rects[start] = self._rect(self.chart.start)
            self.rows.append([start, self.ids[first.id], "", "", None, processes[self.pool_of[first.id]]])
        self.containers = containers
        self.processes = processes

    def _lane(self, step):
        """The lane element of the step's actor in its pool (None: a pool drawn without lanes)."""
        return self.lane_refs.get((self.pool_of[step.id], same_words(step.actor)))

    def _node(self, parent, step):
        xml_id = self.ids[step.id]
        attributes = {"id": xml_id}
        if step.activity:
            attributes["name"] = step.activity
        if step.kind == StepKind.CALL_ACTIVITY and step.trigger_detail:
            attributes["calledElement"] = step.trigger_detail
        if step.kind == StepKind.EVENT_SUB_PROCESS:
            attributes["triggeredByEvent"] = "true"
        if step.kind == StepKind.BOUNDARY_EVENT and step.attached_to_id in self.ids:
            attributes["attachedToRef"] = self.ids[step.attached_to_id]
            if not step.interrupting:
                attributes["cancelActivity"] = "false"
        if step.kind == StepKind.START_EVENT and not step.interrupting:
            attributes["isInterrupting"] = "false"
        element = SubElement(parent, q(BPMN, TAG_OF_KIND[step.kind]), attributes)
        SubElement(
            SubElement(element, q(BPMN, "extensionElements")),
            q(CRM, "step"),
            actor=step.actor,
            department=step.department or "",
            system=step.system or "",
            durationHours=f"{step.duration_hours or 0:g}",
            decision="true" if step.is_decision else "false",
        )
        self.nodes[xml_id] = element
        self.rects[xml_id] = self._rect(self.boxes[step.id])
        return element

    def _synthetic(self, parent, tag: str, role: str, name: str, lane) -> str:
        xml_id = self._id("", {"start": "StartEvent", "end": "EndEvent", "branch": "Gateway"}[role])
        attributes = {"id": xml_id, q(CRM, "role"): role}
        if name:
            attributes["name"] = name
        self.nodes[xml_id] = SubElement(parent, q(BPMN, tag), attributes)
        if lane is not None:
            SubElement(lane, q(BPMN, "flowNodeRef")).text = xml_id
        return xml_id

    def _rect(self, box) -> Rect:
        return Rect(box.x - self.dx, box.y - self.dy, box.w, box.h)

    def _routes(self) -> None:
        ends: dict[str, str] = {}
        flows_of: dict[int, list] = {}
        for flow in self.flows:
            flows_of.setdefault(flow.source_id, []).append(flow)
        for step in self.steps:
            container = self.containers.get(step.parent_id) or self.processes[self.pool_of[step.id]]
            source = self.branches.get(step.id) or self.ids[step.id]
            if step.id in self.branches:
                self.rows.append([self.ids[step.id], source, "", "", None, container])
            own = flows_of.get(step.id) or []
            hops = [(f.target_id, f.label, f.condition, f.is_default, f.bpmn_id, f.waypoints) for f in own] or [
                (r.target_id, r.label, "", False, "", None) for r in self.graph[step.id]
            ]
            for n, (target_id, label, condition, is_default, bpmn_id, waypoints) in enumerate(hops):
                if target_id is None:
                    box = self.boxes[f"end-{self.boxes[step.id].cy:g}"]  # the editor's end in the step's lane
                    if box.step_id not in ends:
                        lane = self._lane(step)
                        ends[box.step_id] = self._synthetic(container, "endEvent", "end", _("End"), lane)
                        self.rects[ends[box.step_id]] = self._rect(box)
                    target = ends[box.step_id]
                else:
                    target = self.ids[target_id]
                if step.id in self.branches:  # the editor's: the first is the default, the rest need a condition
                    is_default = n == 0
                    condition = condition or (f"branch == {label or target!r}" if n else "")
                row = [source, target, label, condition, waypoints if self.chart.drawn_by_file else None, container]
                row.append(self._id(bpmn_id, "Flow"))
                row.append(is_default)
                self.rows.append(row)

    def _write_flows(self) -> None:
        flows = []
        for row in self.rows:
            if len(row) == 6:  # an implied flow of ours: the start's, a task's to its gateway
                row += [self._id("", "Flow"), False]
            flows.append(row)
        self.rows = flows
        # The schema wants every node's incoming references before its outgoing ones, before its triggers.
        # They go right after our extension element: a sub-process already holds its own steps by now.
        references: dict[str, list] = {}
        for _source, target, *_rest, flow_id, _default in flows:
            references.setdefault(target, []).append(("incoming", flow_id))
        for source, _target, *_rest, flow_id, _default in flows:
            references.setdefault(source, []).append(("outgoing", flow_id))
        for xml_id, refs in references.items():
            node = self.nodes[xml_id]
            at = 1 if len(node) and node[0].tag == q(BPMN, "extensionElements") else 0
            for k, (tag, flow_id) in enumerate(refs):
                reference = Element(q(BPMN, tag))
                reference.text = flow_id
                node.insert(at + k, reference)
        for step in self.steps:
            if step.kind in EVENTS and step.trigger:
                self._trigger(self.nodes[self.ids[step.id]], step)
        by_id = {s.id: s for s in self.steps}
        sources = {self.ids[s.id]: s for s in self.steps} | {g: by_id[s_id] for s_id, g in self.branches.items()}
        for source, target, label, condition, _waypoints, container, flow_id, is_default in flows:
            attributes = {"id": flow_id, "sourceRef": source, "targetRef": target}
            if label:
                attributes["name"] = label
            flow = SubElement(container, q(BPMN, "sequenceFlow"), attributes)
            if condition:
                _formal(flow, "conditionExpression", condition)
            step = sources.get(source)
            kind = StepKind.EXCLUSIVE_GATEWAY if source in self.branches.values() else (step.kind if step else None)
            if is_default and kind in WITH_DEFAULT:
                self.nodes[source].set("default", flow_id)

    def _trigger(self, element, step) -> None:
        definition = SubElement(
            element,
            q(BPMN, TAG_OF_TRIGGER[step.trigger]),
            id=self._id(f"{element.get('id')}_trigger", "EventDefinition"),
        )
        detail = step.trigger_detail or ""
        if step.trigger == Trigger.TIMER and detail:
            part, _space, text = detail.partition(" ")
            if part in TIMER_PARTS:
                _formal(definition, part, text)
        elif step.trigger == Trigger.CONDITIONAL:
            _formal(definition, "condition", detail)
        elif step.trigger == Trigger.LINK:
            definition.set("name", detail)  # the schema wants the name, even an empty one
        elif step.trigger in REFERENCED and detail:
            definition.set(f"{REFERENCED[step.trigger]}Ref", self.references[(step.trigger, detail)])

    def _artifacts(self, collaboration, process) -> None:
        """Message flows (between pools), then annotations and their associations, where both ends were
        written; annotations go in the collaboration, or the process when there is none."""
        known = set(self.nodes) | {p["xml_id"] for p in self.pools if "xml_id" in p}
        self.extra_edges = []
        for flow in self.diagram.get("message_flows", []) if collaboration is not None else []:
            if flow.get("source") in known and flow.get("target") in known:
                attributes = {
                    "id": self._id(flow.get("id") or "", "MessageFlow"),
                    "sourceRef": flow["source"],
                    "targetRef": flow["target"],
                }
                if flow.get("name"):
                    attributes["name"] = flow["name"]
                SubElement(collaboration, q(BPMN, "messageFlow"), attributes)
                self.extra_edges.append((attributes["id"], flow))
        notes = {}
        holder = collaboration if collaboration is not None else process
        for note in self.diagram.get("annotations", []):
            note_id = self._id(note.get("id") or "", "TextAnnotation")
            element = SubElement(holder, q(BPMN, "textAnnotation"), id=note_id)
            SubElement(element, q(BPMN, "text")).text = note.get("text", "")
            notes[note_id] = note
        self.notes = notes
        known |= set(notes) | {row[6] for row in self.rows}
        for link in self.diagram.get("associations", []):
            if link.get("source") in known and link.get("target") in known:
                link_id = self._id(link.get("id") or "", "Association")
                SubElement(
                    holder, q(BPMN, "association"), id=link_id, sourceRef=link["source"], targetRef=link["target"]
                )
                self.extra_edges.append((link_id, link))
