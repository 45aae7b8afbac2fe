"""A project's health index, kept once a day so its trend can be drawn."""

from datetime import date

from sqlalchemy import JSON, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_rollout.core.extensions import db
from crm_rollout.projects.models import InProject


class HealthSnapshot(InProject, db.Model):
    """Not audited: it is computed from what the audit trail already traces, and writing it (on the first
    reading of a day) must not count as a change of the project."""

    __tablename__ = "health_snapshots"
    __table_args__ = (UniqueConstraint("project_id", "day"),)

    day: Mapped[date] = mapped_column(Date)
    score: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8))
    # [{key, weight, lost, value, reason}] as the day's index explained them
    signals: Mapped[list] = mapped_column(JSON)
