"""Finding a row inside a project: the one place that keeps other projects' rows out of reach."""

from sqlalchemy import func, literal, select

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


COUNT_CAP = 100  # the top bar says "99+" from here: counting on would cost a busy person on every page


def count_of(model, *clauses):
    """How many rows of `model` meet the clauses, counted up to COUNT_CAP, as a scalar subquery (a "my work"
    counter is one): someone with thousands of open items pays no more on each page than someone with a
    hundred."""
    capped = select(literal(1)).select_from(model).where(*clauses).limit(COUNT_CAP).subquery()
    return select(func.count()).select_from(capped).scalar_subquery()


def belongs_to(model, project_id: int, row_id) -> bool:
    """True when `row_id` is empty or names a row of this project (for optional links between records)."""
    return row_id is None or project_id_of(model, row_id) == project_id
