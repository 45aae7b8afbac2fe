"""The pieces of a process picture as plain geometry: a step's box, an arrow, a lane or pool, a note, and
the picture itself. Templates draw them as SVG; the BPMN export writes them as its diagram."""

from dataclasses import dataclass, field

from crm_rollout.core.diagram_text import fit, wrap
from crm_rollout.processes.labels import ACTIVITIES, EVENTS, GATEWAYS
from crm_rollout.processes.metrics import same_words
from crm_rollout.processes.routing import Area, Rect

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
    lines: tuple[str, ...]  # inside a task, under an event or a gateway
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
    lines: tuple[str, ...]
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
    lines: tuple[str, ...]


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
    def steps(self) -> list[Box]:
        return [b for b in self.boxes if isinstance(b.step_id, int)]


def lane_key(pool: str, actor: str) -> tuple[str, str]:
    return same_words(pool), same_words(actor)


def size_of(kind: str) -> tuple[int, int, int]:
    """A step's width, height and column width."""
    if kind in EVENTS:
        return EVENT_D, EVENT_D, EVENT_COLUMN
    if kind in GATEWAYS:
        return GATEWAY_D, GATEWAY_D, GATEWAY_COLUMN
    return BOX_W, BOX_H, COLUMN


def box_of(step, number: int, x: float, y: float, w: float, h: float, critical: set) -> Box:
    if step.kind in ACTIVITIES:
        text_w = w - (44 if step.is_decision else 16) - 14
        lines = wrap(step.activity, text_w, 12, lines=max(1, int((h - 24) // 15)))
    else:
        lines = wrap(step.activity, 120, 11, lines=2) if step.activity else ()
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
