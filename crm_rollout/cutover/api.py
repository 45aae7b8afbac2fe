"""JSON API for the cut-over: its plan, the runbook's steps, the runs and the ticks of their steps."""

from flask import g, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import fields_json, update_response
from crm_rollout.core.api.docs import body, returns, shape_of
from crm_rollout.core.api.parsing import Field, from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.permissions import EDIT_GOLIVE, RUN_CUTOVER, VIEW, project_access
from crm_rollout.cutover import runs as running
from crm_rollout.cutover import service
from crm_rollout.cutover.labels import StepStatus
from crm_rollout.cutover.models import CutoverPlan, CutoverRun, RunbookStep

PLAN_SPEC = from_model(
    CutoverPlan,
    {
        "window_start": "datetime?",
        "window_end": "datetime?",
        "point_of_no_return": "datetime?",
        "rollback_authority": "str",
        "rollback_plan": "str",
    },
)
PLAN_OUT = shape_of(PLAN_SPEC, version="int")
STEP_SPEC = from_model(
    RunbookStep,
    {
        "number": "int",
        "title": "str",
        "owner_id": "int?",
        "checker_id": "int?",
        "planned_minutes": "int",
        "rollback_action": "str",
    },
    ranges={"number": (1, 9999), "planned_minutes": (0, service.MAX_MINUTES)},
) | {"after": Field("str", max_length=500)}
STEP_OUT = shape_of(
    STEP_SPEC,
    predecessors=[{"step_id": "int", "lag_minutes": "int"}],
    planned_start="int",
    planned_end="int",
    critical="bool",
    id="int",
    version="int",
)
RUN_SPEC = from_model(CutoverRun, {"kind": "str", "name": "str"})
RUN_OUT = shape_of(RUN_SPEC, started_at="datetime?", finished_at="datetime?", id="int", version="int")
TICK_SPEC = {
    "run_id": "int",
    "step_id": "int",
    "status": Field("str", enum=StepStatus.codes()),
    "note": Field("str", max_length=500),
    "version": Field("int", nullable=True),
}
TICK_OUT = {
    "run_id": "int",
    "step_id": "int",
    "status": "str",
    "actual_start": "datetime?",
    "actual_end": "datetime?",
    "note": "str",
    "id": "int",
    "version": "int",
}


def plan_json(project_id: int) -> dict:
    plan = service.plan_of(project_id)
    if plan is None:
        return dict.fromkeys(PLAN_SPEC) | {"rollback_authority": "", "rollback_plan": "", "version": 0}
    return {name: value for name, value in fields_json(plan, PLAN_SPEC).items() if name != "id"}


@bp.get("/projects/<int:project_id>/cutover_plan")
@returns(PLAN_OUT)
@project_access(VIEW)
def get_cutover_plan(project_id: int):
    """The window, the point of no return and the rollback; version 0 before the first edit."""
    return jsonify(plan_json(project_id))


@bp.patch("/projects/<int:project_id>/cutover_plan")
@returns(PLAN_OUT)
@project_access(EDIT_GOLIVE)
@body(PLAN_SPEC, version=True)
def patch_cutover_plan(project_id: int):
    """Change the plan; the first change is made from version 0."""
    # The project stands for the plan, which may not exist yet: update_plan makes it from version 0.
    return update_response(project_id, service.update_plan, plan_json)


def step_json(step) -> dict:
    numbers, timings = service.runbook_numbers_and_timings(step.project_id)
    timing = timings[step.id]
    return {name: getattr(step, name) for name in service.STEP_FIELDS} | {
        "after": service.after_text(step, numbers),
        "predecessors": [{"step_id": d.predecessor_id, "lag_minutes": d.lag_minutes} for d in step.predecessors],
        "planned_start": timing.start,
        "planned_end": timing.end,
        "critical": timing.critical,
        "id": step.id,
        "version": step.version,
    }


def run_json(run) -> dict:
    return fields_json(run, ("kind", "name", "started_at", "finished_at"))


def tick_json(row) -> dict:
    return fields_json(row, ("run_id", "step_id", "status", "actual_start", "actual_end", "note"))


def _tick(project_id: int, *, run_id, step_id, status, note="", version=None):
    return running.tick(
        running.RUNS.get(project_id, run_id),
        service.STEPS.get(project_id, step_id),
        status,
        user_id=g.actor_id,
        runs_any=EDIT_GOLIVE in g.permissions,
        expected_version=version,
        note=note,
    )


serve(Collection("runbook_steps", service.STEPS, step_json, STEP_OUT, EDIT_GOLIVE, STEP_SPEC, required=("title",)))
serve(Collection("cutover_runs", running.RUNS, run_json, RUN_OUT, EDIT_GOLIVE, RUN_SPEC, required=("name",)))
serve(
    Collection(
        "cutover_run_steps",
        running.RUN_STEPS,
        tick_json,
        TICK_OUT,
        RUN_CUTOVER,
        TICK_SPEC,
        required=("run_id", "step_id", "status"),
        create=_tick,
    )
)
