"""Projects and their members."""

import functools
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from crm_rollout.auth import service as accounts
from crm_rollout.auth.models import User
from crm_rollout.core import registry
from crm_rollout.core.editing import check_version
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import get_in_project
from crm_rollout.core.permissions import Role
from crm_rollout.core.reads import plain_rows
from crm_rollout.methodology import organisation_template, phases_template
from crm_rollout.projects.models import SCOPE_AREAS, Membership, Project

PROJECT_FIELDS = ("name", "company", "vision", "strategy", "scope_areas", "start_date", "target_golive_date")


def _validate(fields: dict) -> dict[str, str]:
    errors = {}
    for name in ("name", "company"):
        if name in fields and not (fields[name] or "").strip():
            errors[name] = _("This field is required.")
    if "name" in fields and len(fields["name"] or "") > 200:
        errors["name"] = _("Keep the name under 200 characters.")
    unknown = set(fields.get("scope_areas") or ()) - set(SCOPE_AREAS)
    if unknown:
        errors["scope_areas"] = _("Unknown scope area: %(areas)s.", areas=", ".join(sorted(unknown)))
    start, golive = fields.get("start_date"), fields.get("target_golive_date")
    if isinstance(start, date) and isinstance(golive, date) and golive < start:
        errors["target_golive_date"] = _("The go-live date comes before the start date.")
    return errors


def create_project(
    *, creator: User, template: dict | None = None, method_version_id: int | None = None, **fields
) -> Project:
    """A new project with its own copy of a method (a version of the library's, or the built-in nine phases);
    the creator becomes its director."""
    fields = {k: fields.get(k) for k in PROJECT_FIELDS}
    errors = _validate(fields)
    raise_if_errors(errors)
    template = template or phases_template()
    project = Project(
        name=fields["name"].strip(),
        company=fields["company"].strip(),
        vision=(fields["vision"] or "").strip(),
        strategy=(fields["strategy"] or "").strip(),
        scope_areas=list(fields["scope_areas"] or []),
        start_date=fields["start_date"],
        target_golive_date=fields["target_golive_date"],
        methodology_version=template["version"][:40],
        method_version_id=method_version_id,
        team_rules=dict(template.get("team_rules") or organisation_template()["health"]),
        readiness_weights=dict(template.get("readiness_weights") or {}),
        readiness_items=dict(template.get("questionnaire_items") or {}),
        readiness_thresholds=dict(template.get("readiness_thresholds") or {}),
    )
    db.session.add(project)
    db.session.flush()
    for set_up in registry.current().project_created.values():  # phases and checklists, proposed risks ...
        set_up(project, template)
    join(project.id, creator.id, Role.DIRECTOR)  # after the checklists: the director takes the director's items
    return project


def update_project(project: Project, *, expected_version: int | None, fields: dict) -> Project:
    fields = {k: v for k, v in fields.items() if k in PROJECT_FIELDS}
    errors = _validate(fields)
    raise_if_errors(errors)
    check_version(project, expected_version)
    for name, value in fields.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    return project


def projects_of(user_id: int) -> list[tuple[Project, str]]:
    """The user's projects with their role in each, newest first."""
    rows = db.session.execute(
        select(Project, Membership.role)
        .join(Membership, Membership.project_id == Project.id)
        .where(Membership.user_id == user_id)
        .order_by(Project.created_at.desc(), Project.id.desc())
    ).all()
    return [(project, role) for project, role in rows]


def members(project_id: int) -> list[Membership]:
    """The project's memberships with their accounts, by role and name."""
    return list(db.session.scalars(_members_statement(), {"project_id": project_id}))


def member_names(project_id: int) -> list[tuple[int, str]]:
    """(user id, name) of each member, by role and name: what a choice of owner shows. Every checklist page
    lists them, and whole memberships with their accounts cost it a twentieth of its time."""
    return [tuple(row) for row in plain_rows(_member_names_statement(), {"project_id": project_id})]


# Built once each (see docs/ARCHITECTURE.md, "Speed").
@functools.cache
def _members_statement():
    return _by_role_and_name(select(Membership).options(joinedload(Membership.user)))


@functools.cache
def _member_names_statement():
    return _by_role_and_name(select(User.id, User.display_name).select_from(Membership))


def _by_role_and_name(query):
    return (
        query.join(Membership.user)
        .where(Membership.project_id == bindparam("project_id"))
        .order_by(Membership.role, func.lower(User.display_name))
    )


def user_ids_with_roles(project_id: int, *roles: str) -> list[int]:
    return list(
        db.session.scalars(
            select(Membership.user_id).where(Membership.project_id == project_id, Membership.role.in_(roles))
        )
    )


def get_membership(project_id: int, membership_id: int) -> Membership:
    return get_in_project(Membership, project_id, membership_id, joinedload(Membership.user))


def _directors(project_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.project_id == project_id, Membership.role == Role.DIRECTOR)
    )


def add_member(project: Project, *, login: str, role: str) -> Membership:
    if role not in Role.codes():
        raise ValidationFailed({"role": _("Choose a role.")})
    user = accounts.find_by_login(login or "")
    if user is None or not user.active:
        raise ValidationFailed({"login": _("No active account has this username or e-mail.")})
    exists = db.session.scalar(
        select(Membership).where(Membership.project_id == project.id, Membership.user_id == user.id)
    )
    if exists is not None:
        raise ValidationFailed({"login": _("%(name)s is a member already.", name=user.display_name)})
    return join(project.id, user.id, role)


def join(project_id: int, user_id: int, role: str) -> Membership:
    """An account becomes a member, and takes over what waits for its role (the method's items ...)."""
    membership = Membership(project_id=project_id, user_id=user_id, role=role)
    db.session.add(membership)
    db.session.flush()
    for hand_over in registry.current().member_added.values():
        hand_over(project_id, user_id, role)
    return membership


def change_role(membership: Membership, *, role: str, expected_version: int | None) -> None:
    if role not in Role.codes():
        raise ValidationFailed({"role": _("Choose a role.")})
    check_version(membership, expected_version)
    if membership.role == Role.DIRECTOR and role != Role.DIRECTOR and _directors(membership.project_id) == 1:
        raise ValidationFailed({"role": _("A project needs at least one project director.")})
    membership.role = role
    db.session.flush()


def remove_member(membership: Membership) -> None:
    if membership.role == Role.DIRECTOR and _directors(membership.project_id) == 1:
        raise ValidationFailed({"role": _("A project needs at least one project director.")})
    for let_go in registry.current().member_removed.values():  # the items they owned ...
        let_go(membership.project_id, membership.user_id)
    db.session.delete(membership)
    db.session.flush()


def has_demo_project() -> bool:
    return db.session.scalar(select(Project.id).where(Project.is_demo.is_(True)).limit(1)) is not None
