"""The report as an Excel workbook: a summary sheet (figures, targets, reporting by unit) and the ledger
(台账) of tasks by section, ready to print on A3 landscape.

Written with a write-only workbook, row by row, so memory stays flat however many tasks there are; the
rows come from the report's snapshot (one query)."""

import datetime
from copy import copy

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from paper.dates import EXCEL_DATE_FORMAT, chinese_date, chinese_date_time
from paper.sheets import BORDER, CENTRE, HEADER_FILL, PAPER_A4, WRAP, fit_width, print_setup, row_height
from reports.charts import HEALTH_COLOURS
from reports.content import ReportContent, load_content, status_text
from reports.models import Report
from safe_text import office

FONT_NAME = "SimSun"
SECTION_FILL = PatternFill("solid", fgColor="EEF2F7")
# Light fills that keep black text readable, one per health.
HEALTH_FILLS = {
    "red": PatternFill("solid", fgColor="F8D0D0"),
    "yellow": PatternFill("solid", fgColor="FCEBB6"),
    "green": PatternFill("solid", fgColor="D4EDDA"),
    "grey": PatternFill("solid", fgColor="E2E3E5"),
}
assert set(HEALTH_FILLS) == set(HEALTH_COLOURS)
# (header, width limits) of the ledger's columns
LEDGER_WIDTHS = [(6, 10), (30, 60), (12, 24), (12, 30), (11, 16), (30, 70), (16, 40), (10, 16), (10, 24)]


def _cell(ws, value, *, bold=False, fill=None, align=WRAP, size=10, number_format=None, border=True):
    cell = office.cell(ws, value)
    # The quote prefix that keeps "=…" text belongs to this cell alone, not to the style shared below.
    quoted, cell.quotePrefix = cell.quotePrefix, False
    # Registering a style with the workbook costs far more than writing a cell: do it once per combination
    # and give later cells a copy of the registered style.
    styles = ws.parent.__dict__.setdefault("_registered_styles", {})  # per workbook: indices are its own
    key = (bold, id(fill), id(align), size, number_format, border)
    registered = styles.get(key)
    if registered is not None:
        cell._style = copy(registered)
        cell.quotePrefix = quoted
        return cell
    cell.font = Font(name=FONT_NAME, bold=bold, size=size)
    cell.alignment = align
    if border:
        cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    styles[key] = copy(cell._style)
    cell.quotePrefix = quoted
    return cell


def _deadline_cell(ws, row):
    if row.deadline:  # a date a person can sort by, shown as 2026年12月31日
        return _cell(ws, row.deadline, number_format=EXCEL_DATE_FORMAT, align=CENTRE)
    return _cell(ws, row.deadline_text, align=CENTRE)


def ledger_headers() -> list[str]:
    return [_("No."), _("Work task"), _("Lead units"), _("Responsible units"), _("Deadline"), _("Progress"),
            _("Problems"), _("Status"), _("Remark")]


def _write_ledger(wb: Workbook, content: ReportContent) -> None:
    ws = wb.create_sheet(_("Ledger"))
    rows = content.rows
    headers = ledger_headers()
    columns = [
        [r.number for r in rows], [r.text for r in rows], [r.lead_units for r in rows],
        [r.responsible_units for r in rows], [r.deadline_text or "2026年12月31日" for r in rows],
        [r.shown_progress for r in rows], [r.source_problems for r in rows], [status_text(r) for r in rows],
        [r.remark for r in rows],
    ]
    widths = []
    for index, (low, high) in enumerate(LEDGER_WIDTHS):
        # Wrapped text: a long paragraph fills the column's upper limit and wraps there.
        width = fit_width([headers[index], *columns[index]], low, high)
        widths.append(width)
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    last = get_column_letter(len(headers))
    print_setup(ws, title_rows="3:3")
    ws.freeze_panes = "A4"
    report = content.report
    ws.row_dimensions[1].height = 28  # the title's 16 pt
    ws.append([_cell(ws, report.title, bold=True, size=16, align=CENTRE, border=False)])
    ws.merged_cells.add(f"A1:{last}1")
    ws.append([_cell(ws, _subtitle(report), align=CENTRE, border=False)])
    ws.merged_cells.add(f"A2:{last}2")
    ws.append([_cell(ws, header, bold=True, fill=HEADER_FILL, align=CENTRE) for header in headers])
    row_index = 3
    for section in content.sections:
        row_index += 1
        ws.append([_cell(ws, section.label, bold=True, fill=SECTION_FILL)]
                  + [_cell(ws, None, fill=SECTION_FILL) for _h in headers[1:]])
        ws.merged_cells.add(f"A{row_index}:{last}{row_index}")
        for row in section.rows:
            row_index += 1
            values = [row.number, row.text, row.lead_units, row.responsible_units, None, row.shown_progress,
                      row.source_problems, status_text(row), row.remark]
            ws.row_dimensions[row_index].height = row_height(values, widths)
            cells = [_cell(ws, value) for value in values]
            cells[0].alignment = CENTRE
            cells[4] = _deadline_cell(ws, row)
            cells[7] = _cell(ws, values[7], fill=HEALTH_FILLS.get(row.health), align=CENTRE)
            ws.append(cells)


def _subtitle(report: Report) -> str:
    generated = timezone.localtime(report.built_at or timezone.now())
    return _("As of %(day)s · generated %(time)s") % {
        "day": chinese_date(report.as_of_day), "time": chinese_date_time(generated)}


def _write_summary(wb: Workbook, content: ReportContent) -> None:
    ws = wb.create_sheet(_("Summary"), 0)
    widths = (34, 14, 14, 14, 14, 14, 14)
    for letter, width in zip("ABCDEFG", widths, strict=True):
        ws.column_dimensions[letter].width = width
    print_setup(ws, paper=PAPER_A4, landscape=False)
    written = 0

    def append(cells: list) -> None:
        # A write-only sheet takes a row's height before the row: heights for wrapped text, as in the ledger.
        nonlocal written
        written += 1
        values = [cell.value for cell in cells]
        if any(isinstance(value, str) and value for value in values):
            ws.row_dimensions[written].height = row_height(values, widths)
        ws.append(cells)

    report, f = content.report, content.figures
    ws.row_dimensions[1].height = 28  # the title's 16 pt; the title and subtitle span the sheet, unwrapped
    ws.append([_cell(ws, report.title, bold=True, size=16, align=CENTRE, border=False)])
    ws.merged_cells.add("A1:G1")
    ws.append([_cell(ws, _subtitle(report), align=CENTRE, border=False)])
    ws.merged_cells.add("A2:G2")
    written = 2
    append([])
    health = f.get("health", {})
    percent = "0.0%"
    figures_rows = [
        (_("Tasks (incl. ▲ sub-items)"), f.get("total", 0), None, None),
        *([(_("Of them ▲ sub-items"), f["sub_items"], None, None)] if f.get("sub_items") else []),
        (_("Completed"), health.get("grey", 0), None, "grey"),
        (_("Progressing normally"), health.get("green", 0), None, "green"),
        (_("Need attention"), health.get("yellow", 0), None, "yellow"),
        (_("Behind schedule"), health.get("red", 0), None, "red"),
        (_("Completion rate"), _fraction(f.get("completion_rate")), percent, None),
        (_("Overdue"), f.get("overdue", 0), None, None),
        (_("Quantitative targets"), f.get("targets", 0), None, None),
        (_("Targets met"), f.get("targets_met", 0), None, None),
        (_("Reporting rate"), _fraction(f.get("reporting_rate")), percent, None),
    ]
    append([_cell(ws, _("Figure"), bold=True, fill=HEADER_FILL), _cell(ws, _("Value"), bold=True,
                                                                         fill=HEADER_FILL)])
    for label, value, number_format, health_key in figures_rows:
        append([_cell(ws, label, fill=HEALTH_FILLS.get(health_key)),
                   _cell(ws, value, number_format=number_format or "0")])
    append([])
    append([_cell(ws, _("Quantitative targets"), bold=True, border=False)])
    append([_cell(ws, h, bold=True, fill=HEADER_FILL) for h in
               (_("Target"), _("Value"), _("Actual"), _("Unit of measure"), _("Met"))])
    for target in content.targets:
        judged = None if target["actual"] is None else HEALTH_FILLS["green" if target["is_met"] else "red"]
        append([_cell(ws, f"{target['task']}：{target['text']}"), _cell(ws, target["wording"]),
                   _cell(ws, target["actual"]), _cell(ws, target["measure_unit"]),
                   _cell(ws, str(target["verdict"]), fill=judged)])
    append([])
    append([_cell(ws, _("Reporting by unit"), bold=True, border=False)])
    append([_cell(ws, h, bold=True, fill=HEADER_FILL) for h in
               (_("Unit"), _("Due"), _("On time"), _("Late"), _("Not reported"), _("On-time rate"))])
    for unit in content.units:
        append([_cell(ws, unit["name"], fill=HEALTH_FILLS["red"] if unit["missing"] else None),
                   _cell(ws, unit["expected"]), _cell(ws, unit["on_time"]), _cell(ws, unit["late"]),
                   _cell(ws, unit["missing"]), _cell(ws, _fraction(unit["on_time_rate"]), number_format=percent)])


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else round(percent / 100, 4)


def write_xlsx(report: Report, path) -> None:
    content = load_content(report)
    wb = Workbook(write_only=True)
    _write_summary(wb, content)
    _write_ledger(wb, content)
    wb.properties.title = office.office_text(report.title)
    wb.properties.created = datetime.datetime.now()
    wb.save(path)
