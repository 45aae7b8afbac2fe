"""The layout of a model that has no drawing of its own (made in the editor, or read from a file without
one): layers left to right along the flows, a lane per actor in rows as the branches need, pools one above
the other, sub-processes as frames around their steps, events on a task's border sitting on it."""

from crm_rollout.core.diagram_text import wrap
from crm_rollout.processes.labels import StepKind
from crm_rollout.processes.picture import (
    BOX_W,
    COLUMN,
    EVENT_COLUMN,
    EVENT_D,
    FRAME_PAD,
    LANE_H,
    LANE_HEAD,
    POOL_HEAD,
    TOP,
    Box,
    Lane,
    Swimlane,
    box_of,
    lane_key,
    size_of,
)


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


def by_columns(steps, critical: set, graph: dict) -> Swimlane:
    """Layers left to right: a step stands one layer after the latest step that leads to it, so the
    branches of a split share layers and sit in rows one under the other in their lane. A sub-process
    whose steps share its lane is a frame around them, one layer wide; events on a task's border sit on
    it."""
    depths, by_id = _depths(steps), {s.id: s for s in steps}
    lane_of = {s.id: lane_key(s.pool, s.actor) for s in steps}
    framed = _framed(steps, lane_of)
    outer = {s.id: _outermost_frame(s, by_id, framed) for s in steps}
    top = [s for s in steps if outer[s.id] == s.id and not _on_border(s, by_id)]
    lanes = _lanes_in_order(steps)
    row_h = dict.fromkeys(lanes, LANE_H)
    for step in steps:
        if step.parent_id in framed:
            row_h[lane_of[step.id]] = max(row_h[lane_of[step.id]], LANE_H + 2 * FRAME_PAD * depths[step.id])
    inner = {s.id: _sequence(s, steps, framed, depths, critical, row_h[lane_of[s.id]]) for s in top if s.id in framed}
    layer = _layers(top, graph, by_id, outer)
    widths: dict[int, float] = {}
    for step in top:
        width = inner[step.id][1] + COLUMN - BOX_W if step.id in inner else size_of(step.kind)[2]
        widths[layer[step.id]] = max(widths.get(layer[step.id], 0), width)
    rows = _rows(top, lane_of, layer)
    lane_rows = {key: 1 + max((rows[s.id] for s in top if lane_of[s.id] == key), default=0) for key in lanes}

    pooled = any(pool for pool, _actor in lanes.values())
    head = LANE_HEAD + (POOL_HEAD if pooled else 0)
    chart = _frame_lanes(lanes, lane_rows, row_h, head + 60 + sum(widths.values()) + EVENT_COLUMN, pooled)
    chart.start_x = head + 12
    tops = {key: lane.y for key, lane in zip(lanes, chart.lanes, strict=True)}
    layer_x, x = {}, head + 60
    for k in sorted(widths):
        layer_x[k], x = x, x + widths[k]
    boxes = {}
    for step in top:
        key = lane_of[step.id]
        x, row_top = layer_x[layer[step.id]], tops[key] + rows[step.id] * row_h[key]
        if step.id in inner:
            for box in inner[step.id][0]:
                box.x, box.y = box.x + x, box.y + row_top
                boxes[box.step_id] = box
            continue
        w, h, column = size_of(step.kind)
        if column != COLUMN:  # an event or a gateway: in the middle of its layer, as wide as its widest step
            x += (widths[layer[step.id]] - (COLUMN - BOX_W) - w) / 2
        boxes[step.id] = box_of(step, step.position, x, row_top + (row_h[key] - h) / 2, w, h, critical)
    _on_their_tasks(steps, boxes, outer, critical)
    chart.boxes = [boxes[s.id] for s in steps]
    return chart


def _framed(steps, lane_of: dict) -> set[int]:
    """The sub-processes drawn as frames: those that hold steps, all in their own lane."""
    held = {s.parent_id for s in steps if s.parent_id}
    return {
        s.id
        for s in steps
        if s.id in held and all(lane_of[c.id] == lane_of[s.id] for c in steps if c.parent_id == s.id)
    }


def _layers(top, graph: dict, by_id: dict, outer: dict) -> dict[int, int]:
    """Each step's layer: one after the latest of its forerunners along forward routes. Positions run along
    the flows, so one pass in their order sees every step's forerunners first."""
    forerunners: dict[int, set] = {s.id: set() for s in top}
    for source_id, targets in graph.items():
        source = outer[_host(by_id[source_id], by_id)]
        for target in targets:
            end = outer.get(target.target_id)
            if end in forerunners and source in forerunners and by_id[source].position < by_id[end].position:
                forerunners[end].add(source)
    layer: dict[int, int] = {}
    for step in top:
        layer[step.id] = max((layer[f] + 1 for f in forerunners[step.id]), default=0)
    return layer


def _rows(top, lane_of: dict, layer: dict) -> dict[int, int]:
    """Each step's row in its lane: the first one free in its layer."""
    rows, taken = {}, set()
    for step in top:
        row = 0
        while (lane_of[step.id], layer[step.id], row) in taken:
            row += 1
        taken.add((lane_of[step.id], layer[step.id], row))
        rows[step.id] = row
    return rows


def _on_their_tasks(steps, boxes: dict, outer: dict, critical: set) -> None:
    """Events on a task's border, along its lower edge from the right."""
    on_border: dict[int, int] = {}
    for step in steps:
        if step.id not in boxes:
            host = boxes.get(step.attached_to_id) or boxes.get(outer[step.id])
            k = on_border[host.step_id] = on_border.get(host.step_id, 0) + 1
            x, y = host.x + host.w - k * (EVENT_D + 8), host.y + host.h - EVENT_D / 2
            boxes[step.id] = box_of(step, step.position, x, y, EVENT_D, EVENT_D, critical)


def _lanes_in_order(steps) -> dict[tuple, tuple[str, str]]:
    """{lane key: (pool, actor)}: the first step's pool first, each pool's lanes as they first appear."""
    lanes = {}
    for step in sorted(steps, key=lambda s: (s.pool or "") != (steps[0].pool or "")):
        lanes.setdefault(lane_key(step.pool, step.actor), ((step.pool or "").strip(), step.actor.strip()))
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
        w, h, column = size_of(step.kind)
        if step.id in framed:
            inset = depths[step.id] * FRAME_PAD + 4
            box = box_of(step, step.position, x, inset, 0, row_h - 2 * inset, critical)
            box.frame, box.lines = True, wrap(step.activity, 400, 12, lines=1)
            open_frames.append((box, step.id))
            x += FRAME_PAD
        else:
            box = box_of(
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
