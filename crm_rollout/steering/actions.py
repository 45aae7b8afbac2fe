"""The actions the committee gives out: creating, updating, and who has which open or overdue."""

import functools
from datetime import date

from sqlalchemy import Date, bindparam, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.checks import required_text
from crm_rollout.core.db import today
from crm_rollout.core.editing import create_row, stripped, update_fields
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to, listed_in, rows_of
from crm_rollout.core.permissions import MANAGE_STEERING
from crm_rollout.steering import service
from crm_rollout.steering.labels import ActionStatus
from crm_rollout.steering.models import (
    Action,
    Meeting,
)
from crm_rollout.team import service as team
from crm_rollout.team.models import Person


def _validate_action(project_id: int, values: dict) -> dict:
    errors = {}
    required_text(values, "title", _("Say what needs doing."), errors, service.TITLE_LIMIT)
    owner = values.get("owner_id")
    if owner is not None and team.PEOPLE.project_of(owner) != project_id:
        errors["owner_id"] = _("Choose a person of this project's team.")
    if values.get("due_date") is not None and not isinstance(values["due_date"], date):
        errors["due_date"] = _("Enter a date as YYYY-MM-DD.")
    if values.get("status", ActionStatus.OPEN) not in ActionStatus.codes():
        errors["status"] = _("Choose open, done or cancelled.")
    if not belongs_to(Meeting, project_id, values.get("meeting_id")):
        errors["meeting_id"] = _("Choose one of this project's.")
    return errors


def create_action(project_id: int, *, title: str, owner_id=None, due_date=None, meeting_id=None) -> Action:
    values = stripped({"title": title, "owner_id": owner_id, "due_date": due_date, "meeting_id": meeting_id})
    action = create_row(Action, project_id, values, validate=_validate_action)
    _tell_new_owner(action, None)
    return action


def _tell_new_owner(action: Action, previous_owner_id: int | None) -> None:
    link = ("steering.actions", {"project_id": action.project_id})
    team.tell_new_owner(action, previous_owner_id, "action_assigned", title=action.title, link=link)


ACTION_FIELDS = ("title", "owner_id", "due_date", "status")  # where an action came from (its meeting) stays
OWNER_FIELDS = frozenset({"status"})


def editable_action_fields(permissions, user_id: int, action: Action) -> frozenset:
    """Whoever runs the committee changes anything of an action; its owner may change its status."""
    if MANAGE_STEERING in permissions:
        return frozenset(ACTION_FIELDS)
    if action.owner is not None and action.owner.user_id == user_id:
        return OWNER_FIELDS
    return frozenset()


def update_action(action: Action, *, expected_version, changes: dict) -> Action:
    previous_owner_id = action.owner_id
    update_fields(action, ACTION_FIELDS, expected_version=expected_version, changes=changes, validate=_validate_action)
    _tell_new_owner(action, previous_owner_id)
    return action


def actions(project_id: int, meeting_id: int | None = None) -> list[Action]:
    """The project's actions (or one meeting's), open first, the soonest due first."""
    values = {"project_id": project_id, "meeting_id": meeting_id}
    return list(db.session.scalars(_actions_statement(meeting_id is not None), values))


@functools.cache
def _actions_statement(of_meeting: bool):
    # Built once (see docs/ARCHITECTURE.md, "Speed"): a meeting's page runs it.
    query = (
        select(Action)
        .options(joinedload(Action.owner), joinedload(Action.meeting))
        .where(Action.project_id == bindparam("project_id"))
        .order_by(Action.status, Action.due_date.is_(None), Action.due_date, Action.id)
    )
    return query.where(Action.meeting_id == bindparam("meeting_id")) if of_meeting else query


def overdue_actions(project_id: int) -> list[Action]:
    return list(db.session.scalars(_overdue_statement(), {"project_id": project_id, "today": today()}))


@functools.cache
def _overdue_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    return (
        select(Action)
        .options(joinedload(Action.owner))
        .where(
            Action.project_id == bindparam("project_id"),
            Action.status == ActionStatus.OPEN,
            Action.due_date < bindparam("today", type_=Date),
        )
        .order_by(Action.due_date)
    )


def open_actions_of_user(user_id: int, project_ids: list[int]) -> list[Action]:
    """Open actions owned by the team records linked to this account, in the given projects."""
    person_ids = team.person_ids_of_user(user_id)
    if not person_ids or not project_ids:
        return []
    mine = (Action.owner_id.in_(person_ids), Action.status == ActionStatus.OPEN)
    load, order_by = (
        (joinedload(Action.owner), joinedload(Action.meeting)),
        (Action.due_date.is_(None), Action.due_date),
    )
    return listed_in(Action, project_ids, *mine, load=load, order_by=order_by)


def actions_of_person(person_id: int) -> list[Action]:
    return list(
        db.session.scalars(
            select(Action)
            .options(joinedload(Action.meeting))
            .where(Action.owner_id == person_id)
            .order_by(Action.status, Action.due_date.is_(None), Action.due_date)
        )
    )


def open_action_rows_of_user(user_id: int):
    """Open actions of every team record linked to the account (a kind of their "my work", counted in the top
    bar)."""
    people_of_user = select(Person.id).where(Person.user_id == user_id, Person.removed_at.is_(None))
    return rows_of(Action, Action.owner_id.in_(people_of_user), Action.status == ActionStatus.OPEN)


ACTIONS = ProjectRows(
    Action, rows=actions, create=create_action, update=update_action, options=(joinedload(Action.owner),)
)
