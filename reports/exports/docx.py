"""The report as a circular (通报) in Word, laid out after GB/T 9704 (党政机关公文格式) so the office can edit and
issue it: A4; margins 37/35/28/26 mm; title centred in a Song-style face at 2号 (22 pt); first-level
headings in a Hei-style face, body in a Fangsong-style face at 3号 (16 pt); a fixed line pitch giving 22 lines
of 28 characters per page; page numbers "— 1 —" at the foot.

The faces are named as government offices have them (仿宋_GB2312 and 方正小标宋 are not free); where they
are missing Word and LibreOffice fall back to the next face, and the free Noto CJK faces are named as
alternatives for east-Asian text."""

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.content import ReportContent, load_content
from reports.models import Report
from safe_text.office import office_text

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "Noto Serif CJK SC"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
BODY_FALLBACK = "FangSong"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
TABLE_SIZE = Pt(10.5)  # 5号: tables in a circular are set smaller to fit A4
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm type area
NUMERALS = "一二三四五六七八九十"


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


def _table(document, headers: list[str], rows: list[list[str]], widths_mm: list[int]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, headers, widths_mm, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(cell.paragraphs[0].add_run(text), HEADING_FONT, "Times New Roman", TABLE_SIZE, bold=True)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, widths_mm, strict=True):
            cell.width = Mm(width)
            _set_font(cell.paragraphs[0].add_run(office_text(text or "")), BODY_FONT, BODY_FALLBACK, TABLE_SIZE)


def _heading(document, index: int, text: str) -> None:
    _paragraph(document, f"{NUMERALS[index]}、{text}", east_asian=HEADING_FONT, latin="SimHei")


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
    for section in content.sections:
        _paragraph(document, section.label, east_asian="楷体_GB2312", latin="KaiTi")
        _table(document, [_("No."), _("Work task"), _("Lead units"), _("Progress"), _("Status")],
               [[row.number, row.text, row.lead_units,
                 row.shown_progress + (f"（{row.remark}）" if row.remark else ""), row.status_text]
                for row in section.rows],
               [14, 50, 24, 52, 16])
    _heading(document, 1, _("Overdue and red tasks"))
    if content.problem_rows:
        _table(document, [_("No."), _("Work task"), _("Lead units"), _("Problems")],
               [[row.number, row.text, row.lead_units, row.source_problems] for row in content.problem_rows],
               [14, 60, 28, 54])
    else:
        _paragraph(document, _("None."))
    _heading(document, 2, _("Quantitative targets"))
    if content.targets:
        _table(document, [_("Target"), _("Value"), _("Actual"), _("Met")],
               [[f"{t['task']}：{t['text']}", f"{t['value']}{t['measure_unit']}",
                 "—" if t["actual"] is None else f"{t['actual']}{t['measure_unit']}",
                 _("Yes") if t["is_met"] else _("No")] for t in content.targets],
               [90, 26, 26, 14])
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
    return document


def write_docx(report: Report, path) -> None:
    build_document(load_content(report)).save(path)
