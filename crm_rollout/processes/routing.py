"""Right-angled routes for the arrows of a process picture: each leaves its source's border and enters its
target's, and none crosses another shape.

The router tries routes of few bends in order of length (straight, one elbow, a step through a channel
between shapes, a detour above or below) and keeps the first that touches no other shape. Candidate
channels are the free lines just outside every shape's border, so a clear route is found whenever one of
these simple forms exists; otherwise the shortest is drawn.
"""

import bisect
import heapq
import itertools
import math
from dataclasses import dataclass

GAP = 12  # how far a route keeps from a shape it passes
CHANNELS = 12  # how many free lines, nearest first, a route may try of each kind
Point = tuple[float, float]


class Area:
    """What anything placed at x, y with a width w and a height h knows of itself."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class Rect(Area):
    x: float
    y: float
    w: float
    h: float

    def crossed_by(self, a: Point, b: Point) -> bool:
        """Whether the horizontal or vertical segment a-b passes through the inside of this shape."""
        (x1, y1), (x2, y2) = a, b
        if y1 == y2:
            return self.y < y1 < self.bottom and min(x1, x2) < self.right and max(x1, x2) > self.x
        return self.x < x1 < self.right and min(y1, y2) < self.bottom and max(y1, y2) > self.y


def _length(points: list[Point]) -> float:
    return sum(abs(x2 - x1) + abs(y2 - y1) for (x1, y1), (x2, y2) in itertools.pairwise(points))


def tidy(points: list[Point]) -> list[Point]:
    """Without repeated points and without the middle points of straight runs."""
    kept: list[Point] = []
    for point in points:
        if kept and point == kept[-1]:
            continue
        if len(kept) >= 2 and (kept[-2][0] == kept[-1][0] == point[0] or kept[-2][1] == kept[-1][1] == point[1]):
            kept[-1] = point
            continue
        kept.append(point)
    return kept


def _nearest(values: list[float], low: float, high: float, key, most: int) -> list[float]:
    """Up to `most` of the sorted values strictly between low and high, best by key first."""
    inside = values[bisect.bisect_right(values, low) : bisect.bisect_left(values, high)]
    return heapq.nsmallest(most, inside, key=key)


def _candidates(s: Rect, t: Rect, xs: list[float], ys: list[float]):
    """Routes of up to five segments from s's border to t's, shortest forms first; of the channels, only
    the nearest few are tried, so a route costs the same in a picture of any size."""
    below, above = max(s.bottom, t.bottom), min(s.y, t.y)
    if t.x >= s.right:  # forward: out of the right side, into the left
        a, b = (s.right, s.cy), (t.x, t.cy)
        if s.cy == t.cy:
            yield [a, b]
        middle = (s.right + t.x) / 2
        for x in _nearest(xs, s.right, t.x, lambda x: abs(x - middle), CHANNELS):
            yield [a, (x, s.cy), (x, t.cy), b]
        if t.y >= s.bottom:  # below and ahead: down out of the bottom, into the left side
            yield [(s.cx, s.bottom), (s.cx, t.cy), b]
        if t.bottom <= s.y:
            yield [(s.cx, s.y), (s.cx, t.cy), b]
        for y in _nearest(ys, -math.inf, math.inf, lambda y: abs(y - s.cy) + abs(y - t.cy), 2 * CHANNELS):
            yield [a, (s.right + GAP, s.cy), (s.right + GAP, y), (t.x - GAP, y), (t.x - GAP, t.cy), b]
    else:  # backward or stacked: out of the bottom (or top), round, into the target's bottom (or top)
        under = _nearest(ys, below - 0.001, math.inf, lambda y: y, CHANNELS)
        over = _nearest(ys, -math.inf, above + 0.001, lambda y: -y, CHANNELS)
        for y in sorted(under + over, key=lambda y: abs(y - below) if y >= below else abs(y - above)):
            if y >= below:
                yield [(s.cx, s.bottom), (s.cx, y), (t.cx, y), (t.cx, t.bottom)]
            else:
                yield [(s.cx, s.y), (s.cx, y), (t.cx, y), (t.cx, t.y)]
        if t.y >= s.bottom:
            yield (
                [(s.cx, s.bottom), (s.cx, t.y)]
                if s.x < t.cx < s.right
                else [(s.cx, s.bottom), (s.cx, t.cy), (t.right, t.cy)]
            )
        if t.bottom <= s.y:
            yield (
                [(s.cx, s.y), (s.cx, t.bottom)]
                if s.x < t.cx < s.right
                else [(s.cx, s.y), (s.cx, t.cy), (t.right, t.cy)]
            )


class Router:
    """Routes among one picture's shapes. The shapes are filed by the strips of the picture they cover, so
    a segment is checked against the shapes near it only."""

    STRIP = 240

    def __init__(self, shapes: list[Rect]):
        self.xs = sorted({v for r in shapes for v in (r.x - GAP, r.right + GAP)})
        self.ys = sorted({v for r in shapes for v in (r.y - GAP, r.bottom + GAP)})
        self.strips: dict[int, list[Rect]] = {}
        for shape in shapes:
            for strip in range(int(shape.x // self.STRIP), int(shape.right // self.STRIP) + 1):
                self.strips.setdefault(strip, []).append(shape)

    def _near(self, a: Point, b: Point):
        low, high = sorted((a[0], b[0]))
        seen = set()
        for strip in range(int(low // self.STRIP), int(high // self.STRIP) + 1):
            for shape in self.strips.get(strip, ()):
                if id(shape) not in seen:
                    seen.add(id(shape))
                    yield shape

    def route(self, source: Rect, target: Rect) -> list[Point]:
        """The shortest clear route of the forms above; the source and target themselves may be touched
        only at the route's ends."""
        fallback = None
        for candidate in _candidates(source, target, self.xs, self.ys):
            points = tidy(candidate)
            inner = points[1:-1]
            blocked = any(
                shape.crossed_by(a, b) and shape != source and shape != target  # crossing first: it is rare
                for a, b in itertools.pairwise(points)
                for shape in self._near(a, b)
            ) or any(end.crossed_by(a, b) for a, b in itertools.pairwise(inner) for end in (source, target))
            if not blocked:
                return points
            if fallback is None or _length(points) < _length(fallback):
                fallback = points
        return fallback or [(source.right, source.cy), (target.x, target.cy)]
