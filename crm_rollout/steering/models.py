"""The steering committee's meetings (agenda, attendance, minutes, votes), decisions and actions."""

from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited, today, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.search import Entry
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.phases.models import AboutPhaseItem
from crm_rollout.projects.models import InProject
from crm_rollout.steering.labels import ActionStatus, AttendanceStatus, ReviewDecision, VoteChoice


class CommitteeReviewMixin(InProject):
    """One committee member's signed review of something the committee decides (a report version, a gate)."""

    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    decision: Mapped[str] = coded_column(ReviewDecision, 8, label=_l("Decision"))
    comment: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Comment")))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @declared_attr
    def reviewer(cls):
        return relationship("User")


class Meeting(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "meetings"

    title: Mapped[str] = mapped_column(String(200), info=audited(_l("Title")))
    meeting_date: Mapped[date] = mapped_column(Date, index=True, info=audited(_l("Date")))
    start_time: Mapped[time | None] = mapped_column(Time, info=audited(_l("Start time")))
    location: Mapped[str] = mapped_column(String(200), default="", info=audited(_l("Place")))
    call_link: Mapped[str] = mapped_column(String(500), default="", info=audited(_l("Call link")))
    minutes: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Minutes")))
    # Minutes are approved at a later meeting and are locked from then on.
    minutes_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Minutes approved")))
    minutes_approved_in_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))

    agenda = relationship("AgendaItem", order_by="AgendaItem.position", back_populates="meeting")

    audit_entity = _l("Meeting")

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_approved_at is not None

    search_kind = "meetings"

    def search_entry(self):
        return Entry(self.title, "\n".join(t for t in (self.location, self.minutes) if t))


class AgendaItem(InProject, AboutPhaseItem, TimestampMixin, db.Model):
    __tablename__ = "agenda_items"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300), info=audited(_l("Title")))
    vote_requested: Mapped[bool] = mapped_column(Boolean, default=False, info=audited(_l("Vote requested")))

    meeting = relationship("Meeting", back_populates="agenda")

    audit_entity = _l("Agenda item")


class Attendance(InProject, db.Model):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True, info=audited(_l("Responsible person"))
    )
    status: Mapped[str] = coded_column(AttendanceStatus, 10, label=_l("Status"))

    person = relationship("Person")

    audit_entity = _l("Attendance")


class Vote(InProject, TimestampMixin, db.Model):
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("agenda_item_id", "user_id"),)

    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    choice: Mapped[str] = coded_column(VoteChoice, 10, label=_l("Vote"))

    user = relationship("User")

    audit_entity = _l("Vote")


class MeetingNote(InProject, TimestampMixin, db.Model):
    """A comment on a meeting, or (kind "amendment") a correction to minutes already approved."""

    __tablename__ = "meeting_notes"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12), info=audited(_l("Kind")))  # comment | amendment
    body: Mapped[str] = mapped_column(Text, info=audited(_l("Comment")))

    author = relationship("User")

    audit_entity = _l("Meeting comment")


class Decision(InProject, AboutPhaseItem, TimestampMixin, VersionedMixin, db.Model):
    """Never deleted; a later decision may supersede it, and the link is kept both ways."""

    __tablename__ = "decisions"

    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    decided_on: Mapped[date] = mapped_column(Date, info=audited(_l("Date")))
    text: Mapped[str] = mapped_column(Text, info=audited(_l("What was decided")))
    rationale: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Rationale")))
    decided_by: Mapped[str] = mapped_column(String(200), default="", info=audited(_l("Decided by")))
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), info=audited(_l("Superseded by"))
    )

    meeting = relationship("Meeting")
    superseded_by = relationship("Decision", remote_side="Decision.id", foreign_keys=[superseded_by_id])

    audit_entity = _l("Decision")

    search_kind = "decisions"

    def search_entry(self):
        return Entry(self.text[:500], self.rationale or "")


class Action(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "actions"

    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300), info=audited(_l("Title")))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, info=audited(_l("Owner"))
    )
    due_date: Mapped[date | None] = mapped_column(Date, index=True, info=audited(_l("Due date")))
    status: Mapped[str] = coded_column(ActionStatus, 12, default=ActionStatus.OPEN, label=_l("Status"))

    owner = relationship("Person")
    meeting = relationship("Meeting")

    audit_entity = _l("Action")

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_date is not None and self.due_date < today()

    search_kind = "actions"

    def search_entry(self):
        return Entry(self.title, "")
