"""The demo's gates: phases 1–3 closed through their gates (phase 3 by an override decision), phase 4 started."""

from crm_rollout.core.audit import acting_as
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.gates import service as gates
from crm_rollout.phases import service as phases
from crm_rollout.steering import service as steering


def seed_gates(project, users: dict) -> None:
    director, steering_user = users["director"], users["steering"]
    for number in (1, 2, 3, 4):
        phase = phases.get_phase(project.id, number)
        with acting_as(db.session, director.id, at=on(phase.actual_start, 9, 30)):
            gates.start_phase(phase)
        if number == 4:
            break
        override = None
        if not gates.criteria_met(gates.evidence(phase)):
            override = next(
                d.id for d in steering.decisions(project.id) if d.phase_id == phase.id and d.superseded_by_id is None
            )
        with acting_as(db.session, director.id, at=on(phase.actual_end, 11)):
            gate = gates.request_review(phase, requested_by=director.id, override_decision_id=override)
        with acting_as(db.session, steering_user.id, at=on(phase.actual_end, 17)):
            gates.review(
                gate,
                reviewer_id=steering_user.id,
                decision="approve",
                comment="",
            )
