"""Notifications (the inbox), the mail waiting to go out, each person's choices and their calendar feed."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import UTCDateTime, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.notifications.kinds import Channel, Kind


class Notification(db.Model):
    """One thing one person is told. Recorded in the transaction of the change that causes it; a burst of
    changes to one subject within minutes updates the unread one instead of adding another."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_subject", "user_id", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = coded_column(Kind, 20)
    sentence: Mapped[str] = mapped_column(String(40))  # a key of kinds.SENTENCES
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    # Where the link goes: an endpoint and its arguments, built into a URL where it is read.
    endpoint: Mapped[str] = mapped_column(String(80))
    endpoint_args: Mapped[dict] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    channel: Mapped[str] = coded_column(Channel, 10)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User", foreign_keys=[user_id])
    actor = relationship("User", foreign_keys=[actor_id])
    project = relationship("Project")


class OutgoingMail(db.Model):
    """A mail the worker sends: written in the recipient's language when queued, kept until the server took
    it. `due_at` is when to try next; a worker that takes a mail moves it on by a lease first, so two workers
    never send one mail and a crashed one leaves it to be sent again (with the same Message-ID)."""

    __tablename__ = "outgoing_mails"
    __table_args__ = (Index("ix_outgoing_mails_due", "sent_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class NotificationSetting(db.Model):
    """A choice of channel for a kind: a person's own (project_id empty, for all their projects) or a
    project's default that its director sets (user_id empty)."""

    __tablename__ = "notification_settings"
    __table_args__ = (UniqueConstraint("user_id", "project_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = coded_column(Kind, 20)
    channel: Mapped[str] = coded_column(Channel, 10)


class Digest(db.Model):
    """One daily digest a person was sent: at most one a day, however often the reminder runs."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[str] = mapped_column(String(10))  # ISO date in the office's time zone
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_mails.id", ondelete="SET NULL"))


class CalendarFeed(db.Model):
    """A person's private calendar address: whoever has the token reads their dates, so it can be reset."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
