"""The assessment as an Excel workbook (ranking sheet, then every line with its record) and as a PDF."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from safe_text import office

from .assessment import Assessment, LineKind, tasks_of_lines


def assessment_workbook(assessment: Assessment) -> bytes:
    book = Workbook()
    ranking = book.active
    ranking.title = _("Ranking")[:31]
    kinds = LineKind.ORDER
    ranking.append([_("Rank"), _("Unit"), _("Score"), _("Base score")] + [str(LineKind.LABELS[k]) for k in kinds])
    for score in assessment.scores:
        office.append(ranking, [score.rank, score.unit.name, float(score.score), float(score.base)]
                       + [float(score.subtotal(k)) for k in kinds])
    lines = book.create_sheet(_("Breakdown")[:31])
    lines.append([_("Unit"), _("Item"), _("Task"), _("Record"), _("Details"), _("Points"), _("Weight"),
                  _("Weighted points")])
    tasks = tasks_of_lines(assessment.scores)
    for score in assessment.scores:
        for line in score.lines:
            task = tasks.get(line.task_id)
            label = f"{task.number_path} {task.text[:60]}" if task else ""
            office.append(lines, [score.unit.name, line.label, label, line.record, line.detail, float(line.points),
                          float(line.weight), float(line.weighted)])
    for sheet in (ranking, lines):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def assessment_pdf(assessment: Assessment) -> bytes:
    import weasyprint

    html = render_to_string("supervision/assessment_pdf.html", {"assessment": assessment})
    return weasyprint.HTML(string=html).write_pdf()
