"""The demo's milestones: one per phase, the first three achieved (phase 3 a week late), phase 4 forecast to slip."""

from datetime import timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.milestones import service as milestones
from crm_rollout.milestones.labels import MilestoneStatus
from crm_rollout.phases import service as phases
from crm_rollout.phases.labels import PhaseStatus


def seed_milestones(project, director, start) -> None:
    """Planned in the kickoff; each achieved on its phase's last day; phase 4's forecast moved last week."""
    with acting_as(db.session, director.id, at=on(start + timedelta(days=12), 16)):
        proposed = milestones.propose_from_phases(project.id)
    for milestone in proposed:
        phase = milestone.phase
        if phase.status == PhaseStatus.CLOSED:
            changes, moment = {"status": MilestoneStatus.ACHIEVED, "actual_date": phase.actual_end}, phase.actual_end
        elif phase.status == PhaseStatus.IN_PROGRESS:
            changes, moment = {"forecast_date": phase.planned_end + timedelta(days=10)}, today() - timedelta(days=6)
        else:
            continue
        with acting_as(db.session, director.id, at=on(moment, 17, 30)):
            milestones.update_milestone(milestone, expected_version=milestone.version, changes=changes)
    with acting_as(db.session, director.id, at=on(phases.get_phase(project.id, 4).actual_start, 10)):
        milestones.create_milestone(
            project.id,
            name="投诉处理目标流程获批 · To-be complaint process approved",
            phase_id=proposed[3].phase_id,
            baseline_date=today() + timedelta(days=12),
            acceptance_criteria="流程负责人与指导委员会批准。Approved by the process owner and the steering committee.",
        )
