"""The report on paper, as a supervision office hands it out at a meeting: the Word circular (通报) after
GB/T 9704 — heading levels 一、 （一） 1., the issuing office and the date at the end, a task table whose columns
are as wide as their words need —, every printed date written 2026年11月22日, the download named after the
report's title. Word and Excel files are rendered by LibreOffice, and every file to PNG in tests/artifacts/, for
a person to look at."""

import datetime
import os
import shutil
import subprocess

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from docx.shared import Twips

from reports.content import load_content
from reports.exports import write_file
from reports.exports.pdf import missing_requirements
from reports.models import ExportFormat, JobState, Report, ReportExport
from tests.conftest import skip_or_fail
from tests.hardening.test_download_names import parse

OFFICE = "云溪区人民政府督查室"
BUILT = datetime.date(2026, 11, 22)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def zh(msgid: str) -> str:
    with override("zh-hans"):
        return gettext(msgid)


@pytest.fixture
def report(october, settings) -> Report:
    settings.DUBAN_ISSUING_OFFICE = OFFICE
    at = timezone.make_aware(datetime.datetime.combine(BUILT, datetime.time(9, 30)))
    Report.objects.filter(pk=october.pk).update(built_at=at)
    october.refresh_from_db()
    return october


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        skip_or_fail(f"{name} is not installed (apt-get install poppler-utils)", "DUBAN_REQUIRE_BROWSER")
    return path


def libreoffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        skip_or_fail("LibreOffice is not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)",
                     "DUBAN_REQUIRE_LIBREOFFICE")
    return path


def to_pdf(source, folder) -> str:
    """The file as LibreOffice prints it."""
    profile = folder / "lo-profile"
    subprocess.run([libreoffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    pdf = folder / (source.stem + ".pdf")
    assert pdf.exists()
    return str(pdf)


def pdf_text(path) -> str:
    """The text in content order, so that a wrapped cell stays together."""
    return subprocess.run([tool("pdftotext"), "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pictures(pdf, artifacts_dir, name: str, pages: int = 3) -> list[str]:
    subprocess.run([tool("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", str(pages), str(pdf),
                    os.path.join(artifacts_dir, name)], check=True)
    made = sorted(f for f in os.listdir(artifacts_dir) if f.startswith(name + "-") and f.endswith(".png"))
    assert made
    return made


def words(paragraph) -> str:
    return "".join(paragraph.text.split())


def east_asian_font(paragraph) -> str:
    return paragraph.runs[0]._element.rPr.rFonts.get(f"{W}eastAsia")


# -------------------------------------------------------------------------------------------- Word


def test_the_circular_has_three_heading_levels_in_their_faces(report, tmp_path):
    path = tmp_path / "report.docx"
    with override("zh-hans"):
        write_file(report, "docx", path)
    paragraphs = [p for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    texts = [words(p) for p in paragraphs]

    first = [p for p in paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、")]
    assert [p.text for p in first][:2] == ["一、" + zh("Progress of tasks"), "二、" + zh("Overdue and red tasks")]
    assert all("黑体" in east_asian_font(p) for p in first)

    # the plan's sections under 一、, numbered （一） （二） （三）, their own 一、 not repeated
    second = [p for p in paragraphs if p.text.startswith("（")]
    assert [words(p) for p in second] == ["（一）2026年重点工作经济发展", "（二）2026年重点工作民生保障",
                                          "（三）2026年冬季专项保供"]
    assert all("楷体" in east_asian_font(p) for p in second)

    # under 二、 each overdue or red task, numbered 1. 2. 3., with its problems
    start, end = texts.index(words(first[1])), texts.index(words(first[2]))
    numbered = [t for t in texts[start + 1:end] if t[0].isdigit()]
    problem_rows = load_content(report).problem_rows
    assert problem_rows and len(numbered) == len(problem_rows)
    for number, (text, row) in enumerate(zip(numbered, problem_rows, strict=True), start=1):
        assert text.startswith(f"{number}.{row.number}") and "".join(row.text.split()) in text


def test_the_circular_ends_with_the_issuing_office_and_the_chinese_date(report, tmp_path):
    path = tmp_path / "report.docx"
    with override("zh-hans"):
        write_file(report, "docx", path)
    paragraphs = [p for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    office, date = paragraphs[-2], paragraphs[-1]
    assert (office.text, date.text) == (OFFICE, "2026年11月22日")
    assert date.alignment == 2 and "仿宋" in east_asian_font(date)  # right, in the body's face


def test_the_task_table_gives_the_task_its_room_in_every_reader(report, tmp_path):
    """LibreOffice and WPS lay a table out from its grid, not from the cells' widths: the grid must say it."""
    path = tmp_path / "report.docx"
    with override("zh-hans"):
        write_file(report, "docx", path)
    table = docx.Document(str(path)).tables[0]
    grid = [round(Twips(int(col.get(f"{W}w"))).mm, 1) for col in table._tbl.tblGrid.findall(f"{W}gridCol")]
    headers = [cell.text for cell in table.rows[0].cells]
    task = headers.index(zh("Work task"))
    assert grid[task] >= 45  # 工作任务 reads as sentences, not a column of single characters
    assert sum(grid) == pytest.approx(156, abs=1)  # the type area: 210 − 28 − 26 mm
    assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"


# ------------------------------------------------------------------------------------- Excel, PDF


def test_the_excel_report_writes_its_dates_in_chinese(report, tmp_path):
    path = tmp_path / "report.xlsx"
    with override("zh-hans"):
        write_file(report, "xlsx", path)
    summary, ledger = openpyxl.load_workbook(path).worksheets
    for sheet in (summary, ledger):
        assert "2026年10月31日" in sheet["A2"].value and "2026-" not in sheet["A2"].value
    deadline = next(row[4] for row in ledger.iter_rows(min_row=4) if row[0].value == "一(一)1")
    assert deadline.value.date() == datetime.date(2026, 12, 31)  # still a date a person can sort by
    assert deadline.number_format == 'yyyy"年"m"月"d"日"'


def test_the_summary_sheet_is_tall_enough_for_its_wrapped_lines(report, tmp_path):
    long_target = "全区规模以上工业增加值增长6%左右，战略性新兴产业产值占规模以上工业总产值比重提高到40%以上"
    report.figures["targets_list"][0]["text"] = long_target
    report.save(update_fields=["figures"])
    path = tmp_path / "report.xlsx"
    with override("zh-hans"):
        write_file(report, "xlsx", path)
    summary = openpyxl.load_workbook(path).worksheets[0]
    wrapped = [row[0] for row in summary.iter_rows(min_row=3)
               if len(str(row[0].value or "")) * 2 > summary.column_dimensions["A"].width]
    assert any(long_target in cell.value for cell in wrapped)
    for cell in wrapped:  # at least two lines' height (one line is 15 points)
        assert (summary.row_dimensions[cell.row].height or 0) >= 28, cell.value


def test_the_pdf_report_writes_its_dates_in_chinese(report, tmp_path):
    if missing_requirements():
        skip_or_fail(f"WeasyPrint cannot make PDFs here: {missing_requirements()}", "DUBAN_REQUIRE_BROWSER")
    path = tmp_path / "report.pdf"
    with override("zh-hans"):
        write_file(report, "pdf", path)
    text = "".join(pdf_text(path).split())
    assert "2026年10月31日" in text and "2026年12月31日" in text
    assert "2026-12-31" not in text and "2026-10-31" not in text


def test_the_download_is_named_after_the_report(client, report, district, django_capture_on_commit_callbacks):
    client.force_login(district.users["supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export", args=[report.pk]), {"format": "docx"})
    export = ReportExport.objects.get(report=report, format=ExportFormat.DOCX, state=JobState.DONE)
    response = client.get(reverse("reports:download", args=[report.pk, export.pk]))
    disposition, ascii_name, name = parse(response["Content-Disposition"])
    assert (disposition, name) == ("attachment", f"{report.title}.docx")
    assert ascii_name.startswith(f"report-{report.pk}-") and ascii_name.endswith(".docx")


# --------------------------------------------------------------------------------------- on paper


def test_word_excel_and_pdf_render_to_pages_a_person_can_hand_out(report, tmp_path, artifacts_dir):
    """Each file printed as LibreOffice prints it, then to PNG (tests/artifacts/printed-*.png)."""
    with override("zh-hans"):
        for file_format in ("docx", "xlsx"):
            write_file(report, file_format, tmp_path / f"report.{file_format}")
    circular = to_pdf(tmp_path / "report.docx", tmp_path)
    flat = "".join(pdf_text(circular).split())
    assert "—1—" in flat and OFFICE in flat and "2026年11月22日" in flat and report.title in flat
    pictures(circular, artifacts_dir, "printed-report-docx")

    workbook = to_pdf(tmp_path / "report.xlsx", tmp_path)
    flat = "".join(pdf_text(workbook).split())
    assert "2026年10月31日" in flat and "任务1" in flat
    pictures(workbook, artifacts_dir, "printed-report-xlsx")

    if not missing_requirements():
        with override("zh-hans"):
            write_file(report, "pdf", tmp_path / "report.pdf")
        pictures(tmp_path / "report.pdf", artifacts_dir, "printed-report-pdf", pages=4)
