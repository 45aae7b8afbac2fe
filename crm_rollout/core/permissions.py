"""Who may do what in a project: the role table and the one decorator every project route uses.

The core knows roles and permissions as names only. Who is a member of a project, and in which role, the
projects domain tells it (`registry.membership_of`); other domains may add permissions to a member
(`registry.permission_extenders`: the steering committee's chair runs meetings like the director).
"""

from functools import wraps
from types import SimpleNamespace

from flask import abort, g, request
from flask_login import current_user

from crm_rollout.core import registry
from crm_rollout.core.extensions import login_manager
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary

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
ATTACH = "documents.attach"  # upload evidence files and their new versions, remove them
EDIT_GOLIVE = "golive.edit"  # training plan, data migration, cut-over runbook and rehearsals, go/no-go, incidents
RUN_CUTOVER = "cutover.run"  # tick one's own runbook steps during a cut-over or a rehearsal

# Every permission by its name, for templates: `can(perm.EDIT_CHECKLIST)`.
perm = SimpleNamespace(
    **{name: value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)}
)
ALL_PERMISSIONS = frozenset(vars(perm).values())


class Role(Vocabulary):
    """A member's role in one project: what they may do there."""

    DIRECTOR = "director", _l("Project director")
    STEERING = "steering", _l("Steering committee member")
    CONSULTANT = "consultant", _l("Consultant")
    MEMBER = "member", _l("Team member")
    VIEWER = "viewer", _l("Viewer")


PERMISSIONS_BY_ROLE = {
    Role.DIRECTOR: {
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
        ATTACH,
        EDIT_GOLIVE,
        RUN_CUTOVER,
    },
    Role.STEERING: {VIEW, COMMENT, VOTE, REVIEW},
    Role.CONSULTANT: {
        VIEW,
        EDIT_CHECKLIST,
        UPDATE_OWN_ITEMS,
        COMMENT,
        EDIT_RISKS,
        EDIT_SCORECARD,
        EDIT_BLUEPRINT,
        ATTACH,
        EDIT_GOLIVE,
        RUN_CUTOVER,
    },
    Role.MEMBER: {VIEW, UPDATE_OWN_ITEMS, COMMENT, ATTACH, RUN_CUTOVER},
    Role.VIEWER: {VIEW},
}


def can(permission: str) -> bool:
    """Whether the current member has the permission on this page's project; an unknown name is a bug."""
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"Unknown permission {permission!r}")
    return permission in g.get("permissions", ())


def role_allows(role: str | None, permission: str) -> bool:
    return role is not None and permission in PERMISSIONS_BY_ROLE.get(role, ())


def effective_permissions(project_id: int, user_id: int, role: str) -> frozenset:
    permissions = frozenset(PERMISSIONS_BY_ROLE.get(role, ()))
    for extend in registry.current().permission_extenders.values():
        permissions |= extend(project_id, user_id, role)
    return permissions


def project_access(permission: str, project_of=None, *, post: str | None = None):
    """Resolve the project of the request and check the current user's role in it.

    `post` is the permission a POST needs on a route that both shows a record (`permission`) and saves it.

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
            membership = registry.current().membership_of(project_id, current_user.id) if project_id else None
            if membership is None:
                abort(404)
            g.project, g.membership, g.role = membership.project, membership, membership.role
            g.permissions = effective_permissions(project_id, current_user.id, membership.role)
            needed = post if post is not None and request.method == "POST" else permission
            if needed not in g.permissions:
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
