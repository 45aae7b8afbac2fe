"""Courses, their sessions, the people to train and their enrolments."""

from datetime import date, time

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.projects.models import InProject
from crm_rollout.training.labels import CourseMode


class Course(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "training_courses"

    title: Mapped[str] = mapped_column(String(200), info=audited(_l("Course")))
    # The department or job title the course is for, matched against each trainee's; empty: everyone.
    audience: Mapped[str] = mapped_column(String(120), default="", info=audited(_l("Audience")))
    mode: Mapped[str] = coded_column(CourseMode, 20, default=CourseMode.CLASSROOM, label=_l("Mode"))
    hours: Mapped[int] = mapped_column(Integer, default=4, info=audited(_l("Duration (hours)")))
    trainer: Mapped[str] = mapped_column(String(120), default="", info=audited(_l("Trainer")))
    # A trainee passes with at least this score; none: attending (or a competence sign-off) is enough.
    pass_score: Mapped[int | None] = mapped_column(Integer, info=audited(_l("Pass score")))

    sessions = relationship("TrainingSession", back_populates="course", order_by="TrainingSession.held_on")

    audit_entity = _l("Course")


class TrainingSession(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "training_sessions"

    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date, info=audited(_l("Date")))
    start_time: Mapped[time | None] = mapped_column(Time, info=audited(_l("Starts at")))
    place: Mapped[str] = mapped_column(String(200), default="", info=audited(_l("Place")))
    capacity: Mapped[int] = mapped_column(Integer, default=12, info=audited(_l("Capacity")))

    course = relationship("Course", back_populates="sessions")
    enrolments = relationship("Enrolment", back_populates="session", order_by="Enrolment.id")

    audit_entity = _l("Training session")


class Trainee(InProject, TimestampMixin, VersionedMixin, db.Model):
    """Someone who will use the CRM: a team member or an end user (often imported from Excel)."""

    __tablename__ = "trainees"

    name: Mapped[str] = mapped_column(String(120), info=audited(_l("Name")))
    department: Mapped[str] = mapped_column(String(120), default="", info=audited(_l("Department")))
    job_title: Mapped[str] = mapped_column(String(120), default="", info=audited(_l("Job title")))
    email: Mapped[str] = mapped_column(String(200), default="", info=audited(_l("E-mail")))

    audit_entity = _l("Trainee")


class Enrolment(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("session_id", "trainee_id"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), index=True, info=audited(_l("Trainee"))
    )
    attended: Mapped[bool] = mapped_column(Boolean, default=False, info=audited(_l("Attended")))
    score: Mapped[int | None] = mapped_column(Integer, info=audited(_l("Test score")))
    competent: Mapped[bool] = mapped_column(Boolean, default=False, info=audited(_l("Competence signed off")))

    session = relationship("TrainingSession", back_populates="enrolments")
    trainee = relationship("Trainee")

    audit_entity = _l("Enrolment")

    def completes(self, course: Course) -> bool:
        """Attended, and passed the test where the course has one, or signed off as competent."""
        if not self.attended:
            return False
        return course.pass_score is None or self.competent or (self.score or 0) >= course.pass_score
