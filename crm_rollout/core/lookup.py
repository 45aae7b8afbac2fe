"""Finding a row inside a project: the one place that keeps other projects' rows out of reach."""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, func, literal, select, union_all

from crm_rollout.core.errors import NotFound
from crm_rollout.core.extensions import db


def get_in_project(model, project_id: int, row_id: int, *options):
    """The row of `model` with this id in this project (loaded with `options`), else NotFound."""
    row = db.session.scalar(_in_project_statement(model, options), {"row_id": row_id, "project_id": project_id})
    if row is None:
        raise NotFound()
    return row


_IN_PROJECT: dict[tuple, object] = {}  # one statement for each model and way of loading it that the code uses


def _in_project_statement(model, options: tuple):
    # Built once for each model and options (see docs/ARCHITECTURE.md, "Speed"); options are told apart by
    # SQLAlchemy's own cache key, as its caching examples do, since each call makes new option objects.
    key = (model, *(option._generate_cache_key().key for option in options))
    statement = _IN_PROJECT.get(key)
    if statement is None:
        statement = _IN_PROJECT[key] = (
            select(model)
            .options(*options)
            .where(model.id == bindparam("row_id"), model.project_id == bindparam("project_id"))
        )
    return statement


def project_id_of(model, row_id: int) -> int | None:
    """Which project a row belongs to (None if there is no such row): routes that name only the row use it."""
    return db.session.scalar(_project_id_statement(model), {"row_id": row_id})


@functools.cache
def _project_id_statement(model):
    return select(model.project_id).where(model.id == bindparam("row_id"))


@dataclass(frozen=True)
class ProjectRows:
    """One kind of row a domain keeps for each project, declared once where its services are.

    `rows(project_id)` lists a project's rows (None where they are listed with a parent). `create(project_id,
    **values)` and `update(row, expected_version=, changes=)` are the domain's services, None where the kind
    offers none. `options` load what a found row shows. Pages and the API find a row and its project through
    the declaration, so every kind keeps other projects' rows out of reach the same way.
    """

    model: type
    rows: Callable[[int], Iterable] | None = None
    create: Callable | None = None
    update: Callable | None = None
    options: tuple = ()

    def get(self, project_id: int, row_id: int):
        """The project's row with this id, else NotFound."""
        return get_in_project(self.model, project_id, row_id, *self.options)

    def project_of(self, row_id: int) -> int | None:
        return project_id_of(self.model, row_id)

    def project_from(self, key: str) -> Callable[[dict], int | None]:
        """The project of the row a route names by `key`, for `project_access(project_of=...)`."""
        return lambda route_values: self.project_of(route_values[key])


COUNT_CAP = 100  # the top bar says "99+" from here: counting on would cost a busy person on every page


def listed_in(model, project_ids: list[int], *clauses, load=(), order_by=()) -> list:
    """The rows of `model` in these projects that meet the clauses, loaded with `load`: what a kind of "my
    work" lists on its page (`rows_of` gives the same kind to count)."""
    query = select(model).options(*load).where(model.project_id.in_(project_ids), *clauses)
    return list(db.session.scalars(query.order_by(*order_by)))


def rows_of(model, *clauses):
    """The rows of `model` that meet the clauses, as a statement that selects only that they are there: what
    a kind of "my work" offers the top bar to count (`capped_count`)."""
    return select(literal(1)).select_from(model).where(*clauses)


def capped_count(*statements):
    """How many rows the statements select between them, counted up to COUNT_CAP, as a scalar subquery: the
    counting stops at the cap, whatever the kinds, so someone with thousands of things waiting pays no more on
    each page than someone with a hundred (the top bar says 99+ from there)."""
    rows = statements[0] if len(statements) == 1 else union_all(*statements)
    return select(func.count()).select_from(rows.limit(COUNT_CAP).subquery()).scalar_subquery()


def belongs_to(model, project_id: int, row_id) -> bool:
    """True when `row_id` is empty or names a row of this project (for optional links between records)."""
    return row_id is None or project_id_of(model, row_id) == project_id
