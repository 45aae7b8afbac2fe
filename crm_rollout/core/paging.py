"""Long lists read a page at a time, so that a page costs the same whatever the project's size."""

from dataclasses import dataclass

from sqlalchemy import bindparam

from crm_rollout.core.extensions import db


@dataclass
class Page:
    rows: list
    number: int  # from 1
    pages: int
    total: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def paged(query):
    """An ordered select made to be read a page at a time by `page_of`: its offset and size are bound values,
    so that the statement can be built once (see docs/ARCHITECTURE.md, "Speed")."""
    return query.offset(bindparam("page_offset")).limit(bindparam("page_size"))


def page_of(statement, values: dict, total: int, number: int, size: int) -> Page:
    """Rows `size` at a time from `statement` (made by `paged`, run with `values`) whose rows number `total`;
    a number out of range is the nearest page."""
    pages = max(1, -(-total // size))
    number = min(max(number, 1), pages)
    rows = list(db.session.scalars(statement, {**values, "page_offset": (number - 1) * size, "page_size": size}))
    return Page(rows, number, pages, total)
