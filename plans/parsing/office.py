"""Reading Word (.docx) and Excel (.xlsx) files into paragraphs and tables.

Word: the body's children are walked in order so paragraphs and tables stay interleaved as written, and
automatically numbered paragraphs get the numbers Word prints before them (word_numbering.py).
Excel: every non-empty sheet becomes a table; a merged range's value is copied into each of its cells,
so a row whose 牵头单位 cell is merged with the rows below still names its unit.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from xml.etree import ElementTree

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from .document import Document, Paragraph, Table
from .word_numbering import WordNumbering

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _heading_level(paragraph: DocxParagraph) -> int | None:
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, ValueError):
        return None
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


def read_docx(data: bytes, name: str) -> Document:
    """Paragraphs and tables of a Word file, in body order.

    `line` counts from 1 through the body, one per paragraph (empty ones too) and one per table row,
    so a warning on a table row points at that row: a table that starts at line 7 has its header on
    7, its first row on 8, and the paragraph after a three-row table is on 10.
    """
    word = open_docx(io.BytesIO(data))
    numbering = WordNumbering(word)
    blocks: list[Paragraph | Table] = []
    position = 1
    for element in _body_elements(word.element.body):
        if element.tag == qn("w:p"):
            paragraph = DocxParagraph(element, word._body)
            label = numbering.label(element)  # counted even for an empty paragraph, as Word counts it
            if paragraph.text.strip():
                blocks.append(Paragraph(_numbered(label, paragraph.text), position, _heading_level(paragraph)))
            position += 1
            continue
        table = DocxTable(element, word._body)
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        kept = [(position + index, row) for index, row in enumerate(rows) if any(cell.strip() for cell in row)]
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


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str | None) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a sheet, read by streaming its XML: read-only workbooks do not load them."""
    if not sheet_path:
        return []
    ranges = []
    with archive.open(sheet_path.lstrip("/")) as source:
        for _, element in ElementTree.iterparse(source):
            if element.tag == f"{_SHEET_NS}mergeCell" and element.get("ref"):
                ranges.append(range_boundaries(element.get("ref")))
            elif element.tag == f"{_SHEET_NS}row":
                element.clear()  # Rows can be many; keep memory flat while looking for the merges.
    return ranges


def read_xlsx(data: bytes, name: str) -> Document:
    """Every non-empty sheet as a table; merged cells filled with the merged value."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    blocks: list[Paragraph | Table] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet in workbook.worksheets:
                # Some tools write a wrong <dimension>, which read-only mode trusts and would cut rows.
                sheet.reset_dimensions()
                grid = {
                    index: [_cell_text(value) for value in row]
                    for index, row in enumerate(sheet.iter_rows(values_only=True), start=1)
                }
                # Read-only sheets keep their part name in a private attribute (openpyxl 3.1); the merges test
                # in tests/parsing fails loudly should a new openpyxl drop it.
                for min_col, min_row, max_col, max_row in _merged_ranges(
                    archive, getattr(sheet, "_worksheet_path", None)
                ):
                    value = grid.get(min_row, [])[min_col - 1 : min_col] or [""]
                    for row_index in range(min_row, max_row + 1):
                        row = grid.setdefault(row_index, [])
                        if len(row) < max_col:
                            row.extend([""] * (max_col - len(row)))
                        for column in range(min_col - 1, max_col):
                            row[column] = value[0]
                width = max((len(row) for row in grid.values()), default=0)
                kept = [
                    (index, row + [""] * (width - len(row)))
                    for index, row in sorted(grid.items())
                    if any(cell.strip() for cell in row)
                ]
                if kept:
                    blocks.append(Table([row for _, row in kept], [index for index, _ in kept], sheet.title))
    finally:
        workbook.close()
    return Document(blocks, name)
