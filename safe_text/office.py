"""Writing text into Excel and Word files so that it stays text.

A cell whose text starts with "=" would be stored by openpyxl as a live formula: `=HYPERLINK(…)` typed into a
progress report becomes a link in the office's printed ledger, `=cmd|' /C calc'!A0` an attack on whoever opens
it. Every workbook the project writes builds its cells here: the text is cleaned (`clean_text`), kept as a text
cell, and marked with Excel's quote prefix so that editing the cell in Excel or WPS keeps it text too. The
same cleaning is applied to Word runs, which refuse control characters outright.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from openpyxl.cell import Cell, WriteOnlyCell

from .cleaning import clean_text

# Excel refuses a file whose cell holds more characters than this.
EXCEL_CELL_CHARACTERS = 32_767
# Text starting with one of these is read as a formula when typed into Excel or opened from CSV; such cells get
# the quote prefix so that editing them keeps them text.
_FORMULA_STARTS = ("=", "+", "-", "@")


def office_text(value: Any) -> str:
    """Any value as text an Office file can hold: cleaned of control characters."""
    return clean_text(str(value))


def cell_text(value: Any) -> str:
    text = office_text(value)
    if len(text) > EXCEL_CELL_CHARACTERS:
        text = text[: EXCEL_CELL_CHARACTERS - 1] + "…"
    return text


def cell(sheet, value: Any = None) -> Cell | WriteOnlyCell:
    """A cell of `sheet` holding `value`; text is always a text cell, never a formula.

    Works for ordinary and write-only worksheets alike; pass the result to `sheet.append`."""
    if isinstance(value, Promise):
        value = str(value)
    text = isinstance(value, str)
    if text:
        value = cell_text(value)
    made = WriteOnlyCell(sheet, value=value) if _write_only(sheet) else Cell(sheet, value=value)
    if text:
        made.data_type = "s"  # openpyxl made "=…" a formula
        if value.startswith(_FORMULA_STARTS):
            made.quotePrefix = True
    return made


def cells(sheet, values) -> list:
    """`cell` for each value of a row."""
    return [cell(sheet, value) for value in values]


def append(sheet, values) -> None:
    """Append a row of values to `sheet`, every text made inert."""
    sheet.append(cells(sheet, values))


def _write_only(sheet) -> bool:
    return sheet.parent.write_only
