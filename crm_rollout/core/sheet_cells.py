"""A spreadsheet cell read as the value of a register's column: numbers, dates, yes or no, a code by its label
in either language, or a reference by its name. A cell that is not one raises ValueError in words the reader
can act on."""

import re
from datetime import date, datetime

from flask_babel import force_locale

from crm_rollout.core import exports
from crm_rollout.core.i18n import LOCALES
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.sheets import Column

TRUE_WORDS = {"true", "yes", "y", "1", "x", "✓", "是", "对", "真"}
FALSE_WORDS = {"false", "no", "n", "0", "否", "不", "假", ""}


def normal(text) -> str:
    """A header or a name as compared: spaces folded, case ignored."""
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def read_cell(column: Column, cell, references: dict):
    """A cell as the value of the column's field; ValueError (with words for the reader) when it is not one."""
    if isinstance(cell, str):
        cell = cell.strip()
    empty = cell is None or cell == ""
    if column.kind == "text":
        return "" if empty else _plain_text(cell)
    if empty:
        return False if column.kind == "bool" else None
    reader = _READERS[column.kind]
    return reader(column, cell, references)


def _plain_text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(" ")
    return str(cell)


def _int(_column, cell, _references) -> int:
    number = cell if isinstance(cell, int | float) and not isinstance(cell, bool) else exports.parse_number(str(cell))
    if number is None or not float(number).is_integer():
        raise ValueError(_("%(value)s is not a whole number.", value=cell))
    return int(number)


def _float(_column, cell, _references) -> float:
    number = cell if isinstance(cell, int | float) and not isinstance(cell, bool) else exports.parse_number(str(cell))
    if number is None:
        raise ValueError(_("%(value)s is not a number.", value=cell))
    return float(number)


def _date(_column, cell, _references) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = exports.parse_date(str(cell))
    if value is None:
        raise ValueError(_("%(value)s is not a date (write it as 2026-11-30).", value=cell))
    return value


def _bool(_column, cell, _references) -> bool:
    if isinstance(cell, bool):
        return cell
    word = str(cell).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("%(value)s is not yes or no.", value=cell))


def _coded(column, cell, _references) -> str:
    word = normal(cell)
    for locale in LOCALES:
        with force_locale(locale):
            for code, label in column.labels().items():
                if word in (normal(code), normal(label)):
                    return code
    choices = ", ".join(str(label) for label in column.labels().values())
    raise ValueError(_("%(value)s is not one of: %(choices)s.", value=cell, choices=choices))


def _reference(column, cell, references) -> object:
    names = references.get(column.field, {})
    found = names.get(normal(cell))
    if found is None:
        raise ValueError(_("%(value)s is not one of this project's.", value=cell))
    return found


_READERS = {"int": _int, "float": _float, "date": _date, "bool": _bool, "coded": _coded, "reference": _reference}


def names(rows, attribute: str = "name") -> dict[str, object]:
    """{normalised name: id} for a reference column's choices (a person's name, a KPI's name ...)."""
    return {normal(getattr(row, attribute)): row.id for row in rows}
