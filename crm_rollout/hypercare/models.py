"""Incidents reported after go-live, during hypercare."""

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.hypercare.labels import TARGET_HOURS, Category, Priority
from crm_rollout.projects.models import InProject


class Incident(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "incidents"

    title: Mapped[str] = mapped_column(String(300), info=audited(_l("Incident")))
    description: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Description")))
    priority: Mapped[str] = coded_column(Priority, 2, default=Priority.P3, label=_l("Priority"))
    category: Mapped[str] = coded_column(Category, 12, default=Category.DEFECT, label=_l("Category"))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, info=audited(_l("Owner"))
    )
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, info=audited(_l("Reported")))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Answered")))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True, info=audited(_l("Resolved")))
    resolution: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Resolution")))

    owner = relationship("Person")

    audit_entity = _l("Incident")

    @property
    def response_due(self) -> datetime:
        return self.reported_at + timedelta(hours=TARGET_HOURS[self.priority][0])

    @property
    def resolution_due(self) -> datetime:
        return self.reported_at + timedelta(hours=TARGET_HOURS[self.priority][1])

    def response_met(self, now: datetime) -> bool | None:
        """Answered in time; None while it still may be."""
        return _met(self.responded_at, self.response_due, now)

    def resolution_met(self, now: datetime) -> bool | None:
        return _met(self.resolved_at, self.resolution_due, now)


def _met(done: datetime | None, due: datetime, now: datetime) -> bool | None:
    if done is not None:
        return done <= due
    return False if now > due else None
