"""The cut-over plan, its runbook, and the runs of the runbook."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.cutover.labels import RunKind, StepStatus
from crm_rollout.projects.models import InProject


class CutoverPlan(InProject, VersionedMixin, db.Model):
    """One a project, made on its first edit."""

    __tablename__ = "cutover_plans"
    __table_args__ = (UniqueConstraint("project_id"),)

    window_start: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Window opens")))
    window_end: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Window closes")))
    point_of_no_return: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Point of no return")))
    rollback_authority: Mapped[str] = mapped_column(
        String(200), default="", info=audited(_l("Who may order a rollback"))
    )
    rollback_plan: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Rollback plan")))

    audit_entity = _l("Cut-over plan")


class RunbookStep(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "runbook_steps"

    number: Mapped[int] = mapped_column(Integer, info=audited(_l("Step")))
    title: Mapped[str] = mapped_column(String(300), info=audited(_l("Title")))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, info=audited(_l("Owner"))
    )
    checker_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, info=audited(_l("Checker"))
    )
    planned_minutes: Mapped[int] = mapped_column(Integer, default=30, info=audited(_l("Planned duration (minutes)")))
    rollback_action: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Rollback action")))

    owner = relationship("Person", foreign_keys=[owner_id])
    checker = relationship("Person", foreign_keys=[checker_id])
    predecessors = relationship(
        "StepDependency", foreign_keys="StepDependency.step_id", order_by="StepDependency.id", lazy="selectin"
    )

    audit_entity = _l("Runbook step")


class StepDependency(InProject, db.Model):
    """`step` may start `lag_minutes` after `predecessor` has finished."""

    __tablename__ = "runbook_dependencies"
    __table_args__ = (UniqueConstraint("step_id", "predecessor_id"),)

    step_id: Mapped[int] = mapped_column(ForeignKey("runbook_steps.id", ondelete="CASCADE"), index=True)
    predecessor_id: Mapped[int] = mapped_column(
        ForeignKey("runbook_steps.id", ondelete="CASCADE"), index=True, info=audited(_l("After step"))
    )
    lag_minutes: Mapped[int] = mapped_column(Integer, default=0, info=audited(_l("Lag (minutes)")))

    audit_entity = _l("Step dependency")


class CutoverRun(InProject, TimestampMixin, VersionedMixin, db.Model):
    """One run of the runbook: a rehearsal (mock cut-over) or the cut-over itself."""

    __tablename__ = "cutover_runs"

    kind: Mapped[str] = coded_column(RunKind, 12, default=RunKind.REHEARSAL, label=_l("Kind"))
    name: Mapped[str] = mapped_column(String(120), info=audited(_l("Name")))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Started")))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Finished")))

    steps = relationship("RunStep", back_populates="run", lazy="selectin")

    audit_entity = _l("Cut-over run")


class RunStep(InProject, VersionedMixin, db.Model):
    """Where one step of the runbook stands in one run; no row yet means waiting."""

    __tablename__ = "run_steps"
    __table_args__ = (UniqueConstraint("run_id", "step_id"),)

    run_id: Mapped[int] = mapped_column(ForeignKey("cutover_runs.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int] = mapped_column(
        ForeignKey("runbook_steps.id", ondelete="CASCADE"), index=True, info=audited(_l("Step"))
    )
    status: Mapped[str] = coded_column(StepStatus, 12, default=StepStatus.WAITING, label=_l("Status"))
    actual_start: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Actual start")))
    actual_end: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Actual end")))
    ticked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="", info=audited(_l("Note")))

    run = relationship("CutoverRun", back_populates="steps")

    audit_entity = _l("Run step")

    @property
    def minutes(self) -> int | None:
        """How long the step took, in whole minutes (at least one)."""
        if self.actual_start is None or self.actual_end is None:
            return None
        return max(1, round((self.actual_end - self.actual_start).total_seconds() / 60))
