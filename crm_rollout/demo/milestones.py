"""The demo's milestones: one per phase, the first three achieved (phase 3 a week late), phase 4 forecast to slip."""

from datetime import timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.milestones import service as milestones
from crm_rollout.milestones.labels import MilestoneStatus
from crm_rollout.phases.labels import PhaseStatus


def seed_milestones(project, director) -> None:
    with acting_as(db.session, director.id):
        proposed = milestones.propose_from_phases(project.id)
        for milestone in proposed:
            phase = milestone.phase
            if phase.status == PhaseStatus.CLOSED:
                changes = {"status": MilestoneStatus.ACHIEVED, "actual_date": phase.actual_end}
            elif phase.status == PhaseStatus.IN_PROGRESS:
                changes = {"forecast_date": phase.planned_end + timedelta(days=10)}
            else:
                continue
            milestones.update_milestone(milestone, expected_version=milestone.version, changes=changes)
        milestones.create_milestone(
            project.id,
            name="投诉处理目标流程获批 · To-be complaint process approved",
            phase_id=proposed[3].phase_id,
            baseline_date=today() + timedelta(days=12),
            acceptance_criteria="流程负责人与指导委员会批准。Approved by the process owner and the steering committee.",
        )
