"""The evaluation phase's question: did the benefits come? Each KPI's latest measurement since go-live set
against its baseline and its target."""

from dataclasses import dataclass
from datetime import date

from crm_rollout.cutover import runs as cutover_runs
from crm_rollout.cutover.labels import RunKind
from crm_rollout.golive import service
from crm_rollout.scorecard import service as scorecard

EVALUATION = "evaluation"  # the method's key of the phase that compares


@dataclass
class Comparison:
    kpi: object
    since: object | None  # the latest measurement on or after go-live
    change: float | None  # since − baseline
    share_of_way: float | None  # how far from baseline to target, 1.0 = reached

    @property
    def better(self) -> bool | None:
        if self.change is None or self.change == 0:
            return None
        return (self.change > 0) == (self.kpi.direction == "higher")


def went_live_on(project_id: int) -> date | None:
    """The day the committee said go, else the day the cut-over run ended."""
    decided = service.go_decided_on(project_id)
    if decided is not None:
        return decided
    ended = [r.finished_at for r in cutover_runs.runs(project_id) if r.kind == RunKind.CUTOVER and r.finished_at]
    return max(ended).date() if ended else None


def comparisons(project_id: int) -> tuple[date | None, list[Comparison]]:
    live = went_live_on(project_id)
    rows = []
    for kpi in scorecard.kpis(project_id):
        after = [m for m in kpi.measurements if live is not None and m.measured_on >= live]
        latest = max(after, key=lambda m: (m.measured_on, m.id), default=None)
        change = round(latest.value - kpi.baseline, 2) if latest else None
        span = kpi.target - kpi.baseline
        rows.append(Comparison(kpi, latest, change, round(change / span, 2) if latest and span else None))
    return live, rows


def evaluation_panel(phase):
    """On the evaluation phase's page: the benefits since go-live against their baselines."""
    if phase.key != EVALUATION:
        return None
    live, rows = comparisons(phase.project_id)
    return "golive/_evaluation.html", {"went_live": live, "rows": rows}
