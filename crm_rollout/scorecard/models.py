"""The benefits scorecard: KPIs defined before go-live, and their measurements over time."""

from datetime import date
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin
from crm_rollout.core.extensions import db
from crm_rollout.core.search import Entry
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.projects.models import InProject
from crm_rollout.scorecard.labels import Direction, Goal, Indicator


class Kpi(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "kpis"

    name: Mapped[str] = mapped_column(String(200))
    indicator_type: Mapped[str] = coded_column(Indicator, 8, default=Indicator.LAGGING)
    goal_type: Mapped[str] = coded_column(Goal, 10, default=Goal.BROAD)
    unit: Mapped[str] = mapped_column(String(30), default="")
    baseline: Mapped[float] = mapped_column(Float)
    baseline_date: Mapped[date] = mapped_column(Date)
    target: Mapped[float] = mapped_column(Float)
    target_date: Mapped[date] = mapped_column(Date)
    direction: Mapped[str] = coded_column(Direction, 6, default=Direction.HIGHER)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    data_source: Mapped[str] = mapped_column(Text, default="")

    owner = relationship("Person")
    measurements = relationship("Measurement", order_by="Measurement.measured_on", back_populates="kpi")

    audit_entity = _l("KPI")
    audit_labels: ClassVar[dict] = {
        "name": _l("Name"),
        "indicator_type": _l("Indicator type"),
        "goal_type": _l("Goal"),
        "unit": _l("Unit"),
        "baseline": _l("Baseline"),
        "baseline_date": _l("Baseline date"),
        "target": _l("Target"),
        "target_date": _l("Target date"),
        "direction": _l("Direction"),
        "owner_id": _l("Owner"),
        "data_source": _l("Data source"),
    }

    search_kind = "kpis"

    def search_entry(self):
        return Entry(self.name, self.data_source or "")


class Measurement(InProject, db.Model):
    __tablename__ = "measurements"
    __table_args__ = (UniqueConstraint("kpi_id", "measured_on"),)

    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"), index=True)
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(300), default="")

    kpi = relationship("Kpi", back_populates="measurements")

    audit_entity = _l("Measurement")
    audit_labels: ClassVar[dict] = {
        "measured_on": _l("Date measured"),
        "value": _l("Value"),
        "note": _l("Note"),
    }
