"""CSV in and out, as spreadsheet programs write and read it.

Out: UTF-8 with a byte-order mark (so Excel reads Chinese), and no cell that Excel would run as a formula:
text starting with = + - @, a tab or a carriage return gets a leading apostrophe. Every export goes
through `csv_response`, so one added later is protected too.
In: UTF-8 with or without the mark, or GB18030 (what a Chinese Excel saves); dates as 2026-11-30,
2026/11/30, 2026.11.30 or 2026年11月30日; the apostrophe the export added is taken off again.
"""

import csv
import io
import math
import re
from datetime import date

from flask import Response

from crm_rollout.core.limits import date_in_range

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows: list[list]) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_rows(data: bytes) -> list[list[str]]:
    """(line number, cells) of every non-empty row, cells stripped and without the export's apostrophe."""
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(decode(data))), start=1):
        cells = [plain(cell.strip()) for cell in row]
        if any(cells):
            rows.append((number, cells))
    return rows


def plain(cell: str) -> str:
    """A cell without the apostrophe the export put before text that looks like a formula."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def parse_date(text: str) -> date | None:
    """A date in one of the forms spreadsheets write, within the app's range; None if it is not one."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        value = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return value if date_in_range(value) else None


def parse_number(text: str) -> float | None:
    """A finite number, with thousands separators allowed; None if it is not one."""
    try:
        value = float(text.replace(",", "").replace("，", "").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None
