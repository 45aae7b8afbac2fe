"""The risk register: risks (and issues, risks that happened) with current and residual exposure."""

from datetime import date
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin, today
from crm_rollout.core.extensions import db
from crm_rollout.core.search import Entry
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.projects.models import InProject
from crm_rollout.risks.labels import LIVE_RISK_STATUSES, RiskCategory, RiskKind, RiskStatus

HIGH_SCORE = 15  # probability × impact from which a risk counts as high (gates and reports show these)


class Risk(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "risks"

    kind: Mapped[str] = coded_column(RiskKind, 8, default=RiskKind.RISK)
    source_key: Mapped[str] = mapped_column(String(40), default="")  # the catalogue entry it came from
    title: Mapped[str] = mapped_column(String(300))
    cause: Mapped[str] = mapped_column(Text, default="")
    effect: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = coded_column(RiskCategory, 20, default=RiskCategory.OTHER)
    probability: Mapped[int] = mapped_column(Integer, default=3)
    impact: Mapped[int] = mapped_column(Integer, default=3)
    residual_probability: Mapped[int | None] = mapped_column(Integer)
    residual_impact: Mapped[int | None] = mapped_column(Integer)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    mitigation: Mapped[str] = mapped_column(Text, default="")
    contingency: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = coded_column(RiskStatus, 12, default=RiskStatus.OPEN, index=True)
    dismissed_reason: Mapped[str] = mapped_column(Text, default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    review_date: Mapped[date | None] = mapped_column(Date)
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id", ondelete="SET NULL"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_items.id", ondelete="SET NULL"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"))

    owner = relationship("Person")
    phase = relationship("Phase")
    item = relationship("ChecklistItem")
    decision = relationship("Decision")

    audit_entity = _l("Risk")
    audit_labels: ClassVar[dict] = {
        "kind": _l("Kind"),
        "title": _l("Title"),
        "cause": _l("Cause"),
        "effect": _l("Effect"),
        "category": _l("Category"),
        "probability": _l("Probability"),
        "impact": _l("Impact"),
        "residual_probability": _l("Residual probability"),
        "residual_impact": _l("Residual impact"),
        "owner_id": _l("Owner"),
        "mitigation": _l("Mitigation"),
        "contingency": _l("Contingency plan"),
        "status": _l("Status"),
        "dismissed_reason": _l("Why dismissed"),
        "resolution": _l("Resolution"),
        "review_date": _l("Review date"),
        "phase_id": _l("Phase"),
        "item_id": _l("Checklist item"),
        "decision_id": _l("Steering decision"),
    }

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def residual_score(self) -> int | None:
        if self.residual_probability is None or self.residual_impact is None:
            return None
        return self.residual_probability * self.residual_impact

    @property
    def is_active(self) -> bool:
        return self.status in LIVE_RISK_STATUSES

    @property
    def review_overdue(self) -> bool:
        return self.is_active and self.review_date is not None and self.review_date < today()

    search_kind = "risks"

    def search_entry(self):
        text = (self.cause, self.effect, self.mitigation, self.contingency, self.resolution)
        return Entry(self.title, "\n".join(t for t in text if t))
