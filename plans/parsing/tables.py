"""Task tables: a Word table or an Excel ledger with a column per field.

The header row is the one, among the first ten, that holds the most recognised header words
(序号, 工作任务, 牵头单位, 责任单位, 完成时限, 配合单位 …, see vocabulary.toml [columns]). Rows above it are
front matter (usually the title). Below it, a row whose 序号 is a heading number (一、) or whose only
content is a heading becomes a section; every other row is a task. A table without a recognisable
header is read as paragraphs, one per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Table
from .fields import Labels, split_units
from .outline import TableRow
from .text import RANK_ARABIC, NumberToken, clean, fold, looks_like_heading, match_number, normalize
from .vocabulary import COLUMN_ROLES, Vocabulary

_HEADER_SEARCH_ROWS = 10
_MAX_HEADER_CELL = 14
_SECTION_KINDS = {"part", "chapter"}
_BARE_NUMBER = re.compile(r"^(\d{1,3})\.?$")


@dataclass
class TableLine:
    """A row read as a paragraph: above the header, or in a table without one."""

    text: str
    line: int | None


def column_role(cell: str, vocabulary: Vocabulary) -> str | None:
    """The field a header cell names: exact words first, else the longest word it contains."""
    text = re.sub(r"\s+", "", normalize(cell))
    if not text or len(text) > _MAX_HEADER_CELL:
        return None
    best, best_length = None, 0
    for role in COLUMN_ROLES:
        for word in vocabulary.column_words(role):
            if text == word:
                return role
            if word in text and len(word) > best_length:
                best, best_length = role, len(word)
    return best


def _header(table: Table, vocabulary: Vocabulary) -> tuple[int, dict[str, list[int]]] | None:
    best: tuple[int, dict[str, list[int]]] | None = None
    for index, row in enumerate(table.rows[:_HEADER_SEARCH_ROWS]):
        columns: dict[str, list[int]] = {}
        seen: set[str] = set()
        for column, cell in enumerate(row):
            # A merged title cell repeats across the row; count each distinct text once.
            if cell in seen:
                continue
            seen.add(cell)
            role = column_role(cell, vocabulary)
            if role:
                columns.setdefault(role, []).append(column)
        if "task" in columns and len(columns) >= 2 and (best is None or len(columns) > len(best[1])):
            best = (index, columns)
    return best


def _distinct(cells: list[str]) -> list[str]:
    values: list[str] = []
    for cell in cells:
        if cell and cell not in values:
            values.append(cell)
    return values


def _cells(row: list[str], columns: list[int] | None) -> str:
    return "\n".join(_distinct([row[index] for index in columns or [] if index < len(row)]))


def _row_number(text: str) -> NumberToken | None:
    bare = _BARE_NUMBER.match(fold(text))
    if bare:
        return NumberToken("arabic", RANK_ARABIC, int(bare.group(1)), bare.group(1), len(text))
    token = match_number(text)
    if token is None and text and all(ch in "〇零一二两三四五六七八九十百" for ch in text):
        # 序号 cells often hold a bare numeral, "一", without the 、 of running text.
        return match_number(text + "、")
    return token


def _one_line(text: str) -> str:
    return clean(text.replace("\n", " "))


def _read_row(
    row: list[str], columns: dict[str, list[int]], line: int | None, vocabulary: Vocabulary
) -> TableRow | TableLine | None:
    cells = [clean(cell, keep_newlines=True) for cell in row]
    distinct = _distinct(cells)
    if not distinct:
        return None
    number_text = _one_line(_cells(cells, columns.get("number")))
    task_text = _one_line(_cells(cells, columns.get("task")))
    unit_cells = {role: _cells(cells, columns.get(role)) for role in ("lead", "responsible", "cooperating")}
    token = _row_number(number_text) if number_text else None

    if token is not None and token.kind in _SECTION_KINDS and not any(unit_cells.values()):
        title = number_text[token.end :].strip() if len(number_text) > token.end else task_text
        return TableRow("section", token, title or task_text, Labels(), line)
    if len(distinct) == 1 and looks_like_heading(_one_line(distinct[0]), allow_full_stop=False):
        text = _one_line(distinct[0])
        heading_token = match_number(text)
        title = text[heading_token.end :] if heading_token else text
        return TableRow("section", heading_token, title, Labels(), line)
    if not task_text:
        return TableLine(" ".join(_one_line(cell) for cell in distinct), line)
    if token is None:
        token = match_number(task_text)
        if token is not None:
            task_text = task_text[token.end :]
    labels = Labels(
        lead=split_units(unit_cells["lead"], vocabulary),
        responsible=split_units(unit_cells["responsible"], vocabulary),
        cooperating=split_units(unit_cells["cooperating"], vocabulary),
        leader=_one_line(_cells(cells, columns.get("leader"))),
        deadline=_one_line(_cells(cells, columns.get("deadline"))),
    )
    return TableRow("task", token, task_text, labels, line)


def read_table(table: Table, vocabulary: Vocabulary) -> list[TableRow | TableLine]:
    """The rows of `table` as task-table rows, or as paragraphs when it has no task header."""
    header = _header(table, vocabulary)
    if header is None:
        return [
            TableLine(" ".join(_one_line(cell) for cell in _distinct(row)), table.line_of(index))
            for index, row in enumerate(table.rows)
            if _distinct(row)
        ]
    header_index, columns = header
    items: list[TableRow | TableLine] = [
        TableLine(" ".join(_one_line(cell) for cell in _distinct(row)), table.line_of(index))
        for index, row in enumerate(table.rows[:header_index])
        if _distinct(row)
    ]
    for index in range(header_index + 1, len(table.rows)):
        item = _read_row(table.rows[index], columns, table.line_of(index), vocabulary)
        if item is not None:
            items.append(item)
    return items
