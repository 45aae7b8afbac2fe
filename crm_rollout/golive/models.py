"""Go-live criteria the data cannot show, waivers, the project's targets, and the frozen go/no-go packs."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.golive.labels import Outcome
from crm_rollout.projects.models import InProject

DEFAULT_TRAINED_TARGET = 90  # per cent of the trainees trained before go-live


class GoLiveSettings(InProject, VersionedMixin, db.Model):
    __tablename__ = "golive_settings"
    __table_args__ = (UniqueConstraint("project_id"),)

    trained_target: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_TRAINED_TARGET, info=audited(_l("Share of users trained (%)"))
    )

    audit_entity = _l("Go-live targets")


class OwnedCriterion(InProject, TimestampMixin, VersionedMixin, db.Model):
    """A criterion the project's data cannot show, confirmed by its named owner with a comment."""

    __tablename__ = "golive_criteria"

    title: Mapped[str] = mapped_column(String(300), info=audited(_l("Criterion")))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, info=audited(_l("Owner"))
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Confirmed")))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Comment")))

    owner = relationship("Person")
    confirmed_by = relationship("User")

    audit_entity = _l("Go-live criterion")


class Waiver(InProject, TimestampMixin, db.Model):
    """A criterion set aside by a recorded steering decision, the only way one may be."""

    __tablename__ = "golive_waivers"
    __table_args__ = (UniqueConstraint("project_id", "criterion_key"),)

    criterion_key: Mapped[str] = mapped_column(String(60), info=audited(_l("Criterion")))
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True, info=audited(_l("Decision"))
    )

    decision = relationship("Decision")

    audit_entity = _l("Waiver")


class GoNoGoPack(InProject, VersionedMixin, db.Model):
    """Every criterion as it stood when frozen, with a SHA-256 of it; never changed after. The committee's
    decision on it goes to the decision log and is linked here."""

    __tablename__ = "golive_packs"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    number: Mapped[int] = mapped_column(Integer)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    frozen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    content: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = coded_column(Outcome, 12, default=Outcome.PENDING, label=_l("Outcome"))
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), info=audited(_l("Decision"))
    )

    frozen_by = relationship("User")
    decision = relationship("Decision")

    audit_entity = _l("Go/no-go pack")
