"""Imports every domain's models so the mapper registry (and Alembic) sees them all."""

from crm_rollout.activity.models import AuditEntry
from crm_rollout.auth.models import ApiToken, LoginAttempt, User
from crm_rollout.phases.models import ChecklistItem, Comment, Deliverable, Phase
from crm_rollout.projects.models import Membership, Project

__all__ = [
    "ApiToken",
    "AuditEntry",
    "ChecklistItem",
    "Comment",
    "Deliverable",
    "LoginAttempt",
    "Membership",
    "Phase",
    "Project",
    "User",
]
