"""The business blueprint: key processes, their as-is and to-be models (steps and flows), root causes and
prototype tests.

Every row carries its project_id so lookup.get_in_project keeps other projects' rows out of reach.
"""

from datetime import date, datetime
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin
from crm_rollout.core.extensions import db
from crm_rollout.core.search import Entry
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.processes.labels import AREA_LABELS, CauseCategory, ModelKind, StepKind, TestResult, Trigger
from crm_rollout.projects.models import SCOPE_AREAS, InProject

AREAS = (*SCOPE_AREAS, "back_office")  # a process may also sit in the back office
CRITERIA = ("importance", "performance_gap", "feasibility")  # the method's three selection criteria
ELEMENTS = ("activities", "rules", "people", "technology", "goals")


class Process(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "processes"

    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = coded_column(AREA_LABELS, 20)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text, default="")
    touchpoints: Mapped[str] = mapped_column(Text, default="")  # customer touchpoints, one per line or comma
    problem: Mapped[str] = mapped_column(Text, default="")  # the effect at the fishbone's head
    importance: Mapped[int | None] = mapped_column(Integer)
    importance_note: Mapped[str] = mapped_column(Text, default="")
    performance_gap: Mapped[int | None] = mapped_column(Integer)  # 5: performs very poorly today
    performance_gap_note: Mapped[str] = mapped_column(Text, default="")
    feasibility: Mapped[int | None] = mapped_column(Integer)
    feasibility_note: Mapped[str] = mapped_column(Text, default="")
    in_blueprint: Mapped[bool] = mapped_column(Boolean, default=False)

    owner = relationship("Person")

    audit_entity = _l("Process")
    audit_labels: ClassVar[dict] = {
        "name": _l("Name"),
        "area": _l("Area"),
        "owner_id": _l("Owner"),
        "description": _l("Description"),
        "touchpoints": _l("Customer touchpoints"),
        "problem": _l("Problem"),
        "importance": _l("Importance"),
        "importance_note": _l("Why (importance)"),
        "performance_gap": _l("Poor performance today"),
        "performance_gap_note": _l("Why (performance)"),
        "feasibility": _l("Feasibility of change"),
        "feasibility_note": _l("Why (feasibility)"),
        "in_blueprint": _l("In the blueprint"),
    }

    search_kind = "processes"

    def search_entry(self):
        text = (self.description, self.touchpoints, self.problem)
        return Entry(self.name, "\n".join(t for t in text if t))


class ProcessModel(InProject, TimestampMixin, VersionedMixin, db.Model):
    """One version of a process: the as-is (a single revision) or a revision of the to-be."""

    __tablename__ = "process_models"

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = coded_column(ModelKind, 8)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    change_note: Mapped[str] = mapped_column(Text, default="")  # what changed in this revision and why
    # The prototype test whose findings led to this revision; a plain id, as tests point at models too.
    prototype_test_id: Mapped[int | None] = mapped_column(Integer)
    # What the to-be changes in each of the five elements of a CRM system.
    change_activities: Mapped[str] = mapped_column(Text, default="")
    change_rules: Mapped[str] = mapped_column(Text, default="")
    change_people: Mapped[str] = mapped_column(Text, default="")
    change_technology: Mapped[str] = mapped_column(Text, default="")
    change_goals: Mapped[str] = mapped_column(Text, default="")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)  # a later revision exists
    # A model read from a BPMN file says every route itself: a step without flows ends there instead of
    # going on to the next step in order (the step editor's shorthand).
    explicit_routes: Mapped[bool] = mapped_column(Boolean, default=False)
    # What a BPMN file draws around the steps: pools with their lanes and shapes, message flows between
    # pools, text annotations and their associations (see processes/bpmn/reading.py for the shape).
    diagram: Mapped[dict] = mapped_column(JSON, default=dict)

    process = relationship("Process")
    approved_by = relationship("User")
    steps = relationship("ProcessStep", order_by="ProcessStep.position", viewonly=True)

    audit_entity = _l("Process model")
    audit_labels: ClassVar[dict] = {
        "kind": _l("Kind"),
        "revision": _l("Revision"),
        "change_note": _l("What changed and why"),
        "change_activities": _l("Change in activities"),
        "change_rules": _l("Change in rules"),
        "change_people": _l("Change in people"),
        "change_technology": _l("Change in information technology"),
        "change_goals": _l("Change in goals"),
        "approved_by_id": _l("Approved by"),
        "approved_at": _l("Approved"),
        "superseded": _l("Superseded"),
    }

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def editable(self) -> bool:
        """Approved and superseded revisions are history: a change makes a new revision."""
        return not self.superseded and not self.is_approved


# What a step says, as forms and the API edit it.
STEP_FIELDS = ("kind", "trigger", "actor", "department", "activity", "system", "duration_hours", "is_decision")
# What else a BPMN file gives a step; a revision copies these too.
DRAWN_FIELDS = ("pool", "bpmn_id", "trigger_detail", "interrupting", "expanded", "x", "y", "width", "height")


class ProcessStep(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "process_steps"

    model_id: Mapped[int] = mapped_column(ForeignKey("process_models.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(120))  # the role that does it: the swimlane
    department: Mapped[str] = mapped_column(String(120), default="")
    activity: Mapped[str] = mapped_column(String(300))
    system: Mapped[str] = mapped_column(String(120), default="")  # the system or tool used, if any
    duration_hours: Mapped[float] = mapped_column(Float, default=0.0)  # expected, in working hours
    is_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = coded_column(StepKind, 24, default=StepKind.USER_TASK)
    trigger: Mapped[str] = coded_column(Trigger, 16, default=Trigger.NONE)  # an event's definition
    # The event's timer, message, condition ...; what a call activity calls.
    trigger_detail: Mapped[str] = mapped_column(String(300), default="")
    interrupting: Mapped[bool] = mapped_column(Boolean, default=True)  # a boundary event cancels its task
    attached_to_id: Mapped[int | None] = mapped_column(ForeignKey("process_steps.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("process_steps.id", ondelete="CASCADE"))
    pool: Mapped[str] = mapped_column(String(120), default="")  # the participant, when the file has several
    bpmn_id: Mapped[str] = mapped_column(String(120), default="")  # the element's id in the file it came from
    expanded: Mapped[bool] = mapped_column(Boolean, default=False)  # a sub-process drawn open
    # The shape's place in the file's diagram; drawings use them when every step has one.
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    width: Mapped[float | None] = mapped_column(Float)
    height: Mapped[float | None] = mapped_column(Float)

    audit_entity = _l("Process step")
    audit_labels: ClassVar[dict] = {
        "position": _l("Position"),
        "actor": _l("Actor"),
        "department": _l("Department"),
        "activity": _l("What happens"),
        "system": _l("System"),
        "duration_hours": _l("Duration (hours)"),
        "is_decision": _l("Decision step"),
        "kind": _l("Kind of step"),
        "trigger": _l("Trigger"),
        "trigger_detail": _l("Trigger detail"),
        "interrupting": _l("Interrupts the task"),
        "attached_to_id": _l("Attached to step"),
        "parent_id": _l("Inside sub-process"),
        "pool": _l("Pool"),
    }

    search_kind = "steps"

    def search_entry(self):
        if not self.activity:
            return None  # an unnamed event or gateway: nothing a person would look for
        return Entry(self.activity, " · ".join(t for t in (self.actor, self.department, self.system) if t))


# What a flow says besides its ends; a revision copies these.
FLOW_FIELDS = ("label", "condition", "is_default", "bpmn_id", "waypoints")


class ProcessFlow(InProject, db.Model):
    """An explicit hand-on from one step: to another step, or to the end (target empty).

    A step without explicit flows goes on to the next step in order.
    """

    __tablename__ = "process_flows"

    model_id: Mapped[int] = mapped_column(ForeignKey("process_models.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("process_steps.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("process_steps.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(120), default="")
    condition: Mapped[str] = mapped_column(Text, default="")  # the expression a modeller wrote on the flow
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)  # taken when no other condition holds
    bpmn_id: Mapped[str] = mapped_column(String(120), default="")
    waypoints: Mapped[list | None] = mapped_column(JSON)  # the modeller's route, [[x, y], ...]

    audit_entity = _l("Process route")
    audit_labels: ClassVar[dict] = {
        "source_id": _l("From step"),
        "target_id": _l("To step"),
        "label": _l("Label"),
        "condition": _l("Condition"),
        "is_default": _l("Default route"),
    }


class RootCause(InProject, TimestampMixin, db.Model):
    """A cause on the as-is fishbone."""

    __tablename__ = "root_causes"

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = coded_column(CauseCategory, 20)
    text: Mapped[str] = mapped_column(String(300))

    audit_entity = _l("Root cause")
    audit_labels: ClassVar[dict] = {
        "category": _l("Category"),
        "text": _l("Root cause"),
    }


class PrototypeTest(InProject, TimestampMixin, VersionedMixin, db.Model):
    """A test scenario run on the configured system (phase 5) against one to-be revision."""

    __tablename__ = "prototype_tests"

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("process_models.id", ondelete="CASCADE"))
    scenario: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date)
    steps_covered: Mapped[str] = mapped_column(String(200), default="")  # step numbers, e.g. "1-4, 6"
    key_users: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = coded_column(TestResult, 20)
    findings: Mapped[str] = mapped_column(Text, default="")

    model = relationship("ProcessModel", foreign_keys=[model_id])

    audit_entity = _l("Prototype test")
    audit_labels: ClassVar[dict] = {
        "scenario": _l("Scenario"),
        "held_on": _l("Date"),
        "steps_covered": _l("Steps covered"),
        "key_users": _l("Key users present"),
        "result": _l("Result"),
        "findings": _l("Findings"),
        "model_id": _l("Revision tested"),
    }
