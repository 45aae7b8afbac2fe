"""A CRM rollout project and the people who belong to it."""

import uuid
from datetime import date

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import Role
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.projects.labels import ReviewRule

# CRM application areas a project can cover (DOMAIN.md, "Scope vocabulary").
SCOPE_AREAS = ("marketing", "sales", "service", "field_service", "call_centre", "ecommerce")


class InProject:
    """A row of one project, removed with it: the project_id every access check and listing filters on."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)


class Project(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stays with the project through export and import, so a second import of the same file is noticed.
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: uuid.uuid4().hex)
    name: Mapped[str] = mapped_column(String(200), info=audited(_l("Name")))
    company: Mapped[str] = mapped_column(String(200), info=audited(_l("Company")))
    vision: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Vision")))
    strategy: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Strategy")))
    scope_areas: Mapped[list] = mapped_column(JSON, default=list, info=audited(_l("Scope")))
    start_date: Mapped[date | None] = mapped_column(Date, info=audited(_l("Start date")))
    target_golive_date: Mapped[date | None] = mapped_column(Date, info=audited(_l("Target go-live")))
    methodology_version: Mapped[str] = mapped_column(String(40))
    # The version of the library's method the project was created from (its phases are the project's own copy).
    method_version_id: Mapped[int | None] = mapped_column(ForeignKey("method_versions.id", ondelete="SET NULL"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # The team health thresholds this project uses, copied from the methodology.
    team_rules: Mapped[dict] = mapped_column(JSON, default=dict, info=audited(_l("Health-check thresholds")))
    # Who closes the review of a milestone report or gate: the chair alone, a majority, or all members.
    review_rule: Mapped[str] = coded_column(ReviewRule, 10, default=ReviewRule.MAJORITY, label=_l("Review rule"))
    # A review or approval waiting longer than this goes into the reviewers' daily digest.
    review_reminder_days: Mapped[int] = mapped_column(
        Integer, default=3, server_default="3", info=audited(_l("Days before a waiting review is recalled"))
    )
    # Questionnaire key -> the overall score a phase gate expects, e.g. {"golive_readiness": 4.0}.
    readiness_thresholds: Mapped[dict] = mapped_column(JSON, default=dict, info=audited(_l("Readiness thresholds")))
    # Questionnaire key -> {dimension key: weight}, from the project's method; empty means the questionnaires'.
    readiness_weights: Mapped[dict] = mapped_column(
        JSON, default=dict, server_default="{}", info=audited(_l("Readiness weights"))
    )
    # Questionnaire key -> its items as the project's method words them; empty means the questionnaires'.
    readiness_items: Mapped[dict] = mapped_column(
        JSON, default=dict, server_default="{}", info=audited(_l("Readiness questionnaire items"))
    )
    # Weights (percent) of the three process-selection criteria; empty means the method's defaults.
    blueprint_weights: Mapped[dict] = mapped_column(
        JSON, default=dict, server_default="{}", info=audited(_l("Process selection weights"))
    )
    # Counts the committed transactions that changed anything in the project (revisions.py); pages cache on it.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    phases = relationship("Phase", back_populates="project", order_by="Phase.number")
    method_version = relationship("MethodVersion")
    memberships = relationship("Membership", back_populates="project")

    audit_entity = _l("Project")

    @property
    def audit_project_id(self):
        return self.id


class Membership(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, info=audited(_l("Member"))
    )
    role: Mapped[str] = coded_column(Role, 20, label=_l("Role"))

    project = relationship("Project", back_populates="memberships")
    user = relationship("User")

    audit_entity = _l("Membership")
