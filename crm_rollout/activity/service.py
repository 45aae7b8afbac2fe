"""Reading the audit trail: an object's history and a project's activity, in words people understand."""

import functools
from types import SimpleNamespace

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from crm_rollout.core import audit_labels as vocabulary
from crm_rollout.core.audit import AuditEntry
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import localized
from crm_rollout.core.paging import Page, page_of, paged
from crm_rollout.projects.models import Membership

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


def _latest_first(project_id: int):
    return (
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .where(AuditEntry.project_id == project_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )


def project_activity(project_id: int, page: int = 1, per_page: int = PAGE_SIZE) -> Page:
    total = db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.project_id == project_id))
    return page_of(_page_statement(), {"project_id": project_id}, total, page, per_page)


@functools.cache
def _page_statement():
    return paged(_latest_first(bindparam("project_id")))


def recent_activity(project_id: int, limit: int = 8) -> list[AuditEntry]:
    """The latest entries, without counting the trail (a count grows with the project's history)."""
    return list(db.session.scalars(_recent_statement(), {"project_id": project_id, "limit": limit}))


@functools.cache
def _recent_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    return _latest_first(bindparam("project_id")).limit(bindparam("limit"))


def reference_names(project_id: int, entries: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """(table, id) -> the name of each row the entries' values point at, looked up in that table and only
    inside the project (accounts: those of its members); one query per table referenced."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        target = vocabulary.reference_target(entry.entity_type, entry.field)
        if target is None:
            continue
        for value in (entry.old_value, entry.new_value):
            if value and value.isdigit():
                wanted.setdefault(target, set()).add(int(value))
    names = {}
    for target, ids in wanted.items():
        table = db.metadata.tables[target]
        query = select(table).where(table.c.id.in_(ids))
        if "project_id" in table.c:
            query = query.where(table.c.project_id == project_id)
        elif target == "users":
            members = select(Membership.user_id).where(Membership.project_id == project_id)
            query = query.where(table.c.id.in_(members))
        elif target != "projects" or project_id not in ids:
            continue
        for row in db.session.execute(query).mappings():
            names[(target, str(row["id"]))] = _row_name(row)
    return names


def _row_name(row) -> str:
    """What people call a row: its name, title or text, in the reader's language where it has two."""
    for base in ("title", "name"):
        if f"{base}_zh" in row:
            return localized(SimpleNamespace(**row), base)
    for column in ("display_name", "name", "title", "text", "activity", "scenario"):
        if row.get(column):
            return str(row[column])[:120]
    return f"#{row['id']}"


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
