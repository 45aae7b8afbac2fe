"""The risk register: risks (and issues, risks that happened) with current and residual exposure."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin, audited, today
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.search import Entry
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.phases.models import AboutPhaseItem
from crm_rollout.projects.models import InProject
from crm_rollout.risks.labels import LIVE_RISK_STATUSES, RiskCategory, RiskKind, RiskStatus

HIGH_SCORE = 15  # probability × impact from which a risk counts as high (gates and reports show these)


class Risk(InProject, AboutPhaseItem, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "risks"

    kind: Mapped[str] = coded_column(RiskKind, 8, default=RiskKind.RISK, label=_l("Kind"))
    source_key: Mapped[str] = mapped_column(String(40), default="")  # the catalogue entry it came from
    title: Mapped[str] = mapped_column(String(300), info=audited(_l("Title")))
    cause: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Cause")))
    effect: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Effect")))
    category: Mapped[str] = coded_column(RiskCategory, 20, default=RiskCategory.OTHER, label=_l("Category"))
    probability: Mapped[int] = mapped_column(Integer, default=3, info=audited(_l("Probability")))
    impact: Mapped[int] = mapped_column(Integer, default=3, info=audited(_l("Impact")))
    residual_probability: Mapped[int | None] = mapped_column(Integer, info=audited(_l("Residual probability")))
    residual_impact: Mapped[int | None] = mapped_column(Integer, info=audited(_l("Residual impact")))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), info=audited(_l("Owner"))
    )
    mitigation: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Mitigation")))
    contingency: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Contingency plan")))
    status: Mapped[str] = coded_column(RiskStatus, 12, default=RiskStatus.OPEN, index=True, label=_l("Status"))
    dismissed_reason: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Why dismissed")))
    resolution: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Resolution")))
    review_date: Mapped[date | None] = mapped_column(Date, info=audited(_l("Review date")))
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), info=audited(_l("Steering decision"))
    )

    owner = relationship("Person")
    decision = relationship("Decision")

    audit_entity = _l("Risk")

    @hybrid_property
    def score(self) -> int:
        """Probability × impact; in a query, the same product in SQL (filters and order)."""
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
