"""Telling people: record a notification with the change that causes it, choose how it reaches them, and
read the inbox.

Domains call `notify` inside their services, so the notification commits or rolls back with the change.
Nobody is told of their own change, nor of anything in a project they no longer belong to.
"""

import re
import secrets
from collections.abc import Iterable
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from crm_rollout.auth.models import User
from crm_rollout.core.audit import current_actor
from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import check_version
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import rows_of
from crm_rollout.notifications import mail
from crm_rollout.notifications.kinds import DEFAULT_CHANNELS, SENTENCES, Channel, Kind
from crm_rollout.notifications.models import CalendarFeed, Notification, NotificationSetting
from crm_rollout.projects.models import Membership

INBOX_PAGE = 50


def notify(
    kind: Kind,
    sentence: str,
    *,
    project_id: int,
    user_ids: Iterable[int | None],
    subject,
    title,
    link: tuple[str, dict],
    detail: str = "",
) -> list[Notification]:
    """Tell these accounts about `subject` (a row). `title` is its name (text, or {"zh": .., "en": ..});
    `link` the endpoint and arguments of its page. Returns the notifications written or refreshed."""
    if sentence not in SENTENCES:
        raise ValueError(f"No sentence {sentence!r} in notifications/kinds.py")
    actor_id = current_actor(db.session)
    wanted = {user_id for user_id in user_ids if user_id is not None and user_id != actor_id}
    recipients = _members(project_id, wanted)
    channels = channels_for(project_id, recipients, kind)
    written = []
    for user in recipients:
        channel = channels[user.id]
        if channel == Channel.OFF:
            continue
        params = {"title": title, "detail": detail}
        row = _recent(user.id, sentence, subject) or Notification(
            user_id=user.id, project_id=project_id, kind=kind, sentence=sentence, channel=channel
        )
        row.params, row.actor_id, row.created_at, row.channel = params, actor_id, utcnow(), channel
        row.subject_type, row.subject_id = subject.__tablename__, subject.id
        row.endpoint, row.endpoint_args = link
        db.session.add(row)
        db.session.flush()
        if channel == Channel.EMAIL and user.email and mail.enabled():
            mail.queue_for(row, user)
        written.append(row)
    return written


def _members(project_id: int, user_ids: set[int]) -> list[User]:
    """The active accounts among these that belong to the project now."""
    if not user_ids:
        return []
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.project_id == project_id, User.id.in_(user_ids), User.active.is_(True))
            .order_by(User.id)
        )
    )


def _recent(user_id: int, sentence: str, subject) -> Notification | None:
    """The unread notification of the same event on the same thing within the burst window, if any."""
    since = utcnow() - timedelta(seconds=current_app.config["NOTIFY_BURST_SECONDS"])
    return db.session.scalar(
        select(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.subject_type == subject.__tablename__,
            Notification.subject_id == subject.id,
            Notification.sentence == sentence,
            Notification.read_at.is_(None),
            Notification.created_at >= since,
        )
        .order_by(Notification.id.desc())
        .limit(1)
    )


MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.\-]{1,64})")


def mentioned(project_id: int, text: str) -> list[int]:
    """The project's members named as @username in a text."""
    names = {name.rstrip(".").lower() for name in MENTION.findall(text or "")}
    if not names:
        return []
    return list(
        db.session.scalars(
            select(User.id)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.project_id == project_id, func.lower(User.username).in_(names))
        )
    )


def tell_mentioned(project_id: int, text: str, *, subject, title, link: tuple[str, dict]) -> None:
    """Tell the members a comment names (@username); the comment's start is the detail."""
    notify(
        Kind.MENTION,
        "mentioned",
        project_id=project_id,
        user_ids=mentioned(project_id, text),
        subject=subject,
        title=title,
        detail=text[:200],
        link=link,
    )


# --- Choices ------------------------------------------------------------------------------------------


def channels_for(project_id: int, users: list[User], kind: str) -> dict[int, str]:
    """Each user's channel for this kind: their own choice, else the project's default, else the method's."""
    if not users:
        return {}
    settings = db.session.execute(
        select(NotificationSetting.user_id, NotificationSetting.project_id, NotificationSetting.channel).where(
            NotificationSetting.kind == kind,
            (NotificationSetting.user_id.in_([u.id for u in users]) & NotificationSetting.project_id.is_(None))
            | ((NotificationSetting.project_id == project_id) & NotificationSetting.user_id.is_(None)),
        )
    ).all()
    project_default = next((c for u, p, c in settings if u is None), DEFAULT_CHANNELS[kind])
    own = {u: c for u, p, c in settings if u is not None}
    return {user.id: own.get(user.id, project_default) for user in users}


def settings_of(*, user_id: int | None = None, project_id: int | None = None) -> dict[str, str]:
    """kind -> channel chosen by a person (user_id) or for a project (project_id); missing kinds: none chosen."""
    rows = db.session.execute(
        select(NotificationSetting.kind, NotificationSetting.channel).where(
            NotificationSetting.user_id.is_(None) if user_id is None else NotificationSetting.user_id == user_id,
            NotificationSetting.project_id.is_(None)
            if project_id is None
            else NotificationSetting.project_id == project_id,
        )
    )
    return dict(rows.all())


def save_settings(choices: dict[str, str], *, user_id: int | None = None, project_id: int | None = None) -> None:
    """Keep a person's or a project's channel for each kind; an empty choice falls back to the default."""
    errors = {
        kind: _("Choose one of the offered ways.")
        for kind, channel in choices.items()
        if kind not in Kind.codes() or (channel and channel not in Channel.codes())
    }
    raise_if_errors(errors)
    existing = {
        row.kind: row
        for row in db.session.scalars(
            select(NotificationSetting).where(
                NotificationSetting.user_id.is_(None) if user_id is None else NotificationSetting.user_id == user_id,
                NotificationSetting.project_id.is_(None)
                if project_id is None
                else NotificationSetting.project_id == project_id,
            )
        )
    }
    for kind, channel in choices.items():
        row = existing.get(kind)
        if not channel:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(NotificationSetting(user_id=user_id, project_id=project_id, kind=kind, channel=channel))
        else:
            row.channel = channel
    db.session.flush()


def save_project_defaults(project, choices: dict[str, str], *, reminder_days: str, expected_version) -> None:
    """A director's defaults for the project's members, and how many days a review may wait unrecalled."""
    check_version(project, expected_version)
    days = int(reminder_days) if reminder_days.strip().isdigit() else None
    if days is None or not 1 <= days <= 60:
        raise ValidationFailed({"review_reminder_days": _("Enter a number of days from 1 to 60.")})
    save_settings(choices, project_id=project.id)
    project.review_reminder_days = days
    db.session.flush()


# --- The inbox ----------------------------------------------------------------------------------------


def unread_rows(user_id):
    """The user's unread notifications (counted on the bell)."""
    return rows_of(Notification, Notification.user_id == user_id, Notification.read_at.is_(None))


def inbox(user_id: int, *, unread_only: bool = False, kind: str | None = None, project_id: int | None = None):
    """The newest notifications first, with their project and actor loaded (a fixed number of queries)."""
    query = (
        select(Notification)
        .options(joinedload(Notification.project), joinedload(Notification.actor))
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(INBOX_PAGE)
    )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    if kind:
        query = query.where(Notification.kind == kind)
    if project_id:
        query = query.where(Notification.project_id == project_id)
    return list(db.session.scalars(query))


def get_own(user_id: int, notification_id: int) -> Notification | None:
    """A notification of this user's; another's is as good as missing."""
    row = db.session.get(Notification, notification_id)
    return row if row is not None and row.user_id == user_id else None


def mark_read(user_id: int, notification_ids: Iterable[int] | None = None) -> int:
    """Mark these (or all) of the user's unread notifications read; returns how many."""
    query = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_ids is not None:
        query = query.where(Notification.id.in_(list(notification_ids)))
    return db.session.execute(query.values(read_at=utcnow())).rowcount


# --- The calendar address -----------------------------------------------------------------------------


def calendar_token(user_id: int, *, reset: bool = False) -> str:
    """The user's private calendar token, made at first use; `reset` replaces it (the old address stops)."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user_id))
    if feed is None:
        feed = CalendarFeed(user_id=user_id, token=secrets.token_urlsafe(32))
        db.session.add(feed)
    elif reset:
        feed.token = secrets.token_urlsafe(32)
    db.session.flush()
    return feed.token


def user_of_calendar(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token == token, User.active.is_(True))
    )
