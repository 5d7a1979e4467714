"""The assessment as an Excel workbook (ranking sheet, then every line with its record) and as a PDF, both
titled with the year and the day the scores stand at (2026年度考核结果（截至2026年11月22日）).

Each sheet prints as the report's ledger does (paper.sheets): the title row, the header frozen and repeated on
every page, columns as wide as their words, rows as tall as their wrapped lines, landscape one page wide —
the ranking on A4, the breakdown on A3. Every cell goes through safe_text.office."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from paper.dates import chinese_date
from paper.pdf import html_to_pdf
from paper.sheets import BORDER, CENTRE, HEADER_FILL, PAPER_A3, PAPER_A4, WRAP, fit_width, print_setup, row_height
from safe_text import office

from .assessment import POINTS_FORMAT, Assessment, LineKind, tasks_of_lines


def assessment_title(assessment: Assessment) -> str:
    """The document's title, also its file name: the year's assessment as of its day."""
    return _("%(year)s annual assessment (as of %(day)s)") % {
        "year": assessment.scheme.year, "day": chinese_date(assessment.as_of)}


def _lay_out(sheet, title: str, headers: list[str], rows: list[list], limits: list[tuple[int, int]],
             paper: int) -> None:
    """Title row, bold header, the rows, each cell through office.append; then widths, heights and printing."""
    office.append(sheet, [title] + [""] * (len(headers) - 1))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    office.append(sheet, headers)
    for cell in sheet[2]:
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), HEADER_FILL, BORDER, CENTRE
    widths = [fit_width([header, *(row[index] for row in rows)], low, high)
              for index, (header, (low, high)) in enumerate(zip(headers, limits, strict=True))]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[2].height = row_height(headers, widths)
    for values in rows:
        office.append(sheet, values)
        for cell in sheet[sheet.max_row]:
            cell.border, cell.alignment = BORDER, WRAP
            if isinstance(cell.value, float):
                cell.number_format = POINTS_FORMAT  # points as the PDF and the pages print them: 99.00, -0.50
        sheet.row_dimensions[sheet.max_row].height = row_height(values, widths)
    sheet.freeze_panes = "A3"
    print_setup(sheet, paper=paper, title_rows="2:2")


def assessment_workbook(assessment: Assessment) -> bytes:
    title = assessment_title(assessment)
    book = Workbook()
    kinds = LineKind.ORDER
    ranking = book.active
    ranking.title = _("Ranking")[:31]
    _lay_out(ranking, title,
             [_("Rank"), _("Unit"), _("Score"), _("Base score")] + [str(LineKind.LABELS[k]) for k in kinds],
             [[score.rank, score.unit.name, float(score.score), float(score.base)]
              + [float(score.subtotal(k)) for k in kinds] for score in assessment.scores],
             [(8, 10), (16, 36), (8, 10), (8, 10)] + [(8, 12)] * len(kinds), PAPER_A4)
    lines = book.create_sheet(_("Breakdown")[:31])
    tasks = tasks_of_lines(assessment.scores)
    rows = []
    for score in assessment.scores:
        for line in score.lines:
            task = tasks.get(line.task_id)
            label = f"{task.number_path} {task.text[:60]}" if task else ""
            rows.append([score.unit.name, line.label, label, line.record_words, line.detail, float(line.points),
                         float(line.weight), float(line.weighted)])
    _lay_out(lines, title,
             [_("Unit"), _("Item"), _("Task"), _("Record"), _("Details"), _("Points"), _("Weight"),
              _("Weighted points")],
             rows, [(14, 30), (12, 24), (24, 44), (12, 20), (24, 50), (8, 10), (8, 10), (8, 12)], PAPER_A3)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def assessment_pdf(assessment: Assessment) -> bytes:
    html = render_to_string("supervision/assessment_pdf.html", {
        "assessment": assessment, "title": assessment_title(assessment)})
    return html_to_pdf(html)
