"""The blueprint's rules: the process catalogue and its selection, model revisions, root causes and
prototype tests (steps and their routes: steps.py; approving a to-be: approvals.py). Services flush;
views commit."""

import functools
import re
from dataclasses import dataclass

from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.editing import check_version, create_row, stripped, update_fields
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, get_in_project, project_id_of
from crm_rollout.processes import metrics, scoring
from crm_rollout.processes.labels import CauseCategory, ModelKind, TestResult
from crm_rollout.processes.models import (
    AREAS,
    CRITERIA,
    DRAWN_FIELDS,
    ELEMENTS,
    FLOW_FIELDS,
    STEP_FIELDS,
    Process,
    ProcessFlow,
    ProcessModel,
    ProcessStep,
    PrototypeTest,
    RootCause,
)
from crm_rollout.team import service as team

PROCESS_FIELDS = tuple(Process.audit_labels)
MODEL_FIELDS = ("change_note", *(f"change_{e}" for e in ELEMENTS))
TEST_FIELDS = ("scenario", "held_on", "steps_covered", "key_users", "result", "findings", "model_id")
SCALE = range(1, 6)

# --- The catalogue ------------------------------------------------------------------------


def processes(project_id: int) -> list[Process]:
    return list(
        db.session.scalars(
            select(Process)
            .options(joinedload(Process.owner))
            .where(Process.project_id == project_id)
            .order_by(Process.area, Process.name)
        )
    )


def _validate_process(project_id: int, values: dict) -> dict:
    errors = {}
    if not values.get("name"):
        errors["name"] = _("Name the process.")
    if values.get("area") not in AREAS:
        errors["area"] = _("Choose the area the process belongs to.")
    for criterion in CRITERIA:
        if values.get(criterion) is not None and values[criterion] not in SCALE:
            errors[criterion] = _("Score it from 1 to 5, or leave it empty.")
    owner = values.get("owner_id")
    if owner is not None and team.PEOPLE.project_of(owner) != project_id:
        errors["owner_id"] = _("Choose a person of this project's team.")
    return errors


def create_process(project_id: int, **values) -> Process:
    values = stripped({k: values[k] for k in PROCESS_FIELDS if k in values})
    process = create_row(Process, project_id, values, validate=_validate_process)
    if process.in_blueprint:
        _ensure_models(process)
    return process


def update_process(process: Process, *, expected_version, changes: dict) -> Process:
    update_fields(
        process,
        PROCESS_FIELDS,
        expected_version=expected_version,
        changes=changes,
        validate=_validate_process,
    )
    if process.in_blueprint:
        _ensure_models(process)
    return process


def set_weights(project, *, expected_version, weights: dict) -> None:
    errors = {c: _("Give a weight from 0 to 100.") for c in CRITERIA if weights.get(c) not in range(101)}
    if not errors and sum(weights[c] for c in CRITERIA) == 0:
        errors["importance"] = _("At least one criterion needs weight.")
    raise_if_errors(errors)
    check_version(project, expected_version)
    project.blueprint_weights = {c: weights[c] for c in CRITERIA}
    db.session.flush()


def ranking(project, catalogue: list[Process]) -> list[scoring.Ranked]:
    return scoring.rank(catalogue, scoring.weights_of(project))


# --- Models and revisions -------------------------------------------------------------------


def _ensure_models(process: Process) -> None:
    """A process entering the blueprint gets an empty as-is and a first to-be revision."""
    existing = set(db.session.scalars(select(ProcessModel.kind).where(ProcessModel.process_id == process.id)))
    for kind in ModelKind:
        if kind not in existing:
            db.session.add(ProcessModel(project_id=process.project_id, process_id=process.id, kind=kind))
    db.session.flush()


def models_of(process_id: int) -> list[ProcessModel]:
    """Every model of the process, the as-is first, then the to-be revisions newest first."""
    found = db.session.scalars(_models_statement(), {"process_id": process_id}).all()
    return sorted(found, key=lambda m: (m.kind != ModelKind.AS_IS, -m.revision))


@functools.cache
def _models_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every model page runs it.
    of_process = ProcessModel.process_id == bindparam("process_id")
    return select(ProcessModel).options(joinedload(ProcessModel.approved_by)).where(of_process)


def current(models: list[ProcessModel], kind: str) -> ProcessModel | None:
    """The latest revision of a kind."""
    return next((m for m in models if m.kind == kind and not m.superseded), None)


def latest_approved(models: list[ProcessModel]) -> ProcessModel | None:
    return next((m for m in models if m.kind == ModelKind.TO_BE and m.is_approved), None)


@dataclass
class Drawn:
    """A model with its steps and flows, ready to measure and draw."""

    model: ProcessModel
    steps: list[ProcessStep]
    flows: list[ProcessFlow]

    # Worked out once: a model page reads the measures in its banner, its table and the as-is comparison.
    @functools.cached_property
    def measures(self) -> metrics.Metrics:
        return metrics.measure(self.steps, self.flows, self.model.explicit_routes, self.routes)

    @functools.cached_property
    def routes(self) -> dict[int, list[metrics.Route]]:
        return metrics.routes(self.steps, self.flows, self.model.explicit_routes)

    @functools.cached_property
    def _numbers(self) -> dict[int, int]:
        return {s.id: n for n, s in enumerate(self.steps, start=1)}

    @functools.cached_property
    def _flows_from(self) -> dict[int, list[ProcessFlow]]:
        flows_from = {}
        for flow in self.flows:
            flows_from.setdefault(flow.source_id, []).append(flow)
        return flows_from

    def number(self, step_id) -> int | None:
        return self._numbers.get(step_id)

    def picture_values(self) -> dict:
        """All the model, its steps and its flows hold, as plain values: everything its picture can be drawn
        from, so the key its drawing is kept under (a change to any of them is a new picture)."""
        return {
            "model": _values_of_row(self.model),
            "steps": [_values_of_row(step) for step in self.steps],
            "flows": [_values_of_row(flow) for flow in self.flows],
        }

    def routes_text(self, step: ProcessStep) -> str:
        """The step's explicit routes as typed in the form: '4: yes; end: no'."""
        parts = []
        for flow in self._flows_from.get(step.id, ()):
            target = str(self.number(flow.target_id)) if flow.target_id else _("end")
            parts.append(f"{target}: {flow.label}" if flow.label else target)
        return "; ".join(parts)


def _values_of_row(row) -> dict:
    return {key: getattr(row, key) for key in _column_keys(type(row))}


@functools.cache
def _column_keys(model_class) -> tuple[str, ...]:
    return tuple(attribute.key for attribute in inspect(model_class).column_attrs)


def drawn(models: list[ProcessModel]) -> list[Drawn]:
    """Steps and flows of several models in two queries."""
    steps_of, flows_of = _drawn_statements()
    ids = {"model_ids": [m.id for m in models]}
    steps = db.session.scalars(steps_of, ids).all()
    flows = db.session.scalars(flows_of, ids).all()
    return [
        Drawn(m, [s for s in steps if s.model_id == m.id], [f for f in flows if f.model_id == m.id]) for m in models
    ]


@functools.cache
def _drawn_statements() -> tuple:
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every model page runs it.
    ids = bindparam("model_ids", expanding=True)
    return (
        select(ProcessStep).where(ProcessStep.model_id.in_(ids)).order_by(ProcessStep.position),
        select(ProcessFlow).where(ProcessFlow.model_id.in_(ids)).order_by(ProcessFlow.id),
    )


def require_editable(model: ProcessModel) -> None:
    if not model.editable:
        raise ValidationFailed(
            {"model": _("This revision is approved or superseded and stays as it is; start a new revision.")}
        )


def update_model(model: ProcessModel, *, expected_version, changes: dict) -> ProcessModel:
    """The revision's note and what it changes in each of the five elements."""
    require_editable(model)
    return update_fields(
        model,
        MODEL_FIELDS,
        expected_version=expected_version,
        changes={k: v for k, v in changes.items() if isinstance(v, str)},
        validate=lambda _project_id, _values: {},  # free text, any of it may be empty
    )


def revise(model: ProcessModel, *, reason: str, prototype_test_id: int | None = None) -> ProcessModel:
    """A new to-be revision copied from the latest one; the earlier stays as it was, kept in the history."""
    if model.kind != ModelKind.TO_BE or model.superseded:
        raise ValidationFailed({"model": _("Revise the latest to-be revision.")})
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Say what changes and why.")})
    if prototype_test_id is not None and project_id_of(PrototypeTest, prototype_test_id) != model.project_id:
        raise ValidationFailed({"prototype_test_id": _("Choose one of this project's tests.")})
    (source,) = drawn([model])
    new = ProcessModel(
        project_id=model.project_id,
        process_id=model.process_id,
        kind=ModelKind.TO_BE,
        revision=model.revision + 1,
        change_note=reason.strip(),
        prototype_test_id=prototype_test_id,
        explicit_routes=model.explicit_routes,
        diagram=model.diagram,
        **{f"change_{e}": getattr(model, f"change_{e}") for e in ELEMENTS},
    )
    model.superseded = True
    db.session.add(new)
    db.session.flush()
    copy_steps(source, new)
    return new


def copy_steps(source: Drawn, target: ProcessModel) -> None:
    copies = {}
    for step in source.steps:
        copy = ProcessStep(project_id=target.project_id, model_id=target.id, position=step.position)
        for name in (*STEP_FIELDS, *DRAWN_FIELDS):
            setattr(copy, name, getattr(step, name))
        db.session.add(copy)
        copies[step.id] = copy
    db.session.flush()
    for step in source.steps:  # what contains a step or carries it on its border: the copies too
        copies[step.id].parent_id = copies[step.parent_id].id if step.parent_id in copies else None
        copies[step.id].attached_to_id = copies[step.attached_to_id].id if step.attached_to_id in copies else None
    for flow in source.flows:
        target_step = copies.get(flow.target_id)
        db.session.add(
            ProcessFlow(
                project_id=target.project_id,
                model_id=target.id,
                source_id=copies[flow.source_id].id,
                target_id=target_step.id if target_step else None,
                **{name: getattr(flow, name) for name in FLOW_FIELDS},
            )
        )
    db.session.flush()


# --- Root causes -----------------------------------------------------------------------------


def causes(process_id: int) -> list[RootCause]:
    return list(db.session.scalars(select(RootCause).where(RootCause.process_id == process_id).order_by(RootCause.id)))


def add_cause(process: Process, *, category: str, text: str) -> RootCause:
    errors = {}
    if category not in CauseCategory.codes():
        errors["category"] = _("Choose a category.")
    if not (text or "").strip():
        errors["text"] = _("Describe the cause.")
    raise_if_errors(errors)
    cause = RootCause(project_id=process.project_id, process_id=process.id, category=category, text=text.strip())
    db.session.add(cause)
    db.session.flush()
    return cause


def get_cause(project_id: int, cause_id: int) -> RootCause:
    return get_in_project(RootCause, project_id, cause_id)


def remove_cause(cause: RootCause) -> None:
    db.session.delete(cause)
    db.session.flush()


# --- Prototype tests -----------------------------------------------------------------------------

_STEP_LIST = re.compile(r"^[\d\s,，\-–]*$")


def tests(process_id: int) -> list[PrototypeTest]:
    return list(db.session.scalars(_tests_statement(), {"process_id": process_id}))


@functools.cache
def _tests_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every model page runs it.
    return (
        select(PrototypeTest)
        .options(joinedload(PrototypeTest.model))
        .where(PrototypeTest.process_id == bindparam("process_id"))
        .order_by(PrototypeTest.held_on.desc(), PrototypeTest.id.desc())
    )


def get_test(project_id: int, test_id: int) -> PrototypeTest:
    return get_in_project(PrototypeTest, project_id, test_id)


def record_test(process: Process, **values) -> PrototypeTest:
    values = stripped({k: values.get(k) for k in TEST_FIELDS})
    errors = {}
    if not values["scenario"]:
        errors["scenario"] = _("Name the scenario.")
    if values["held_on"] is None:
        errors["held_on"] = _("Enter the date it ran.")
    if values["result"] not in TestResult.codes():
        errors["result"] = _("Choose the result.")
    if not _STEP_LIST.match(values["steps_covered"] or ""):
        errors["steps_covered"] = _("List step numbers, e.g. 1-4, 6.")
    model = db.session.get(ProcessModel, values["model_id"]) if isinstance(values["model_id"], int) else None
    if model is None or model.process_id != process.id or model.kind != ModelKind.TO_BE:
        errors["model_id"] = _("Choose a to-be revision of this process.")
    raise_if_errors(errors)
    test = PrototypeTest(
        project_id=process.project_id,
        process_id=process.id,
        **{k: (v if v is not None else "") for k, v in values.items()},
    )
    db.session.add(test)
    db.session.flush()
    return test


PROCESSES = ProjectRows(
    Process, rows=processes, create=create_process, update=update_process, options=(joinedload(Process.owner),)
)


MODELS = ProjectRows(ProcessModel, options=(joinedload(ProcessModel.process).joinedload(Process.owner),))
