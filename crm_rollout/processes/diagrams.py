"""Lays out the blueprint's pictures as plain geometry: the swimlane diagram of a model and the fishbone of
root causes. Templates draw them as SVG; the BPMN export writes the same geometry as its diagram.

A model read from a modeller's file is drawn where the file placed its shapes. Any other model (or an
imported one after steps were added in the editor) is laid out here: pools one above the other, a lane per
actor, a column per step, events and gateways narrower than tasks, events on a task's border below it.
Every route is drawn with right angles around the other shapes (processes/routing.py).
"""

from dataclasses import dataclass, field

from crm_rollout.core.diagram_text import fit, wrap
from crm_rollout.processes.labels import ACTIVITIES, CONTAINERS, EVENTS, GATEWAYS, StepKind
from crm_rollout.processes.metrics import measure, routes
from crm_rollout.processes.routing import Area, Rect, Router

POOL_HEAD, LANE_HEAD, LANE_H, TOP, MARGIN = 30, 132, 132, 8, 10
COLUMN, BOX_W, BOX_H = 220, 156, 104  # a task
EVENT_COLUMN, EVENT_D = 100, 36  # an event: a circle of this diameter
GATEWAY_COLUMN, GATEWAY_D = 110, 50  # a gateway: a diamond of this width
EVENT_R = EVENT_D // 2
FRAME_PAD = 18  # room around a sub-process's steps inside its frame (its title on top)


@dataclass
class Box(Area):
    """A step's shape: a task's rounded box, an event's circle or a gateway's diamond (in its square)."""

    step_id: int | str
    number: int | None
    kind: str
    x: float
    y: float
    w: float
    h: float
    lines: list[str]  # inside a task, under an event or a gateway
    system: str = ""
    duration: float = 0
    decision: bool = False
    critical: bool = False
    trigger: str = ""
    interrupting: bool = True
    title: str = ""
    frame: bool = False  # a sub-process drawn open, around its own steps

    @property
    def r(self) -> float:
        return self.w / 2

    @property
    def shape(self) -> str:
        if self.kind in EVENTS:
            return "event"
        if self.kind in GATEWAYS:
            return "gateway"
        return "frame" if self.frame else "task"

    @property
    def rect(self) -> Rect:
        return Rect(self.x, self.y, self.w, self.h)


@dataclass
class Edge:
    source: str  # "start", a step id, or an end event's key
    target: str
    points: list[tuple[float, float]]
    label: str = ""
    loop: bool = False
    kind: str = "sequence"  # or "message", "association"
    key: str = ""  # a message flow's or an association's id in the file

    @property
    def path(self) -> str:
        return "M " + " L ".join(f"{x:g} {y:g}" for x, y in self.points)

    @property
    def label_at(self) -> tuple[float, float]:
        (x1, y1), (x2, y2) = self.points[len(self.points) // 2 - 1], self.points[len(self.points) // 2]
        return (x1 + x2) / 2, (y1 + y2) / 2 - 4


@dataclass
class Lane(Area):
    x: float
    y: float
    w: float
    h: float
    lines: list[str]
    full_label: str
    pool: str = ""
    horizontal: bool = True


@dataclass
class Note(Area):
    id: str
    x: float
    y: float
    w: float
    h: float
    lines: list[str]


@dataclass
class Swimlane:
    width: float
    height: float
    pools: list[Lane] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    drawn_by_file: bool = False
    offset: tuple[float, float] = (0, 0)  # how far the file's shapes were moved
    start_x: float = LANE_HEAD + 12  # where the editor's start event stands

    @property
    def start(self) -> Box | None:
        return next((b for b in self.boxes if b.step_id == "start"), None)

    @property
    def ends(self) -> list[Box]:
        return [b for b in self.boxes if isinstance(b.step_id, str) and b.step_id.startswith("end-")]

    @property
    def steps(self) -> list[Box]:
        return [b for b in self.boxes if isinstance(b.step_id, int)]


def _lane_key(pool: str, actor: str) -> tuple[str, str]:
    return " ".join((pool or "").split()).casefold(), " ".join(actor.split()).casefold()


def _size(kind: str) -> tuple[int, int, int]:
    """A step's width, height and column width."""
    if kind in EVENTS:
        return EVENT_D, EVENT_D, EVENT_COLUMN
    if kind in GATEWAYS:
        return GATEWAY_D, GATEWAY_D, GATEWAY_COLUMN
    return BOX_W, BOX_H, COLUMN


def _box(step, number: int, x: float, y: float, w: float, h: float, critical: set) -> Box:
    if step.kind in ACTIVITIES:
        text_w = w - (44 if step.is_decision else 16) - 14
        lines = wrap(step.activity, text_w, 12, lines=max(1, int((h - 24) // 15)))
    else:
        lines = wrap(step.activity, 120, 11, lines=2) if step.activity else []
    return Box(
        step.id,
        number,
        step.kind,
        x,
        y,
        w,
        h,
        lines,
        fit(step.system or "", w - 16, 10),
        step.duration_hours or 0,
        step.is_decision and step.kind in ACTIVITIES,
        step.id in critical,
        step.trigger or "",
        step.interrupting,
        step.activity,
    )


def swimlane(drawn) -> Swimlane:
    steps = sorted(drawn.steps, key=lambda s: s.position)
    explicit = drawn.model.explicit_routes
    graph = routes(steps, drawn.flows, explicit)
    critical = set(measure(steps, drawn.flows, explicit).critical_path)
    placed = all(s.x is not None and s.width for s in steps) and bool(steps) and explicit
    chart = _by_file(drawn, steps, critical) if placed else _by_columns(steps, critical, graph)
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
        start = Box("start", None, StepKind.START_EVENT, chart.start_x, first.cy - EVENT_R, EVENT_D, EVENT_D, [])
        chart.boxes.insert(0, start)
        chart.edges.insert(0, Edge("start", str(first.step_id), router.route(start.rect, first.rect)))
    _decorations(chart, drawn.model.diagram or {}, steps, boxes, placed, router)
    return chart


def _end_event(chart: Swimlane, source: Box, end_x: float) -> Box:
    """The editor's "end": one end event per lane after the last column."""
    key = f"end-{source.cy:g}"
    found = next((b for b in chart.boxes if b.step_id == key), None)
    if found is None:
        found = Box(key, None, StepKind.END_EVENT, end_x, source.cy - EVENT_R, EVENT_D, EVENT_D, [])
        chart.boxes.append(found)
    return found


def _depths(steps) -> dict[int, int]:
    """How many sub-processes hold each step."""
    parent = {s.id: s.parent_id for s in steps}
    depths = {}
    for step in steps:
        n, holder = 0, step.parent_id
        while holder in parent and n < len(steps):
            n, holder = n + 1, parent[holder]
        depths[step.id] = n
    return depths


def _by_columns(steps, critical: set, graph: dict) -> Swimlane:
    """Layers left to right: a step stands one layer after the latest step that leads to it, so the
    branches of a split share layers and sit in rows one under the other in their lane. A sub-process
    whose steps share its lane is a frame around them, one layer wide; events on a task's border sit on
    it."""
    depths = _depths(steps)
    by_id = {s.id: s for s in steps}
    lane_of = {s.id: _lane_key(s.pool, s.actor) for s in steps}
    held = {s.parent_id for s in steps if s.parent_id}
    framed = {
        s.id
        for s in steps
        if s.id in held and all(lane_of[c.id] == lane_of[s.id] for c in steps if c.parent_id == s.id)
    }
    outer = {s.id: _outermost_frame(s, by_id, framed) for s in steps}
    top = [s for s in steps if outer[s.id] == s.id and not _on_border(s, by_id)]
    lanes = _lanes_in_order(steps)
    row_h = dict.fromkeys(lanes, LANE_H)
    for step in steps:
        if step.parent_id in framed:
            row_h[lane_of[step.id]] = max(row_h[lane_of[step.id]], LANE_H + 2 * FRAME_PAD * depths[step.id])
    inner = {s.id: _sequence(s, steps, framed, depths, critical, row_h[lane_of[s.id]]) for s in top if s.id in framed}

    # Layers: positions run along the flows, so one pass in their order sees every step's forerunners.
    layer: dict[int, int] = {}
    forerunners: dict[int, set] = {s.id: set() for s in top}
    for source_id, targets in graph.items():
        source = outer[_host(by_id[source_id], by_id)]
        for target in targets:
            end = outer.get(target.target_id)
            if end in forerunners and source in forerunners and by_id[source].position < by_id[end].position:
                forerunners[end].add(source)
    for step in top:
        layer[step.id] = max((layer[f] + 1 for f in forerunners[step.id]), default=0)
    widths: dict[int, float] = {}
    for step in top:
        width = inner[step.id][1] + COLUMN - BOX_W if step.id in inner else _size(step.kind)[2]
        widths[layer[step.id]] = max(widths.get(layer[step.id], 0), width)
    rows: dict[tuple, int] = {}
    taken: set[tuple] = set()
    for step in top:
        row = 0
        while (lane_of[step.id], layer[step.id], row) in taken:
            row += 1
        taken.add((lane_of[step.id], layer[step.id], row))
        rows[step.id] = row
    lane_rows = {key: 1 + max((rows[s.id] for s in top if lane_of[s.id] == key), default=0) for key in lanes}

    pooled = any(pool for pool, _actor in lanes.values())
    head = LANE_HEAD + (POOL_HEAD if pooled else 0)
    width = head + 60 + sum(widths.values()) + EVENT_COLUMN
    chart = _frame_lanes(lanes, lane_rows, row_h, width, pooled)
    tops = {key: lane.y for key, lane in zip(lanes, chart.lanes, strict=True)}
    chart.start_x = head + 12
    layer_x = {}
    x = head + 60
    for k in sorted(widths):
        layer_x[k], x = x, x + widths[k]
    boxes = {}
    for step in top:
        key = lane_of[step.id]
        row_top = tops[key] + rows[step.id] * row_h[key]
        x = layer_x[layer[step.id]]
        if step.id in inner:
            for box in inner[step.id][0]:
                box.x, box.y = box.x + x, box.y + row_top
                boxes[box.step_id] = box
            continue
        w, h, column = _size(step.kind)
        x = x + (widths[layer[step.id]] - (column - w)) / 2 - w / 2 if column != COLUMN else x
        boxes[step.id] = _box(step, step.position, x, row_top + (row_h[key] - h) / 2, w, h, critical)
    on_border: dict[int, int] = {}
    for step in steps:
        if step.id not in boxes:  # an event on a border, or a step of a sub-process drawn closed
            host = boxes.get(step.attached_to_id) or boxes.get(outer[step.id])
            k = on_border[host.step_id] = on_border.get(host.step_id, 0) + 1
            x, y = host.x + host.w - k * (EVENT_D + 8), host.y + host.h - EVENT_D / 2
            boxes[step.id] = _box(step, step.position, x, y, EVENT_D, EVENT_D, critical)
    chart.boxes = [boxes[s.id] for s in steps]
    return chart


def _lanes_in_order(steps) -> dict[tuple, tuple[str, str]]:
    """{lane key: (pool, actor)}: the first step's pool first, each pool's lanes as they first appear."""
    lanes = {}
    for step in sorted(steps, key=lambda s: (s.pool or "") != (steps[0].pool or "")):
        lanes.setdefault(_lane_key(step.pool, step.actor), ((step.pool or "").strip(), step.actor.strip()))
    return lanes


def _frame_lanes(lanes: dict, lane_rows: dict, row_h: dict, width: float, pooled: bool) -> Swimlane:
    """The lanes (as many rows high as they need) and, when steps name pools, the pools around them."""
    y = TOP
    chart = Swimlane(width=width, height=0)
    for key, (pool, actor) in lanes.items():
        x, height = 2 + (POOL_HEAD if pooled else 0), lane_rows[key] * row_h[key]
        chart.lanes.append(Lane(x, y, width - x - 2, height, wrap(actor, LANE_HEAD - 20, 13, lines=3), actor, pool))
        y += height
    chart.height = y + 24
    for pool in dict.fromkeys(lane.pool for lane in chart.lanes):
        own = [lane for lane in chart.lanes if lane.pool == pool]
        if pooled:
            height = sum(lane.h for lane in own)
            chart.pools.append(Lane(2, own[0].y, width - 4, height, wrap(pool, height - 20, 13, lines=2), pool, pool))
    return chart


def _host(step, by_id):
    """Where a step's routes leave from, for the layout: an event on a border leaves from its task."""
    return step.attached_to_id if step.attached_to_id in by_id else step.id


def _on_border(step, by_id) -> bool:
    return step.kind == StepKind.BOUNDARY_EVENT and step.attached_to_id in by_id


def _outermost_frame(step, by_id, framed) -> int:
    """The outermost sub-process drawn as a frame that holds the step (through its task, for an event on
    a border), or the step itself."""
    current = by_id[step.attached_to_id] if _on_border(step, by_id) else step
    found = current.id if current is not step and current.id in framed else step.id
    holder, n = current.parent_id, 0
    while holder in by_id and n <= len(by_id):
        if holder in framed:
            found = holder
        holder, n = by_id[holder].parent_id, n + 1
    return found


def _sequence(frame, steps, framed, depths, critical, row_h) -> tuple[list, float]:
    """A frame and what it holds, one column after the other, at x 0 of a row whose top is at y 0; and
    the frame's width."""
    members = [frame] + [s for s in steps if s.id != frame.id and _holds(frame.id, s, steps)]
    boxes, open_frames, x = {}, [], 0.0
    for step in members:
        while open_frames and not _holds(open_frames[-1][1], step, steps):
            x = _close(open_frames.pop()[0], boxes, steps)
        if step.kind == StepKind.BOUNDARY_EVENT:
            continue  # placed on its task's border once every box stands
        w, h, column = _size(step.kind)
        if step.id in framed:
            inset = depths[step.id] * FRAME_PAD + 4
            box = _box(step, step.position, x, inset, 0, row_h - 2 * inset, critical)
            box.frame, box.lines = True, wrap(step.activity, 400, 12, lines=1)
            open_frames.append((box, step.id))
            x += FRAME_PAD
        else:
            box = _box(
                step, step.position, x + (column - w) / 2 if column != COLUMN else x, (row_h - h) / 2, w, h, critical
            )
            x += column
        boxes[step.id] = box
    while open_frames:
        _close(open_frames.pop()[0], boxes, steps)
    return list(boxes.values()), boxes[frame.id].w


def _holds(frame_id: int, step, steps) -> bool:
    parent = {s.id: s.parent_id for s in steps}
    holder, n = step.parent_id if step.kind != StepKind.BOUNDARY_EVENT else parent.get(step.attached_to_id), 0
    while holder is not None and n <= len(steps):
        if holder == frame_id:
            return True
        holder, n = parent.get(holder), n + 1
    return step.attached_to_id == frame_id


def _close(frame: Box, boxes: dict, steps) -> float:
    """A frame ends after its last step, with room on its right like on its left; the next column starts
    after the gap a task leaves."""
    inside = [boxes[s.id] for s in steps if s.id in boxes and s.id != frame.step_id and _holds(frame.step_id, s, steps)]
    right = max((b.x + b.w for b in inside if b.kind != StepKind.BOUNDARY_EVENT), default=frame.x + FRAME_PAD)
    frame.w = right + FRAME_PAD - frame.x
    return frame.x + frame.w + (COLUMN - BOX_W)


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
        box = _box(step, number, step.x + dx, step.y + dy, step.width, step.height, critical)
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


# --- Fishbone -------------------------------------------------------------------------------------

FISH_W, HEAD_W, ROW, SLOPE = 1280, 220, 34, 0.45  # a row holds a cause of up to two lines


@dataclass
class Bone:
    label: str
    x1: int
    y1: int  # outer end, where the label sits
    x2: int
    y2: int  # on the spine
    causes: list[tuple[int, int, int, str]] = field(default_factory=list)  # x_text, y, x_bone, text


@dataclass
class Fishbone:
    width: int
    height: int
    spine_y: int
    spine_x1: int
    spine_x2: int
    head: list[str]
    head_x: int
    bones: list[Bone]


def fishbone(problem: str, causes_by_category: dict[str, list[str]], category_labels: dict[str, str]) -> Fishbone:
    """Three bones above the spine, three below, each listing its causes; the problem is the head."""
    categories = list(category_labels)
    deepest = max([len(causes_by_category.get(c, [])) for c in categories] + [2])
    bone_h = 44 + deepest * ROW
    spine_y = 16 + bone_h
    height = spine_y * 2
    spine_x2 = FISH_W - HEAD_W - 10
    chart = Fishbone(
        FISH_W,
        height,
        spine_y,
        24,
        spine_x2,
        wrap(problem or "", HEAD_W - 24, 14, lines=4),
        spine_x2 + 10,
        [],
    )
    spacing = (spine_x2 - 40) // 3
    for n, category in enumerate(categories):
        above = n < 3
        column = n % 3
        x_spine = 40 + spacing * (column + 1) - 20
        y_outer = spine_y - bone_h + 16 if above else spine_y + bone_h - 16
        x_outer = int(x_spine - abs(spine_y - y_outer) * SLOPE)
        bone = Bone(str(category_labels[category]), x_outer, y_outer, x_spine, spine_y)
        for k, text in enumerate(causes_by_category.get(category, [])):
            y = y_outer + (k + 1) * ROW * (1 if above else -1) + (8 if above else -8)
            x_bone = int(x_spine - abs(spine_y - y) * SLOPE)
            bone.causes.append((x_bone - 8, y, x_bone, wrap(text, spacing - 40, 12)))
        chart.bones.append(bone)
    return chart
