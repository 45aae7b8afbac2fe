"""A programme and its waves: each wave is a rollout project of its own."""

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l


class Programme(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), info=audited(_l("Name")))
    company: Mapped[str] = mapped_column(String(200), info=audited(_l("Company")))
    vision: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Vision")))

    waves = relationship("Wave", back_populates="programme", order_by="Wave.number")

    audit_entity = _l("Programme")


class Wave(TimestampMixin, db.Model):
    """A project's place in a programme: which wave, what it covers, and the wave it was started from."""

    __tablename__ = "waves"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    # A project is a wave of one programme at most.
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), unique=True, info=audited(_l("Project"))
    )
    number: Mapped[int] = mapped_column(Integer, info=audited(_l("Wave")))
    # What this wave covers: a region, a business unit, a product line.
    scope: Mapped[str] = mapped_column(String(200), default="", info=audited(_l("Wave scope")))
    started_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), info=audited(_l("Started from"))
    )

    programme = relationship("Programme", back_populates="waves")
    project = relationship("Project", foreign_keys=[project_id])

    audit_entity = _l("Wave")

    @property
    def audit_project_id(self):
        return self.project_id
