"""The swimlane picture of a process model. A model read from a modeller's file is drawn where the file
placed its shapes; any other is laid out by processes/columns.py. Every route is drawn with right angles
around the other shapes (processes/routing.py)."""

from crm_rollout.core.diagram_text import wrap
from crm_rollout.processes.columns import by_columns
from crm_rollout.processes.labels import CONTAINERS, StepKind
from crm_rollout.processes.picture import (
    EVENT_D,
    EVENT_R,
    LANE_HEAD,
    MARGIN,
    Box,
    Edge,
    Lane,
    Note,
    Swimlane,
    box_of,
)
from crm_rollout.processes.routing import Rect, Router


def swimlane(drawn) -> Swimlane:
    steps = sorted(drawn.steps, key=lambda s: s.position)
    explicit = drawn.model.explicit_routes
    graph = drawn.routes  # worked out once for the page, as the measures are
    critical = set(drawn.measures.critical_path)
    placed = all(s.x is not None and s.width for s in steps) and bool(steps) and explicit
    chart = _by_file(drawn, steps, critical) if placed else by_columns(steps, critical, graph)
    boxes = {b.step_id: b for b in chart.boxes}
    router = Router([b.rect for b in chart.boxes if not b.frame])
    waypoints = {f.id: f.waypoints for f in drawn.flows if placed and f.waypoints}
    flows_of: dict[int, list] = {}
    for flow in drawn.flows:
        flows_of.setdefault(flow.source_id, []).append(flow)
    position = {s.id: s.position for s in steps}
    end_x = chart.width - MARGIN - EVENT_D
    for step in steps:
        source = boxes[step.id]
        own = flows_of.get(step.id)
        hops = (
            [(f.target_id, f.label, waypoints.get(f.id)) for f in own]
            if own
            else [(r.target_id, r.label, None) for r in graph[step.id]]
        )
        for target_id, label, points in hops:
            if target_id is None:
                end = _end_event(chart, source, end_x)
                chart.edges.append(Edge(str(step.id), str(end.step_id), router.route(source.rect, end.rect), label))
                continue
            if points:
                points = [(x + chart.offset[0], y + chart.offset[1]) for x, y in points]
            else:
                points = router.route(source.rect, boxes[target_id].rect)
            back = position[target_id] <= step.position
            chart.edges.append(Edge(str(step.id), str(target_id), points, label, loop=back))
    if steps and not explicit and not any(s.kind == StepKind.START_EVENT for s in steps):
        first = boxes[steps[0].id]
        start = Box("start", None, StepKind.START_EVENT, chart.start_x, first.cy - EVENT_R, EVENT_D, EVENT_D, ())
        chart.boxes.insert(0, start)
        chart.edges.insert(0, Edge("start", str(first.step_id), router.route(start.rect, first.rect)))
    _decorations(chart, drawn.model.diagram or {}, steps, boxes, placed, router)
    return chart


def _end_event(chart: Swimlane, source: Box, end_x: float) -> Box:
    """The editor's "end": one end event per lane after the last column."""
    key = f"end-{source.cy:g}"
    found = next((b for b in chart.boxes if b.step_id == key), None)
    if found is None:
        found = Box(key, None, StepKind.END_EVENT, end_x, source.cy - EVENT_R, EVENT_D, EVENT_D, ())
        chart.boxes.append(found)
    return found


def _by_file(drawn, steps, critical: set) -> Swimlane:
    """The shapes where the modeller put them, moved so the picture starts at the top left."""
    diagram = drawn.model.diagram or {}
    frames = [(p, p.get("bounds")) for p in diagram.get("pools", [])] + [
        (lane, lane.get("bounds")) for p in diagram.get("pools", []) for lane in p.get("lanes", [])
    ]
    xs = [s.x for s in steps] + [b[0] for _e, b in frames if b]
    ys = [s.y for s in steps] + [b[1] for _e, b in frames if b]
    dx, dy = MARGIN - min(xs), MARGIN + 20 - min(ys)  # room above for labels of events on the top edge
    right = max([s.x + s.width for s in steps] + [b[0] + b[2] for _e, b in frames if b])
    bottom = max([s.y + s.height for s in steps] + [b[1] + b[3] for _e, b in frames if b])
    chart = Swimlane(width=right + dx + MARGIN + 40, height=bottom + dy + MARGIN + 30, drawn_by_file=True)
    for pool in diagram.get("pools", []):
        horizontal = pool.get("horizontal", True)
        for frame, into, font in [(pool, chart.pools, 13)] + [
            (lane, chart.lanes, 12) for lane in pool.get("lanes", [])
        ]:
            if frame.get("bounds"):
                x, y, w, h = frame["bounds"]
                lines = wrap(frame["name"], (h if horizontal else w) - 20, font, lines=2)
                into.append(Lane(x + dx, y + dy, w, h, lines, frame["name"], pool["name"], horizontal))
    for number, step in enumerate(steps, start=1):
        box = box_of(step, number, step.x + dx, step.y + dy, step.width, step.height, critical)
        box.frame = step.expanded and step.kind in CONTAINERS and any(s.parent_id == step.id for s in steps)
        if box.frame:
            box.lines = wrap(step.activity, step.width - 16, 12, lines=1)
        chart.boxes.append(box)
    chart.offset = (dx, dy)
    return chart


def _decorations(chart: Swimlane, diagram: dict, steps, boxes: dict, placed: bool, router: Router) -> None:
    """Text annotations (where the file placed them, or in a row under the lanes), message flows between
    pools and the annotations' associations (the file's routes, or right-angled ones between their ends)."""
    dx, dy = chart.offset
    ends = {s.bpmn_id: boxes[s.id] for s in steps if s.bpmn_id}
    drawn_pools = {pool.full_label: pool for pool in chart.pools}
    for pool in diagram.get("pools", []):
        if placed and pool.get("id") and pool.get("bounds"):
            x, y, w, h = pool["bounds"]
            ends[pool["id"]] = Rect(x + dx, y + dy, w, h)
        elif pool.get("id") and not placed:
            if pool["name"] not in drawn_pools:  # a pool without steps of its own: a band under the others
                band = Lane(
                    2,
                    chart.height - 12,
                    chart.width - 4,
                    60,
                    wrap(pool["name"], 40, 13, lines=2),
                    pool["name"],
                    pool["name"],
                )
                chart.pools.append(band)
                chart.height += 72
                drawn_pools[pool["name"]] = band
            ends[pool["id"]] = drawn_pools[pool["name"]]
    below = chart.height
    for note in diagram.get("annotations", []):
        if placed and note.get("bounds"):
            x, y, w, h = note["bounds"]
            x, y = x + dx, y + dy
        else:  # under the lanes, below what it is about
            about = next(
                (
                    ends[a["target"]]
                    for a in diagram.get("associations", [])
                    if a.get("source") == note["id"] and a.get("target") in ends
                ),
                None,
            )
            x, y, w, h = about.x if about else LANE_HEAD + 60, below, 180, 56
            chart.height = max(chart.height, below + h + 24)
        lines = wrap(note.get("text", ""), w - 10, 11, lines=max(1, int(h // 14)))
        chart.notes.append(Note(note["id"], x, y, w, h, lines))
        ends[note["id"]] = chart.notes[-1]
    for kind, key in (("message", "message_flows"), ("association", "associations")):
        for flow in diagram.get(key, []):
            points = flow.get("waypoints") if placed else None
            if points:
                points = [(x + dx, y + dy) for x, y in points]
            elif flow.get("source") in ends and flow.get("target") in ends:
                source, target = ends[flow["source"]], ends[flow["target"]]
                points = router.route(
                    Rect(source.x, source.y, source.w, source.h), Rect(target.x, target.y, target.w, target.h)
                )
            if points:
                edge = Edge(
                    flow["source"], flow["target"], points, flow.get("name", ""), kind=kind, key=flow.get("id") or ""
                )
                chart.edges.append(edge)
