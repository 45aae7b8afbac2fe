"""Who may do what in a project: the role table and the one decorator every project route uses.

Later domains extend PERMISSIONS_BY_ROLE rather than writing checks of their own.
"""

from functools import wraps

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm_rollout.core.extensions import db, login_manager
from crm_rollout.projects.labels import ROLE_LABELS, ROLES  # noqa: F401  (the role table's words)
from crm_rollout.projects.models import Membership
from crm_rollout.team.models import Person

VIEW = "project.view"
MANAGE_PROJECT = "project.manage"  # settings, phase dates and status
MANAGE_MEMBERS = "members.manage"
EDIT_CHECKLIST = "checklist.edit"  # any item or deliverable: add, rename, remove, assign
UPDATE_OWN_ITEMS = "checklist.update_own"  # status and evidence of the items one owns
COMMENT = "comment"
MANAGE_TEAM = "team.manage"  # people, tiers, allocations, health thresholds
MANAGE_STEERING = "steering.manage"  # meetings, agenda, minutes, decisions, actions
VOTE = "steering.vote"
EDIT_REPORTS = "reports.edit"  # draft, revise and submit milestone reports; set the review rule
EDIT_SCORECARD = "scorecard.edit"  # benefits KPIs and their measurements
EDIT_RISKS = "risks.edit"  # the register: add, score, accept or dismiss proposals, close
REVIEW = "steering.review"  # approve or return a submitted report or a phase gate
EDIT_BLUEPRINT = "blueprint.edit"  # processes, scores, models and steps, root causes, prototype tests

PERMISSIONS_BY_ROLE = {
    "director": {
        VIEW,
        MANAGE_PROJECT,
        MANAGE_MEMBERS,
        EDIT_CHECKLIST,
        UPDATE_OWN_ITEMS,
        COMMENT,
        MANAGE_TEAM,
        MANAGE_STEERING,
        VOTE,
        EDIT_REPORTS,
        EDIT_RISKS,
        EDIT_SCORECARD,
        EDIT_BLUEPRINT,
    },
    "steering": {VIEW, COMMENT, VOTE, REVIEW},
    "consultant": {VIEW, EDIT_CHECKLIST, UPDATE_OWN_ITEMS, COMMENT, EDIT_RISKS, EDIT_SCORECARD, EDIT_BLUEPRINT},
    "member": {VIEW, UPDATE_OWN_ITEMS, COMMENT},
    "viewer": {VIEW},
}

# The steering committee's chair (a team person linked to the account) runs meetings
# and records decisions like the director, whatever their project role.
CHAIR_PERMISSIONS = frozenset({MANAGE_STEERING})

# What an owner without EDIT_CHECKLIST may change on their own item.
OWN_ITEM_FIELDS = frozenset({"status", "notes"})
ALL_ITEM_FIELDS = frozenset({"status", "notes", "owner", "person", "due_date", "title", "mandatory"})


def role_allows(role: str | None, permission: str) -> bool:
    return role is not None and permission in PERMISSIONS_BY_ROLE.get(role, ())


def editable_item_fields(role: str | None, user_id: int, item) -> frozenset:
    """The fields of a checklist item this member may change (empty: none)."""
    if role_allows(role, EDIT_CHECKLIST):
        return ALL_ITEM_FIELDS
    if role_allows(role, UPDATE_OWN_ITEMS) and item.owner_id == user_id:
        return OWN_ITEM_FIELDS
    return frozenset()


def is_chair_user(project_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(Person.id).where(
                Person.project_id == project_id,
                Person.user_id == user_id,
                Person.position == "chair",
                Person.removed_at.is_(None),
            )
        )
        is not None
    )


def effective_permissions(project_id: int, user_id: int, role: str) -> frozenset:
    permissions = frozenset(PERMISSIONS_BY_ROLE.get(role, ()))
    if role == "steering" and is_chair_user(project_id, user_id):
        permissions |= CHAIR_PERMISSIONS
    return permissions


def membership_for(project_id: int, user_id: int) -> Membership | None:
    """The user's membership of the project, with the project loaded, in one query."""
    return db.session.scalar(
        select(Membership)
        .options(joinedload(Membership.project))
        .where(Membership.project_id == project_id, Membership.user_id == user_id)
    )


def project_access(permission: str, project_of=None):
    """Resolve the project of the request and check the current user's role in it.

    `project_of(view_kwargs)` returns the project id for routes that name another
    object (an item in the API); by default the route's `project_id` is used.
    Non-members get 404, so a project's existence is not revealed; members
    without the permission get 403. Sets g.project, g.membership and g.role.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            project_id = project_of(kwargs) if project_of else kwargs.get("project_id")
            membership = membership_for(project_id, current_user.id) if project_id else None
            if membership is None:
                abort(404)
            g.project, g.membership, g.role = membership.project, membership, membership.role
            g.permissions = effective_permissions(project_id, current_user.id, membership.role)
            if permission not in g.permissions:
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


def admin_required(view):
    """Site administration (accounts): site admins only; others get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    wrapped.required_permission = "site.admin"
    return wrapped
