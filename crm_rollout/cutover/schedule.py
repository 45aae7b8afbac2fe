"""The runbook's timing, from its steps' durations and dependencies (the critical path method).

Times are minutes from the start of a run. Pure functions: the service hands in the numbers.
"""

from dataclasses import dataclass


@dataclass
class Timing:
    start: int
    end: int
    slack: int = 0

    @property
    def critical(self) -> bool:
        return self.slack == 0


def order(steps: list[int], predecessors: dict[int, list[tuple[int, int]]]) -> list[int]:
    """The steps with every one after those it depends on (the service refuses cycles)."""
    placed, result = set(), []

    def visit(step, path=()):
        if step in placed or step in path:
            return
        for before, _lag in predecessors.get(step, ()):
            visit(before, (*path, step))
        placed.add(step)
        result.append(step)

    for step in steps:
        visit(step)
    return result


def plan(durations: dict[int, int], predecessors: dict[int, list[tuple[int, int]]]) -> dict[int, Timing]:
    """Earliest start and end of every step, and its slack: how much it may slip without moving the end.
    Steps without slack are the critical path."""
    sequence = order(list(durations), predecessors)
    timings = {}
    for step in sequence:
        start = max((timings[p].end + lag for p, lag in predecessors.get(step, ()) if p in timings), default=0)
        timings[step] = Timing(start, start + durations[step])
    finish = max((t.end for t in timings.values()), default=0)
    successors = {step: [] for step in sequence}
    for step in sequence:
        for before, lag in predecessors.get(step, ()):
            if before in successors:
                successors[before].append((step, lag))
    latest_start = {}
    for step in reversed(sequence):
        latest_end = min((latest_start[after] - lag for after, lag in successors[step]), default=finish)
        latest_start[step] = latest_end - durations[step]
        timings[step].slack = latest_start[step] - timings[step].start
    return timings


def forecast(
    durations: dict[int, int],
    predecessors: dict[int, list[tuple[int, int]]],
    actuals: dict[int, tuple[str, int | None, int | None]],
    now: int,
) -> dict[int, Timing]:
    """When each step starts and ends as things stand `now`: finished steps at their actual times, a running
    or failed one at least until now, waiting ones after their predecessors and never before now.

    `actuals`: step -> (status, actual start, actual end), in minutes from the run's start.
    """
    timings = {}
    for step in order(list(durations), predecessors):
        ready = max((timings[p].end + lag for p, lag in predecessors.get(step, ()) if p in timings), default=0)
        status, started, ended = actuals.get(step, ("waiting", None, None))
        if status == "done" and started is not None and ended is not None:
            timings[step] = Timing(started, ended)
        elif status == "skipped":
            at = ended if ended is not None else max(ready, now)
            timings[step] = Timing(at, at)
        elif status in ("running", "failed", "rolled_back") and started is not None:
            timings[step] = Timing(started, max(now, started + durations[step]))
        else:
            start = max(ready, now)
            timings[step] = Timing(start, start + durations[step])
    return timings


def hours_minutes(minutes: int | None) -> str:
    """Minutes as a clock shows a duration: 95 -> "1:35", -20 -> "−0:20"."""
    if minutes is None:
        return "—"
    sign = "−" if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    return f"{sign}{hours}:{rest:02d}"
