"""A project's registers as Excel workbooks, declared once by their domains and served on the page and in the
API at `…/<register>/export.xlsx`.

A domain declares a `Sheet`: its columns (the header in the reader's language and each row's value) and
its rows. Values stay what they are: dates are dates and numbers are numbers, so Excel and WPS sort, sum
and filter them; a vocabulary's code is written as its label, as on the page. The header row is frozen and
filtered, and columns are as wide as what they hold (a Chinese character counts twice). Text is never
taken as a formula.
"""

import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask import Blueprint, Response, abort, g, request
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from crm_rollout.core.api.blueprint import bp as api_bp
from crm_rollout.core.api.docs import returns_file
from crm_rollout.core.permissions import VIEW, project_access
from crm_rollout.core.vocabulary import coded_fields

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH, MAX_WIDTH = 8, 60
MEASURED_ROWS = 500  # widths are read from the first rows; a long register keeps them
MAX_TEXT = 32_767  # what one Excel cell holds


@dataclass(frozen=True)
class Column:
    header: object  # a lazy string: the words the page shows above the column
    value: Callable[[object], object]  # the row's value: text, a number, a date, a flag or None


@dataclass(frozen=True)
class Sheet:
    """`key` is the URL segment and the file's name; `rows(project_id, phase)` lists what the register page
    shows (`phase`, a phase number, only for registers kept per phase: `by_phase`)."""

    key: str
    title: object
    columns: tuple[Column, ...]
    rows: Callable[[int, int | None], Iterable]
    by_phase: bool = False


def columns_of(model, *fields: str) -> tuple[Column, ...]:
    """Columns for a model's own fields, headed with the words the audit trail uses for them; a coded field
    is written as its label in the reader's language."""
    coded = coded_fields(model)
    return tuple(_column(model.audit_labels[name], name, coded.get(name)) for name in fields)


def reference(model, field: str, attribute: str = "name") -> Column:
    """A column for what a reference field points at (`owner_id`: the owner's name), read through the
    model's relationship of the same name without `_id` (loaded with the rows, not one query a row)."""
    relation = field.removesuffix("_id")

    def value(row):
        target = getattr(row, relation)
        return getattr(target, attribute) if target is not None else None

    return Column(model.audit_labels[field], value)


def _column(header, name: str, labels: dict | None) -> Column:
    if labels is None:
        return Column(header, lambda row: getattr(row, name))
    return Column(header, lambda row: str(labels.get(getattr(row, name), getattr(row, name))))


SHEETS: dict[str, Sheet] = {}
bp = Blueprint("sheets", __name__, url_prefix="/projects/<int:project_id>")


def offer(sheet: Sheet) -> None:
    """Serve a register as a workbook: on the page (one route for all) and in the API (one operation each,
    so the OpenAPI document names them)."""
    SHEETS[sheet.key] = sheet

    def export(project_id: int):
        return _response(sheet, project_id)

    endpoint = f"export_{sheet.key.replace('-', '_')}_xlsx"
    export.__name__ = export.__qualname__ = endpoint
    export.__doc__ = f"The {sheet.key} register as an Excel workbook (XLSX)."
    view = project_access(VIEW)(returns_file({XLSX})(export))
    api_bp.add_url_rule(f"/projects/<int:project_id>/{sheet.key}/export.xlsx", endpoint=endpoint, view_func=view)


@bp.get("/<register>/export.xlsx")
@project_access(VIEW)
def export(project_id: int, register: str):
    sheet = SHEETS.get(register)
    if sheet is None:
        abort(404)
    return _response(sheet, project_id)


def _response(sheet: Sheet, project_id: int) -> Response:
    phase = request.args.get("phase", type=int) if sheet.by_phase else None
    suffix = f"-phase-{phase}" if phase else ""
    data = workbook(sheet, list(sheet.rows(g.project.id, phase)))
    return Response(
        data,
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{sheet.key}-{project_id}{suffix}.xlsx"'},
    )


def workbook(sheet: Sheet, rows: list) -> bytes:
    book = Workbook()
    page = book.active
    page.title = _sheet_title(str(sheet.title))
    headers = [str(column.header) for column in sheet.columns]
    page.append(headers)
    for cell in page[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [_width(header) for header in headers]
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(sheet.columns):
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
