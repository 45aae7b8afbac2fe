"""The cut-over plan and its runbook. Services flush; views commit. Runs are in runs.py."""

import re

from flask import g
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.checks import number_between, required_text
from crm_rollout.core.editing import create_row, singleton_of, update_fields, update_singleton
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.graphs import reaches
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to
from crm_rollout.cutover import schedule
from crm_rollout.cutover.models import CutoverPlan, RunbookStep, StepDependency
from crm_rollout.team.models import Person

PLAN_FIELDS = ("window_start", "window_end", "point_of_no_return", "rollback_authority", "rollback_plan")
STEP_FIELDS = ("number", "title", "owner_id", "checker_id", "planned_minutes", "rollback_action")
MAX_MINUTES = 7 * 24 * 60
_AFTER = re.compile(r"^(\d{1,5})(?:\+(\d{1,5}))?$")


# --- The plan ------------------------------------------------------------------------------------------


def plan_of(project_id: int) -> CutoverPlan | None:
    return singleton_of(CutoverPlan, project_id)


def _validate_plan(_project_id: int, values: dict) -> dict:
    errors = {}
    start, end, point = values.get("window_start"), values.get("window_end"), values.get("point_of_no_return")
    if start and end and end <= start:
        errors["window_end"] = _("The window must close after it opens.")
    if point and ((start and point < start) or (end and point > end)):
        errors["point_of_no_return"] = _("The point of no return lies inside the window.")
    return errors


def update_plan(project_id: int, *, expected_version, changes: dict) -> CutoverPlan:
    """Change the plan; the first edit, made from version 0, creates it."""
    return update_singleton(
        CutoverPlan,
        project_id,
        PLAN_FIELDS,
        expected_version=expected_version,
        changes=changes,
        validate=_validate_plan,
    )


# --- The runbook -----------------------------------------------------------------------------------------


def steps(project_id: int) -> list[RunbookStep]:
    """The runbook in step order, with owners, checkers and predecessors: three queries."""
    return db.session.scalars(
        select(RunbookStep)
        .options(joinedload(RunbookStep.owner), joinedload(RunbookStep.checker))
        .where(RunbookStep.project_id == project_id)
        .order_by(RunbookStep.number, RunbookStep.id)
        .execution_options(populate_existing=True)
    ).all()


def _validate_step(project_id: int, values: dict, step_id: int | None = None) -> dict:
    errors = {}
    required_text(values, "title", _("Say what the step does."), errors)
    number_between(values, "number", 1, 9999, errors)
    number_between(values, "planned_minutes", 0, MAX_MINUTES, errors, optional=True)
    for name in ("owner_id", "checker_id"):
        if not belongs_to(Person, project_id, values.get(name)):
            errors[name] = _("Choose a person of this project's team.")
    if "number" not in errors:
        taken = select(RunbookStep.id).where(
            RunbookStep.project_id == project_id,
            RunbookStep.number == values["number"],
            RunbookStep.id != (step_id or 0),
        )
        if db.session.scalar(taken) is not None:
            errors["number"] = _("Another step has this number.")
    return errors


def next_number(project_id: int) -> int:
    last = db.session.scalar(select(func.max(RunbookStep.number)).where(RunbookStep.project_id == project_id))
    return (last or 0) + 10


def create_step(project_id: int, *, after: str | None = None, **values) -> RunbookStep:
    values = {n: values.get(n) for n in STEP_FIELDS}
    if values["number"] is None:
        values["number"] = next_number(project_id)
    step = create_row(RunbookStep, project_id, values, validate=_validate_step)
    if after:
        _set_predecessors(step, after)
    _forget_timings(project_id)
    return step


def update_step(step: RunbookStep, *, expected_version, changes: dict) -> RunbookStep:
    after = changes.pop("after", None)
    update_fields(
        step,
        STEP_FIELDS,
        expected_version=expected_version,
        changes=changes,
        validate=lambda project_id, values: _validate_step(project_id, values, step.id),
    )
    if after is not None:
        _set_predecessors(step, after)
        step.version += 1  # the dependencies are part of the step: an edit from before them is stale
        db.session.flush()
    _forget_timings(step.project_id)
    return step


def parse_after(text: str) -> list[tuple[int, int]]:
    """ "30, 40+15" -> [(30, 0), (40, 15)]: the step numbers a step follows, each with its lag in minutes."""
    pairs = []
    for part in re.split(r"[,，;；\s]+", re.sub(r"\s*\+\s*", "+", text or "")):
        if not part.strip():
            continue
        match = _AFTER.match(part)
        if match is None:
            raise ValidationFailed({"after": _("Write step numbers, each with an optional lag: 30, 40+15.")})
        pairs.append((int(match.group(1)), int(match.group(2) or 0)))
    return pairs


def after_text(step: RunbookStep, numbers: dict[int, int]) -> str:
    """The step's predecessors as the page writes them: "30, 40+15"."""
    return ", ".join(
        f"{numbers[d.predecessor_id]}" + (f"+{d.lag_minutes}" if d.lag_minutes else "")
        for d in step.predecessors
        if d.predecessor_id in numbers
    )


def _set_predecessors(step: RunbookStep, after: str) -> None:
    pairs = parse_after(after)
    ids = dict(
        db.session.execute(
            select(RunbookStep.number, RunbookStep.id).where(RunbookStep.project_id == step.project_id)
        ).all()
    )
    unknown = [str(n) for n, _lag in pairs if n not in ids]
    if unknown:
        raise ValidationFailed({"after": _("No step has the number %(numbers)s.", numbers=", ".join(unknown))})
    if any(lag > MAX_MINUTES for _n, lag in pairs):
        raise ValidationFailed({"after": _("A lag is at most a week.")})
    wanted = {ids[n]: lag for n, lag in pairs}
    graph = _predecessor_graph(step.project_id) | {step.id: list(wanted.items())}
    waits = {step_id: [before for before, _lag in pairs] for step_id, pairs in graph.items()}
    if reaches(waits, step.id, step.id):
        raise ValidationFailed({"after": _("A step cannot wait for itself, even through others.")})
    db.session.execute(delete(StepDependency).where(StepDependency.step_id == step.id))
    db.session.add_all(
        StepDependency(project_id=step.project_id, step_id=step.id, predecessor_id=i, lag_minutes=lag)
        for i, lag in wanted.items()
    )
    db.session.flush()
    db.session.expire(step, ["predecessors"])


def _predecessor_graph(project_id: int) -> dict[int, list[tuple[int, int]]]:
    graph = {}
    rows = db.session.execute(
        select(StepDependency.step_id, StepDependency.predecessor_id, StepDependency.lag_minutes).where(
            StepDependency.project_id == project_id
        )
    )
    for step_id, predecessor_id, lag in rows:
        graph.setdefault(step_id, []).append((predecessor_id, lag))
    return graph


def timing_inputs(runbook: list[RunbookStep]) -> tuple[dict, dict]:
    """(durations, predecessors) of the runbook, as schedule.py takes them."""
    durations = {s.id: s.planned_minutes for s in runbook}
    predecessors = {s.id: [(d.predecessor_id, d.lag_minutes) for d in s.predecessors] for s in runbook}
    return durations, predecessors


def planned(runbook: list[RunbookStep]) -> dict[int, schedule.Timing]:
    return schedule.plan(*timing_inputs(runbook))


def runbook_numbers_and_timings(project_id: int) -> tuple[dict[int, int], dict[int, schedule.Timing]]:
    """Each step's number and planned timing, worked out once a request (the API shows them on every step);
    an edit of the runbook forgets them."""
    known = g.setdefault("cutover_runbooks", {})
    if project_id not in known:
        runbook = steps(project_id)
        known[project_id] = ({s.id: s.number for s in runbook}, planned(runbook))
    return known[project_id]


def _forget_timings(project_id: int) -> None:
    g.setdefault("cutover_runbooks", {}).pop(project_id, None)


def window_minutes(plan: CutoverPlan | None) -> int | None:
    if plan is None or plan.window_start is None or plan.window_end is None:
        return None
    return int((plan.window_end - plan.window_start).total_seconds() // 60)


STEPS = ProjectRows(RunbookStep, rows=steps, create=create_step, update=update_step)
