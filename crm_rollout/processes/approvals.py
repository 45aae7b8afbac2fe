"""Approving a to-be model: only its process owner may, through the account linked to their team record;
a revision that gets its steps asks them, and waits in their "my work" until they do."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import check_version
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import listed_in, rows_of
from crm_rollout.notifications.kinds import Kind
from crm_rollout.notifications.service import notify
from crm_rollout.processes.labels import ModelKind
from crm_rollout.processes.models import Process, ProcessModel, ProcessStep
from crm_rollout.projects.models import Membership
from crm_rollout.team import service as team
from crm_rollout.team.models import Person


def may_approve(process: Process, user_id: int) -> bool:
    """Only the process owner approves its to-be: through the account linked to the owner's team record."""
    return process.owner is not None and process.owner.user_id is not None and process.owner.user_id == user_id


def ask_owner_to_approve(model: ProcessModel) -> None:
    """A to-be revision that gets its steps waits for its process owner's approval: tell them."""
    process = model.process
    if model.kind != ModelKind.TO_BE or process.owner_id is None:
        return
    notify(
        Kind.APPROVAL_REQUESTED,
        "model_to_approve",
        project_id=model.project_id,
        user_ids=team.users_of_people([process.owner_id]),
        subject=model,
        title=process.name,
        link=("processes.model", {"project_id": model.project_id, "model_id": model.id}),
    )


def _to_approve(user_id: int) -> tuple:
    """To-be revisions with steps that wait for this user's approval as the owner of their process."""
    # Joined, not `process_id IN (owned)`: SQLite then starts from the user's few processes instead of
    # reading every model of their projects (90 µs against 4 on every page's "my work" count).
    return (
        ProcessModel.process_id == Process.id,
        Process.owner_id == Person.id,
        Person.user_id == user_id,
        ProcessModel.kind == ModelKind.TO_BE,
        ProcessModel.approved_at.is_(None),
        ProcessModel.superseded.is_(False),
        ProcessModel.steps.any(),
    )


def models_to_approve(user_id: int, project_ids: list[int]) -> list[ProcessModel]:
    load, order_by = (joinedload(ProcessModel.process),), (ProcessModel.id,)
    return listed_in(ProcessModel, project_ids, *_to_approve(user_id), load=load, order_by=order_by)


def rows_to_approve(user_id: int):
    """The to-be revisions that wait for the user's approval (a kind of their "my work", counted in the top
    bar)."""
    members_of = select(Membership.project_id).where(Membership.user_id == user_id)
    return rows_of(ProcessModel, ProcessModel.project_id.in_(members_of), *_to_approve(user_id))


def approve(model: ProcessModel, *, user_id: int, expected_version) -> None:
    if not may_approve(model.process, user_id):
        raise ValidationFailed({"model": _("Only the process owner approves the to-be.")})
    if model.kind != ModelKind.TO_BE or not model.editable:
        raise ValidationFailed({"model": _("Approve the latest to-be revision that is not approved yet.")})
    if not db.session.scalar(select(func.count()).where(ProcessStep.model_id == model.id)):
        raise ValidationFailed({"model": _("An empty model cannot be approved; add its steps first.")})
    check_version(model, expected_version)
    model.approved_by_id = user_id
    model.approved_at = utcnow()
    db.session.flush()
    db.session.expire(model, ["approved_by"])  # loaded as nobody before; read the approver afresh


def approvals(project_id: int) -> list[ProcessModel]:
    """The latest approved to-be of every blueprint process (for milestone reports and gates): one query."""
    approved = db.session.scalars(
        select(ProcessModel)
        .options(joinedload(ProcessModel.process), joinedload(ProcessModel.approved_by))
        .where(ProcessModel.project_id == project_id, ProcessModel.approved_at.is_not(None))
        .order_by(ProcessModel.revision.desc())
    ).all()
    latest = {}
    for model in approved:
        latest.setdefault(model.process_id, model)
    return sorted(latest.values(), key=lambda m: m.process.name)
