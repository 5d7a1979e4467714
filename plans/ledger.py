"""A plan as an Excel ledger (台账) in the column layout the importer reads, so that the file goes back
in and gives the same tree. Header words come from the parser's vocabulary: what we write is what we read.
"""

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from paper.dates import chinese_date
from paper.sheets import print_setup, row_height
from safe_text import office
from tasks.models import UnitRole

from .models import Plan
from .parsing import load_vocabulary
from .tree import SectionNode, TaskNode, build_plan_tree

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [("number", 8), ("task", 70), ("lead", 24), ("responsible", 36), ("deadline", 16), ("leader", 14)]
_BARE_CHINESE_NUMERAL = re.compile(r"^[〇零一二两三四五六七八九十百]+$")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def heading_number(number: str) -> str:
    """一 → 一、 (as a document writes it); (一), 1 and ▲ stay as they are."""
    return f"{number}、" if _BARE_CHINESE_NUMERAL.match(number) else number


def _unit_cell(task_node: TaskNode, role: str) -> str:
    names = []
    for task_unit in task_node.task.units_in_role(role):
        name = task_unit.name or str(task_unit.unit or task_unit.group)
        names.append(f"{name}（{task_unit.qualifier}）" if task_unit.qualifier else name)
    return "、".join(names)


def _rows(node: SectionNode):
    section = node.section
    if section is not None and section.parent_id is None:
        yield "section", [heading_number(section.number), section.title, "", "", "", ""]
    elif section is not None:
        # A lone heading cell: a "(一)" in the number column could be read as a numbered task.
        yield "section", ["", f"{heading_number(section.number)}{section.title}", "", "", "", ""]
    for task_node in node.tasks:
        yield from _task_rows(task_node)
    for child in node.subsections:
        yield from _rows(child)


def _task_rows(task_node: TaskNode):
    task = task_node.task
    text = f"★{task.text}" if task.is_livelihood and not task.text.startswith("★") else task.text
    deadline = task.deadline_text or chinese_date(task.deadline)  # the importer reads 2026年12月31日 back
    yield "task", [task.number, text, _unit_cell(task_node, UnitRole.LEAD),
                   _unit_cell(task_node, UnitRole.RESPONSIBLE), deadline, task.leader_post]
    for child in task_node.subtasks:
        yield from _task_rows(child)


def plan_ledger(plan: Plan) -> bytes:
    """The plan's tasks as an .xlsx file: title, a header row, section rows and one row per task."""
    vocabulary = load_vocabulary()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ledger"
    width = len(COLUMNS)
    office.append(sheet, [plan.title] + [""] * (width - 1))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 26
    front_matter = [plan.doc_number, plan.issuer, chinese_date(plan.issued_on)]
    for line in filter(None, front_matter):
        office.append(sheet, [line] + [""] * (width - 1))
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(horizontal="center")
    sheet.append([vocabulary.column_words(role)[0] for role, _width in COLUMNS])
    header_row = sheet.max_row
    for column, (_role, column_width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=column)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EC")
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = column_width
    widths = [column_width for _role, column_width in COLUMNS]
    for kind, values in _rows(build_plan_tree(plan)):
        office.append(sheet, values)
        sheet.row_dimensions[sheet.max_row].height = row_height(values, widths)
        for cell in sheet[sheet.max_row]:
            cell.alignment = _WRAP
            cell.border = _BORDER
            if kind == "section":
                cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    print_setup(sheet, title_rows=f"{header_row}:{header_row}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
