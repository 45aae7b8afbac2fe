"""The rules of phases, checklist items, deliverables and comments."""

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, bindparam, func, select
from sqlalchemy.orm import joinedload

from crm_rollout.auth.models import User
from crm_rollout.core.db import today
from crm_rollout.core.errors import NotFound
from crm_rollout.core.extensions import db
from crm_rollout.core.lookup import ProjectRows, listed_in, rows_of
from crm_rollout.core.permissions import EDIT_CHECKLIST, UPDATE_OWN_ITEMS, role_allows
from crm_rollout.core.reads import plain_rows
from crm_rollout.phases.labels import FINISHED_ITEM_STATUSES, UNFINISHED_ITEM_STATUSES, ItemStatus, PhaseStatus
from crm_rollout.phases.models import (
    ChecklistItem,
    Comment,
    Deliverable,
    Phase,
)

# --- Creating a project's phases from the methodology template ---------------


def planned_spans(start: date | None, golive: date | None, weeks: list[float]) -> list[tuple[date, date] | None]:
    """Planned (start, end) of each phase: the phases before the last share the time from the project's start
    to go-live in proportion to their typical weeks; the last (evaluation) follows go-live at the same scale.
    Without a go-live date the typical weeks themselves are used; without a start, nothing is planned."""
    if start is None or not weeks:
        return [None] * len(weeks)
    before = sum(weeks[:-1]) or 1
    scale = (golive - start).days / (before * 7) if golive and golive > start else 1.0
    spans, day = [], 0.0
    for typical in weeks:
        length = max(typical * 7 * scale, 1)
        spans.append((start + timedelta(days=round(day)), start + timedelta(days=round(day + length) - 1)))
        day += length
    return spans


CRITERIA = ("entry_zh", "entry_en", "exit_zh", "exit_en")  # a phase's entry and exit criteria, both languages


def copy_template(project, template: dict) -> None:
    """Give the project its own copy of the template's phases, checklists and deliverables, with planned
    dates spread between its start and go-live (editable on each phase)."""
    spans = planned_spans(
        project.start_date, project.target_golive_date, [p.get("typical_weeks", 4) for p in template["phases"]]
    )
    for number, spec in enumerate(template["phases"], start=1):
        span = spans[number - 1]
        phase = Phase(
            project_id=project.id,
            number=number,
            key=spec["key"],
            name_zh=spec["name_zh"],
            name_en=spec["name_en"],
            objective_zh=spec["objective_zh"],
            objective_en=spec["objective_en"],
            **{name: spec.get(name, "") for name in CRITERIA},
            planned_start=span[0] if span else None,
            planned_end=span[1] if span else None,
        )
        db.session.add(phase)
        db.session.flush()
        for position, item in enumerate(spec["items"]):
            # Due so many days into the phase, when the method says so and the phase has dates.
            due = item.get("due_days") if phase.planned_start else None
            db.session.add(
                ChecklistItem.of_method(
                    phase,
                    position,
                    item,
                    mandatory=item.get("mandatory", False),
                    owner_role=item.get("owner_role", ""),
                    due_date=phase.planned_start + timedelta(days=due) if due is not None else None,
                )
            )
        for position, deliverable in enumerate(spec["deliverables"]):
            db.session.add(Deliverable.of_method(phase, position, deliverable))
    db.session.flush()


# --- Progress ------------------------------------------------------------------


def progress_percent(done: int, countable: int) -> int | None:
    """Whole percent of countable items done; None when nothing counts yet."""
    return round(100 * done / countable) if countable else None


@dataclass
class PhaseSummary:
    phase: Phase
    total: int = 0
    done: int = 0
    not_applicable: int = 0
    blocked: int = 0
    overdue: int = 0

    @property
    def countable(self) -> int:
        return self.total - self.not_applicable

    @property
    def progress(self) -> int | None:
        return progress_percent(self.done, self.countable)


def summaries(project_id: int) -> list[PhaseSummary]:
    """Every phase of the project with its item counts: two queries whatever the size."""
    return summaries_by_project([project_id]).get(project_id, [])


def summaries_by_project(project_ids: list[int]) -> dict[int, list[PhaseSummary]]:
    """Phase summaries of several projects (the portfolio) in one query: every project page shows them in its
    navigation, so they cost one round trip to the database, not two."""
    if not project_ids:
        return {}
    rows = db.session.execute(_summaries_statement(), {"project_ids": project_ids, "today": today()}).all()
    result = {project_id: [] for project_id in project_ids}
    for phase, *numbers in rows:
        result[phase.project_id].append(PhaseSummary(phase, *numbers))
    return result


@functools.cache
def _summaries_statement():
    # Built once: on every project page, putting the expression together cost more than running it.
    project_ids = bindparam("project_ids", expanding=True)
    unfinished = ChecklistItem.status.not_in(FINISHED_ITEM_STATUSES)
    counts = (
        select(
            ChecklistItem.phase_id,
            func.count().label("total"),
            func.count().filter(ChecklistItem.status == ItemStatus.DONE).label("done"),
            func.count().filter(ChecklistItem.status == ItemStatus.NOT_APPLICABLE).label("not_applicable"),
            func.count().filter(ChecklistItem.status == ItemStatus.BLOCKED).label("blocked"),
            func.count().filter(unfinished, ChecklistItem.due_date < bindparam("today", type_=Date)).label("overdue"),
        )
        .where(ChecklistItem.project_id.in_(project_ids), ChecklistItem.removed_at.is_(None))
        .group_by(ChecklistItem.phase_id)
        .subquery()
    )
    return (
        select(Phase, *(func.coalesce(column, 0) for column in list(counts.c)[1:]))
        .outerjoin(counts, counts.c.phase_id == Phase.id)
        .where(Phase.project_id.in_(project_ids))
        .order_by(Phase.project_id, Phase.number)
    )


def overall_progress(phase_summaries: list[PhaseSummary]) -> int | None:
    done = sum(s.done for s in phase_summaries)
    countable = sum(s.countable for s in phase_summaries)
    return progress_percent(done, countable)


def current_phase(phase_summaries: list[PhaseSummary]) -> Phase | None:
    """The first phase that is not closed: where the project stands."""
    for summary in phase_summaries:
        if summary.phase.status != PhaseStatus.CLOSED:
            return summary.phase
    return None


# --- Reading -----------------------------------------------------------------


def get_phase(project_id: int, number: int) -> Phase:
    phase = db.session.scalar(_phase_statement(), {"project_id": project_id, "number": number})
    if phase is None:
        raise NotFound()
    return phase


@functools.cache
def _phase_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every checklist page runs it.
    return select(Phase).where(Phase.project_id == bindparam("project_id"), Phase.number == bindparam("number"))


def phase_items(phase_id: int) -> list[ChecklistItem]:
    """All items of a phase, removed ones included, with their owners: one query."""
    return list(
        db.session.scalars(
            select(ChecklistItem)
            .options(joinedload(ChecklistItem.owner), joinedload(ChecklistItem.person))
            .where(ChecklistItem.phase_id == phase_id)
            .order_by(ChecklistItem.position, ChecklistItem.id)
        )
    )


def phase_deliverables(phase_id: int) -> list[Deliverable]:
    return list(db.session.scalars(_deliverables_statement(), {"phase_id": phase_id}))


@functools.cache
def _deliverables_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every checklist page runs it.
    return (
        select(Deliverable)
        .where(Deliverable.phase_id == bindparam("phase_id"))
        .order_by(Deliverable.position, Deliverable.id)
    )


def _overdue():
    # Built into statements once (see docs/ARCHITECTURE.md, "Speed"): every overview runs them.
    return (
        (ChecklistItem.project_id == bindparam("project_id"))
        & ChecklistItem.removed_at.is_(None)
        & ChecklistItem.status.not_in(FINISHED_ITEM_STATUSES)
        & (ChecklistItem.due_date < bindparam("today", type_=Date))
    )


@functools.cache
def _overdue_statements():
    return (
        select(ChecklistItem.due_date).where(_overdue()),
        # Of the owner and the phase, what the overview shows.
        select(ChecklistItem)
        .options(
            joinedload(ChecklistItem.owner).load_only(User.display_name),
            joinedload(ChecklistItem.phase).load_only(Phase.number),
        )
        .where(_overdue())
        .order_by(ChecklistItem.due_date, ChecklistItem.id)
        .limit(bindparam("limit")),
    )


def overdue_due_dates(project_id: int) -> list:
    """The due dates of every overdue item of the project: one light query, for how late the work is and
    how much of it there is."""
    due_dates, _ = _overdue_statements()
    return list(plain_rows(due_dates, {"project_id": project_id, "today": today()}).scalars())


def most_overdue_items(project_id: int, limit: int = 10) -> list[ChecklistItem]:
    """The most overdue items of the project, with their owner's name and their phase's number."""
    _, most_overdue = _overdue_statements()
    return list(db.session.scalars(most_overdue, {"project_id": project_id, "today": today(), "limit": limit}))


def items_owned_by(user_id: int, project_ids: list[int]) -> list[ChecklistItem]:
    """Unfinished items the user owns in these projects, soonest due first."""
    if not project_ids:
        return []
    return listed_in(
        ChecklistItem,
        project_ids,
        ChecklistItem.owner_id == user_id,
        ChecklistItem.removed_at.is_(None),
        ChecklistItem.status.in_(UNFINISHED_ITEM_STATUSES),
        load=(joinedload(ChecklistItem.phase).joinedload(Phase.project),),
        order_by=(ChecklistItem.due_date.is_(None), ChecklistItem.due_date, ChecklistItem.id),
    )


def owned_open_rows(user_id: int):
    """The open items the user owns (a kind of their "my work", counted in the top bar)."""
    return rows_of(
        ChecklistItem,
        ChecklistItem.owner_id == user_id,
        ChecklistItem.removed_at.is_(None),
        ChecklistItem.status.in_(UNFINISHED_ITEM_STATUSES),
    )


def comments_of(item_id: int) -> list[Comment]:
    return list(
        db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.item_id == item_id)
            .order_by(Comment.created_at)
        )
    )


# --- Reading (continued) -----------------------------------------------------------


def project_items(project_id: int) -> list[ChecklistItem]:
    """Every current (not removed) item of the project with owner and phase: one query."""
    return list(
        db.session.scalars(
            select(ChecklistItem)
            .options(joinedload(ChecklistItem.owner), joinedload(ChecklistItem.person), joinedload(ChecklistItem.phase))
            .where(ChecklistItem.project_id == project_id, ChecklistItem.removed_at.is_(None))
            .order_by(ChecklistItem.phase_id, ChecklistItem.position, ChecklistItem.id)
        )
    )


def items_of_person(person_id: int) -> list[ChecklistItem]:
    """Current items a team person is responsible for, soonest due first."""
    return list(
        db.session.scalars(
            select(ChecklistItem)
            .options(joinedload(ChecklistItem.phase))
            .where(ChecklistItem.person_id == person_id, ChecklistItem.removed_at.is_(None))
            .order_by(ChecklistItem.due_date.is_(None), ChecklistItem.due_date, ChecklistItem.id)
        )
    )


def deliverables_of_person(person_id: int) -> list[Deliverable]:
    return list(
        db.session.scalars(
            select(Deliverable)
            .options(joinedload(Deliverable.phase))
            .where(Deliverable.person_id == person_id, Deliverable.removed_at.is_(None))
            .order_by(Deliverable.phase_id, Deliverable.position)
        )
    )


def project_deliverables(project_id: int) -> list[Deliverable]:
    return list(
        db.session.scalars(
            select(Deliverable)
            .options(joinedload(Deliverable.phase), joinedload(Deliverable.person))
            .where(Deliverable.project_id == project_id, Deliverable.removed_at.is_(None))
            .order_by(Deliverable.phase_id, Deliverable.position)
        )
    )


# What an owner without EDIT_CHECKLIST may change on their own item.
OWN_ITEM_FIELDS = frozenset({"status", "notes"})
ALL_ITEM_FIELDS = frozenset({"status", "notes", "owner", "person", "due_date", "title", "mandatory"})


def editable_item_fields(role: str | None, user_id: int, item) -> frozenset:
    """The fields of a checklist item this member may change (empty: none)."""
    if role_allows(role, EDIT_CHECKLIST):
        return ALL_ITEM_FIELDS
    if role_allows(role, UPDATE_OWN_ITEMS) and item.owner_id == user_id:
        return OWN_ITEM_FIELDS
    return frozenset()


ITEMS = ProjectRows(
    ChecklistItem,
    options=(
        joinedload(ChecklistItem.owner),
        joinedload(ChecklistItem.person),
        joinedload(ChecklistItem.phase),
    ),
)


DELIVERABLES = ProjectRows(Deliverable)
