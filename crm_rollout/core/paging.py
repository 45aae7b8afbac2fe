"""Long lists read a page at a time, so that a page costs the same whatever the project's size."""

from dataclasses import dataclass

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


def page_of(query, total: int, number: int, size: int) -> Page:
    """Rows `size` at a time from an ordered select whose rows number `total`; a number out of range is the
    nearest page."""
    pages = max(1, -(-total // size))
    number = min(max(number, 1), pages)
    rows = list(db.session.scalars(query.offset((number - 1) * size).limit(size)))
    return Page(rows, number, pages, total)
