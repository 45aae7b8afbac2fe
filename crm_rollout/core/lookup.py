"""Finding a row inside a project: the one place that keeps other projects' rows out of reach."""

from sqlalchemy import func, select

from crm_rollout.core.errors import NotFound
from crm_rollout.core.extensions import db


def get_in_project(model, project_id: int, row_id: int, *options):
    """The row of `model` with this id in this project (loaded with `options`), else NotFound."""
    row = db.session.scalar(select(model).options(*options).where(model.id == row_id, model.project_id == project_id))
    if row is None:
        raise NotFound()
    return row


def project_id_of(model, row_id: int) -> int | None:
    """Which project a row belongs to (None if there is no such row): routes that name only the row use it."""
    return db.session.scalar(select(model.project_id).where(model.id == row_id))


def count_of(model, *clauses):
    """How many rows of `model` meet the clauses, as a scalar subquery (a "my work" counter is one)."""
    return select(func.count()).select_from(model).where(*clauses).scalar_subquery()


def belongs_to(model, project_id: int, row_id) -> bool:
    """True when `row_id` is empty or names a row of this project (for optional links between records)."""
    return row_id is None or project_id_of(model, row_id) == project_id
