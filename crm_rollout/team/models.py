"""The people of a project's organisation: who sits on which tier, for which group, with how much of their time."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, or_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.projects.models import InProject

TIERS = ("steering", "core", "functional", "extended")


class Person(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "people"

    name: Mapped[str] = mapped_column(String(120), info=audited(_l("Name")))
    organisation: Mapped[str] = mapped_column(String(200), default="", info=audited(_l("Organisation")))
    is_consultancy: Mapped[bool] = mapped_column(Boolean, default=False, info=audited(_l("Consultancy")))
    department: Mapped[str] = mapped_column(String(120), default="", info=audited(_l("Department")))
    role_title: Mapped[str] = mapped_column(String(120), default="", info=audited(_l("Job title")))
    tier: Mapped[str] = mapped_column(String(20), info=audited(_l("Tier")))
    position: Mapped[str] = mapped_column(String(30), info=audited(_l("Position")))
    # A methodology group key (marketing, sales, service, it, back_office) or a custom name.
    functional_group: Mapped[str] = mapped_column(String(80), default="", info=audited(_l("Functional group")))
    leads_group: Mapped[bool] = mapped_column(Boolean, default=False, info=audited(_l("Leads their group")))
    # The director (and others) may sit on the steering committee besides their own tier.
    sits_on_steering: Mapped[bool] = mapped_column(
        Boolean, default=False, info=audited(_l("On the steering committee"))
    )
    allocation_percent: Mapped[int] = mapped_column(Integer, default=100, info=audited(_l("Time on the project (%)")))
    allocation_start: Mapped[date | None] = mapped_column(Date, info=audited(_l("From")))
    allocation_end: Mapped[date | None] = mapped_column(Date, info=audited(_l("Until")))
    contact: Mapped[str] = mapped_column(String(200), default="", info=audited(_l("Contact")))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, info=audited(_l("Member"))
    )
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Removed")))

    user = relationship("User")

    audit_entity = _l("Person")

    @hybrid_property
    def on_steering(self) -> bool:
        return self.tier == "steering" or self.sits_on_steering

    @on_steering.inplace.expression
    @classmethod
    def _on_steering(cls):
        return or_(cls.tier == "steering", cls.sits_on_steering)
