"""The diagram part of a BPMN export: a shape for every pool, lane, step and annotation, an edge for every
flow, as the swimlane page draws them (or as the file drew them). A part of writing.py's writer, which
provides the steps, their ids and shapes, the flows written and the picture."""

from xml.etree.ElementTree import SubElement

from crm_rollout.processes.bpmn.names import BPMNDI, DC, DI, q
from crm_rollout.processes.labels import CONTAINERS, StepKind
from crm_rollout.processes.routing import Rect, Router


def _bounds(shape, x, y, w, h) -> None:
    SubElement(shape, q(DC, "Bounds"), x=f"{x:g}", y=f"{y:g}", width=f"{w:g}", height=f"{h:g}")


class DiagramWriter:
    def _diagram(self, collaboration, processes) -> None:
        diagram = SubElement(self.root, q(BPMNDI, "BPMNDiagram"), id="BPMNDiagram_1")
        owner = collaboration if collaboration is not None else next(iter(processes.values()))
        plane = SubElement(diagram, q(BPMNDI, "BPMNPlane"), id="BPMNPlane_1", bpmnElement=owner.get("id"))

        def shape(element_id, rect, **attributes):
            node = SubElement(
                plane, q(BPMNDI, "BPMNShape"), id=f"{element_id}_di", bpmnElement=element_id, **attributes
            )
            _bounds(node, rect.x, rect.y, rect.w, rect.h)

        if collaboration is not None:
            self._pool_shapes(shape)
        for step in self.steps:
            attributes = {}
            if step.kind == StepKind.EXCLUSIVE_GATEWAY:
                attributes["isMarkerVisible"] = "true"
            if step.kind in CONTAINERS:
                attributes["isExpanded"] = "true" if self.boxes[step.id].frame or step.expanded else "false"
            shape(self.ids[step.id], self.rects[self.ids[step.id]], **attributes)
        ours = set(self.ids.values())
        for xml_id in self.nodes:
            if xml_id not in ours:  # the editor model's start, ends and branches
                shape(
                    xml_id,
                    self.rects[xml_id],
                    **({"isMarkerVisible": "true"} if xml_id in self.branches.values() else {}),
                )
        # A sub-process drawn as a frame around its steps is no obstacle: routes run inside it.
        frames = {self.ids[s.id] for s in self.steps if self.boxes[s.id].frame}
        router = Router([r for key, r in self.rects.items() if key not in frames])
        drawn_notes = {note.id: note for note in self.chart.notes}
        for note_id, note in self.notes.items():
            if note.get("id") in drawn_notes:
                self.rects[note_id] = self._rect(drawn_notes[note["id"]])
                shape(note_id, self.rects[note_id])
        for source, target, _label, _condition, waypoints, _container, flow_id, _default in self.rows:
            points = waypoints or router.route(self.rects[source], self.rects[target])
            self._edge(plane, flow_id, points)
        # Message flows and associations as the page draws them; to a pool the page does not draw, routed here.
        drawn_edges = {e.key: e.points for e in self.chart.edges if e.key}
        ends = self.rects | self.pool_rects
        for edge_id, flow in self.extra_edges:
            if flow.get("id") in drawn_edges:
                self._edge(plane, edge_id, [(x - self.dx, y - self.dy) for x, y in drawn_edges[flow["id"]]])
            elif flow["source"] in ends and flow["target"] in ends:
                self._edge(plane, edge_id, router.route(ends[flow["source"]], ends[flow["target"]]))

    def _edge(self, plane, edge_id: str, points) -> None:
        edge = SubElement(plane, q(BPMNDI, "BPMNEdge"), id=f"{edge_id}_di", bpmnElement=edge_id)
        for x, y in points:
            SubElement(edge, q(DI, "waypoint"), x=f"{x:g}", y=f"{y:g}")

    def _pool_shapes(self, shape) -> None:
        """Pools and lanes where the file had them, else around the laid-out lanes."""
        lanes = self.chart.lanes
        for pool in self.pools:
            horizontal = "true" if pool.get("horizontal", True) else "false"
            own = [lane for lane in lanes if lane.pool == pool["name"]] or (lanes if len(self.pools) == 1 else [])
            if pool.get("bounds") and self.chart.drawn_by_file:
                rect = Rect(*pool["bounds"])
            elif own:
                top, bottom = min(lane.y for lane in own), max(lane.y + lane.h for lane in own)
                rect = Rect(0, top, self.chart.width, bottom - top)
            else:
                rect = Rect(0, self.chart.height + 20, self.chart.width, 60)  # a pool with no process of its own
            shape(pool["xml_id"], rect, isHorizontal=horizontal)
            self.pool_rects[pool["xml_id"]] = rect  # an end of message flows; never in a route's way
            by_name = {lane.full_label.casefold(): lane for lane in own}
            recorded = {lane["name"]: lane.get("bounds") for lane in pool.get("lanes", [])}
            for lane_id, name in pool.get("written_lanes", []):
                bounds = recorded.get(name) if self.chart.drawn_by_file else None
                drawn = by_name.get(name.casefold())
                if bounds:
                    shape(lane_id, Rect(*bounds), isHorizontal=horizontal)
                elif drawn is not None:
                    shape(
                        lane_id, Rect(drawn.x - self.dx, drawn.y - self.dy, drawn.w, drawn.h), isHorizontal=horizontal
                    )
