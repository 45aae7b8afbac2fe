"""Milestone reports: an editable draft, and the immutable versions the steering committee reviews."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.projects.models import InProject
from crm_rollout.reports.labels import EDITABLE_REPORT_STATUSES, Rag, ReportStatus
from crm_rollout.steering.labels import ReviewOutcome
from crm_rollout.steering.models import CommitteeReviewMixin

RAG_AREAS = ("schedule", "scope", "resources", "quality")
TEXT_FIELDS = ("achievements", "next_steps", "risks_and_issues", "decisions_requested")


class Report(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "reports"

    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL"), info=audited(_l("Milestone"))
    )
    title: Mapped[str] = mapped_column(String(200), info=audited(_l("Title")))
    period_start: Mapped[date | None] = mapped_column(Date, info=audited(_l("Period from")))
    period_end: Mapped[date | None] = mapped_column(Date, info=audited(_l("Period until")))
    status: Mapped[str] = coded_column(ReportStatus, 12, default=ReportStatus.DRAFT, label=_l("Status"))
    overall_rag: Mapped[str] = coded_column(Rag, 6, default=Rag.GREEN, label=_l("Overall status"))
    schedule_rag: Mapped[str] = coded_column(Rag, 6, default=Rag.GREEN, label=_l("Schedule status"))
    schedule_reason: Mapped[str] = mapped_column(String(300), default="", info=audited(_l("Schedule: why")))
    scope_rag: Mapped[str] = coded_column(Rag, 6, default=Rag.GREEN, label=_l("Scope status"))
    scope_reason: Mapped[str] = mapped_column(String(300), default="", info=audited(_l("Scope: why")))
    resources_rag: Mapped[str] = coded_column(Rag, 6, default=Rag.GREEN, label=_l("Resources status"))
    resources_reason: Mapped[str] = mapped_column(String(300), default="", info=audited(_l("Resources: why")))
    quality_rag: Mapped[str] = coded_column(Rag, 6, default=Rag.GREEN, label=_l("Quality status"))
    quality_reason: Mapped[str] = mapped_column(String(300), default="", info=audited(_l("Quality: why")))
    achievements: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Achievements")))
    next_steps: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Next steps")))
    risks_and_issues: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Risks and issues")))
    decisions_requested: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Decisions requested")))

    milestone = relationship("Milestone")
    versions = relationship("ReportVersion", order_by="ReportVersion.number", back_populates="report")

    audit_entity = _l("Milestone report")

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_REPORT_STATUSES


class ReportVersion(InProject, VersionedMixin, db.Model):
    """What the committee saw, frozen at submission: content (text, figures, charts) and its SHA-256."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    # Who reviews, who chairs and under which rule, as they stood at submission (steering/reviewing.py).
    committee: Mapped[dict | None] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # submitted -> approved | returned; decided once, by the project's review rule.
    outcome: Mapped[str] = coded_column(ReviewOutcome, 12, default=ReviewOutcome.SUBMITTED, label=_l("Outcome"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    report = relationship("Report", back_populates="versions")
    submitted_by = relationship("User")
    reviews = relationship("Review", order_by="Review.at", back_populates="report_version")

    audit_entity = _l("Report version")


class Review(CommitteeReviewMixin, db.Model):
    audit_entity = _l("Review")

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("report_version_id", "reviewer_id"),)

    report_version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id", ondelete="CASCADE"), index=True)

    report_version = relationship("ReportVersion", back_populates="reviews")
