"""Milestones: short, dated checkpoints the steering committee tracks against their baseline."""

from datetime import date

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin, audited, today
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.search import Entry
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.milestones.labels import MilestoneStatus
from crm_rollout.projects.models import InProject

milestone_items = Table(
    "milestone_items",
    db.Model.metadata,
    Column("milestone_id", ForeignKey("milestones.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("checklist_items.id", ondelete="CASCADE"), primary_key=True),
)
milestone_deliverables = Table(
    "milestone_deliverables",
    db.Model.metadata,
    Column("milestone_id", ForeignKey("milestones.id", ondelete="CASCADE"), primary_key=True),
    Column("deliverable_id", ForeignKey("deliverables.id", ondelete="CASCADE"), primary_key=True),
)


def working_days_between(start: date, end: date) -> int:
    """Signed count of working days (Monday–Friday) from start to end: the method counts durations in working days."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = min(start, end), max(start, end)
    days = (high - low).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (low.weekday() + offset) % 7 < 5:
            count += 1
    return sign * count


class Milestone(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "milestones"

    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("phases.id", ondelete="SET NULL"), index=True, info=audited(_l("Phase"))
    )
    name: Mapped[str] = mapped_column(String(200), info=audited(_l("Name")))
    # Set once; changed only with a recorded steering decision (baseline_decision_id).
    baseline_date: Mapped[date] = mapped_column(Date, info=audited(_l("Baseline date")))
    forecast_date: Mapped[date | None] = mapped_column(Date, info=audited(_l("Forecast date")))
    actual_date: Mapped[date | None] = mapped_column(Date, info=audited(_l("Actual date")))
    acceptance_criteria: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Acceptance criteria")))
    status: Mapped[str] = coded_column(MilestoneStatus, 12, default=MilestoneStatus.OPEN, label=_l("Status"))
    baseline_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL"), info=audited(_l("Decision for the baseline"))
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    phase = relationship("Phase")
    items = relationship("ChecklistItem", secondary=milestone_items)
    deliverables = relationship("Deliverable", secondary=milestone_deliverables)

    audit_entity = _l("Milestone")

    @property
    def expected_date(self) -> date:
        return self.actual_date or self.forecast_date or self.baseline_date

    @property
    def slippage_days(self) -> int:
        """Working days late (positive) or early (negative) against the baseline."""
        return working_days_between(self.baseline_date, self.expected_date)

    @property
    def is_overdue(self) -> bool:
        return self.status == MilestoneStatus.OPEN and self.expected_date < today()

    search_kind = "milestones"

    def search_entry(self):
        return Entry(self.name, self.acceptance_criteria or "")
