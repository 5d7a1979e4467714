"""Excel export of a task list (the filtered list the person sees). Written row by row with openpyxl's
write-only workbook, so memory stays flat however long the list."""

import datetime
import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from paper.dates import EXCEL_DATE_FORMAT, chinese_date
from paper.sheets import PAPER_A4, print_setup
from safe_text import office
from safe_text.downloads import name_download

from . import periods
from .health import Health
from .models import WorkStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def task_rows(tasks):
    health_labels = dict(Health.choices)
    status_labels = dict(WorkStatus.choices)
    for task in tasks.iterator(chunk_size=500):
        yield [
            task.number_path,
            task.text,
            task.plan.title,
            "、".join(tu.display_name for tu in task.lead_units),
            "、".join(tu.display_name for tu in task.responsible_units),
            task.deadline_text,
            task.deadline,
            str(status_labels.get(task.work_status, task.work_status)),
            str(health_labels.get(task.health, task.health)),
            task.latest_percent,
            f"{task.latest_period:%Y-%m}" if task.latest_period else "",
            "★" if task.is_livelihood else "",
        ]


def task_list_workbook_response(tasks) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Task list"))
    headers = [_("Number"), _("Task"), _("Plan"), _("Lead unit"), _("Responsible unit"), _("Deadline as written"),
               _("Deadline date"), _("Status"), _("Health"), _("Percent complete"), _("Latest update"), "★"]
    for column, width in zip("ABCDEFGHIJKL", (10, 60, 30, 24, 30, 14, 12, 10, 10, 10, 12, 4), strict=True):
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    # A write-only sheet writes its view and page set-up with its first row: set them before it.
    sheet.freeze_panes = "A2"
    print_setup(sheet, paper=PAPER_A4, title_rows="1:1")
    sheet.append(header_cells)
    for row in task_rows(tasks):
        cells = office.cells(sheet, row)
        for cell in cells:
            if isinstance(cell.value, datetime.date):
                cell.number_format = EXCEL_DATE_FORMAT  # 2026年12月31日, still a date to sort by
        sheet.append(cells)
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    today = periods.today()
    return name_download(FileResponse(output, content_type=XLSX), f"{_('Task list')}（{chinese_date(today)}）.xlsx",
                         fallback=f"duban-tasks-{today:%Y%m%d}.xlsx")
