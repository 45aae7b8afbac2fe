"""A method of the library and its versions: drafts being edited, and published versions that never change."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l


class Method(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "methods"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)  # stays with its files: "nine_phase"
    name_zh: Mapped[str] = mapped_column(String(200), info=audited(_l("Name (Chinese)")))
    name_en: Mapped[str] = mapped_column(String(200), info=audited(_l("Name (English)")))
    description_zh: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Description (Chinese)")))
    description_en: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Description (English)")))
    built_in: Mapped[bool] = mapped_column(Boolean, default=False)  # shipped with the app, seeded from TOML

    versions = relationship("MethodVersion", back_populates="method", order_by="MethodVersion.number")

    audit_entity = _l("Method")


class MethodVersion(TimestampMixin, VersionedMixin, db.Model):
    """A draft (published_at empty) is edited in place; publishing freezes it under the next number."""

    __tablename__ = "method_versions"
    __table_args__ = (UniqueConstraint("method_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("methods.id", ondelete="CASCADE"), index=True)
    # Published versions count 1, 2, 3 …; a draft carries 0 until it is published.
    number: Mapped[int] = mapped_column(Integer, default=0, info=audited(_l("Version")))
    # The phases with their checklists and deliverables, in the shape of methodology/phases.toml.
    content: Mapped[dict] = mapped_column(JSON, info=audited(_l("Content")))
    note: Mapped[str] = mapped_column(Text, default="", info=audited(_l("What changed")))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Published")))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    method = relationship("Method", back_populates="versions")
    published_by = relationship("User")

    audit_entity = _l("Method version")

    @property
    def is_draft(self) -> bool:
        return self.published_at is None
