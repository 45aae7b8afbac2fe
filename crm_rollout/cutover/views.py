"""The cut-over's pages: the runbook and its plan, and each run, where people tick their steps."""

from flask import Blueprint, flash, g, redirect, request, url_for

from crm_rollout.core.forms import data_of, nothing_first, posted, scoped, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import EDIT_GOLIVE, RUN_CUTOVER, VIEW, can
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import edit_of, failed_status, form_page, form_version, render_project, run_action, save_form
from crm_rollout.cutover import runs as running
from crm_rollout.cutover import service
from crm_rollout.cutover.forms import PlanForm, RunForm, StepForm
from crm_rollout.cutover.labels import NEXT_STATUSES, RunKind
from crm_rollout.team import service as team

bp = Blueprint("cutover", __name__, url_prefix="/projects/<int:project_id>/cutover")
STEP_FORM_FIELDS = (*service.STEP_FIELDS, "after")


def _step_form(project_id: int, **kwargs) -> StepForm:
    form = StepForm(**kwargs)
    people = nothing_first(team.person_choices(project_id), nobody=True)
    form.owner_id.choices = form.checker_id.choices = people
    return form


def _step_values(form) -> dict:
    return data_of(form, STEP_FORM_FIELDS)


@bp.route("/", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def runbook(project_id: int):
    form = scoped(_step_form(project_id, formdata=posted()), "step")
    return form_page(
        form,
        lambda: service.create_step(project_id, **_step_values(form)),
        saved=_("Step added."),
        to=url_for("cutover.runbook", project_id=project_id) + "#steps",
        page=lambda status: _runbook_page(project_id, step_form=form, status=status),
    )


def _runbook_page(project_id: int, *, step_form=None, plan_form=None, run_form=None, status=200):
    plan = service.plan_of(project_id)
    steps = service.steps(project_id)
    timings = service.planned(steps)
    numbers = {s.id: s.number for s in steps}
    if plan_form is None:
        data = values_of(plan, service.PLAN_FIELDS) if plan else {"version": 0}
        plan_form = PlanForm(data=data)
    runs = running.runs(project_id)
    total = max((t.end for t in timings.values()), default=0)
    return render_project(
        "cutover/runbook.html",
        status,
        plan=plan,
        steps=steps,
        timings=timings,
        after={s.id: service.after_text(s, numbers) for s in steps},
        total=total,
        window=service.window_minutes(plan),
        runs=runs,
        actuals={run.id: {s.step_id: s.minutes for s in run.steps} for run in runs},
        took={run.id: running.took_minutes(run) for run in runs},
        step_form=step_form or scoped(_step_form(project_id), "step"),
        plan_form=scoped(plan_form, "plan"),
        run_form=scoped(run_form or RunForm(data={"name": _("Rehearsal %(n)d", n=len(runs) + 1)}), "run"),
    )


@bp.route("/plan", methods=["POST"])
@access(EDIT_GOLIVE)
def plan(project_id: int):
    form = PlanForm()
    changes = data_of(form, service.PLAN_FIELDS)
    if save_form(form, lambda: service.update_plan(project_id, expected_version=form_version(form), changes=changes)):
        flash(_("Saved."), "success")
        return redirect(url_for("cutover.runbook", project_id=project_id))
    return _runbook_page(project_id, plan_form=form, status=failed_status(form))


@bp.route("/steps/<int:runbook_step_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def step(project_id: int, runbook_step_id: int):
    step = service.STEPS.get(project_id, runbook_step_id)
    numbers = {s.id: s.number for s in service.steps(project_id)}
    data = values_of(step, service.STEP_FIELDS) | {"after": service.after_text(step, numbers)}
    form = _step_form(project_id, formdata=posted(), data=data)
    return form_page(
        form,
        edit_of(service.update_step, step, form, _step_values(form)),
        saved=_("Saved."),
        to=url_for("cutover.runbook", project_id=project_id) + "#steps",
        page=lambda status: render_project("cutover/step.html", status, step=step, form=form, conflict=form.conflict),
    )


@bp.route("/runs", methods=["POST"])
@access(EDIT_GOLIVE)
def new_run(project_id: int):
    form = RunForm()
    saved = save_form(form, lambda: running.create_run(project_id, kind=form.kind.data, name=form.name.data))
    if saved:
        return redirect(url_for("cutover.run", project_id=project_id, run_id=saved.value.id))
    return _runbook_page(project_id, run_form=form, status=failed_status(form))


@bp.route("/runs/<int:run_id>")
@access(VIEW)
def run(project_id: int, run_id: int):
    run = running.RUNS.get(project_id, run_id)
    steps = service.steps(project_id)
    where = running.position(run, steps)
    runs_any = can(EDIT_GOLIVE)
    for line in where.lines:
        line.may_tick = can(RUN_CUTOVER) and running.may_tick(line.step, g.actor_id, runs_any=runs_any)
    plan = service.plan_of(project_id)
    return render_project(
        "cutover/run.html",
        where=where,
        plan=plan if run.kind == RunKind.CUTOVER else None,
        next_statuses=NEXT_STATUSES,
    )


@bp.route("/runs/<int:run_id>/steps/<int:runbook_step_id>", methods=["POST"])
@access(RUN_CUTOVER)
def tick(project_id: int, run_id: int, runbook_step_id: int):
    run = running.RUNS.get(project_id, run_id)
    step = service.STEPS.get(project_id, runbook_step_id)
    version = request.form.get("version", "")
    run_action(
        lambda: running.tick(
            run,
            step,
            request.form.get("status", ""),
            user_id=g.actor_id,
            runs_any=can(EDIT_GOLIVE),
            expected_version=int(version) if version.isdigit() else None,
            note=request.form.get("note", ""),
        ),
        conflict=_("Someone ticked this step meanwhile; here is where it stands now."),
    )
    return redirect(url_for("cutover.run", project_id=project_id, run_id=run_id) + f"#step-{runbook_step_id}")


@bp.route("/runs/<int:run_id>/adopt", methods=["POST"])
@access(EDIT_GOLIVE)
def adopt(project_id: int, run_id: int):
    run = running.RUNS.get(project_id, run_id)
    run_action(
        lambda: running.adopt_durations(run, project_id=project_id),
        done=lambda n: _("%(n)d planned durations now are those of %(run)s.", n=n, run=run.name),
    )
    return redirect(url_for("cutover.runbook", project_id=project_id) + "#runs")
