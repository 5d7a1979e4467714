"""Reading Word (.docx) and Excel (.xlsx) files into paragraphs and tables.

Word: the body's children are walked in order so paragraphs and tables stay interleaved as written, and
automatically numbered paragraphs get the numbers Word prints before them (word_numbering.py).
Excel: every non-empty sheet becomes a table; a merged range's value is copied into each of its cells,
so a row whose 牵头单位 cell is merged with the rows below still names its unit.

Both count what they read against ReadLimits (rows with text, cells) and stop at the first one passed: the
archive check (security.archives) bounds the XML, but a small sheet can still claim a million rows through
its row numbers or merged ranges, and a Word table cell can claim to span a million columns.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.styles import BabelFish
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from .document import Document, Paragraph, Table
from .word_numbering import WordNumbering

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# The most rows a worksheet can have in Excel; a row number beyond it is a damaged or forged file.
EXCEL_MAX_ROWS = 1_048_576
_DEFAULT_STYLE = "\0default"


class ReadLimitExceeded(ValueError):
    """The document has more rows or cells than Duban reads; the message names the limit."""


@dataclass
class ReadLimits:
    """How much of a Word or Excel document is read: rows with text (paragraphs and table rows) and
    cells. Counting happens while reading, so the refusal comes before the memory is spent."""

    max_rows: int
    max_cells: int
    rows: int = 0
    cells: int = 0

    @classmethod
    def from_settings(cls) -> ReadLimits:
        return cls(max_rows=settings.DUBAN_IMPORT_MAX_ROWS, max_cells=settings.DUBAN_IMPORT_MAX_CELLS)

    def count(self, *, rows: int = 0, cells: int = 0) -> None:
        self.rows += rows
        self.cells += cells
        if self.rows > self.max_rows:
            raise ReadLimitExceeded(
                _("The document has more than %(limit)d rows or paragraphs with text, the most Duban reads from "
                  "one file. Split it into smaller files (for example one per section or sheet) and import them "
                  "one by one.") % {"limit": self.max_rows}
            )
        if self.cells > self.max_cells:
            raise ReadLimitExceeded(
                _("The document has more than %(limit)d table cells, the most Duban reads from one file. Delete "
                  "empty or unused columns, rows and sheets, or split the workbook into smaller files, then "
                  "upload it again.") % {"limit": self.max_cells}
            )


def _style_names(word) -> dict[str, str]:
    """Paragraph style id → its name as Word shows it, read once: python-docx finds a paragraph's style by
    scanning every style, which made a 10,000-paragraph document take half a minute."""
    names = {}
    for style in word.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type"), "paragraph") != "paragraph" or name is None:
            continue
        shown = BabelFish.internal2ui(name.get(qn("w:val")) or "")
        names[style.get(qn("w:styleId")) or ""] = shown
        if style.get(qn("w:default")) in ("1", "true", "on"):
            names[_DEFAULT_STYLE] = shown
    return names


def _heading_level(element, style_names: dict[str, str]) -> int | None:
    """The level of a Word heading style ("Heading 2" → 2); a paragraph without a style of its own, or with
    an unknown one, has the document's default paragraph style, as in Word."""
    properties = element.pPr
    style_id = properties.style if properties is not None else None
    name = style_names.get(style_id) if style_id in style_names else style_names.get(_DEFAULT_STYLE, "")
    found = _HEADING_STYLE.match(name or "")
    return int(found.group(1)) if found else None


def _body_elements(parent) -> Iterator:
    """Paragraph and table elements in order, looking inside content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_elements(content)


def _numbered(label: str, text: str) -> str:
    """The paragraph as printed: Word's automatic number, then the text ("1" and "推进" → "1 推进")."""
    if not label:
        return text
    return f"{label} {text}" if label[-1].isalnum() else f"{label}{text}"


def _table_cells(table_element) -> int:
    """How many cells python-docx will make for the table: a cell spanning n grid columns counts n."""
    cells = 0
    for row in table_element.tr_lst:
        for cell in row.tc_lst:
            try:
                cells += max(int(cell.grid_span), 1)
            except (TypeError, ValueError):
                cells += 1
    return cells


def read_docx(data: bytes, name: str, limits: ReadLimits | None = None) -> Document:
    """Paragraphs and tables of a Word file, in body order.

    `line` counts from 1 through the body, one per paragraph (empty ones too) and one per table row,
    so a warning on a table row points at that row: a table that starts at line 7 has its header on
    7, its first row on 8, and the paragraph after a three-row table is on 10.
    """
    limits = limits or ReadLimits.from_settings()
    word = open_docx(io.BytesIO(data))
    numbering = WordNumbering(word)
    style_names = _style_names(word)
    blocks: list[Paragraph | Table] = []
    position = 1
    for element in _body_elements(word.element.body):
        if element.tag == qn("w:p"):
            paragraph = DocxParagraph(element, word._body)
            label = numbering.label(element)  # counted even for an empty paragraph, as Word counts it
            if paragraph.text.strip():
                limits.count(rows=1)
                blocks.append(
                    Paragraph(_numbered(label, paragraph.text), position, _heading_level(element, style_names))
                )
            position += 1
            continue
        # Counted before python-docx lays the cells out: it makes one object per spanned grid column.
        limits.count(cells=_table_cells(element))
        table = DocxTable(element, word._body)
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        kept = [(position + index, row) for index, row in enumerate(rows) if any(cell.strip() for cell in row)]
        limits.count(rows=len(kept))
        if kept:
            blocks.append(Table([row for _, row in kept], [line for line, _ in kept]))
        position += max(len(rows), 1)
    return Document(blocks, name)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # Excel stores dates as datetimes; a deadline cell has no time of day worth keeping.
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str | None) -> Iterator[tuple[int, int, int, int]]:
    """The merged ranges of a sheet, read by streaming its XML: read-only workbooks do not load them."""
    if not sheet_path:
        return
    with archive.open(sheet_path.lstrip("/")) as source:
        for _, element in ElementTree.iterparse(source):
            if element.tag == f"{_SHEET_NS}mergeCell" and element.get("ref"):
                yield range_boundaries(element.get("ref"))
            elif element.tag == f"{_SHEET_NS}row":
                element.clear()  # Rows can be many; keep memory flat while looking for the merges.


def _sheet_rows(sheet, limits: ReadLimits) -> tuple[dict[int, list[str]], int]:
    """The sheet's rows that hold text, by row number, and the width of its widest row (empty ones too).

    Read-only openpyxl yields an empty row for every row number skipped, so a forged row number far down the
    sheet costs a loop per row up to it: beyond Excel's last row the file is refused as damaged.
    """
    grid, widest = {}, 0
    for index, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if index > EXCEL_MAX_ROWS:
            raise ValueError(f"row {index} is beyond Excel's last row")
        limits.count(cells=len(row))
        widest = max(widest, len(row))
        cells = [_cell_text(value) for value in row]
        if any(cell.strip() for cell in cells):
            limits.count(rows=1)
            grid[index] = cells
    return grid, widest


def read_xlsx(data: bytes, name: str, limits: ReadLimits | None = None) -> Document:
    """Every non-empty sheet as a table; merged cells filled with the merged value."""
    limits = limits or ReadLimits.from_settings()
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    blocks: list[Paragraph | Table] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet in workbook.worksheets:
                # Some tools write a wrong <dimension>, which read-only mode trusts and would cut rows.
                sheet.reset_dimensions()
                grid, width = _sheet_rows(sheet, limits)
                # Read-only sheets keep their part name in a private attribute (openpyxl 3.1); the merges test
                # in tests/parsing fails loudly should a new openpyxl drop it.
                for min_col, min_row, max_col, max_row in _merged_ranges(
                    archive, getattr(sheet, "_worksheet_path", None)
                ):
                    # A merge is filled cell by cell: "A1:XFD1048576" would be seventeen billion of them.
                    limits.count(cells=(max_row - min_row + 1) * (max_col - min_col + 1))
                    value = grid.get(min_row, [])[min_col - 1 : min_col] or [""]
                    for row_index in range(min_row, max_row + 1):
                        row = grid.setdefault(row_index, [])
                        if len(row) < max_col:
                            row.extend([""] * (max_col - len(row)))
                        for column in range(min_col - 1, max_col):
                            row[column] = value[0]
                        width = max(width, len(row))
                kept = [(index, row) for index, row in sorted(grid.items()) if any(cell.strip() for cell in row)]
                limits.count(cells=sum(width - len(row) for _, row in kept))  # the padding to a rectangle
                if kept:
                    blocks.append(
                        Table([row + [""] * (width - len(row)) for _, row in kept], [index for index, _ in kept],
                              sheet.title)
                    )
    finally:
        workbook.close()
    return Document(blocks, name)
