"""What waits for a person across their projects: the "my work" page, the start page after sign-in."""

from dataclasses import dataclass

from crm_rollout.core.permissions import COMMENT, role_allows
from crm_rollout.gates import service as gates
from crm_rollout.phases import service as phases
from crm_rollout.processes import approvals
from crm_rollout.projects import service as projects
from crm_rollout.readiness import service as readiness
from crm_rollout.reports import service as reports
from crm_rollout.steering import actions as steering_actions


@dataclass
class Work:
    reviews: list  # report versions and gates waiting for this steering member's signature
    approvals: list  # to-be process models waiting for their owner's approval
    assessments: list  # readiness assessments not answered yet
    actions: list  # the committee's actions they own
    items: list  # checklist items they own

    @property
    def decisions(self) -> int:
        """What waits for a decision of theirs (the count beside "my work" adds their own tasks)."""
        return len(self.reviews) + len(self.approvals) + len(self.assessments)

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.actions or self.items)


def waiting_for(user_id: int) -> Work:
    ids, reviews, approvals, assessments = _decisions(user_id)
    return Work(
        reviews=reviews,
        approvals=approvals,
        assessments=assessments,
        actions=steering_actions.open_actions_of_user(user_id, ids),
        items=phases.items_owned_by(user_id, ids),
    )


def _decisions(user_id: int) -> tuple[list, list, list, list]:
    memberships = projects.projects_of(user_id)
    ids = [project.id for project, _role in memberships]
    answering = [project.id for project, role in memberships if role_allows(role, COMMENT)]
    return (
        ids,
        reports.waiting_for(user_id, ids) + gates.waiting_for(user_id, ids),
        approvals.models_to_approve(user_id, ids),
        readiness.assessments_to_answer(user_id, answering),
    )
