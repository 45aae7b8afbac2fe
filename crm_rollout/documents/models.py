"""Evidence files: a document belongs to one thing of a project (an item, a deliverable, a meeting ...) and
keeps every version uploaded; what a report or gate saw stays the version it saw."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.search import Entry
from crm_rollout.projects.models import InProject

# What a document may belong to: the API's kind -> the column that points at it (one of them is set).
SUBJECTS = {
    "items": "item_id",
    "deliverables": "deliverable_id",
    "meetings": "meeting_id",
    "reports": "report_id",
    "risks": "risk_id",
    "decisions": "decision_id",
    "processes": "process_id",
    "courses": "course_id",
}


def _subject(table: str):
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)


class Document(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "documents"

    # Foreign keys rather than a (type, id) pair: removals cascade and export/import remaps them.
    item_id: Mapped[int | None] = _subject("checklist_items")
    deliverable_id: Mapped[int | None] = _subject("deliverables")
    meeting_id: Mapped[int | None] = _subject("meetings")
    report_id: Mapped[int | None] = _subject("reports")
    risk_id: Mapped[int | None] = _subject("risks")
    decision_id: Mapped[int | None] = _subject("decisions")
    process_id: Mapped[int | None] = _subject("processes")
    course_id: Mapped[int | None] = _subject("training_courses")
    name: Mapped[str] = mapped_column(String(200), info=audited(_l("Name")))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Removed")))

    versions = relationship(
        "DocumentVersion", order_by="DocumentVersion.number", back_populates="document", lazy="selectin"
    )

    audit_entity = _l("Document")

    @property
    def current(self):
        return self.versions[-1]

    search_kind = "documents"

    def search_entry(self):
        return None if self.removed_at is not None else Entry(self.name, "")


class DocumentVersion(InProject, db.Model):
    """One upload. Its bytes are in `data` (the default) or in the object store under `storage_key`
    (documents/storage.py); they are loaded only when downloaded."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200), info=audited(_l("File")))
    mime_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), info=audited(_l("SHA-256 checksum")))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))  # None: in the object store
    storage_key: Mapped[str | None] = mapped_column(String(300))

    document = relationship("Document", back_populates="versions")
    uploaded_by = relationship("User", lazy="joined")

    audit_entity = _l("Document version")
