"""Phase gates: the evidence for closing a phase, frozen when review is requested, and the committee's reviews."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import UTCDateTime, VersionedMixin, audited, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.projects.models import InProject
from crm_rollout.steering.labels import ReviewOutcome
from crm_rollout.steering.models import CommitteeReviewMixin


class Gate(InProject, VersionedMixin, db.Model):
    __tablename__ = "gates"

    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    evidence: Mapped[dict] = mapped_column(JSON)
    evidence_hash: Mapped[str] = mapped_column(String(64))
    # Who reviews, who chairs and under which rule, as they stood when review was requested.
    committee: Mapped[dict | None] = mapped_column(JSON)
    criteria_met: Mapped[bool] = mapped_column(default=False)
    # Unmet criteria need a recorded steering decision that says why the gate may pass anyway.
    override_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), info=audited(_l("Overriding decision"))
    )
    outcome: Mapped[str] = coded_column(ReviewOutcome, 12, default=ReviewOutcome.SUBMITTED, label=_l("Outcome"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    phase = relationship("Phase")
    override_decision = relationship("Decision")
    reviews = relationship("GateReview", order_by="GateReview.at", back_populates="gate")

    audit_entity = _l("Gate")


class GateReview(CommitteeReviewMixin, db.Model):
    audit_entity = _l("Review")

    __tablename__ = "gate_reviews"
    __table_args__ = (UniqueConstraint("gate_id", "reviewer_id"),)

    gate_id: Mapped[int] = mapped_column(ForeignKey("gates.id", ondelete="CASCADE"), index=True)

    gate = relationship("Gate", back_populates="reviews")
