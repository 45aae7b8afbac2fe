"""BPMN at the limits the import allows: how long reading, laying out and writing a model take.

    .venv/bin/python -m bench.bpmn

A generated file of 8 lanes, with as many tasks as the import takes and a chain through them plus random
flows (loops and skips) up to the flow limit, and smaller ones for scale. Target: the largest file reads,
lays out and writes back within 2 s each on this machine kind, so a page that draws it stays usable and a
hostile file costs no more.
"""

import random
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from crm_rollout import create_app
from crm_rollout.processes import bpmn, diagrams
from crm_rollout.processes.bpmn import reading
from crm_rollout.processes.models import ProcessFlow, ProcessModel, ProcessStep

NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'
TARGET_S = 2.0


def generated(tasks: int, extra_flows: int) -> bytes:
    rng = random.Random(1)  # noqa: S311  (the same file every run, not a secret)
    flows = [(n, n + 1) for n in range(tasks - 1)]
    flows += [(rng.randrange(tasks), rng.randrange(tasks)) for _ in range(extra_flows)]
    lanes = "".join(
        f'<bpmn:lane id="l{k}" name="Lane {k}">'
        + "".join(f"<bpmn:flowNodeRef>t{n}</bpmn:flowNodeRef>" for n in range(k, tasks, 8))
        + "</bpmn:lane>"
        for k in range(8)
    )
    body = "".join(f'<bpmn:task id="t{n}" name="Task {n}"/>' for n in range(tasks)) + "".join(
        f'<bpmn:sequenceFlow id="f{k}" sourceRef="t{a}" targetRef="t{b}"/>' for k, (a, b) in enumerate(flows) if a != b
    )
    return (
        f'<bpmn:definitions {NS}><bpmn:process id="p"><bpmn:laneSet id="s">{lanes}</bpmn:laneSet>'
        f"{body}</bpmn:process></bpmn:definitions>"
    ).encode()


def as_model(imported):
    """The imported model as rows not stored anywhere: ids given here, as the database would."""
    model = ProcessModel(id=1, explicit_routes=imported.explicit, diagram=imported.diagram)
    steps = []
    for n, values in enumerate(imported.steps, start=1):
        fields = {k: v for k, v in values.items() if k not in ("parent", "attached_to")}
        steps.append(ProcessStep(id=n, model_id=1, position=n, **fields))
    for step, values in zip(steps, imported.steps, strict=True):
        step.parent_id = values["parent"] + 1 if values["parent"] is not None else None
        step.attached_to_id = values["attached_to"] + 1 if values["attached_to"] is not None else None
    flows = [
        ProcessFlow(
            id=n,
            model_id=1,
            source_id=f["source"] + 1,
            target_id=f["target"] + 1 if f["target"] is not None else None,
            label=f["label"],
            condition=f["condition"],
            is_default=f["is_default"],
            bpmn_id=f["bpmn_id"],
            waypoints=f["waypoints"],
        )
        for n, f in enumerate(imported.flows, start=1)
    ]
    return SimpleNamespace(model=model, steps=steps, flows=flows)


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    folder = tempfile.mkdtemp(prefix="crm-bench-bpmn-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'b.db'}", "SECRET_KEY": "bench"})
    sizes = [(60, 20), (200, 100), (reading.MAX_STEPS - 1, reading.MAX_FLOWS - reading.MAX_STEPS)]
    print(f"{'tasks':>6} {'flows':>6} {'read s':>8} {'draw s':>8} {'write s':>8}  target ≤ {TARGET_S} s each")
    with app.app_context():
        for tasks, extra in sizes:
            data = generated(tasks, extra)
            imported, read_s = timed(lambda data=data: bpmn.parse(data))
            drawn = as_model(imported)
            _chart, draw_s = timed(lambda drawn=drawn: diagrams.swimlane(drawn))
            _file, write_s = timed(lambda drawn=drawn: bpmn.export("Bench", drawn))
            worst = max(read_s, draw_s, write_s)
            verdict = "✔" if worst <= TARGET_S else "✘"
            print(f"{tasks:>6} {len(imported.flows):>6} {read_s:>8.2f} {draw_s:>8.2f} {write_s:>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
