"""Programmes and their waves. Services flush; views commit.

A reader sees a programme through the waves they are a member of, and only those: the other waves'
names and numbers stay with their own members.
"""

import functools
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from crm_rollout.core import registry
from crm_rollout.core.checks import optional_text, required_text
from crm_rollout.core.editing import check_version, stripped
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import MANAGE_PROJECT, Role, role_allows
from crm_rollout.methods import service as methods
from crm_rollout.programmes.models import Programme, Wave
from crm_rollout.projects import service as projects
from crm_rollout.projects.models import Membership, Project

FIELDS = ("name", "company", "vision")
# A project's settings the next wave takes over: how it reviews, the team rules, the questionnaires'
# thresholds and the blueprint's selection weights.
SETTINGS = ("team_rules", "review_rule", "review_reminder_days", "readiness_thresholds", "blueprint_weights")
MAX_VISION = 5000


def _validate(values: dict) -> dict[str, str]:
    errors = {}
    for name in ("name", "company"):
        required_text(values, name, _("This field is required."), errors, 200)
    optional_text(values, "vision", MAX_VISION, errors)
    optional_text(values, "scope", 200, errors)
    return errors


def wave_of(project_id: int) -> Wave | None:
    return db.session.scalar(_wave_statement(), {"project_id": project_id})


@functools.cache
def _wave_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    return select(Wave).options(joinedload(Wave.programme)).where(Wave.project_id == bindparam("project_id"))


def visible(user_id: int, programme_id: int | None = None) -> list[tuple[Wave, str]]:
    """The waves the user is a member of, with their role in each (of one programme, or of all)."""
    query = (
        select(Wave, Membership.role)
        .join(Membership, (Membership.project_id == Wave.project_id) & (Membership.user_id == user_id))
        .options(joinedload(Wave.programme), joinedload(Wave.project))
        .order_by(Wave.programme_id, Wave.number)
    )
    if programme_id is not None:
        query = query.where(Wave.programme_id == programme_id)
    return [(wave, role) for wave, role in db.session.execute(query).all()]


@dataclass
class Seen:
    """A programme as one reader sees it: their waves of it, and whether they direct one of them."""

    programme: Programme
    waves: list[Wave]
    roles: dict[int, str]  # project id -> the reader's role in that wave

    @property
    def manages(self) -> bool:
        return any(role_allows(role, MANAGE_PROJECT) for role in self.roles.values())


def visible_by_programme(user_id: int) -> dict[Programme, list[tuple[Wave, str]]]:
    """The user's programmes, each with the waves they are a member of and their role in each."""
    grouped: dict[Programme, list[tuple[Wave, str]]] = {}
    for wave, role in visible(user_id):
        grouped.setdefault(wave.programme, []).append((wave, role))
    return grouped


def programme_for(user_id: int, programme_id: int, *, manage: bool = False) -> Seen:
    """404 for a programme the user has no wave in; 403 when they must direct one of its waves (manage)
    and do not."""
    rows = visible(user_id, programme_id)
    if not rows:
        abort(404)
    seen = Seen(rows[0][0].programme, [wave for wave, _role in rows], {wave.project_id: role for wave, role in rows})
    if manage and not seen.manages:
        abort(403)
    return seen


def create_programme(project: Project, *, scope: str = "", **values) -> Programme:
    """A programme whose first wave is this project."""
    values = stripped({name: values.get(name) for name in FIELDS}) | {"scope": (scope or "").strip()}
    errors = _validate(values)
    if wave_of(project.id) is not None:
        errors["name"] = _("This project is a wave of a programme already.")
    raise_if_errors(errors)
    programme = Programme(**{name: values[name] or "" for name in FIELDS})
    db.session.add(programme)
    db.session.flush()
    db.session.add(Wave(programme_id=programme.id, project_id=project.id, number=1, scope=values["scope"]))
    db.session.flush()
    return programme


def update_programme(programme: Programme, *, expected_version: int | None, changes: dict) -> Programme:
    values = {name: getattr(programme, name) for name in FIELDS} | stripped(
        {k: v for k, v in changes.items() if k in FIELDS}
    )
    errors = _validate(values)
    raise_if_errors(errors)
    check_version(programme, expected_version)
    for name in FIELDS:
        setattr(programme, name, values[name] or "")
    db.session.flush()
    # The waves' pages name their programme: their cached copies go with this change.
    ids = db.session.scalars(select(Wave.project_id).where(Wave.programme_id == programme.id))
    db.session.info.setdefault("changed_projects", set()).update(ids)
    return programme


def start_wave(
    source: Project, *, creator, name: str, scope: str, start_date: date | None, target_golive_date: date | None
) -> tuple[Project, dict[str, int]]:
    """The programme's next wave, started from an earlier one: a new project with the programme's vision and
    the earlier wave's definitions (its settings, steering committee, and what each domain carries: to-be
    processes, KPIs, lessons), none of its progress. Returns the project and what was carried, by domain."""
    earlier = wave_of(source.id)
    if earlier is None:
        raise ValidationFailed({"name": _("Only a wave of a programme can start the next wave.")})
    errors = _validate({"name": name, "company": source.company, "scope": scope})
    raise_if_errors(errors)
    programme = earlier.programme
    method = source.method_version  # the method version carries over; the wave gets its own copy of it
    project = projects.create_project(
        creator=creator,
        template=methods.template_of(method) if method else None,
        method_version_id=method.id if method else None,
        name=name,
        company=programme.company,
        vision=programme.vision,
        strategy=source.strategy,
        scope_areas=list(source.scope_areas or []),
        start_date=start_date,
        target_golive_date=target_golive_date,
    )
    for setting in SETTINGS:
        setattr(project, setting, getattr(source, setting))
    _share_committee(source, project, creator)
    number = db.session.scalar(select(func.max(Wave.number)).where(Wave.programme_id == programme.id)) + 1
    db.session.add(
        Wave(
            programme_id=programme.id,
            project_id=project.id,
            number=number,
            scope=scope.strip(),
            started_from_id=source.id,
        )
    )
    db.session.flush()
    carried = {name: carry(source, project) for name, carry in registry.current().wave_carried.items()}
    return project, carried


def _share_committee(source: Project, project: Project, creator) -> None:
    """The steering committee's accounts review the new wave too: one committee for the programme."""
    for membership in projects.members(source.id):
        if membership.role == Role.STEERING and membership.user_id != creator.id:
            projects.join(project.id, membership.user_id, Role.STEERING)
