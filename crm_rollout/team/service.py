"""The project organisation: people on the tiers, the method's health checks, and capacity over time."""

import functools
from collections import namedtuple
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.audit import current_actor
from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import check_version, update_fields
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import is_chinese
from crm_rollout.core.lookup import ProjectRows
from crm_rollout.core.reads import plain_rows
from crm_rollout.methodology import checked_health_rules, organisation_template
from crm_rollout.notifications.kinds import Kind
from crm_rollout.notifications.service import notify
from crm_rollout.projects.members import membership_for
from crm_rollout.team.models import TIERS, Person

PERSON_FIELDS = tuple(f for f in Person.audit_labels if f != "removed_at")  # what forms and the API edit
CORE_POSITIONS = ("director", "assistant", "team_member", "project_manager")


def positions_by_tier() -> dict[str, list[dict]]:
    result = {tier: [] for tier in TIERS}
    for position in organisation_template()["positions"]:
        result[position["tier"]].append(position)
    return result


def rules(project) -> dict:
    """The health thresholds this project uses: its own copy over the methodology's defaults."""
    return {**organisation_template()["health"], **(project.team_rules or {})}


# --- Reading -----------------------------------------------------------------


def people(project_id: int) -> list[Person]:
    """Current people of the project, with their accounts, in tier order: one query."""
    query = select(Person).where(Person.project_id == project_id, Person.removed_at.is_(None)).order_by(Person.name)
    return _in_tier_order(db.session.scalars(query.options(joinedload(Person.user))).all())


# What the method's team rules (team.health) and the health index read of each person.
RulePerson = namedtuple(
    "RulePerson",
    ("id", "name", "tier", "position", "is_consultancy", "allocation_percent", "functional_group", "leads_group",
     "on_steering"),
)  # fmt: skip


def people_for_rules(project_id: int) -> list[RulePerson]:
    """The current people as light tuples: the health index reads a team of 150 on every overview. Whole people
    cost four times as much to load, and the rules read each person's fields a dozen times over (a tuple's
    field reads ten times quicker than a result row's)."""
    rows = plain_rows(_rule_columns_statement(), {"project_id": project_id})
    return list(map(RulePerson._make, rows))


@functools.cache
def _rule_columns_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed").
    columns = [getattr(Person, name) for name in RulePerson._fields]
    return select(*columns).where(Person.project_id == bindparam("project_id"), Person.removed_at.is_(None))


def people_of_projects(project_ids: list[int]) -> list[Person]:
    """The current people of several projects (a programme's waves), in one query."""
    return list(
        db.session.scalars(
            select(Person)
            .where(Person.project_id.in_(project_ids), Person.removed_at.is_(None))
            .order_by(Person.name, Person.project_id)
        )
    )


def _in_tier_order(people) -> list:
    """People (rows or seats) in the method's order; two of the same name in the same place, by id."""
    in_order = _tier_order()
    return sorted(people, key=lambda p: (in_order(p.tier, p.position, p.name), p.id))


def _tier_order():
    """The sort key of the method's order: tier, then position in it, then name."""
    order = {tier: n for n, tier in enumerate(TIERS)}
    position_order = {p["key"]: n for n, p in enumerate(organisation_template()["positions"])}
    return lambda tier, position, name: (order.get(tier, 9), position_order.get(position, 99), name)


# A person as a form's choice or a meeting's attendance list shows them.
Seat = namedtuple("Seat", ("id", "name", "tier", "position", "on_steering"))


def roster(project_id: int) -> list[Seat]:
    """The project's current people in tier order, as light tuples (one query built once): forms on many
    pages choose one of a team of 150, and a meeting's page both lists its committee and chooses a person."""
    return _in_tier_order(map(Seat._make, plain_rows(_roster_statement(), {"project_id": project_id})))


@functools.cache
def _roster_statement():
    live = (Person.project_id == bindparam("project_id"), Person.removed_at.is_(None))
    return select(*(getattr(Person, name) for name in Seat._fields)).where(*live)


def choices_of(seats: list[Seat]) -> list[tuple[int, str]]:
    """People as a form's choices: their names."""
    return [(seat.id, seat.name) for seat in seats]


def committee_of(seats: list[Seat]) -> list[Seat]:
    """The steering committee among them: the steering tier and who sits on it."""
    return [seat for seat in seats if seat.on_steering]


def person_choices(project_id: int) -> list[tuple[int, str]]:
    """The project's people as a form's choices, in tier order."""
    return choices_of(roster(project_id))


def committee_seats(project_id: int) -> list[Seat]:
    """The committee as a meeting's minutes and pack list it, in tier order."""
    return committee_of(roster(project_id))


def committee(project_id: int) -> list[Person]:
    """The steering committee: people of the steering tier or who sit on it, with their accounts."""
    return _in_tier_order(db.session.scalars(_committee_statement(), {"project_id": project_id}).all())


@functools.cache
def _committee_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): a meeting's page runs it.
    live = (Person.project_id == bindparam("project_id"), Person.removed_at.is_(None))
    return select(Person).options(joinedload(Person.user)).where(*live, Person.on_steering)


def people_of_user(project_id: int, user_id: int) -> list[Person]:
    return list(
        db.session.scalars(
            select(Person).where(
                Person.project_id == project_id, Person.user_id == user_id, Person.removed_at.is_(None)
            )
        )
    )


def users_of_people(person_ids) -> list[int]:
    """The accounts linked to these team records (people without an account are told nothing)."""
    ids = [person_id for person_id in person_ids if person_id]
    if not ids:
        return []
    return list(db.session.scalars(select(Person.user_id).where(Person.id.in_(ids), Person.user_id.is_not(None))))


def tell_new_owner(row, previous_owner_id: int | None, sentence: str, *, title, link: tuple[str, dict]) -> None:
    """Tell the account of a row's new owner (a team person) that the row is theirs now."""
    if row.owner_id is not None and row.owner_id != previous_owner_id:
        notify(
            Kind.ASSIGNED,
            sentence,
            project_id=row.project_id,
            user_ids=users_of_people([row.owner_id]),
            subject=row,
            title=title,
            link=link,
        )


def person_ids_of_user(user_id: int) -> list[int]:
    """The team records linked to this account, across projects (for "my work")."""
    return list(db.session.scalars(select(Person.id).where(Person.user_id == user_id, Person.removed_at.is_(None))))


# --- Changing ----------------------------------------------------------------


def _validate(project_id: int, values: dict) -> dict[str, str]:
    errors = {}
    if not (values.get("name") or "").strip():
        errors["name"] = _("Enter the person's name.")
    tier, position = values.get("tier"), values.get("position")
    if tier not in TIERS:
        errors["tier"] = _("Choose a tier.")
    elif position not in {p["key"] for p in positions_by_tier()[tier]}:
        errors["position"] = _("Choose a position that belongs to the tier.")
    allocation = values.get("allocation_percent")
    if not isinstance(allocation, int) or isinstance(allocation, bool) or not 0 <= allocation <= 100:
        errors["allocation_percent"] = _("Enter a whole percentage from 0 to 100.")
    start, end = values.get("allocation_start"), values.get("allocation_end")
    for name in ("allocation_start", "allocation_end"):
        if values.get(name) is not None and not isinstance(values[name], date):
            errors[name] = _("Enter a date as YYYY-MM-DD.")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors["allocation_end"] = _("The end comes before the start.")
    user_id = values.get("user_id")
    if user_id is not None and (not isinstance(user_id, int) or membership_for(project_id, user_id) is None):
        errors["user_id"] = _("The account must belong to a member of this project.")
    return errors


def _clean(values: dict) -> dict:
    cleaned = dict(values)
    for name in ("name", "organisation", "department", "role_title", "functional_group", "contact"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


def _refuse_self_link(old_user_id, new_user_id) -> None:
    """Linking a team record to an account lets that account act as the person (approve a to-be as its
    owner, sign as a committee member): nobody may link their own account; another director or an
    administrator does it, and the audit trail records who."""
    actor = current_actor(db.session)
    if new_user_id is not None and new_user_id != old_user_id and new_user_id == actor:
        raise ValidationFailed(
            {"user_id": _("You cannot link your own account; ask another director or a site administrator.")}
        )


def add_person(project_id: int, **values) -> Person:
    values = _clean(
        {name: values.get(name) for name in PERSON_FIELDS}
        | {"allocation_percent": values.get("allocation_percent", 100)}
    )
    errors = _validate(project_id, values)
    raise_if_errors(errors)
    _refuse_self_link(None, values.get("user_id"))
    defaults = {"is_consultancy": False, "leads_group": False, "sits_on_steering": False}
    person = Person(project_id=project_id, **{**defaults, **{k: v for k, v in values.items() if v is not None}})
    person.user_id = values.get("user_id")
    db.session.add(person)
    db.session.flush()
    return person


def update_person(person: Person, *, expected_version: int | None, changes: dict) -> Person:
    if "user_id" in changes:
        _refuse_self_link(person.user_id, changes["user_id"])
    return update_fields(
        person,
        PERSON_FIELDS,
        expected_version=expected_version,
        changes=changes,
        validate=_validate,
    )


def remove_person(person: Person, *, expected_version: int | None) -> None:
    """Soft removal: the person leaves the team, their history and links stay."""
    check_version(person, expected_version)
    person.removed_at = utcnow()
    db.session.flush()


def set_rules(project, *, values: dict) -> None:
    cleaned, errors = checked_health_rules(values)
    raise_if_errors(errors)
    project.team_rules = cleaned
    db.session.flush()


def tier_labels() -> dict[str, str]:
    return {t["key"]: t["name_zh" if is_chinese() else "name_en"] for t in organisation_template()["tiers"]}


def position_labels() -> dict[str, str]:
    return {p["key"]: p["name_zh" if is_chinese() else "name_en"] for p in organisation_template()["positions"]}


def group_labels() -> dict[str, str]:
    return {g["key"]: g["name_zh" if is_chinese() else "name_en"] for g in organisation_template()["groups"]}


# --- Capacity ------------------------------------------------------------------


@dataclass
class CapacityRow:
    person: Person
    weeks: list[int]  # total allocation per week, all projects
    here: list[int]  # allocation on this project per week
    overloaded: bool


def _allocated(person: Person, week_start: date) -> int:
    week_end = week_start + timedelta(days=6)
    if person.allocation_start and person.allocation_start > week_end:
        return 0
    if person.allocation_end and person.allocation_end < week_start:
        return 0
    return person.allocation_percent


def capacity(
    project, team: list[Person], *, weeks: int = 26, start: date | None = None
) -> tuple[list[date], list[CapacityRow]]:
    """Each person's weekly allocation here and, through their account, on every other project.

    Other projects appear only as a total: their names stay with their members.
    """
    start = start or (project.start_date or date.today())
    start -= timedelta(days=start.weekday())
    mondays = [start + timedelta(weeks=n) for n in range(weeks)]
    user_ids = {p.user_id for p in team if p.user_id}
    elsewhere = {}
    if user_ids:
        for other in db.session.scalars(
            select(Person).where(
                Person.user_id.in_(user_ids), Person.project_id != project.id, Person.removed_at.is_(None)
            )
        ):
            elsewhere.setdefault(other.user_id, []).append(other)
    rows = []
    for person in team:
        here = [_allocated(person, monday) for monday in mondays]
        others = elsewhere.get(person.user_id, []) if person.user_id else []
        total = [h + sum(_allocated(o, monday) for o in others) for h, monday in zip(here, mondays, strict=True)]
        rows.append(CapacityRow(person, total, here, any(t > 100 for t in total)))
    return mondays, rows


@dataclass
class SharedPerson:
    """One person across several projects: their rows, and their total time in each coming week."""

    name: str
    rows: list[Person]
    weeks: list[int]

    @property
    def peak(self) -> int:
        return max(self.weeks, default=0)

    @property
    def overloaded(self) -> bool:
        return self.peak > 100


def allocation_across(people: list[Person], *, weeks: int = 26, start: date | None = None) -> list[SharedPerson]:
    """People on more than one of these projects (one account, or one name where no account is linked),
    with their weekly total over them all: the most loaded first."""
    start = start or date.today()
    mondays = [start - timedelta(days=start.weekday()) + timedelta(weeks=n) for n in range(weeks)]
    groups: dict[object, list[Person]] = {}
    for person in people:
        groups.setdefault(person.user_id or person.name.strip().casefold(), []).append(person)
    shared = [
        SharedPerson(rows[0].name, rows, [sum(_allocated(p, monday) for p in rows) for monday in mondays])
        for rows in groups.values()
        if len({p.project_id for p in rows}) > 1
    ]
    return sorted(shared, key=lambda s: (-s.peak, s.name))


def is_chair_user(project_id: int, user_id: int) -> bool:
    """Whether the account is linked to the project's steering committee chair."""
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


# Who a person is, as the next wave of a programme takes them over; their dates are the earlier wave's.
PROFILE = (
    "name", "organisation", "is_consultancy", "department", "role_title", "tier", "position",
    "sits_on_steering", "allocation_percent", "contact", "user_id",
)  # fmt: skip


def carried_to_wave(source, target) -> int:
    """The steering committee, shared by the waves of a programme, joins the next wave's team: its own tier
    only, as the earlier wave's director or consultants who sit on it have their own place in the new wave."""
    members = [person for person in committee(source.id) if person.tier == "steering"]
    for person in members:
        db.session.add(Person(project_id=target.id, **{name: getattr(person, name) for name in PROFILE}))
    db.session.flush()
    return len(members)


PEOPLE = ProjectRows(Person, rows=people, create=add_person, update=update_person, options=(joinedload(Person.user),))
