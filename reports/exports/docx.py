"""The report as a circular (通报) in Word, laid out after GB/T 9704 (党政机关公文格式) so the office can edit and
issue it: A4; margins 37/35/28/26 mm; title centred in a Song-style face at 2号 (22 pt); headings in three
levels — 一、 in a Hei-style face, （一） in a Kai-style face, 1. in the body's face —, body in a Fangsong-style
face at 3号 (16 pt); a fixed line pitch giving 22 lines of 28 characters per page; the issuing office and the
date (2026年11月22日) at the end, the date four characters in from the right and the office centred over it;
page numbers "— 1 —" at the foot.

Tables carry their column widths in the table's grid as well as in each cell: Word reads the cells, but
LibreOffice and WPS lay a table out from its grid, and without it give every column the same width.

The faces are named as government offices have them (仿宋_GB2312 and 方正小标宋 are not free); where they
are missing Word and LibreOffice fall back to the next face, and the free Noto CJK faces are named as
alternatives for east-Asian text."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from paper.dates import chinese_date
from paper.issuer import issuing_office
from paper.sheets import display_width
from reports.content import ReportContent, load_content
from reports.models import Report
from safe_text.office import office_text

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "Noto Serif CJK SC"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
BODY_FALLBACK = "FangSong"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
TABLE_SIZE = Pt(10.5)  # 5号: tables in a circular are set smaller to fit A4
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm type area
TYPE_WIDTH_MM = 156  # 210 mm less the margins of 28 and 26 mm
NUMERALS = "一二三四五六七八九十"
# A plan section's own number at the head of its label ("一、 经济发展"), left out under the circular's （一）.
_SECTION_NUMBER = re.compile(r"(^|\s)[一二三四五六七八九十]+、\s*")


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (to 99: sections and headings never run further)."""
    tens, ones = divmod(number, 10)
    if not tens:
        return NUMERALS[ones - 1]
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def _set_font(run, east_asian: str, latin: str, size, bold: bool = False) -> None:
    run.font.name = latin
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _paragraph(document, text: str, *, east_asian=BODY_FONT, latin="Times New Roman", size=BODY_SIZE, bold=False,
               align=None, indent=True):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        paragraph.alignment = align
    _set_font(paragraph.add_run(office_text(text)), east_asian, latin, size, bold)
    return paragraph


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)
    style = document.styles["Normal"]
    style.font.name = BODY_FALLBACK
    style.font.size = BODY_SIZE
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(footer.add_run("— "), BODY_FONT, "Times New Roman", Pt(14))
    _page_field(footer)
    _set_font(footer.add_run(" —"), BODY_FONT, "Times New Roman", Pt(14))


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    _set_font(run, BODY_FONT, "Times New Roman", Pt(14))
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    no_split = OxmlElement("w:cantSplit")
    properties.append(no_split)


def _fix_grid(table, widths_mm: list[int]) -> None:
    """The table's own width, fixed layout and grid columns, so every reader gives each column its width."""
    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:w"), str(sum(Mm(w).twips for w in widths_mm)))
    width.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    for column, width_mm in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(Mm(width_mm).twips))


def _table(document, headers: list[str], rows: list[list[str]], widths_mm: list[int]) -> None:
    assert sum(widths_mm) == TYPE_WIDTH_MM, widths_mm  # a table fills the type area, no wider
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_grid(table, widths_mm)
    for cell, text, width in zip(table.rows[0].cells, headers, widths_mm, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(cell.paragraphs[0].add_run(text), HEADING_FONT, "Times New Roman", TABLE_SIZE, bold=True)
    _repeat_header(table.rows[0])
    for values in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a task is never split over two pages
        cells = row.cells
        for cell, text, width in zip(cells, values, widths_mm, strict=True):
            cell.width = Mm(width)
            _set_font(cell.paragraphs[0].add_run(office_text(text or "")), BODY_FONT, BODY_FALLBACK, TABLE_SIZE)


def _heading(document, index: int, text: str) -> None:
    """First level: 一、 in the Hei face."""
    _paragraph(document, f"{chinese_numeral(index + 1)}、{text}", east_asian=HEADING_FONT, latin="SimHei")


def _subheading(document, index: int, text: str) -> None:
    """Second level: （一） in the Kai face."""
    _paragraph(document, f"（{chinese_numeral(index + 1)}）{text}", east_asian=SUBHEADING_FONT, latin="KaiTi")


def _item(document, index: int, text: str) -> None:
    """Third level: 1. in the body's face."""
    _paragraph(document, f"{index + 1}. {text}")


def _problem_text(row) -> str:
    text = f"{row.number} {row.text}".strip()
    if row.lead_units:
        text += f"（{_('Lead units')}：{row.lead_units}）"
    if row.source_problems:
        text += f"{_('Problems')}：{' '.join(row.source_problems.split())}"
    return text


def issued_day(report: Report):
    """The circular's date: the day the report was finalised, else the day it was built."""
    moment = report.finalised_at or report.built_at or timezone.now()
    return timezone.localtime(moment).date()


def _signature(document, report: Report) -> None:
    """The issuing office and the date, two blank lines below the text: the date right-aligned four characters
    in from the margin, the office centred over it (GB/T 9704 7.3.5)."""
    office, date = issuing_office(), chinese_date(issued_day(report))
    for _blank in range(2):
        _paragraph(document, "", indent=False)
    date_chars, office_chars = display_width(date) / 2, display_width(office) / 2
    office_indent = max(0.0, 4 + date_chars / 2 - office_chars / 2)
    for text, right_chars in ((office, office_indent), (date, 4)):
        paragraph = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        paragraph.paragraph_format.right_indent = Pt(BODY_SIZE.pt * right_chars)


def build_document(content: ReportContent):
    document = Document()
    _page_setup(document)
    report = content.report
    document.core_properties.title = office_text(report.title)
    title = _paragraph(document, report.title, east_asian=TITLE_FONT, latin=TITLE_FALLBACK, size=TITLE_SIZE,
                       align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    title.paragraph_format.space_after = LINE_PITCH
    for paragraph in (p.strip() for p in report.summary.split("\n\n")):
        if paragraph:
            _paragraph(document, " ".join(paragraph.splitlines()))
    _heading(document, 0, _("Progress of tasks"))
    for index, section in enumerate(content.sections):
        _subheading(document, index, _SECTION_NUMBER.sub(r"\1", section.label, count=1).strip())
        _table(document, [_("No."), _("Work task"), _("Lead units"), _("Progress"), _("Status")],
               [[row.number, row.text, row.lead_units,
                 row.shown_progress + (f"（{row.remark}）" if row.remark else ""), row.status_text]
                for row in section.rows],
               [18, 45, 24, 41, 28])
    _heading(document, 1, _("Overdue and red tasks"))
    if content.problem_rows:
        for index, row in enumerate(content.problem_rows):
            _item(document, index, _problem_text(row))
    else:
        _paragraph(document, _("None."))
    _heading(document, 2, _("Quantitative targets"))
    if content.targets:
        _table(document, [_("Target"), _("Value"), _("Actual"), _("Met")],
               [[f"{t['task']}：{t['text']}", t["wording"],
                 "—" if t["actual"] is None else f"{t['actual']}{t['measure_unit']}",
                 str(t["verdict"])] for t in content.targets],
               [88, 26, 26, 16])
    else:
        _paragraph(document, _("None."))
    _heading(document, 3, _("Reporting by unit"))
    late = [u for u in content.units if u["late"] or u["missing"]]
    if late:
        _table(document, [_("Unit"), _("Due"), _("On time"), _("Late"), _("Not reported")],
               [[u["name"], u["expected"], u["on_time"], u["late"], u["missing"]] for u in late],
               [76, 20, 20, 20, 20])
    else:
        _paragraph(document, _("Every unit reported on time."))
    _signature(document, report)
    return document


def write_docx(report: Report, path) -> None:
    build_document(load_content(report)).save(path)
