"""A register's rows written back from a spreadsheet: the file its export made, after a person edited it in
Excel or WPS (or a CSV of the same columns).

Columns are found by their headers in either language. A line with an ID changes that row of the project;
a line without one adds a row. Every line goes through the domain's own create or update service (so the
rules are those of the forms), each inside a savepoint; the report says, line by line, what is added,
changed, unchanged or refused and why. Nothing is written unless every line can be: a preview (dry run),
or a file with any refused line, rolls the whole import back.
"""

import csv
import io
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from crm_rollout.core import exports
from crm_rollout.core.db import UTCDateTime, utcnow
from crm_rollout.core.errors import Conflict, NotFound, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import LOCALES
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.sheet_cells import normal, read_cell
from crm_rollout.core.sheets import Column, Sheet

MAX_BYTES = 3 * 1024 * 1024  # within the request limit (core/limits.py)
MAX_UNPACKED = 50 * 1024 * 1024  # a workbook unpacked: more is a zip bomb, not a register
MAX_LINES = 5_000
MAX_CELLS = 200_000  # a file's cells read before giving up: a sheet of the register's width is far below


KEPT_FOR = timedelta(hours=2)  # how long a previewed file waits for its confirmation


class PendingImport(db.Model):
    """A previewed file, kept until its uploader confirms it (or for KEPT_FOR): the preview and the import
    read the same bytes, and a second app server finds them too."""

    __tablename__ = "pending_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    register: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    size: Mapped[int] = mapped_column(Integer)


def keep(project_id: int, user_id: int, register: str, filename: str, data: bytes) -> PendingImport:
    """Keep a previewed file for its confirmation; every file older than KEPT_FOR goes (nobody may confirm it
    any more), so unconfirmed previews never pile up."""
    db.session.execute(delete(PendingImport).where(PendingImport.created_at < utcnow() - KEPT_FOR))
    pending = PendingImport(
        token=secrets.token_urlsafe(32),
        project_id=project_id,
        user_id=user_id,
        register=register,
        filename=(filename or "")[:200],
        data=data,
        size=len(data),
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def pending(token: str, project_id: int, user_id: int, register: str) -> PendingImport | None:
    """The user's own previewed file of this register and project, if it has not expired."""
    return db.session.scalar(
        select(PendingImport).where(
            PendingImport.token == token,
            PendingImport.project_id == project_id,
            PendingImport.user_id == user_id,
            PendingImport.register == register,
            PendingImport.created_at >= utcnow() - KEPT_FOR,
        )
    )


class Unreadable(ValueError):
    """The file as a whole cannot be read; the message says why, in the reader's language."""


@dataclass
class Line:
    number: int  # the line in the file, the header being 1
    action: str = "unchanged"  # added | changed | unchanged | refused
    row_id: int | None = None
    changes: dict = field(default_factory=dict)  # header -> [before, after], as text
    reasons: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # allowed, but worth a second look
    label: str = ""  # what the line names its row by (a title ...), for the warnings


@dataclass
class Report:
    lines: list[Line]
    ignored: list[str]  # headers of columns the import does not write
    applied: bool = False

    @property
    def refused(self) -> bool:
        return any(line.action == "refused" for line in self.lines)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("added", "changed", "unchanged", "refused"), 0)
        for line in self.lines:
            counts[line.action] += 1
        return counts

    def as_json(self) -> dict:
        return {
            "applied": self.applied,
            "counts": self.counts(),
            "ignored_columns": self.ignored,
            "lines": [
                {
                    "line": line.number,
                    "action": line.action,
                    "id": line.row_id,
                    "changes": {name: list(pair) for name, pair in line.changes.items()},
                    "reasons": line.reasons,
                    "warnings": line.warnings,
                }
                for line in self.lines
            ],
        }


def run(sheet: Sheet, project_id: int, data: bytes, *, dry_run: bool) -> Report:
    """Read the file and write what it says, unless `dry_run` or a line is refused: then nothing is kept.
    The caller commits."""
    table = read_table(data)
    if not table:
        raise Unreadable(_("The file has no rows."))
    columns, ignored = _columns(sheet, table[0][1])
    references = sheet.importer.references(project_id)
    lines = [_line(sheet, project_id, number, cells, columns, references) for number, cells in table[1:]]
    _warn_of_twins(sheet, project_id, lines)
    report = Report(lines, ignored)
    if dry_run or report.refused:
        db.session.rollback()
        for line in lines:  # the ids the rolled-back rows had are not theirs to keep
            if line.action == "added":
                line.row_id = None
    else:
        report.applied = True
    return report


def read_table(data: bytes) -> list[tuple[int, list]]:
    """(line number, cells) of every line with something in it: an XLSX workbook's first sheet, or CSV."""
    if len(data) > MAX_BYTES:
        raise Unreadable(_("The file is larger than %(n)d MB.", n=MAX_BYTES // (1024 * 1024)))
    if not data.startswith(b"PK\x03\x04"):
        try:
            rows = [(number, list(cells)) for number, cells in exports.read_rows(data)]
        except csv.Error as error:  # bytes that are no text table (a picture, say)
            raise Unreadable(_("The file is not an Excel workbook (.xlsx) or a CSV file.")) from error
        if len(rows) > MAX_LINES + 1:
            raise Unreadable(_("The file has more than %(n)d lines.", n=MAX_LINES))
        return rows
    try:
        return _workbook_rows(data)
    except Unreadable:
        raise
    except Exception as error:  # a hostile or broken file: whatever the parser trips on, say so, no trace
        raise Unreadable(_("The file is not an Excel workbook (.xlsx) or a CSV file.")) from error


def _workbook_rows(data: bytes) -> list[tuple[int, list]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED:
            raise Unreadable(_("The file is larger than %(n)d MB.", n=MAX_UNPACKED // (1024 * 1024)))
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows, cells = [], 0
    for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
        cells += len(values)
        if cells > MAX_CELLS or len(rows) > MAX_LINES:
            raise Unreadable(_("The file has more than %(n)d lines.", n=MAX_LINES))
        values = [exports.plain(v.strip()) if isinstance(v, str) else v for v in values]
        if any(v not in (None, "") for v in values):
            rows.append((number, values))
    book.close()
    return rows


def _columns(sheet: Sheet, header: list) -> tuple[dict[int, Column], list[str]]:
    """{position in the file: column} for the columns the import writes, found by their header in any
    language (or by their field's name); the others are listed as ignored."""
    known = {}
    for column in sheet.all_columns:
        if column.field is None:
            continue
        known[normal(column.field)] = column
        for locale in LOCALES:
            with force_locale(locale):
                known[normal(str(column.header))] = column
    found, ignored = {}, []
    writable = {"id", "version", *sheet.importer.fields}
    for position, cell in enumerate(header):
        column = known.get(normal(cell))
        if column is not None and column.field in writable:
            found[position] = column
        elif cell not in (None, ""):
            ignored.append(str(cell))
    if not any(column.field in sheet.importer.fields for column in found.values()):
        raise Unreadable(_("No column of the file is one this register takes; keep the export's header row."))
    return found, ignored


def _warn_of_twins(sheet: Sheet, project_id: int, lines: list[Line]) -> None:
    """A line that adds a row named like one the register has (an export uploaded twice, an ID cleared by
    mistake) is allowed, but said: it is most often the same thing."""
    name = sheet.importer.same_as
    if name is None:
        return
    added = {line.row_id for line in lines if line.action == "added"}
    by_name = {}
    for row in sheet.rows(project_id, None):
        by_name.setdefault(normal(getattr(row, name)), []).append(row)
    for line in lines:
        if line.action != "added":
            continue
        twins = [row.id for row in by_name.get(normal(line.label), []) if row.id != line.row_id and row.id not in added]
        if twins:
            line.warnings.append(
                _("Row %(id)s has the same name: give this line its ID to change it instead.", id=twins[0])
            )


def _line(sheet: Sheet, project_id: int, number: int, cells: list, columns: dict, references: dict) -> Line:
    line = Line(number)
    values, named = {}, {}  # named: what the file calls a referenced row (a person's name), for the report
    for position, column in columns.items():
        cell = cells[position] if position < len(cells) else None
        named[column.field] = "" if cell is None else str(cell)
        try:
            values[column.field] = read_cell(column, cell, references)
        except ValueError as error:
            line.reasons.append(f"{column.header}: {error}")
    row = None
    if not line.reasons:
        try:
            row = sheet.importer.find(project_id, values)
        except NotFound:
            line.reasons.append(_("No row with ID %(id)s in this project.", id=values.get("id")))
    if line.reasons:
        line.action = "refused"
        return line
    if sheet.importer.same_as is not None:
        line.label = values.get(sheet.importer.same_as) or ""
    _write(sheet, project_id, line, row, values, columns, named)
    return line


def _write(sheet: Sheet, project_id: int, line: Line, row, values: dict, columns: dict, named: dict) -> None:
    importer = sheet.importer
    written = {name: value for name, value in values.items() if name in importer.fields}
    if row is None:  # an empty cell of a new line leaves the value to the domain's default
        written = {name: value for name, value in written.items() if value not in (None, "")}
    else:
        by_field = {column.field: column for column in columns.values()}
        written = {name: value for name, value in written.items() if _differs(_current(row, by_field[name]), value)}
        line.row_id = row.id
        if not written:
            return
    by_field = {column.field: column for column in columns.values()}
    before = {name: _text(by_field[name], _shown(row, by_field[name]) if row else None) for name in written}
    try:
        with db.session.begin_nested():
            if row is None:
                row = importer.create(project_id, **written)
                line.action, line.row_id = "added", row.id
            else:
                version = values.get("version", getattr(row, "version", None))
                importer.update(row, expected_version=version, changes=written)
                line.action = "changed"
    except ValidationFailed as error:
        line.action = "refused"
        line.reasons += [str(message) for message in error.errors.values()]
        return
    except Conflict:
        line.action = "refused"
        line.reasons.append(_("Changed in the app since the export (now version %(v)d): export again.", v=row.version))
        return
    line.changes = {
        str(by_field[name].header): [
            before[name],
            named[name] if by_field[name].kind == "reference" else _text(by_field[name], written[name]),
        ]
        for name in written
    }


def _current(row, column: Column):
    """The row's value of the column's field, in the form a file's cell is read into (a phase's number ...)."""
    return getattr(row, column.field) if column.field in row.__table__.c else column.value(row)


def _shown(row, column: Column):
    """The row's value as the report shows it: what a reference points at by its name, else the value."""
    return column.value(row) if column.kind == "reference" else _current(row, column)


def _differs(current, new) -> bool:
    if isinstance(current, float | int) and isinstance(new, float | int) and not isinstance(current, bool):
        return abs(current - new) > 1e-9
    return (current if current is not None else "") != (new if new is not None else "")


def _text(column: Column, value) -> str:
    if value is None or value == "":
        return ""
    if column.kind == "coded" and column.labels is not None:
        return str(column.labels().get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
