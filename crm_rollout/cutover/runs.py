"""Runs of the runbook: rehearsals and the cut-over itself. People tick their steps as they go; the run shows
where it stands against the plan and when it is expected to end. Services flush; views commit."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from crm_rollout.core.checks import one_of, required_text
from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import check_version, create_row, update_fields
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows
from crm_rollout.cutover import schedule
from crm_rollout.cutover import service as runbook
from crm_rollout.cutover.labels import FINISHED, NEXT_STATUSES, RunKind, StepStatus
from crm_rollout.cutover.models import CutoverRun, RunbookStep, RunStep
from crm_rollout.team.models import Person

RUN_FIELDS = ("kind", "name")


def _validate_run(_project_id: int, values: dict) -> dict:
    errors = {}
    required_text(values, "name", _("Name the run (Rehearsal 2, say)."), errors)
    one_of(values, "kind", RunKind, errors)
    return errors


def create_run(project_id: int, **values) -> CutoverRun:
    return create_row(CutoverRun, project_id, {n: values.get(n) for n in RUN_FIELDS}, validate=_validate_run)


def update_run(run: CutoverRun, *, expected_version, changes: dict) -> CutoverRun:
    return update_fields(run, RUN_FIELDS, expected_version=expected_version, changes=changes, validate=_validate_run)


def runs(project_id: int) -> list[CutoverRun]:
    return db.session.scalars(
        select(CutoverRun)
        .where(CutoverRun.project_id == project_id)
        .order_by(CutoverRun.id)
        .execution_options(populate_existing=True)
    ).all()


def run_steps(project_id: int) -> list[RunStep]:
    return db.session.scalars(
        select(RunStep).where(RunStep.project_id == project_id).order_by(RunStep.run_id, RunStep.step_id)
    ).all()


def may_tick(step: RunbookStep, user_id: int, *, runs_any: bool) -> bool:
    """Those who edit the runbook tick any step; others the steps they own or check."""
    if runs_any:
        return True
    people = {p for p in (step.owner_id, step.checker_id) if p is not None}
    if not people:
        return False
    return db.session.scalar(select(Person.id).where(Person.id.in_(people), Person.user_id == user_id)) is not None


def tick(
    run: CutoverRun,
    step: RunbookStep,
    status: str,
    *,
    user_id: int,
    runs_any: bool,
    expected_version: int | None = None,
    note: str = "",
) -> RunStep:
    """Move one step of a run on (waiting → running → done, or failed, skipped, rolled back), at the time of
    the tick. A step starts only once the steps it follows are done or skipped; the first start starts the
    run, and the last step finished ends it. `expected_version` (the step's in this run, 0 before its first
    tick) turns two people ticking the same step at once into a conflict."""
    current = _ticked(run, step, status, user_id=user_id, runs_any=runs_any, expected_version=expected_version)
    if len(note or "") > 500:
        raise ValidationFailed({"note": _("Keep it under %(n)d characters.", n=500)})
    now = utcnow()
    if current is None:
        current = RunStep(project_id=run.project_id, run_id=run.id, step_id=step.id)
        db.session.add(current)
        run.steps.append(current)
    current.status, current.ticked_by_id, current.note = status, user_id, (note or "").strip()
    if status == StepStatus.RUNNING:
        current.actual_start, current.actual_end = now, None
    elif status in (StepStatus.DONE, StepStatus.FAILED, StepStatus.SKIPPED):
        current.actual_end = now
    run.started_at = run.started_at or now
    finished = {s.step_id for s in run.steps if s.status in FINISHED}
    all_steps = set(db.session.scalars(select(RunbookStep.id).where(RunbookStep.project_id == run.project_id)))
    run.finished_at = now if all_steps <= finished else None
    db.session.flush()
    return current


def _ticked(run, step, status: str, *, user_id: int, runs_any: bool, expected_version) -> RunStep | None:
    """The step's row in the run (None before its first tick), once the tick is allowed: by whom, from which
    version, to which status, after which steps."""
    if step.project_id != run.project_id:
        raise ValidationFailed({"step_id": _("Choose a step of this project's runbook.")})
    if not may_tick(step, user_id, runs_any=runs_any):
        raise ValidationFailed({"step_id": _("Only the step's owner or checker ticks it.")})
    if status not in StepStatus.codes():
        raise ValidationFailed({"status": _("Choose one of the listed values.")})
    current = next((s for s in run.steps if s.step_id == step.id), None)
    if expected_version is not None and current is not None:
        check_version(current, expected_version)
    elif expected_version not in (None, 0):
        raise ValidationFailed({"version": _("Send the version of the record you read.")})
    was = current.status if current else StepStatus.WAITING
    if status not in NEXT_STATUSES[was]:
        words = {"now": StepStatus(was).label, "next": StepStatus(status).label}
        raise ValidationFailed({"status": _("A step that is %(now)s cannot become %(next)s.", **words)})
    if status == StepStatus.RUNNING:
        _check_predecessors_finished(run, step)
    return current


def _check_predecessors_finished(run: CutoverRun, step: RunbookStep) -> None:
    finished = {s.step_id for s in run.steps if s.status in FINISHED}
    waiting = [d.predecessor_id for d in step.predecessors if d.predecessor_id not in finished]
    if waiting:
        numbers = db.session.scalars(select(RunbookStep.number).where(RunbookStep.id.in_(waiting)))
        raise ValidationFailed(
            {"status": _("Step %(numbers)s must be done first.", numbers=", ".join(map(str, sorted(numbers))))}
        )


def adopt_durations(run: CutoverRun, *, project_id: int) -> int:
    """Take the run's actual durations as the runbook's planned ones for the next rehearsal; steps the run
    did not finish keep theirs. Returns how many changed."""
    taken = {s.step_id: s.minutes for s in run.steps if s.status == StepStatus.DONE and s.minutes is not None}
    changed = 0
    for step in runbook.steps(project_id):
        if step.id in taken and step.planned_minutes != taken[step.id]:
            step.planned_minutes = taken[step.id]
            changed += 1
    db.session.flush()
    return changed


# --- Where a run stands ----------------------------------------------------------------------------------


@dataclass
class StepLine:
    step: RunbookStep
    status: str
    version: int  # of the step in this run: 0 before its first tick
    planned: schedule.Timing
    expected: schedule.Timing
    actual_start: datetime | None
    actual_end: datetime | None
    delay: int  # minutes its expected end is later than planned (negative: ahead)
    may_tick: bool = False


@dataclass
class Position:
    run: CutoverRun
    lines: list[StepLine]
    started_at: datetime | None
    planned_end: datetime | None
    expected_end: datetime | None
    delay: int  # minutes
    done: int
    planned_minutes: int
    expected_minutes: int


def position(run: CutoverRun, steps: list[RunbookStep], *, now: datetime | None = None) -> Position:
    """The run against the plan: each step's planned and expected times, the delay and the expected end."""
    now = now or utcnow()
    durations, predecessors = runbook.timing_inputs(steps)
    plan = schedule.plan(durations, predecessors)
    start = run.started_at or now
    minutes = lambda moment: None if moment is None else int((moment - start).total_seconds() // 60)  # noqa: E731
    actual = {s.step_id: s for s in run.steps}
    actuals = {i: (a.status, minutes(a.actual_start), minutes(a.actual_end)) for i, a in actual.items()}
    expected = schedule.forecast(durations, predecessors, actuals, minutes(now) if run.started_at else 0)
    lines = []
    for step in steps:
        a = actual.get(step.id)
        lines.append(
            StepLine(
                step=step,
                status=a.status if a else StepStatus.WAITING,
                version=a.version if a else 0,
                planned=plan[step.id],
                expected=expected[step.id],
                actual_start=a.actual_start if a else None,
                actual_end=a.actual_end if a else None,
                delay=expected[step.id].end - plan[step.id].end,
            )
        )
    planned_minutes = max((t.end for t in plan.values()), default=0)
    expected_minutes = max((t.end for t in expected.values()), default=0)
    at = lambda offset: start + timedelta(minutes=offset) if run.started_at else None  # noqa: E731
    return Position(
        run=run,
        lines=lines,
        started_at=run.started_at,
        planned_end=at(planned_minutes),
        expected_end=run.finished_at or at(expected_minutes),
        delay=expected_minutes - planned_minutes,
        done=sum(line.status in FINISHED for line in lines),
        planned_minutes=planned_minutes,
        expected_minutes=expected_minutes,
    )


def took_minutes(run: CutoverRun) -> int | None:
    """How long a finished run took from its first start to its last step."""
    if run.started_at is None or run.finished_at is None:
        return None
    return int((run.finished_at - run.started_at).total_seconds() // 60)


def last_rehearsal(project_id: int) -> CutoverRun | None:
    """The latest rehearsal that ran to its end."""
    finished = [r for r in runs(project_id) if r.kind == RunKind.REHEARSAL and r.finished_at is not None]
    return max(finished, key=lambda r: r.finished_at, default=None)


RUNS = ProjectRows(CutoverRun, rows=runs, create=create_run, update=update_run)


RUN_STEPS = ProjectRows(RunStep, rows=run_steps)
