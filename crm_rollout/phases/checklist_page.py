"""One page of a phase's checklist: its filters, how many items each shows, and the page of items itself,
read in SQL whatever the phase's size."""

import functools

from sqlalchemy import Date, and_, bindparam, func, select, true
from sqlalchemy.orm import joinedload

from crm_rollout.auth.models import User
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.core.paging import Page, page_of, paged
from crm_rollout.core.reads import plain_rows
from crm_rollout.phases.labels import FINISHED_ITEM_STATUSES, ItemStatus
from crm_rollout.phases.models import ChecklistItem, Phase
from crm_rollout.team.models import Person

ITEM_FILTERS = ("all", "mine", "overdue", "blocked", "open")
ITEMS_PER_PAGE = 50  # a phase of a thousand items is read fifty at a time: a screenful or two, not a scroll


def _filter_clause(item_filter: str, user_id, on):
    """Which items a filter shows, for the user `user_id` on the day `on` (values, or bound parameters)."""
    unfinished = ChecklistItem.status.not_in(FINISHED_ITEM_STATUSES)
    return {
        "all": true(),
        "mine": ChecklistItem.owner_id == user_id,
        "overdue": and_(unfinished, ChecklistItem.due_date < on),
        "blocked": ChecklistItem.status == ItemStatus.BLOCKED,
        "open": unfinished,
    }[item_filter]


def _live_items(phase_id, owner_id) -> list:
    clauses = [ChecklistItem.phase_id == phase_id, ChecklistItem.removed_at.is_(None)]
    if owner_id is not None:
        clauses.append(ChecklistItem.owner_id == owner_id)
    return clauses


def filter_counts(phase_id: int, user_id: int, owner_id: int | None = None) -> dict[str, int]:
    """How many live items of the phase each filter shows (with the owner filter): one query."""
    values = {"phase_id": phase_id, "user_id": user_id, "owner_id": owner_id, "today": today()}
    row = plain_rows(_counts_statement(owner_id is not None), values).one()
    return dict(zip(ITEM_FILTERS, row, strict=True))


@functools.cache
def _counts_statement(by_owner: bool):
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every checklist page runs it, and its five counts cost
    # more to put together than to run.
    user_id, on = bindparam("user_id"), bindparam("today", type_=Date)
    return (
        select(*(func.count().filter(_filter_clause(f, user_id, on)) for f in ITEM_FILTERS))
        .select_from(ChecklistItem)
        .where(*_live_items(bindparam("phase_id"), bindparam("owner_id") if by_owner else None))
    )


def item_page(phase_id: int, item_filter: str, user_id: int, owner_id: int | None, total: int, number: int) -> Page:
    """One page of the phase's live items that pass the filter, in checklist order, with their owners."""
    values = {"phase_id": phase_id, "user_id": user_id, "owner_id": owner_id, "today": today()}
    return page_of(_page_statement(item_filter, owner_id is not None), values, total, number, ITEMS_PER_PAGE)


@functools.cache
def _page_statement(item_filter: str, by_owner: bool):
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every checklist page runs it.
    # Of the owner and the person, only what a row shows: whole accounts and people cost the page a tenth.
    return paged(
        select(ChecklistItem)
        .options(
            joinedload(ChecklistItem.owner).load_only(User.display_name),
            joinedload(ChecklistItem.person).load_only(Person.name, Person.user_id),
        )
        .where(
            *_live_items(bindparam("phase_id"), bindparam("owner_id") if by_owner else None),
            _filter_clause(item_filter, bindparam("user_id"), bindparam("today", type_=Date)),
        )
        .order_by(ChecklistItem.position, ChecklistItem.id)
    )


def removed_items(phase_id: int) -> list[ChecklistItem]:
    """The phase's removed items, latest first, to restore (a bounded list)."""
    return list(db.session.scalars(_removed_statement(), {"phase_id": phase_id}))


@functools.cache
def _removed_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every checklist page runs it.
    return (
        select(ChecklistItem)
        .where(ChecklistItem.phase_id == bindparam("phase_id"), ChecklistItem.removed_at.is_not(None))
        .order_by(ChecklistItem.removed_at.desc(), ChecklistItem.id.desc())
        .limit(ITEMS_PER_PAGE)
    )


def count_mine(project_id: int, number: int, user_id: int, owner_id: int | None = None) -> int:
    """The user's items in one phase (the "mine" filter's count), in SQL. The phase is a subquery, so that
    the database reads the phase's items, not every item the user owns."""
    if owner_id is not None and owner_id != user_id:
        return 0
    values = {"project_id": project_id, "number": number, "user_id": user_id}
    return plain_rows(_mine_statement(), values).scalar()


@functools.cache
def _mine_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every reader's copy of a cached checklist page runs it.
    of_phase = Phase.project_id == bindparam("project_id"), Phase.number == bindparam("number")
    phase_id = select(Phase.id).where(*of_phase).scalar_subquery()
    mine = ChecklistItem.owner_id == bindparam("user_id"), ChecklistItem.removed_at.is_(None)
    return select(func.count()).where(ChecklistItem.phase_id == phase_id, *mine)
