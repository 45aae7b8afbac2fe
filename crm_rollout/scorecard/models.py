"""The benefits scorecard: KPIs defined before go-live, and their measurements over time."""

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.search import Entry
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.projects.models import InProject
from crm_rollout.scorecard.labels import Direction, Goal, Indicator


class Kpi(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "kpis"

    name: Mapped[str] = mapped_column(String(200), info=audited(_l("Name")))
    indicator_type: Mapped[str] = coded_column(Indicator, 8, default=Indicator.LAGGING, label=_l("Indicator type"))
    goal_type: Mapped[str] = coded_column(Goal, 10, default=Goal.BROAD, label=_l("Goal"))
    unit: Mapped[str] = mapped_column(String(30), default="", info=audited(_l("Unit")))
    baseline: Mapped[float] = mapped_column(Float, info=audited(_l("Baseline")))
    baseline_date: Mapped[date] = mapped_column(Date, info=audited(_l("Baseline date")))
    target: Mapped[float] = mapped_column(Float, info=audited(_l("Target")))
    target_date: Mapped[date] = mapped_column(Date, info=audited(_l("Target date")))
    direction: Mapped[str] = coded_column(Direction, 6, default=Direction.HIGHER, label=_l("Direction"))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), info=audited(_l("Owner"))
    )
    # A programme adds this KPI up across its waves (counts and amounts), instead of showing each wave's.
    summable: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), info=audited(_l("Adds up across waves"))
    )
    data_source: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Data source")))

    owner = relationship("Person")
    measurements = relationship("Measurement", order_by="Measurement.measured_on", back_populates="kpi")

    audit_entity = _l("KPI")

    search_kind = "kpis"

    def search_entry(self):
        return Entry(self.name, self.data_source or "")


class Measurement(InProject, db.Model):
    __tablename__ = "measurements"
    __table_args__ = (UniqueConstraint("kpi_id", "measured_on"),)

    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"), index=True)
    measured_on: Mapped[date] = mapped_column(Date, info=audited(_l("Date measured")))
    value: Mapped[float] = mapped_column(Float, info=audited(_l("Value")))
    note: Mapped[str] = mapped_column(String(300), default="", info=audited(_l("Note")))

    kpi = relationship("Kpi", back_populates="measurements")

    audit_entity = _l("Measurement")
