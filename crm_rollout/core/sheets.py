"""A project's registers as Excel workbooks, declared once by their domains and served on the page and in the
API at `…/<register>/export.xlsx`.

A domain declares a `Sheet`: its columns (the header in the reader's language and each row's value) and
its rows. Values stay what they are: dates are dates and numbers are numbers, so Excel and WPS sort, sum
and filter them; a vocabulary's code is written as its label, as on the page. The header row is frozen and
filtered, and columns are as wide as what they hold (a Chinese character counts twice). Text is never
taken as a formula. The routes are in sheet_pages.py, the way back in sheet_imports.py.
"""

import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.lookup import ProjectRows
from crm_rollout.core.vocabulary import coded_fields

MIN_WIDTH, MAX_WIDTH = 8, 60
MEASURED_ROWS = 500  # widths are read from the first rows; a long register keeps them
MAX_TEXT = 32_767  # what one Excel cell holds


@dataclass(frozen=True)
class Column:
    header: object  # a lazy string: the words the page shows above the column
    value: Callable[[object], object]  # the row's value: text, a number, a date, a flag or None
    # What an import writes from the column (sheet_imports.py): the field, the kind of value (text, int,
    # float, date, bool, coded or reference) and, for a coded one, its {code: label} in the reader's language.
    field: str | None = None
    kind: str = "text"
    labels: Callable[[], dict] | None = None


@dataclass(frozen=True)
class Import:
    """How a file's rows are written back: `fields` are what it may change; `find(project_id, values)` the
    row a line stands for (by its ID, or None for a new one); `create(project_id, **values)` and
    `update(row, expected_version=, changes=)` the domain's own services, which validate as the forms do."""

    permission: str
    fields: tuple[str, ...]
    find: Callable[[int, dict], object | None]
    create: Callable[..., object]
    update: Callable[..., object]
    references: Callable[[int], dict[str, dict[str, object]]] = lambda _project_id: {}
    versioned: bool = True  # the export carries each row's version, so an edit made since is not overwritten
    same_as: str | None = None  # the field a person names a row by: a new line named like a row is pointed out


@dataclass(frozen=True)
class Sheet:
    """`key` is the URL segment and the file's name; `rows(project_id, phase)` lists what the register page
    shows (`phase`, a phase number, only for registers kept per phase: `by_phase`); `importer` says how a
    file's rows are written back, if they may be."""

    key: str
    title: object
    columns: tuple[Column, ...]
    rows: Callable[[int, int | None], Iterable]
    by_phase: bool = False
    importer: Import | None = None
    page: str | None = None  # the register's page (an endpoint taking the project id), for the way back

    @property
    def all_columns(self) -> tuple[Column, ...]:
        if self.importer is None or not self.importer.versioned:
            return self.columns
        return (*self.columns, Column(_l("Version"), lambda row: row.version, "version", "int"))


ID = Column("ID", lambda row: row.id, "id", "int")  # the stable key an import matches lines by


def import_of(rows: ProjectRows, permission: str, fields: tuple[str, ...], *, create=None, update=None, **options):
    """The import of a kind of rows: a line is the project's row of its ID (NotFound if it is not one) or a
    new row where it has none, added and changed by the kind's own services unless `create` or `update`
    stand in for them."""

    def find(project_id: int, values: dict):
        return rows.get(project_id, values["id"]) if values.get("id") is not None else None

    return Import(permission, fields, find, create or rows.create, update or rows.update, **options)


def columns_of(model, *fields: str) -> tuple[Column, ...]:
    """Columns for a model's own fields, headed with the words the audit trail uses for them; a coded field
    is written as its label in the reader's language."""
    coded = coded_fields(model)
    return tuple(_column(model, name, coded.get(name)) for name in fields)


def reference(model, field: str, attribute: str = "name") -> Column:
    """A column for what a reference field points at (`owner_id`: the owner's name), read through the
    model's relationship of the same name without `_id` (loaded with the rows, not one query a row)."""
    relation = field.removesuffix("_id")

    def value(row):
        target = getattr(row, relation)
        return getattr(target, attribute) if target is not None else None

    return Column(model.audit_labels[field], value, field, "reference")


def coded(header, field: str, labels: Callable[[], dict]) -> Column:
    """A column of codes written as their labels (`labels()`: {code: label} in the reader's language)."""
    return Column(header, lambda row: labels().get(getattr(row, field), getattr(row, field)), field, "coded", labels)


KINDS = {date: "date", bool: "bool", int: "int", float: "float", str: "text"}


def _column(model, name: str, labels: dict | None) -> Column:
    header = model.audit_labels[name]
    if labels is not None:
        return coded(header, name, lambda: {code: str(label) for code, label in labels.items()})
    try:
        kind = KINDS.get(model.__table__.c[name].type.python_type, "text")
    except NotImplementedError:
        kind = "text"
    return Column(header, lambda row: getattr(row, name), name, kind)


SHEETS: dict[str, Sheet] = {}


def offer(sheet: Sheet) -> None:
    """Serve a register as a workbook, and take it back where the domain says how: on the page and in the
    API, one route each with its own declared permission (so the OpenAPI document names them)."""
    from crm_rollout.core import sheet_pages  # the pages use this module's declarations

    SHEETS[sheet.key] = sheet
    sheet_pages.serve(sheet)


def workbook(sheet: Sheet, rows: list) -> bytes:
    book = Workbook()
    page = book.active
    page.title = _sheet_title(str(sheet.title))
    columns = sheet.all_columns
    headers = [str(column.header) for column in columns]
    page.append(headers)
    for cell in page[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [_width(header) for header in headers]
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns):
            value = _cell_value(column.value(row))
            cell = page.cell(row=number, column=index + 1, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=SUM(…)" typed by a user stays text
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            if number <= MEASURED_ROWS:
                widths[index] = max(widths[index], _width(value))
    for index, width in enumerate(widths, start=1):
        page.column_dimensions[get_column_letter(index)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    page.freeze_panes = "A2"
    page.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(value):
    if value is None or isinstance(value, bool | int | float | date):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # stored in UTC; Excel knows no time zones
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_TEXT]


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value).split("\n")[0]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:MAX_WIDTH])


def _sheet_title(title: str) -> str:
    """Excel's rule for a tab: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
