"""The files a report becomes, opened as their readers open them: openpyxl, the PDF's text and fonts
(poppler), python-docx. First pages are rendered to tests/artifacts/ for a person to look at."""

import datetime
import os
import shutil
import subprocess

import docx
import openpyxl
import pytest
from django.utils.translation import gettext, override

from reports.editing import save_row
from reports.exports import write_file
from reports.exports.pdf import cjk_fonts, missing_requirements
from tests.conftest import skip_or_fail

DEPOSIT_TEXT = "督查室改写的进展：已完成主体工程。"


def zh(msgid: str) -> str:
    """What the Chinese catalogue makes of one of our msgids (the msgid itself until it is translated)."""
    with override("zh-hans"):
        return gettext(msgid)


@pytest.fixture
def edited(october, district, supervisor):
    row = october.rows.get(task_id=district.tasks["t1"].pk)
    save_row(supervisor, row, {"progress": DEPOSIT_TEXT, "remark": "已核实"}, row.version)
    hidden = october.rows.get(task_id=district.tasks["t6"].pk)
    save_row(supervisor, hidden, {"hidden": True}, hidden.version)
    october.refresh_from_db()
    return october


def needs(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        skip_or_fail(f"{tool} is not installed (apt-get install poppler-utils)", "DUBAN_REQUIRE_BROWSER")
    return path


def run(*command) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


# ------------------------------------------------------------------------------------------- Excel


def test_excel_has_a_printable_summary_and_ledger(edited, district, tmp_path, artifacts_dir):
    path = tmp_path / "report.xlsx"
    with override("zh-hans"):
        write_file(edited, "xlsx", path)
    shutil.copy(path, os.path.join(artifacts_dir, "report.xlsx"))
    wb = openpyxl.load_workbook(path)
    summary, ledger = wb.worksheets
    assert ledger.title == zh("Ledger") and summary.title == zh("Summary")

    # title merged across the ledger, plan and period in it
    assert ledger["A1"].value == edited.title and "A1:I1" in {str(r) for r in ledger.merged_cells.ranges}
    assert ledger["A1"].font.b and ledger["A1"].alignment.horizontal == "center"
    headers = [cell.value for cell in ledger[3]]
    assert headers == [zh(h) for h in ("No.", "Work task", "Lead units", "Responsible units", "Deadline",
                                       "Progress", "Problems", "Status", "Remark")]
    assert all(cell.font.b for cell in ledger[3]) and ledger["A3"].fill.fgColor.rgb.endswith("D9E1F2")
    assert ledger.print_title_rows == "$3:$3" and ledger.freeze_panes == "A4"

    # print setup: A3 landscape, fit to one page wide, footer with page numbers
    assert ledger.page_setup.paperSize == 8 and ledger.page_setup.orientation == "landscape"
    assert ledger.sheet_properties.pageSetUpPr.fitToPage and ledger.page_setup.fitToWidth == 1
    assert ledger.page_setup.fitToHeight == 0
    assert ledger.oddFooter.center.text == "第 &P 页 共 &N 页"

    rows = {row[0].value: row for row in ledger.iter_rows(min_row=4) if row[1].value}
    t1 = rows["一(一)1"]
    assert t1[1].value == "任务1" and t1[2].value == "区发展和改革委员会"
    assert isinstance(t1[4].value, datetime.datetime) and t1[4].value.date() == datetime.date(2026, 12, 31)
    assert t1[4].number_format == 'yyyy"年"m"月"d"日"'  # shown as 2026年12月31日
    assert t1[5].value == DEPOSIT_TEXT and t1[8].value == "已核实" and t1[5].alignment.wrap_text
    assert "任务6" not in {row[1].value for row in rows.values()}  # hidden by the office
    # health as cell fills: t5 said blocked in October (red), t3 is completed (grey)
    assert rows["二5"][7].fill.fgColor.rgb.endswith("F8D0D0")
    assert rows["二3"][7].fill.fgColor.rgb.endswith("E2E3E5")
    # section rows merged across the table
    section_rows = [row for row in ledger.iter_rows(min_row=4) if row[0].value and not row[1].value]
    labels = [row[0].value for row in section_rows]
    assert labels == ["2026年重点工作 一、 经济发展", "2026年重点工作 二、 民生保障", "2026年冬季专项 一、 保供"]
    # wide text columns are wider than the number column
    assert ledger.column_dimensions["B"].width > ledger.column_dimensions["A"].width

    # summary: numbers as numbers, rates as percentages
    figures = {row[0].value: row[1] for row in summary.iter_rows(min_row=5, max_row=14)}
    tasks = figures[zh("Tasks (incl. ▲ sub-items)")].value
    assert tasks == 8 and isinstance(tasks, int)
    assert figures[zh("Of them ▲ sub-items")].value == 1  # t4
    assert figures[zh("Completion rate")].value == pytest.approx(0.125)
    assert figures[zh("Completion rate")].number_format == "0.0%"
    assert figures[zh("Behind schedule")].value == 5  # end of October: t1 and t6 sent nothing for September
    units = {row[0].value: row for row in summary.iter_rows() if row[0].value == "区住房和城乡建设管理委员会"}
    assert units, "the reporting-by-unit table names the late unit"


# --------------------------------------------------------------------------------------------- PDF


@pytest.fixture
def pdf_tools():
    if missing_requirements():
        skip_or_fail(f"WeasyPrint cannot make PDFs here: {missing_requirements()}", "DUBAN_REQUIRE_BROWSER")
    return needs("pdftotext"), needs("pdffonts"), needs("pdftoppm"), needs("pdfinfo")


def test_pdf_prints_the_chinese_figures_with_embedded_fonts(edited, pdf_tools, tmp_path, artifacts_dir):
    pdftotext, pdffonts, pdftoppm, pdfinfo = pdf_tools
    path = os.path.join(artifacts_dir, "report.pdf")
    with override("zh-hans"):
        write_file(edited, "pdf", path)
    text = run(pdftotext, "-raw", path, "-")  # content order: a wrapped cell stays together
    flat = "".join(text.split())
    for expected in [edited.title, "2026年重点工作", "经济发展", "民生保障", "区发展和改革委员会", "青岚街道办事处",
                     DEPOSIT_TEXT, "已核实", "12.5%", "50%", zh("Work task"), zh("Progress")]:
        assert "".join(expected.split()) in flat, f"{expected!r} is not in the PDF's text"
    assert "二5任务5" in flat  # a ledger row: number, then text
    # hidden by the office: no ledger row, only its target among the targets, named by its number
    assert flat.count("二6任务6") == flat.count("二6任务6：新建10个") == 1

    pages = int(next(line.split()[-1] for line in run(pdfinfo, path).splitlines() if line.startswith("Pages:")))
    assert pages >= 3  # title and figures, charts, ledger
    with override("zh-hans"):
        footer = gettext("Page %(page)s of %(pages)s") % {"page": 1, "pages": pages}
    assert "".join(footer.split()) in flat

    # every font embedded, and one of them a CJK font that drew the Chinese text
    fonts = run(pdffonts, path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    assert any("CJK" in line or "WenQuanYi" in line for line in fonts)
    # coverage: the text has no replacement characters or empty boxes where glyphs were missing
    assert "\ufffd" not in text and "□" not in text

    subprocess.run([pdftoppm, "-png", "-r", "70", "-f", "1", "-l", "1", path,
                    os.path.join(artifacts_dir, "report-pdf")], check=True)
    assert os.path.exists(os.path.join(artifacts_dir, "report-pdf-1.png"))


def test_pdf_ledger_on_a3_landscape(october, pdf_tools, tmp_path):
    _pdftotext, _pdffonts, _pdftoppm, pdfinfo = pdf_tools
    path = tmp_path / "a3.pdf"
    write_file(october, "pdf", path, paper="a3")
    sizes = run(pdfinfo, "-f", "1", "-l", "20", str(path))
    assert "1190.55 x 841.89" in sizes or "1191 x 842" in sizes  # an A3 landscape page
    assert "595.276 x 841.89" in sizes or "595 x 842" in sizes  # and A4 pages


def test_pdf_says_what_to_install_without_weasyprint_libraries(monkeypatch):
    from reports.exports import pdf

    monkeypatch.setattr(pdf, "_weasyprint_problem", lambda: "cannot load library 'libpango-1.0-0'")
    assert "libpango" in missing_requirements()
    monkeypatch.setattr(pdf, "_weasyprint_problem", lambda: None)
    monkeypatch.setattr(pdf, "cjk_fonts", lambda: ())
    assert "fonts-noto-cjk" in missing_requirements()
    with pytest.raises(pdf.PdfUnavailable):
        pdf.write_pdf(None, "/nonexistent.pdf")


def test_the_chinese_fonts_are_found_where_they_are_installed():
    if not shutil.which("fc-list"):
        skip_or_fail("fontconfig is not installed", "DUBAN_REQUIRE_BROWSER")
    if not cjk_fonts():
        skip_or_fail("no Chinese font installed (apt-get install fonts-noto-cjk)", "DUBAN_REQUIRE_BROWSER")
    assert any("CJK" in family or "WenQuanYi" in family for family in cjk_fonts())


# -------------------------------------------------------------------------------------------- Word


def test_word_circular_follows_the_government_document_layout(edited, tmp_path, artifacts_dir):
    path = tmp_path / "report.docx"
    with override("zh-hans"):
        write_file(edited, "docx", path)
    shutil.copy(path, os.path.join(artifacts_dir, "report.docx"))
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)

    title = document.paragraphs[0]
    assert title.text == edited.title and title.alignment == 1  # centred
    assert title.runs[0].font.size.pt == 22
    body = [p for p in document.paragraphs[1:] if p.text.strip()]
    summary_paragraphs = [p.strip() for p in edited.summary.split("\n\n") if p.strip()]
    assert [p.text for p in body[:len(summary_paragraphs)]] == [" ".join(p.splitlines()) for p in
                                                                 summary_paragraphs]
    first = body[0]
    assert first.runs[0].font.size.pt == 16 and first.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    east_asian = first.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert "仿宋" in east_asian
    headings = [p.text for p in body if p.text[:2] in ("一、", "二、", "三、", "四、")]
    assert headings[0] == "一、" + zh("Progress of tasks")

    ledger = document.tables[0]
    assert [c.text for c in ledger.rows[0].cells] == [zh(h) for h in ("No.", "Work task", "Lead units", "Progress",
                                                                       "Status")]
    assert ledger.rows[0]._tr.trPr.xpath("./w:tblHeader")  # the header repeats on each page
    texts = {row.cells[0].text: row.cells for row in ledger.rows[1:]}
    assert DEPOSIT_TEXT in texts["一(一)1"][3].text and "已核实" in texts["一(一)1"][3].text
    all_text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "区住房和城乡建设管理委员会" in all_text  # reported late: named in the reporting table


# ------------------------------------------------------------------------------- LibreOffice view


def test_the_excel_ledger_renders_in_libreoffice(october, tmp_path, artifacts_dir):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed: the Excel ledger is not rendered to PNG")
    pdftoppm = needs("pdftoppm")
    xlsx = tmp_path / "ledger.xlsx"
    write_file(october, "xlsx", xlsx)
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "ledger.pdf"
    assert pdf.exists()
    # the summary sheet prints first; the ledger starts on a later page — render the first few
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf),
                    os.path.join(artifacts_dir, "report-xlsx")], check=True)
    assert os.path.exists(os.path.join(artifacts_dir, "report-xlsx-1.png"))
