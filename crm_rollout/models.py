"""Imports every domain's models so the mapper registry (and Alembic) sees them all."""

from crm_rollout.auth.models import ApiToken, LoginAttempt, User
from crm_rollout.core.audit import AuditEntry
from crm_rollout.core.search import SearchEntry
from crm_rollout.core.sheet_imports import PendingImport
from crm_rollout.cutover.models import CutoverPlan, CutoverRun, RunbookStep, RunStep, StepDependency
from crm_rollout.documents.models import Document, DocumentVersion
from crm_rollout.gates.models import Gate, GateReview
from crm_rollout.golive.models import GoLiveSettings, GoNoGoPack, OwnedCriterion, Waiver
from crm_rollout.health.models import HealthSnapshot
from crm_rollout.hypercare.models import Incident
from crm_rollout.lessons.models import Lesson
from crm_rollout.migration.models import MigrationDependency, MigrationLoad, MigrationObject, MigrationSettings
from crm_rollout.milestones.models import Milestone
from crm_rollout.notifications.models import CalendarFeed, Digest, Notification, NotificationSetting, OutgoingMail
from crm_rollout.phases.models import ChecklistItem, Comment, Deliverable, Phase
from crm_rollout.processes.models import Process, ProcessFlow, ProcessModel, ProcessStep, PrototypeTest, RootCause
from crm_rollout.programmes.models import Programme, Wave
from crm_rollout.projects.models import Membership, Project
from crm_rollout.readiness.models import Assessment, Response
from crm_rollout.reports.models import Report, ReportVersion, Review
from crm_rollout.risks.models import Risk
from crm_rollout.scorecard.models import Kpi, Measurement
from crm_rollout.steering.models import Action, AgendaItem, Attendance, Decision, Meeting, MeetingNote, Vote
from crm_rollout.team.models import Person
from crm_rollout.training.models import Course, Enrolment, Trainee, TrainingSession

__all__ = [
    "Action",
    "AgendaItem",
    "ApiToken",
    "Assessment",
    "Attendance",
    "AuditEntry",
    "CalendarFeed",
    "ChecklistItem",
    "Comment",
    "Course",
    "CutoverPlan",
    "CutoverRun",
    "Decision",
    "Deliverable",
    "Digest",
    "Document",
    "DocumentVersion",
    "Enrolment",
    "Gate",
    "GateReview",
    "GoLiveSettings",
    "GoNoGoPack",
    "HealthSnapshot",
    "Incident",
    "Kpi",
    "Lesson",
    "LoginAttempt",
    "Measurement",
    "Meeting",
    "MeetingNote",
    "Membership",
    "MigrationDependency",
    "MigrationLoad",
    "MigrationObject",
    "MigrationSettings",
    "Milestone",
    "Notification",
    "NotificationSetting",
    "OutgoingMail",
    "OwnedCriterion",
    "PendingImport",
    "Person",
    "Phase",
    "Process",
    "ProcessFlow",
    "ProcessModel",
    "ProcessStep",
    "Programme",
    "Project",
    "PrototypeTest",
    "Report",
    "ReportVersion",
    "Response",
    "Review",
    "Risk",
    "RootCause",
    "RunStep",
    "RunbookStep",
    "SearchEntry",
    "StepDependency",
    "Trainee",
    "TrainingSession",
    "User",
    "Vote",
    "Waiver",
    "Wave",
]
