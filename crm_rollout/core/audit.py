"""The audit trail: every change of an audited model recorded in one place, for every view, API call and
CLI command, as one row per changed field.

A model takes part by declaring `audit_entity` and labelling the columns worth tracing (`audited(...)`,
see audit_labels.py); its entries belong to its `project_id` (or to the
`audit_project_id` it declares). Who made the change comes from `session.info["actor_id"]`, set once per
request (or by the CLI) through `acting_as`.
"""

import json
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from crm_rollout.core.db import UTCDateTime, as_of, utcnow
from crm_rollout.core.extensions import db

ACTOR_KEY = "actor_id"
ACTIONS = ("created", "updated", "removed", "restored", "deleted")


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_entity", "entity_type", "entity_id"),
        Index("ix_audit_entries_project_at", "project_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Plain integer, not a foreign key: the trail outlives what it describes.
    project_id: Mapped[int | None] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)

    actor = relationship("User")


@contextmanager
def acting_as(session, user_id, at: datetime | None = None):
    """Record the changes made inside against `user_id` (and, given `at`, as made at that moment)."""
    previous = session.info.get(ACTOR_KEY)
    session.info[ACTOR_KEY] = user_id
    try:
        if at is None:
            yield
        else:
            with as_of(at):
                yield
    finally:
        session.info[ACTOR_KEY] = previous


def current_actor(session) -> int | None:
    """Who the changes being made now will be recorded against."""
    return session.info.get(ACTOR_KEY)


def _serialise(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _label(obj) -> str | None:
    for attr in ("title_en", "title", "name", "username", "text", "body"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)[:200]
    return getattr(obj, "title_zh", None)


def _changes(obj):
    state = inspect(obj)
    for field in obj.audit_labels:
        history = state.attrs[field].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if _serialise(old) == _serialise(new):
            continue
        if field == "removed_at":
            yield ("removed" if new is not None else "restored"), None, None, None
        else:
            yield "updated", field, _serialise(old), _serialise(new)


def _rows_for_flush(session):
    base = {"actor_id": session.info.get(ACTOR_KEY)}
    for obj in session.new:
        if hasattr(obj, "audit_labels"):
            yield base | _entity(obj) | {"action": "created", "new_value": _label(obj)}
    for obj in session.dirty:
        if hasattr(obj, "audit_labels") and session.is_modified(obj, include_collections=False):
            for action, field, old, new in _changes(obj):
                yield (
                    base
                    | _entity(obj)
                    | {
                        "action": action,
                        "field": field,
                        "old_value": old,
                        "new_value": new,
                    }
                )
    for obj in session.deleted:
        if hasattr(obj, "audit_labels"):
            yield base | _entity(obj) | {"action": "deleted", "old_value": _label(obj)}


def _entity(obj) -> dict:
    return {
        "project_id": getattr(obj, "audit_project_id", getattr(obj, "project_id", None)),
        "entity_type": obj.__tablename__,
        "entity_id": obj.id,
        "field": None,
        "old_value": None,
        "new_value": None,
    }


@event.listens_for(Session, "after_flush")
def _record_changes(session, _flush_context):
    # History is still intact here and new rows have their ids; a Core insert keeps
    # the entries out of the unit of work that is being flushed.
    rows = list(_rows_for_flush(session))
    if rows:
        session.connection().execute(insert(AuditEntry), rows)
        # revisions.py bumps these projects' revision once, when the transaction commits.
        session.info.setdefault("changed_projects", set()).update(r["project_id"] for r in rows if r["project_id"])
