"""The steps of a process model and the routes between them: add, edit, move, remove, replace from a file."""

import re

from sqlalchemy import select

from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import stripped, update_fields
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.limits import is_finite_number
from crm_rollout.core.lookup import ProjectRows
from crm_rollout.processes import approvals, service
from crm_rollout.processes.labels import ACTIVITIES, CONTAINERS, EVENTS, StepKind, Trigger
from crm_rollout.processes.metrics import same_words
from crm_rollout.processes.models import FLOW_FIELDS, STEP_FIELDS, ProcessFlow, ProcessModel, ProcessStep

_ROUTE = re.compile(r"^\s*(\d+|end|结束)\s*[:：]?\s*(.*?)\s*$", re.IGNORECASE)


def parse_routes(text: str, numbered: dict[int, ProcessStep], own: ProcessStep | None) -> list[tuple]:
    """'4: yes; 6: no' or 'end' into (target step or None, label); empty text means 'the next step'."""
    found = []
    for part in re.split(r"[;,；，、\n]", text or ""):
        if not part.strip():
            continue
        match = _ROUTE.match(part)
        if not match:
            raise ValidationFailed(
                {"next_steps": _("Write step numbers or “end”, each with an optional label: 4: yes; 6: no")}
            )
        target_text, label = match.groups()
        if target_text.isdigit():
            target = numbered.get(int(target_text))
            if target is None or target is own:
                raise ValidationFailed({"next_steps": _("There is no other step %(n)s.", n=target_text)})
        else:
            target = None
        found.append((target, label[:120]))
    return found


def _validate_step(values: dict) -> dict:
    errors = {}
    kind = values.get("kind", StepKind.USER_TASK)
    if kind not in StepKind.codes():
        errors["kind"] = _("Choose a kind of step from the list.")
    if values.get("trigger", "") not in Trigger.codes() or (values.get("trigger") and kind not in EVENTS):
        errors["trigger"] = _("Only an event has a trigger; choose one from the list.")
    if not values.get("actor"):
        errors["actor"] = _("Say who does this step (a role or department).")
    if not values.get("activity") and kind in ACTIVITIES:
        errors["activity"] = _("Say what happens in this step.")
    hours = values.get("duration_hours")
    if not is_finite_number(hours) or hours < 0 or hours > 10000:
        errors["duration_hours"] = _("Give the expected duration in hours (0 or more).")
    return errors


def _kind_fits(step: ProcessStep | None, values: dict) -> dict:
    """What the structure of the model allows a step to become: an event on a task's border only where a
    file put one (the editor has no way to attach it), and a sub-process that holds steps stays one."""
    kind = values.get("kind", StepKind.USER_TASK)
    if kind == StepKind.BOUNDARY_EVENT and (step is None or step.attached_to_id is None):
        return {"kind": _("An event on a task's border comes with a BPMN file; choose another kind here.")}
    holds = step is not None and db.session.scalar(
        select(ProcessStep.id).where(ProcessStep.parent_id == step.id).limit(1)
    )
    if holds and kind not in CONTAINERS:
        return {"kind": _("This sub-process holds steps of its own: it stays a kind of sub-process.")}
    return {}


def _set_routes(model: ProcessModel, step: ProcessStep, routes: list[tuple]) -> bool:
    """Make the step's routes these (target, label) pairs; whether anything changed. A route that stays
    keeps what a file gave it (its condition, its being the default, its id and drawn path)."""
    current = list(
        db.session.scalars(select(ProcessFlow).where(ProcessFlow.source_id == step.id).order_by(ProcessFlow.id))
    )
    wanted = [(target.id if target else None, label) for target, label in routes]
    if [(f.target_id, f.label) for f in current] == wanted:
        return False
    kept = {(f.target_id, f.label): f for f in current}
    for flow in current:
        db.session.delete(flow)
    db.session.flush()
    for target_id, label in wanted:  # in the order given: the first of an editor's branches is the default
        same = kept.get((target_id, label))
        db.session.add(
            ProcessFlow(
                project_id=model.project_id,
                model_id=model.id,
                source_id=step.id,
                target_id=target_id,
                **({name: getattr(same, name) for name in FLOW_FIELDS} if same else {"label": label}),
            )
        )
    return True


def _numbered(model: ProcessModel) -> dict[int, ProcessStep]:
    steps = db.session.scalars(
        select(ProcessStep).where(ProcessStep.model_id == model.id).order_by(ProcessStep.position)
    ).all()
    return dict(enumerate(steps, start=1))


def _renumber(numbered: list[ProcessStep]) -> None:
    for n, step in enumerate(numbered, start=1):
        if step.position != n:
            step.position = n


def add_step(model: ProcessModel, *, next_steps: str = "", at: int | None = None, **values) -> ProcessStep:
    """A step at the end, or inserted at number `at` (the steps after it move down)."""
    service.require_editable(model)
    values = {
        "kind": StepKind.USER_TASK,
        "trigger": Trigger.NONE,
        "department": "",
        "system": "",
        "duration_hours": 0.0,
        "is_decision": False,
    } | stripped({k: values[k] for k in STEP_FIELDS if k in values})
    errors = _validate_step(values) | _kind_fits(None, values)
    numbered = _numbered(model)
    try:
        routes = parse_routes(next_steps, numbered, None)
    except ValidationFailed as failed:
        errors |= failed.errors
    raise_if_errors(errors)
    ordered = list(numbered.values())
    if not ordered:
        approvals.ask_owner_to_approve(model)
    place = len(ordered) if at is None else max(0, min(at - 1, len(ordered)))
    step = ProcessStep(
        project_id=model.project_id,
        model_id=model.id,
        position=place + 1,
        pool=_pool_for(model, ordered, values),
        **values,
    )
    db.session.add(step)
    ordered.insert(place, step)
    _renumber(ordered)
    db.session.flush()
    _set_routes(model, step, routes)
    db.session.flush()
    return step


def _pool_for(model: ProcessModel, steps: list[ProcessStep], values: dict) -> str:
    """In a model of several pools, a new step joins its actor's pool, or the first one that has steps."""
    pools = [p["name"] for p in (model.diagram or {}).get("pools", []) if p.get("process")]
    if not pools:
        return ""
    actor = same_words(values.get("actor", ""))
    return next((s.pool for s in steps if same_words(s.actor) == actor), pools[0])


def update_step(step: ProcessStep, *, expected_version, changes: dict) -> ProcessStep:
    """Change a step's fields; `next_steps` (route text) replaces its routes when given."""
    model = db.session.get(ProcessModel, step.model_id)
    service.require_editable(model)
    routes, route_errors = None, {}
    if "next_steps" in changes:
        try:
            routes = parse_routes(changes["next_steps"], _numbered(model), step)
        except ValidationFailed as failed:
            route_errors = failed.errors
    update_fields(
        step,
        STEP_FIELDS,
        expected_version=expected_version,
        changes=changes,
        validate=lambda _project_id, values: _validate_step(values) | _kind_fits(step, values) | route_errors,
    )
    if routes is not None and _set_routes(model, step, routes):
        step.updated_at = utcnow()  # routes live in their own rows: bump the step's version for readers of it
        db.session.flush()
    return step


def move_step(step: ProcessStep, *, by: int) -> None:
    """Move a step up (-1) or down (+1) the order; routes keep pointing at the same steps."""
    model = db.session.get(ProcessModel, step.model_id)
    service.require_editable(model)
    ordered = list(_numbered(model).values())
    index = ordered.index(step)
    target = max(0, min(index + by, len(ordered) - 1))
    ordered.insert(target, ordered.pop(index))
    _renumber(ordered)
    db.session.flush()


def remove_step(step: ProcessStep) -> None:
    """Delete a step with what is inside it or on its border, and the routes from and to them (each
    deletion is in the audit trail)."""
    model = db.session.get(ProcessModel, step.model_id)
    service.require_editable(model)
    steps = list(_numbered(model).values())
    doomed, grew = {step.id}, True
    while grew:  # a sub-process's steps, their own steps, the events on their borders ...
        held = {s.id for s in steps if s.parent_id in doomed or s.attached_to_id in doomed}
        grew = not held <= doomed
        doomed |= held
    _delete(model, [s for s in steps if s.id in doomed])
    _renumber([s for s in steps if s.id not in doomed])
    db.session.flush()


def _delete(model: ProcessModel, steps: list[ProcessStep]) -> None:
    ids = [s.id for s in steps]
    touching = select(ProcessFlow).where(
        ProcessFlow.model_id == model.id, ProcessFlow.source_id.in_(ids) | ProcessFlow.target_id.in_(ids)
    )
    for flow in db.session.scalars(touching):
        db.session.delete(flow)
    db.session.flush()
    # The innermost first: deleting a holder first would take what it holds with it in the database,
    # under the session's feet. A step is held by its sub-process and, on a border, by its task: one level
    # below the lower of them.
    by_id = {s.id: s for s in steps}
    depth = dict.fromkeys(by_id, 0)
    for _round in range(len(steps)):
        changed = False
        for step in steps:
            held = [depth[h] + 1 for h in (step.parent_id, step.attached_to_id) if h in by_id]
            if held and max(held) > depth[step.id]:
                depth[step.id], changed = max(held), True
        if not changed:
            break
    levels: dict[int, list[ProcessStep]] = {}
    for step in steps:
        levels.setdefault(depth[step.id], []).append(step)
    for level in sorted(levels, reverse=True):
        for step in levels[level]:
            db.session.delete(step)
        db.session.flush()


def replace_steps(model: ProcessModel, imported) -> None:
    """Put a model read from a BPMN file in place of the current steps: its steps, flows and drawing."""
    service.require_editable(model)
    _delete(model, list(_numbered(model).values()))
    approvals.ask_owner_to_approve(model)
    created = []
    for n, values in enumerate(imported.steps, start=1):
        errors = _validate_step(values)
        if errors:
            raise ValidationFailed({"file": _("Step %(n)d: %(why)s", n=n, why=" ".join(errors.values()))})
        fields = {k: v for k, v in values.items() if k not in ("parent", "attached_to")}
        step = ProcessStep(project_id=model.project_id, model_id=model.id, position=n, **fields)
        db.session.add(step)
        created.append(step)
    db.session.flush()
    for step, values in zip(created, imported.steps, strict=True):
        if values.get("parent") is not None:
            step.parent_id = created[values["parent"]].id
        if values.get("attached_to") is not None:
            step.attached_to_id = created[values["attached_to"]].id
    for flow in imported.flows:
        db.session.add(
            ProcessFlow(
                project_id=model.project_id,
                model_id=model.id,
                source_id=created[flow["source"]].id,
                target_id=created[flow["target"]].id if flow["target"] is not None else None,
                label=flow["label"][:120],
                condition=flow.get("condition", ""),
                is_default=flow.get("is_default", False),
                bpmn_id=flow.get("bpmn_id", ""),
                waypoints=flow.get("waypoints"),
            )
        )
    model.explicit_routes = imported.explicit
    # The last import's report stays with the model, for whoever opens it later.
    model.diagram = imported.diagram | {"import_report": imported.report.as_json()}
    db.session.flush()


# A model's steps are listed with their model, not for the whole project.
STEPS = ProjectRows(ProcessStep, update=update_step)
