"""Readiness assessments: a questionnaire run at a date, answered independently by several respondents."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.projects.models import InProject

RESPONDENT_GROUPS = ("director", "consultant", "steering", "key_user", "other")


class Assessment(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "assessments"

    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("phases.id", ondelete="SET NULL"), info=audited(_l("Phase"))
    )
    questionnaire_key: Mapped[str] = mapped_column(String(40), index=True)
    # A copy of the questionnaire as it was: later template edits never change past results.
    questionnaire: Mapped[dict] = mapped_column(JSON)
    title: Mapped[str] = mapped_column(String(200), info=audited(_l("Title")))
    held_on: Mapped[date] = mapped_column(Date, info=audited(_l("Date")))

    responses = relationship("Response", back_populates="assessment", order_by="Response.submitted_at")
    phase = relationship("Phase")

    audit_entity = _l("Readiness assessment")


class Response(InProject, VersionedMixin, db.Model):
    """One respondent's scores: {item key: {"score": 1–5 or null for "don't know", "evidence": text}}."""

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("assessment_id", "respondent_id"),
        # What a person has answered (their "my work" count, on every page), without reading every response.
        Index("ix_responses_respondent", "respondent_id", "assessment_id"),
    )

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    respondent_group: Mapped[str] = mapped_column(String(12), info=audited(_l("Respondent group")))
    answers: Mapped[dict] = mapped_column(JSON, info=audited(_l("Answers")))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    assessment = relationship("Assessment", back_populates="responses")
    respondent = relationship("User")

    audit_entity = _l("Questionnaire response")
