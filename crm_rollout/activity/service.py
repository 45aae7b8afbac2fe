"""Reading the audit trail: an object's history and a project's activity, in words people understand."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from crm_rollout.activity.models import AuditEntry
from crm_rollout.auth.models import User
from crm_rollout.extensions import db

PAGE_SIZE = 50


def history(entity_type: str, entity_id: int) -> list[AuditEntry]:
    """Every recorded change of one object, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .options(joinedload(AuditEntry.actor))
            .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
    )


@dataclass
class ActivityPage:
    entries: list[AuditEntry]
    page: int
    pages: int


def project_activity(project_id: int, page: int = 1, per_page: int = PAGE_SIZE) -> ActivityPage:
    total = db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.project_id == project_id))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    entries = db.session.scalars(
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .where(AuditEntry.project_id == project_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return ActivityPage(list(entries), page, pages)


def recent_activity(project_id: int, limit: int = 8) -> list[AuditEntry]:
    return project_activity(project_id, 1, limit).entries


def user_names(entries: list[AuditEntry]) -> dict[str, str]:
    """Display names for the user ids that appear as values (owner changes), in one query."""
    ids = {
        int(value)
        for e in entries
        if e.field in ("owner_id", "user_id") and e.entity_type != "actions"  # action owners are people
        for value in (e.old_value, e.new_value)
        if value and value.isdigit()
    }
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {str(user_id): name for user_id, name in rows}


def status_changes(project_id: int) -> list[tuple]:
    """(when, old, new) of every checklist item status change in the project, oldest first: one query."""
    return list(
        db.session.execute(
            select(AuditEntry.at, AuditEntry.old_value, AuditEntry.new_value)
            .where(
                AuditEntry.project_id == project_id,
                AuditEntry.entity_type == "checklist_items",
                AuditEntry.field == "status",
            )
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
