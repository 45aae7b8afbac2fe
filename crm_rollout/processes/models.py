"""The business blueprint: key processes, their as-is and to-be models (steps and flows), root causes and
prototype tests.

Every row carries its project_id so lookup.get_in_project keeps other projects' rows out of reach.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.search import Entry
from crm_rollout.core.vocabulary import coded_column
from crm_rollout.processes.labels import AREA_LABELS, CauseCategory, ModelKind, StepKind, TestResult, Trigger
from crm_rollout.projects.models import SCOPE_AREAS, InProject

AREAS = (*SCOPE_AREAS, "back_office")  # a process may also sit in the back office
CRITERIA = ("importance", "performance_gap", "feasibility")  # the method's three selection criteria
ELEMENTS = ("activities", "rules", "people", "technology", "goals")


class Process(InProject, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "processes"

    name: Mapped[str] = mapped_column(String(200), info=audited(_l("Name")))
    area: Mapped[str] = coded_column(AREA_LABELS, 20, label=_l("Area"))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, info=audited(_l("Owner"))
    )
    description: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Description")))
    touchpoints: Mapped[str] = mapped_column(
        Text, default="", info=audited(_l("Customer touchpoints"))
    )  # customer touchpoints, one per line or comma
    problem: Mapped[str] = mapped_column(
        Text, default="", info=audited(_l("Problem"))
    )  # the effect at the fishbone's head
    importance: Mapped[int | None] = mapped_column(Integer, info=audited(_l("Importance")))
    importance_note: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Why (importance)")))
    performance_gap: Mapped[int | None] = mapped_column(
        Integer, info=audited(_l("Poor performance today"))
    )  # 5: performs very poorly today
    performance_gap_note: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Why (performance)")))
    feasibility: Mapped[int | None] = mapped_column(Integer, info=audited(_l("Feasibility of change")))
    feasibility_note: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Why (feasibility)")))
    in_blueprint: Mapped[bool] = mapped_column(Boolean, default=False, info=audited(_l("In the blueprint")))

    owner = relationship("Person")

    audit_entity = _l("Process")

    search_kind = "processes"

    def search_entry(self):
        text = (self.description, self.touchpoints, self.problem)
        return Entry(self.name, "\n".join(t for t in text if t))


class ProcessModel(InProject, TimestampMixin, VersionedMixin, db.Model):
    """One version of a process: the as-is (a single revision) or a revision of the to-be."""

    __tablename__ = "process_models"

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = coded_column(ModelKind, 8, label=_l("Kind"))
    revision: Mapped[int] = mapped_column(Integer, default=1, info=audited(_l("Revision")))
    change_note: Mapped[str] = mapped_column(
        Text, default="", info=audited(_l("What changed and why"))
    )  # what changed in this revision and why
    # The prototype test whose findings led to this revision; a plain id, as tests point at models too.
    prototype_test_id: Mapped[int | None] = mapped_column(Integer)
    # What the to-be changes in each of the five elements of a CRM system.
    change_activities: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Change in activities")))
    change_rules: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Change in rules")))
    change_people: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Change in people")))
    change_technology: Mapped[str] = mapped_column(
        Text, default="", info=audited(_l("Change in information technology"))
    )
    change_goals: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Change in goals")))
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), info=audited(_l("Approved by"))
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=audited(_l("Approved")))
    superseded: Mapped[bool] = mapped_column(
        Boolean, default=False, info=audited(_l("Superseded"))
    )  # a later revision exists
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
    position: Mapped[int] = mapped_column(Integer, info=audited(_l("Position")))
    actor: Mapped[str] = mapped_column(String(120), info=audited(_l("Actor")))  # the role that does it: the swimlane
    department: Mapped[str] = mapped_column(String(120), default="", info=audited(_l("Department")))
    activity: Mapped[str] = mapped_column(String(300), info=audited(_l("What happens")))
    system: Mapped[str] = mapped_column(
        String(120), default="", info=audited(_l("System"))
    )  # the system or tool used, if any
    duration_hours: Mapped[float] = mapped_column(
        Float, default=0.0, info=audited(_l("Duration (hours)"))
    )  # expected, in working hours
    is_decision: Mapped[bool] = mapped_column(Boolean, default=False, info=audited(_l("Decision step")))
    kind: Mapped[str] = coded_column(StepKind, 24, default=StepKind.USER_TASK, label=_l("Kind of step"))
    trigger: Mapped[str] = coded_column(Trigger, 16, default=Trigger.NONE, label=_l("Trigger"))  # an event's definition
    # The event's timer, message, condition ...; what a call activity calls.
    trigger_detail: Mapped[str] = mapped_column(String(300), default="", info=audited(_l("Trigger detail")))
    interrupting: Mapped[bool] = mapped_column(
        Boolean, default=True, info=audited(_l("Interrupts the task"))
    )  # a boundary event cancels its task
    attached_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("process_steps.id", ondelete="CASCADE"), info=audited(_l("Attached to step"))
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("process_steps.id", ondelete="CASCADE"), info=audited(_l("Inside sub-process"))
    )
    pool: Mapped[str] = mapped_column(
        String(120), default="", info=audited(_l("Pool"))
    )  # the participant, when the file has several
    bpmn_id: Mapped[str] = mapped_column(String(120), default="")  # the element's id in the file it came from
    expanded: Mapped[bool] = mapped_column(Boolean, default=False)  # a sub-process drawn open
    # The shape's place in the file's diagram; drawings use them when every step has one.
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    width: Mapped[float | None] = mapped_column(Float)
    height: Mapped[float | None] = mapped_column(Float)

    audit_entity = _l("Process step")

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
    source_id: Mapped[int] = mapped_column(
        ForeignKey("process_steps.id", ondelete="CASCADE"), index=True, info=audited(_l("From step"))
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("process_steps.id", ondelete="CASCADE"), info=audited(_l("To step"))
    )
    label: Mapped[str] = mapped_column(String(120), default="", info=audited(_l("Label")))
    condition: Mapped[str] = mapped_column(
        Text, default="", info=audited(_l("Condition"))
    )  # the expression a modeller wrote on the flow
    is_default: Mapped[bool] = mapped_column(
        Boolean, default=False, info=audited(_l("Default route"))
    )  # taken when no other condition holds
    bpmn_id: Mapped[str] = mapped_column(String(120), default="")
    waypoints: Mapped[list | None] = mapped_column(JSON)  # the modeller's route, [[x, y], ...]

    audit_entity = _l("Process route")


class RootCause(InProject, TimestampMixin, db.Model):
    """A cause on the as-is fishbone."""

    __tablename__ = "root_causes"

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = coded_column(CauseCategory, 20, label=_l("Category"))
    text: Mapped[str] = mapped_column(String(300), info=audited(_l("Root cause")))

    audit_entity = _l("Root cause")


class PrototypeTest(InProject, TimestampMixin, VersionedMixin, db.Model):
    """A test scenario run on the configured system (phase 5) against one to-be revision."""

    __tablename__ = "prototype_tests"

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("process_models.id", ondelete="CASCADE"), info=audited(_l("Revision tested"))
    )
    scenario: Mapped[str] = mapped_column(String(300), info=audited(_l("Scenario")))
    held_on: Mapped[date] = mapped_column(Date, info=audited(_l("Date")))
    steps_covered: Mapped[str] = mapped_column(
        String(200), default="", info=audited(_l("Steps covered"))
    )  # step numbers, e.g. "1-4, 6"
    key_users: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Key users present")))
    result: Mapped[str] = coded_column(TestResult, 20, label=_l("Result"))
    findings: Mapped[str] = mapped_column(Text, default="", info=audited(_l("Findings")))

    model = relationship("ProcessModel", foreign_keys=[model_id])

    audit_entity = _l("Prototype test")
