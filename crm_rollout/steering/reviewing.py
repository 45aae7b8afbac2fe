"""How the steering committee reviews something (a milestone report version, a phase gate).

One mechanism for both: committee members review once each, a return needs a comment,
and the project's rule (chair alone, majority, all) decides when the review closes.

Who may review is fixed when the subject is submitted (`committee_of`, kept on the subject): changing the
committee, relinking the chair's record or switching the rule afterwards cannot change who signs it.
"""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified

from crm_rollout.core.db import utcnow
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import MANAGE_STEERING
from crm_rollout.projects.labels import ReviewRule
from crm_rollout.projects.models import Membership, Project
from crm_rollout.steering.labels import ReviewDecision, ReviewOutcome
from crm_rollout.team.service import is_chair_user

REVIEW_DECISIONS = ("approve", "return")


def reviewer_ids(project_id: int) -> list[int]:
    """The accounts that review: the project's steering committee members."""
    return list(
        db.session.scalars(
            select(Membership.user_id).where(Membership.project_id == project_id, Membership.role == "steering")
        )
    )


def reviewed_by(user_id: int):
    """The projects the user reviews for (as a steering member), as a subquery."""
    return select(Membership.project_id).where(Membership.user_id == user_id, Membership.role == "steering")


def waiting_for_review(subject, reviews, user_id: int) -> tuple:
    """The clauses that find subjects (gates, report versions: `subject`, with its `reviews` relationship)
    submitted in the projects this steering member reviews for and not reviewed by them yet."""
    return (
        subject.project_id.in_(reviewed_by(user_id)),
        subject.outcome == ReviewOutcome.SUBMITTED,
        ~reviews.any(reviewer_id=user_id),
    )


def chair_id(project_id: int) -> int | None:
    """The reviewer account linked to the committee's chair, if any."""
    return next((uid for uid in reviewer_ids(project_id) if is_chair_user(project_id, uid)), None)


# The committee's chair (a team person linked to the account) runs meetings and records decisions like the
# director, whatever their project role.
CHAIR_PERMISSIONS = frozenset({MANAGE_STEERING})


def chair_permissions(project_id: int, user_id: int, role: str) -> frozenset:
    """What a steering member adds by chairing the committee (checked only for steering members)."""
    return CHAIR_PERMISSIONS if role == "steering" and is_chair_user(project_id, user_id) else frozenset()


def committee_of(project_id: int) -> dict:
    """The reviewers, the chair and the rule as they stand now, to be kept with a subject at submission."""
    rule = db.session.scalar(select(Project.review_rule).where(Project.id == project_id))
    return {"reviewers": reviewer_ids(project_id), "chair": chair_id(project_id), "rule": rule}


def _committee(subject) -> dict:
    """The committee of a subject as frozen at its submission (subjects from before that was kept: now)."""
    return subject.committee or committee_of(subject.project_id)


def outcome(rule: str, decisions: dict[int, str], reviewers: list[int], chair_id: int | None) -> str | None:
    """approved / returned once the project's rule is met, else None (the review goes on)."""
    approvals = sum(1 for d in decisions.values() if d == ReviewDecision.APPROVE)
    returns = sum(1 for d in decisions.values() if d == ReviewDecision.RETURN)
    total = len(reviewers)
    if rule == ReviewRule.CHAIR:
        return (
            {ReviewDecision.APPROVE: ReviewOutcome.APPROVED, ReviewDecision.RETURN: ReviewOutcome.RETURNED}.get(
                decisions.get(chair_id)
            )
            if chair_id
            else None
        )
    if rule == ReviewRule.ALL:
        if returns:
            return ReviewOutcome.RETURNED
        return ReviewOutcome.APPROVED if total and approvals == total else None
    # a majority of the committee
    if approvals * 2 > total:
        return ReviewOutcome.APPROVED
    if total and returns * 2 >= total:
        return ReviewOutcome.RETURNED  # a tie cannot approve
    return None


def record_review(subject, entry) -> str | None:
    """Add `entry` (a review row) to `subject` (anything with outcome, reviews, project_id, closed_at)
    and return the outcome when this review closes it."""
    committee = _committee(subject)
    reviewers, rule = committee["reviewers"], committee["rule"]
    if rule not in ReviewRule.codes():
        raise ValidationFailed({"rule": _("Unknown review rule.")})
    if subject.outcome != ReviewOutcome.SUBMITTED:
        raise ValidationFailed({"decision": _("This review is closed.")})
    if entry.reviewer_id not in reviewers:
        raise ValidationFailed({"decision": _("Only the committee members at submission review this.")})
    if entry.decision not in REVIEW_DECISIONS:
        raise ValidationFailed({"decision": _("Approve or return it.")})
    entry.comment = (entry.comment or "").strip()
    if entry.decision == ReviewDecision.RETURN and not entry.comment:
        raise ValidationFailed({"comment": _("Say what needs changing when you return it.")})
    if any(r.reviewer_id == entry.reviewer_id for r in subject.reviews):
        raise ValidationFailed({"decision": _("You have reviewed this already.")})
    subject.reviews.append(entry)
    try:
        db.session.flush()
    except IntegrityError:  # the same reviewer in two tabs at once
        db.session.rollback()
        raise ValidationFailed({"decision": _("You have reviewed this already.")}) from None
    result = outcome(rule, {r.reviewer_id: r.decision for r in subject.reviews}, reviewers, committee["chair"])
    # Every review updates the subject's row under its version check, so two reviews racing
    # to close the same subject cannot both succeed (the loser gets 409).
    flag_modified(subject, "outcome")
    if result:
        subject.outcome = result
        subject.closed_at = utcnow()
    db.session.flush()
    return result


def missing_reviewers(subject) -> list[int]:
    done = {r.reviewer_id for r in subject.reviews}
    return [uid for uid in _committee(subject)["reviewers"] if uid not in done]
