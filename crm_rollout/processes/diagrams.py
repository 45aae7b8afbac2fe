"""Lays out the blueprint's pictures as plain geometry: the swimlane diagram of a model (one lane per actor,
one column per step) and the fishbone of root causes. Templates draw them as SVG; the BPMN export reuses the
swimlane geometry for its diagram layout."""

from dataclasses import dataclass, field

from crm_rollout.core.diagram_text import fit, wrap
from crm_rollout.processes.metrics import Route, measure, routes

LANE_HEAD, LANE_H, COLUMN, BOX_W, BOX_H, TOP, EVENT_R = 132, 132, 220, 156, 104, 8, 14


@dataclass
class Box:
    step_id: int
    number: int
    x: int
    y: int
    lines: list[str]
    system: str
    duration: float
    decision: bool
    critical: bool
    w: int = BOX_W
    h: int = BOX_H

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2


@dataclass
class Event:
    key: str
    cx: int
    cy: int
    r: int = EVENT_R


@dataclass
class Edge:
    source: str  # "start", a step id, or an end event's key
    target: str
    points: list[tuple[int, int]]
    label: str = ""
    loop: bool = False

    @property
    def path(self) -> str:
        return "M " + " L ".join(f"{x} {y}" for x, y in self.points)

    @property
    def label_at(self) -> tuple[int, int]:
        (x1, y1), (x2, y2) = self.points[len(self.points) // 2 - 1], self.points[len(self.points) // 2]
        return (x1 + x2) // 2, (y1 + y2) // 2 - 4


@dataclass
class Lane:
    y: int
    h: int
    lines: list[str]
    full_label: str


@dataclass
class Swimlane:
    width: int
    height: int
    lanes: list[Lane] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    start: Event | None = None
    ends: list[Event] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _lane_key(actor: str) -> str:
    return " ".join(actor.split()).casefold()


def swimlane(steps, flows) -> Swimlane:
    """One lane per actor in order of first appearance; step n in column n; forward routes as elbows,
    routes back (rework) under the boxes."""
    steps = sorted(steps, key=lambda s: s.position)
    lanes: dict[str, int] = {}
    names: dict[str, str] = {}
    for step in steps:
        key = _lane_key(step.actor)
        if key not in lanes:
            lanes[key], names[key] = len(lanes), step.actor.strip()
    lane_count = max(1, len(lanes))
    columns = len(steps) + 1
    chart = Swimlane(width=LANE_HEAD + 60 + columns * COLUMN, height=TOP + lane_count * LANE_H + 24)
    for key, index in lanes.items():
        y = TOP + index * LANE_H
        chart.lanes.append(Lane(y, LANE_H, wrap(names[key], LANE_HEAD - 20, 13, lines=3), names[key]))
    if not steps:
        return chart
    critical = set(measure(steps, flows).critical_path)
    boxes = {}
    for n, step in enumerate(steps, start=1):
        x = LANE_HEAD + 60 + (n - 1) * COLUMN
        y = TOP + lanes[_lane_key(step.actor)] * LANE_H + (LANE_H - BOX_H) // 2
        box = Box(
            step.id,
            n,
            x,
            y,
            # Five lines of 12 px text, less the room the step's number takes on the first.
            wrap(step.activity, BOX_W - (44 if step.is_decision else 16) - 14, 12, lines=5),
            fit(step.system or "", BOX_W - 16, 10),
            step.duration_hours or 0,
            step.is_decision,
            step.id in critical,
        )
        boxes[step.id] = box
        chart.boxes.append(box)
    first = boxes[steps[0].id]
    chart.start = Event("start", LANE_HEAD + 26, first.cy)
    chart.edges.append(Edge("start", str(first.step_id), [(chart.start.cx + EVENT_R, first.cy), (first.x, first.cy)]))
    end_x = LANE_HEAD + 60 + len(steps) * COLUMN + EVENT_R + 10
    ends: dict[int, Event] = {}
    for source_id, targets in routes(steps, flows).items():
        source = boxes[source_id]
        for route in targets:
            chart.edges.append(_edge(source, route, boxes, ends, end_x))
    chart.ends = list(ends.values())
    return chart


def _edge(source: Box, route: Route, boxes: dict, ends: dict, end_x: int) -> Edge:
    target = boxes.get(route.target_id)
    if target is None:  # to the end: one end event per lane, after the last column
        event = ends.setdefault(source.cy, Event(f"end-{len(ends) + 1}", end_x, source.cy))
        points = [(source.x + source.w, source.cy), (event.cx - EVENT_R, event.cy)]
        if source.x + source.w + COLUMN < end_x:  # not the last column: run under nothing, straight along the lane
            points = [(source.x + source.w, source.cy), (event.cx - EVENT_R, source.cy)]
        return Edge(str(source.step_id), event.key, points, route.label)
    if target.x > source.x:
        if target.x - source.x == COLUMN and target.cy == source.cy:  # straight to the next box: fit the gap
            label = "\n".join(wrap(route.label, COLUMN - BOX_W - 6, 11))
            return Edge(
                str(source.step_id),
                str(target.step_id),
                [(source.x + source.w, source.cy), (target.x, target.cy)],
                label,
            )
        mid = source.x + source.w + (COLUMN - source.w) // 2
        if target.x - source.x > COLUMN:  # skipping columns: leave the box, then travel above the lane's boxes
            mid = source.x + source.w + 12
        points = [(source.x + source.w, source.cy), (mid, source.cy), (mid, target.cy), (target.x, target.cy)]
        return Edge(str(source.step_id), str(target.step_id), _tidy(points), route.label)
    low = max(source.y, target.y) + BOX_H + 14
    points = [(source.cx, source.y + source.h), (source.cx, low), (target.cx, low), (target.cx, target.y + target.h)]
    return Edge(str(source.step_id), str(target.step_id), points, route.label, loop=True)


def _tidy(points):
    """Drop repeated points (a straight run needs no elbow)."""
    tidy = [points[0]]
    for point in points[1:]:
        if point != tidy[-1]:
            tidy.append(point)
    if len(tidy) == 3 and (tidy[0][1] == tidy[1][1] == tidy[2][1]):
        tidy = [tidy[0], tidy[2]]
    return tidy


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
