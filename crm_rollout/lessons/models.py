"""A project's lessons learned."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.lessons.labels import LessonCategory
from crm_rollout.projects.models import InProject


class Lesson(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "lessons"

    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("phases.id", ondelete="SET NULL"), index=True, info=audited(_l("Phase"))
    )
    category: Mapped[str] = coded_column(LessonCategory, 20, default=LessonCategory.OTHER, label=_l("Category"))
    title: Mapped[str] = mapped_column(String(200), info=audited(_l("Lesson")))
    what_happened: Mapped[str] = mapped_column(Text, default="", info=audited(_l("What happened in this case")))
    learned: Mapped[str] = mapped_column(Text, default="", info=audited(_l("What we learned")))
    next_time: Mapped[str] = mapped_column(Text, default="", info=audited(_l("What to do next time")))
    # The earlier wave this lesson came from when a programme's next wave started; empty for the project's own.
    carried_from: Mapped[str] = mapped_column(
        String(200), default="", server_default="", info=audited(_l("Carried from"))
    )

    phase = relationship("Phase")

    audit_entity = _l("Lesson learned")
