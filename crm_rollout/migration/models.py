"""Migration objects, what each depends on, and their loads."""

from datetime import date

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.migration.labels import LoadKind, WorkStatus
from crm_rollout.projects.models import InProject

DEFAULT_TOLERANCE = 0.5  # per cent of the source count (or amount) a load may differ by and still balance


class MigrationSettings(InProject, VersionedMixin, db.Model):
    """The project's rule for a balanced load; absent until first set (DEFAULT_TOLERANCE holds until then)."""

    __tablename__ = "migration_settings"
    __table_args__ = (UniqueConstraint("project_id"),)

    tolerance_percent: Mapped[float] = mapped_column(
        Float, default=DEFAULT_TOLERANCE, info=audited(_l("Reconciliation tolerance (%)"))
    )

    audit_entity = _l("Migration settings")


class MigrationObject(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "migration_objects"

    name: Mapped[str] = mapped_column(String(120), info=audited(_l("Object")))
    source_system: Mapped[str] = mapped_column(String(120), default="", info=audited(_l("Source system")))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, info=audited(_l("Owner"))
    )
    sequence: Mapped[int] = mapped_column(Integer, default=10, info=audited(_l("Load order")))
    mapping_status: Mapped[str] = coded_column(WorkStatus, 12, default=WorkStatus.NOT_STARTED, label=_l("Mapping"))
    cleansing_status: Mapped[str] = coded_column(WorkStatus, 12, default=WorkStatus.NOT_STARTED, label=_l("Cleansing"))
    load_rules: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Load rules")))

    owner = relationship("Person")
    loads = relationship(
        "MigrationLoad", back_populates="object", order_by=lambda: (MigrationLoad.run_on, MigrationLoad.id)
    )
    dependencies = relationship(
        "MigrationDependency", foreign_keys="MigrationDependency.object_id", order_by="MigrationDependency.id"
    )

    audit_entity = _l("Migration object")


class MigrationDependency(InProject, db.Model):
    """`object` is loaded after `depends_on` (contacts after accounts)."""

    __tablename__ = "migration_dependencies"
    __table_args__ = (UniqueConstraint("object_id", "depends_on_id"),)

    object_id: Mapped[int] = mapped_column(ForeignKey("migration_objects.id", ondelete="CASCADE"), index=True)
    depends_on_id: Mapped[int] = mapped_column(
        ForeignKey("migration_objects.id", ondelete="CASCADE"), index=True, info=audited(_l("Depends on"))
    )

    depends_on = relationship("MigrationObject", foreign_keys=[depends_on_id])

    audit_entity = _l("Migration dependency")


class MigrationLoad(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "migration_loads"

    object_id: Mapped[int] = mapped_column(ForeignKey("migration_objects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = coded_column(LoadKind, 12, default=LoadKind.TRIAL, label=_l("Load"))
    run_on: Mapped[date] = mapped_column(Date, info=audited(_l("Date")))
    extracted: Mapped[int] = mapped_column(Integer, default=0, info=audited(_l("Extracted")))
    cleansed: Mapped[int] = mapped_column(Integer, default=0, info=audited(_l("Cleansed")))
    loaded: Mapped[int] = mapped_column(Integer, default=0, info=audited(_l("Loaded")))
    rejected: Mapped[int] = mapped_column(Integer, default=0, info=audited(_l("Rejected")))
    duplicates: Mapped[int] = mapped_column(Integer, default=0, info=audited(_l("Duplicates found")))
    # Reconciliation: records counted in the source and in the CRM after the load; amounts where the
    # business gives one (open order value, say).
    source_count: Mapped[int | None] = mapped_column(Integer, info=audited(_l("Source count")))
    target_count: Mapped[int | None] = mapped_column(Integer, info=audited(_l("Target count")))
    source_amount: Mapped[float | None] = mapped_column(Float, info=audited(_l("Source amount")))
    target_amount: Mapped[float | None] = mapped_column(Float, info=audited(_l("Target amount")))
    # {reason: records rejected for it}
    rejection_reasons: Mapped[dict] = mapped_column(JSON, default=dict, info=audited(_l("Rejection reasons")))
    notes: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Notes")))

    object = relationship("MigrationObject", back_populates="loads")

    audit_entity = _l("Migration load")

    @property
    def error_rate(self) -> float | None:
        """Rejected records as a share (per cent) of those extracted."""
        return round(100 * self.rejected / self.extracted, 2) if self.extracted else None

    def reconciles(self, tolerance_percent: float) -> bool | None:
        """Whether source and target agree within the tolerance: the counts, and the amounts where given.
        None when the load has no reconciliation yet."""
        if self.source_count is None or self.target_count is None:
            return None
        pairs = [(self.source_count, self.target_count)]
        if self.source_amount is not None and self.target_amount is not None:
            pairs.append((self.source_amount, self.target_amount))
        return all(abs(source - target) <= abs(source) * tolerance_percent / 100 for source, target in pairs)
