"""The people of a project's organisation: who sits on which tier, for which group, with how much of their time."""

from datetime import date, datetime
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin
from crm_rollout.core.extensions import db
from crm_rollout.projects.models import InProject

TIERS = ("steering", "core", "functional", "extended")


class Person(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "people"

    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    is_consultancy: Mapped[bool] = mapped_column(Boolean, default=False)
    department: Mapped[str] = mapped_column(String(120), default="")
    role_title: Mapped[str] = mapped_column(String(120), default="")
    tier: Mapped[str] = mapped_column(String(20))
    position: Mapped[str] = mapped_column(String(30))
    # A methodology group key (marketing, sales, service, it, back_office) or a custom name.
    functional_group: Mapped[str] = mapped_column(String(80), default="")
    leads_group: Mapped[bool] = mapped_column(Boolean, default=False)
    # The director (and others) may sit on the steering committee besides their own tier.
    sits_on_steering: Mapped[bool] = mapped_column(Boolean, default=False)
    allocation_percent: Mapped[int] = mapped_column(Integer, default=100)
    allocation_start: Mapped[date | None] = mapped_column(Date)
    allocation_end: Mapped[date | None] = mapped_column(Date)
    contact: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User")

    audit_entity = _l("Person")
    audit_labels: ClassVar[dict] = {
        "name": _l("Name"),
        "organisation": _l("Organisation"),
        "is_consultancy": _l("Consultancy"),
        "department": _l("Department"),
        "role_title": _l("Job title"),
        "tier": _l("Tier"),
        "position": _l("Position"),
        "functional_group": _l("Functional group"),
        "leads_group": _l("Leads their group"),
        "sits_on_steering": _l("On the steering committee"),
        "allocation_percent": _l("Time on the project (%)"),
        "allocation_start": _l("From"),
        "allocation_end": _l("Until"),
        "contact": _l("Contact"),
        "user_id": _l("Member"),
        "removed_at": _l("Removed"),
    }

    @property
    def on_steering(self) -> bool:
        return self.tier == "steering" or self.sits_on_steering
