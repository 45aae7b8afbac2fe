"""JSON API for the business blueprint: processes with their scores, models with steps and metrics, steps,
revisions and prototype tests."""

from dataclasses import asdict

from flask import Response, g, jsonify, request

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import create_response, invalid, update_response
from crm_rollout.core.api.docs import body, returns, returns_file, shape_of, takes_file
from crm_rollout.core.api.parsing import Field, from_model
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.permissions import EDIT_BLUEPRINT, VIEW, project_access
from crm_rollout.processes import bpmn, service, steps
from crm_rollout.processes.models import Process, ProcessModel, ProcessStep, PrototypeTest

PROCESS_SPEC = {
    "name": "str",
    "area": "str",
    "owner_id": "int?",
    "description": "str",
    "touchpoints": "str",
    "problem": "str",
    "importance": "int?",
    "importance_note": "str",
    "performance_gap": "int?",
    "performance_gap_note": "str",
    "feasibility": "int?",
    "feasibility_note": "str",
    "in_blueprint": "bool",
}


PROCESS_SPEC = from_model(
    Process, PROCESS_SPEC, ranges=dict.fromkeys(("importance", "performance_gap", "feasibility"), (1, 5))
)


STEP_SPEC = {
    "kind": "str",
    "trigger": "str",
    "actor": "str",
    "department": "str",
    "activity": "str",
    "system": "str",
    "duration_hours": "float",
    "is_decision": "bool",
    "next_steps": "str",
    "at": "int?",
}


STEP_SPEC = from_model(ProcessStep, STEP_SPEC, ranges={"duration_hours": (0, 10_000)}) | {
    "next_steps": Field("str", max_length=1000)
}


STEP_PATCH_SPEC = {k: v for k, v in STEP_SPEC.items() if k != "at"}  # moving a step is its own action


REVISION_SPEC = {"reason": Field("str", nonempty=True, max_length=2000), "prototype_test_id": "int?"}


MODEL_SPEC = from_model(ProcessModel, dict.fromkeys(service.MODEL_FIELDS, "str"))


TEST_SPEC = {
    "scenario": "str",
    "held_on": "date",
    "steps_covered": "str",
    "key_users": "str",
    "result": "str",
    "findings": "str",
    "model_id": "int",
}


TEST_SPEC = from_model(PrototypeTest, TEST_SPEC)


_in_process = service.PROCESSES.project_from("process_id")
_in_model = service.MODELS.project_from("model_id")
_in_step = steps.STEPS.project_from("step_id")


def process_json(p, ranked=None) -> dict:
    data = {name: getattr(p, name) for name in service.PROCESS_FIELDS}
    return data | {
        "id": p.id,
        "weighted_score": ranked.score if ranked else None,
        "rank": ranked.rank if ranked else None,
        "version": p.version,
    }


def _ranked_json(processes) -> list[dict]:
    return [process_json(r.process, r) for r in service.ranking(g.project, processes)]


def model_json(drawn) -> dict:
    m = drawn.model
    return {
        "id": m.id,
        "process_id": m.process_id,
        "kind": m.kind,
        "revision": m.revision,
        "superseded": m.superseded,
        "approved_at": m.approved_at.isoformat() if m.approved_at else None,
        "approved_by_id": m.approved_by_id,
        "prototype_test_id": m.prototype_test_id,
        **{name: getattr(m, name) for name in service.MODEL_FIELDS},
        "steps": [
            {"id": s.id, "number": n, **_step_facts(s), "version": s.version}
            for n, s in enumerate(drawn.steps, start=1)
        ],
        "flows": [
            {
                "source_id": f.source_id,
                "target_id": f.target_id,
                "label": f.label,
                "condition": f.condition,
                "is_default": f.is_default,
            }
            for f in drawn.flows
        ],
        "explicit_routes": m.explicit_routes,
        "metrics": asdict(drawn.measures),
        "version": m.version,
    }


def step_json(s) -> dict:
    return {"id": s.id, "model_id": s.model_id, "number": s.position, "version": s.version} | _step_facts(s)


def _step_facts(s) -> dict:
    """What a step says, with what a BPMN file gave it (its holder, its border, its pool, its id there)."""
    return {f: getattr(s, f) for f in steps.STEP_FIELDS} | {
        "trigger_detail": s.trigger_detail,
        "interrupting": s.interrupting,
        "parent_id": s.parent_id,
        "attached_to_id": s.attached_to_id,
        "pool": s.pool,
        "bpmn_id": s.bpmn_id,
    }


def test_json(t) -> dict:
    return (
        {"id": t.id, "process_id": t.process_id, "version": t.version}
        | {f: getattr(t, f) for f in service.TEST_FIELDS}
        | {"held_on": t.held_on.isoformat()}
    )


def _drawn(model_id: int):
    (drawn,) = service.drawn([service.MODELS.get(g.project.id, model_id)])
    return drawn


PROCESS_OUT = shape_of(PROCESS_SPEC, id="int", weighted_score="float?", rank="int?", version="int")


STEP_OUT = shape_of(
    {k: v for k, v in STEP_SPEC.items() if k not in ("next_steps", "at")},
    id="int",
    version="int",
    trigger_detail="str",
    interrupting="bool",
    parent_id="int?",
    attached_to_id="int?",
    pool="str",
    bpmn_id="str",
)


MODEL_OUT = shape_of(
    MODEL_SPEC,
    id="int",
    process_id="int",
    kind="str",
    revision="int",
    superseded="bool",
    approved_at="str?",
    approved_by_id="int?",
    prototype_test_id="int?",
    steps=[STEP_OUT | {"number": "int"}],
    flows=[{"source_id": "int", "target_id": "int?", "label": "str", "condition": "str", "is_default": "bool"}],
    explicit_routes="bool",
    metrics="object",
    version="int",
)


TEST_OUT = shape_of(TEST_SPEC, id="int", process_id="int", version="int")


@bp.get("/projects/<int:project_id>/processes")
@returns([PROCESS_OUT])
@project_access(VIEW)
def list_processes(project_id: int):
    """The catalogue, ranked by the weighted selection score."""
    return jsonify(_ranked_json(service.processes(project_id)))


@bp.post("/projects/<int:project_id>/processes")
@returns(PROCESS_OUT)
@project_access(EDIT_BLUEPRINT)
@body(PROCESS_SPEC, required=("name", "area"))
def create_process(project_id: int):
    return create_response(lambda v: service.create_process(project_id, **v), process_json)


@bp.get("/processes/<int:process_id>")
@returns(
    PROCESS_OUT
    | {
        "models": [{"id": "int", "kind": "str", "revision": "int", "superseded": "bool"}],
        "causes": [{"id": "int", "category": "str", "text": "str"}],
    }
)
@project_access(VIEW, project_of=_in_process)
def get_process(process_id: int):
    process = service.PROCESSES.get(g.project.id, process_id)
    models = service.models_of(process.id)
    return jsonify(
        _ranked_json([process])[0]
        | {
            "models": [
                {"id": m.id, "kind": m.kind, "revision": m.revision, "superseded": m.superseded} for m in models
            ],
            "causes": [{"id": c.id, "category": c.category, "text": c.text} for c in service.causes(process.id)],
        }
    )


@bp.patch("/processes/<int:process_id>")
@returns(PROCESS_OUT)
@project_access(EDIT_BLUEPRINT, project_of=_in_process)
@body(PROCESS_SPEC, version=True)
def patch_process(process_id: int):
    return update_response(service.PROCESSES.get(g.project.id, process_id), service.update_process, process_json)


@bp.get("/process-models/<int:model_id>")
@returns(MODEL_OUT)
@project_access(VIEW, project_of=_in_model)
def get_process_model(model_id: int):
    return jsonify(model_json(_drawn(model_id)))


@bp.patch("/process-models/<int:model_id>")
@returns(MODEL_OUT)
@project_access(EDIT_BLUEPRINT, project_of=_in_model)
@body(MODEL_SPEC, version=True)
def patch_process_model(model_id: int):
    return update_response(
        service.MODELS.get(g.project.id, model_id), service.update_model, lambda row: model_json(_drawn(row.id))
    )


@bp.post("/process-models/<int:model_id>/revisions")
@returns(MODEL_OUT)
@project_access(EDIT_BLUEPRINT, project_of=_in_model)
@body(REVISION_SPEC, required=("reason",))
def revise_process_model(model_id: int):
    model = service.MODELS.get(g.project.id, model_id)
    return create_response(
        lambda v: service.revise(model, reason=v.get("reason", ""), prototype_test_id=v.get("prototype_test_id")),
        lambda row: model_json(_drawn(row.id)),
    )


@bp.get("/process-models/<int:model_id>/bpmn")
@returns_file({"application/xml"})
@project_access(VIEW, project_of=_in_model)
def get_process_model_bpmn(model_id: int):
    """The model as a BPMN 2.0 file with its diagram."""
    drawn = _drawn(model_id)
    return Response(bpmn.export(drawn.model.process.name, drawn), mimetype="application/xml")


IMPORT_OUT = {
    "kept": "object",
    "dropped": [{"id": "str", "kind": "str", "name": "str", "reason": "str"}],
    "steps": "int",
    "flows": "int",
}


@bp.put("/process-models/<int:model_id>/bpmn")
@returns(IMPORT_OUT)
@takes_file({"application/xml", "text/xml"})
@project_access(EDIT_BLUEPRINT, project_of=_in_model)
def put_process_model_bpmn(model_id: int):
    """Replace the model's steps with a BPMN file's; the answer says what was kept and what was not."""
    model = service.MODELS.get(g.project.id, model_id)
    try:
        imported = bpmn.parse(request.get_data(cache=False)[: bpmn.MAX_BYTES + 1])
        steps.replace_steps(model, imported)
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    db.session.commit()
    report = bpmn.in_words(imported.report.as_json())
    return jsonify(report | {"steps": len(imported.steps), "flows": len(imported.flows)})


@bp.post("/process-models/<int:model_id>/steps")
@returns(STEP_OUT | {"model_id": "int", "number": "int"})
@project_access(EDIT_BLUEPRINT, project_of=_in_model)
@body(STEP_SPEC, required=("actor", "activity"))
def create_process_step(model_id: int):
    model = service.MODELS.get(g.project.id, model_id)
    return create_response(lambda v: steps.add_step(model, **v), step_json)


@bp.patch("/process-steps/<int:step_id>")
@returns(STEP_OUT | {"model_id": "int", "number": "int"})
@project_access(EDIT_BLUEPRINT, project_of=_in_step)
@body(STEP_PATCH_SPEC, version=True)
def patch_process_step(step_id: int):
    return update_response(steps.STEPS.get(g.project.id, step_id), steps.update_step, step_json)


@bp.delete("/process-steps/<int:step_id>")
@returns({})
@project_access(EDIT_BLUEPRINT, project_of=_in_step)
def remove_process_step(step_id: int):
    step = steps.STEPS.get(g.project.id, step_id)
    try:
        steps.remove_step(step)
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    db.session.commit()
    return "", 204


@bp.get("/processes/<int:process_id>/tests")
@returns([TEST_OUT])
@project_access(VIEW, project_of=_in_process)
def list_prototype_tests(process_id: int):
    return jsonify([test_json(t) for t in service.tests(service.PROCESSES.get(g.project.id, process_id).id)])


@bp.post("/processes/<int:process_id>/tests")
@returns(TEST_OUT)
@project_access(EDIT_BLUEPRINT, project_of=_in_process)
@body(TEST_SPEC, required=("scenario", "held_on", "result", "model_id"))
def create_prototype_test(process_id: int):
    process = service.PROCESSES.get(g.project.id, process_id)
    return create_response(lambda v: service.record_test(process, **v), test_json)
