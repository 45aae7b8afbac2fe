"""The daily digest: once a day, each person gets one mail with what is overdue or due soon, the reviews and
approvals that have waited too long, tomorrow's committee meetings, and the notifications they chose to
read in a digest. Run by `flask --app app remind` (cron, or beside the worker)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm_rollout.auth.models import User
from crm_rollout.core.db import today, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import Role
from crm_rollout.notifications import mail
from crm_rollout.notifications import service as notifications
from crm_rollout.notifications.kinds import DEFAULT_CHANNELS, Channel, Kind
from crm_rollout.notifications.models import Digest, Notification
from crm_rollout.portfolio import work
from crm_rollout.projects import service as projects
from crm_rollout.steering import service as steering

DUE_SOON_DAYS = 3


@dataclass
class DigestContent:
    notifications: list = field(default_factory=list)
    items: list = field(default_factory=list)  # overdue or due soon
    actions: list = field(default_factory=list)
    reviews: list = field(default_factory=list)  # waiting longer than their project allows
    approvals: list = field(default_factory=list)
    meetings: list = field(default_factory=list)  # tomorrow's

    @property
    def empty(self) -> bool:
        return not any(vars(self).values())


def send_digests(day: date | None = None) -> int:
    """Queue today's digest for everyone who has something in it and has none yet; returns how many."""
    if not mail.enabled():
        return 0
    day = day or today()
    done = set(db.session.scalars(select(Digest.user_id).where(Digest.day == day.isoformat())))
    users = db.session.scalars(select(User).where(User.active.is_(True), User.email != "").order_by(User.id))
    queued = 0
    for user in list(users):
        if user.id in done:
            continue
        content = digest_for(user.id, day)
        if content.empty:
            continue
        with mail.in_locale_of(user):
            names = {"user": user, "content": content, "day": day}
            subject = _("Your CRM Rollout digest for %(day)s", day=day.isoformat())
            text = render_template("notifications/digest.txt", **names)
            html = render_template("notifications/digest.html", **names)
        queued_mail = mail.queue_digest(user, subject=subject, text=text, html=html)
        db.session.add(Digest(user_id=user.id, day=day.isoformat(), mail_id=queued_mail.id))
        for row in content.notifications:
            row.digested_at = utcnow()
        db.session.commit()  # one person at a time: a crash later loses nobody's digest, nor sends one twice
        queued += 1
    return queued


def digest_for(user_id: int, day: date) -> DigestContent:
    waiting = work.waiting_for(user_id)
    content = DigestContent(notifications=_pending(user_id))
    if _wants_due(user_id):
        soon = day + timedelta(days=DUE_SOON_DAYS)
        content.items = [i for i in waiting.items if i.due_date is not None and i.due_date <= soon]
        content.actions = [a for a in waiting.actions if a.due_date is not None and a.due_date <= soon]
    memberships = projects.projects_of(user_id)
    patience = {project.id: project.review_reminder_days for project, _role in memberships}
    content.reviews = [s for s in waiting.reviews if _waited(s, day) > patience[s.project_id]]
    content.approvals = waiting.approvals
    # The committee's meetings concern its members and the director, not the whole team.
    committee = [project.id for project, role in memberships if role in (Role.DIRECTOR, Role.STEERING)]
    tomorrow = day + timedelta(days=1)
    content.meetings = [m for m in steering.meetings_of_projects(committee) if m.meeting_date == tomorrow]
    return content


def _pending(user_id: int) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .options(joinedload(Notification.project), joinedload(Notification.actor))
            .where(
                Notification.user_id == user_id,
                Notification.channel == Channel.DIGEST,
                Notification.digested_at.is_(None),
                Notification.read_at.is_(None),
            )
            .order_by(Notification.created_at)
        )
    )


def _wants_due(user_id: int) -> bool:
    chosen = notifications.settings_of(user_id=user_id).get(Kind.DUE, DEFAULT_CHANNELS[Kind.DUE])
    return chosen != Channel.OFF


def _waited(subject, day: date) -> int:
    since = getattr(subject, "submitted_at", None) or getattr(subject, "requested_at", None)
    return (day - since.date()).days if since is not None else 0
