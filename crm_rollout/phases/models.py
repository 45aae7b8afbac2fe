"""A project's phases with their checklist items, deliverables and comments."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, object_session, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited, today
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.search import Entry
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.phases.labels import FINISHED_ITEM_STATUSES, DeliverableStatus, ItemStatus, PhaseStatus
from crm_rollout.projects.models import InProject


class BilingualTitleMixin:
    """Methodology content carries both languages; user-added rows may fill only one."""

    title_zh: Mapped[str] = mapped_column(String(300), default="", info=audited(_l("Title (Chinese)")))
    title_en: Mapped[str] = mapped_column(String(300), default="", info=audited(_l("Title (English)")))

    @classmethod
    def of_method(cls, phase, position: int, spec: dict, **values):
        """A row of the phase as the method words it (`spec`: {"zh": ..., "en": ...}), at `position`."""
        return cls(
            project_id=phase.project_id,
            phase_id=phase.id,
            position=position,
            title_zh=spec["zh"],
            title_en=spec["en"],
            **values,
        )


class AboutPhaseItem:
    """A row that may concern a phase of the method and one of its checklist items. Removing either keeps
    the row (a decision, a risk, an agenda point): it says what it is about in its own words too."""

    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("phases.id", ondelete="SET NULL"), info=audited(_l("Phase"))
    )
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="SET NULL"), info=audited(_l("Checklist item"))
    )

    @declared_attr
    def phase(cls):
        return relationship("Phase")

    @declared_attr
    def item(cls):
        return relationship("ChecklistItem")


class Phase(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "phases"

    number: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(40))
    name_zh: Mapped[str] = mapped_column(String(120), info=audited(_l("Name (Chinese)")))
    name_en: Mapped[str] = mapped_column(String(120), info=audited(_l("Name (English)")))
    objective_zh: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Objective (Chinese)")))
    objective_en: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Objective (English)")))
    # When the phase may start and when it is done, as the method words them (its gate checks the evidence).
    entry_zh: Mapped[str] = mapped_column(
        Text, default="", server_default="", info=audited(_l("Entry criteria (Chinese)"))
    )
    entry_en: Mapped[str] = mapped_column(
        Text, default="", server_default="", info=audited(_l("Entry criteria (English)"))
    )
    exit_zh: Mapped[str] = mapped_column(
        Text, default="", server_default="", info=audited(_l("Exit criteria (Chinese)"))
    )
    exit_en: Mapped[str] = mapped_column(
        Text, default="", server_default="", info=audited(_l("Exit criteria (English)"))
    )
    status: Mapped[str] = coded_column(PhaseStatus, 20, default=PhaseStatus.NOT_STARTED, label=_l("Status"))
    planned_start: Mapped[date | None] = mapped_column(Date, info=audited(_l("Planned start")))
    planned_end: Mapped[date | None] = mapped_column(Date, info=audited(_l("Planned end")))
    actual_start: Mapped[date | None] = mapped_column(Date, info=audited(_l("Actual start")))
    actual_end: Mapped[date | None] = mapped_column(Date, info=audited(_l("Actual end")))

    project = relationship("Project", back_populates="phases")

    audit_entity = _l("Phase")


class ChecklistItem(InProject, BilingualTitleMixin, TimestampMixin, VersionedMixin, db.Model):
    """Its project_id is redundant with the phase's, but every access check and project-wide filter (overdue,
    mine) needs it without a join."""

    __tablename__ = "checklist_items"
    __table_args__ = (
        Index("ix_checklist_items_project_status", "project_id", "status"),
        # Covers the "my work" count (a person's open items) without reading the rows.
        Index("ix_checklist_items_owner_open", "owner_id", "status", "removed_at"),
        # Covers the phase counts every project page shows and the overdue counts, without reading the rows.
        Index("ix_checklist_items_phase_counts", "project_id", "phase_id", "status", "due_date", "removed_at"),
    )

    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False, info=audited(_l("Mandatory")))
    # Whom the method gives the item to (a project role); the first member of that role takes it unowned.
    owner_role: Mapped[str] = mapped_column(
        String(20), default="", server_default="", info=audited(_l("Owner's role by the method"))
    )
    status: Mapped[str] = coded_column(ItemStatus, 20, default=ItemStatus.OPEN, label=_l("Status"))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), info=audited(_l("Owner (account)"))
    )
    # The team person responsible (issue 3): people need no account to carry work.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, info=audited(_l("Responsible person"))
    )
    due_date: Mapped[date | None] = mapped_column(Date, index=True, info=audited(_l("Due date")))
    notes: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Notes and evidence")))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Removed")))

    phase = relationship("Phase")
    owner = relationship("User")
    person = relationship("Person")

    audit_entity = _l("Checklist item")

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_date is not None
            and self.due_date < today()
            and self.status not in FINISHED_ITEM_STATUSES
            and self.removed_at is None
        )

    search_kind = "items"

    def search_entry(self):
        if self.removed_at is not None:
            return None
        return Entry(f"{self.title_zh} {self.title_en}", self.notes or "", phase_number=_phase_number(self))


class Deliverable(InProject, BilingualTitleMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "deliverables"

    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = coded_column(DeliverableStatus, 20, default=DeliverableStatus.NOT_STARTED, label=_l("Status"))
    reference: Mapped[str] = mapped_column(String(500), default="", info=audited(_l("Link or reference")))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, info=audited(_l("Responsible person"))
    )
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Removed")))

    phase = relationship("Phase")
    person = relationship("Person")

    audit_entity = _l("Deliverable")

    search_kind = "deliverables"

    def search_entry(self):
        if self.removed_at is not None:
            return None
        return Entry(f"{self.title_zh} {self.title_en}", self.reference or "", phase_number=_phase_number(self))


class Comment(InProject, TimestampMixin, db.Model):
    __tablename__ = "comments"

    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_items.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, info=audited(_l("Comment")))

    author = relationship("User")
    item = relationship("ChecklistItem")

    audit_entity = _l("Comment")

    search_kind = "comments"

    def search_entry(self):
        item = object_session(self).get(ChecklistItem, self.item_id)  # indexed inside a flush: no lazy loads
        return Entry(f"{item.title_zh} {item.title_en}", self.body, target_id=item.id, phase_number=_phase_number(item))


def _phase_number(row) -> int:
    """The row's phase, read by id: indexing runs inside a flush, where a new row's relationship is unset."""
    return object_session(row).get(Phase, row.phase_id).number
