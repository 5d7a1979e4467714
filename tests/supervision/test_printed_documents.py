"""The supervision office's papers: the 督办单 signed by the office the settings name, with its dates written
2026年11月30日; the assessment workbook laid out to print (title row, widths, frozen header, print titles,
landscape fit, rows tall enough for their wrapped text) and its PDF; each download named after the document.
Rendered to PNG in tests/artifacts/ for a person to look at."""

import datetime
import io
import os
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from supervision.models import ScoreAdjustment
from tests.conftest import skip_or_fail
from tests.hardening.test_download_names import parse
from tests.supervision import test_assessment
from tests.supervision.conftest import chinese
from tests.supervision.test_notices import issue

pytestmark = pytest.mark.django_db

# The assessment tests' hand-worked district, shared rather than copied.
district = test_assessment.district


def columns_taken(text: str) -> int:
    """Excel's column widths count a Chinese character as two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        skip_or_fail(f"{name} is not installed (apt-get install poppler-utils)", "DUBAN_REQUIRE_BROWSER")
    return path


def pdf_text(content: bytes) -> str:
    return subprocess.run([tool("pdftotext"), "-layout", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()


def needs_weasyprint():
    from reports.exports.pdf import missing_requirements

    if missing_requirements():
        skip_or_fail(f"WeasyPrint cannot make PDFs here: {missing_requirements()}", "DUBAN_REQUIRE_BROWSER")


# --------------------------------------------------------------------------------------------- 督办单


def test_the_notice_is_signed_by_the_office_the_settings_name_with_chinese_dates(client, world, settings,
                                                                                 artifacts_dir):
    needs_weasyprint()
    settings.DUBAN_ISSUING_OFFICE = "云溪区人民政府督查室"
    notice = issue(world)
    client.force_login(world["lead_staff"])
    response = client.get(reverse("supervision:notice_pdf", args=[notice.pk]))
    text = pdf_text(response.content)
    for expected in ("云溪区人民政府督查室", "2026年11月22日", "2026年11月30日", "2026年12月31日"):
        assert expected in text, (expected, text)
    assert "2026-11-30" not in text and "2026-11-22" not in text
    with open(os.path.join(artifacts_dir, "printed-notice.pdf"), "wb") as pdf:
        pdf.write(response.content)
    subprocess.run([tool("pdftoppm"), "-png", "-r", "60", os.path.join(artifacts_dir, "printed-notice.pdf"),
                    os.path.join(artifacts_dir, "printed-notice")], check=True)


def test_without_an_office_set_the_notice_names_the_districts_office(client, world, settings):
    needs_weasyprint()
    settings.DUBAN_ISSUING_OFFICE = ""
    settings.DUBAN_DISTRICT_NAME = "青山区"
    notice = issue(world)
    client.force_login(world["supervisor"])
    text = pdf_text(client.get(reverse("supervision:notice_pdf", args=[notice.pk])).content)
    assert "青山区" in text and chinese("District supervision office") not in text


@pytest.mark.parametrize("api", [False, True])
def test_the_notice_is_named_after_itself(client, world, api):
    needs_weasyprint()
    notice = issue(world)
    client.force_login(world["supervisor"])
    url = f"/api/v1/notices/{notice.pk}/pdf/" if api else reverse("supervision:notice_pdf", args=[notice.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    disposition, ascii_name, name = parse(response["Content-Disposition"])
    assert (disposition, name) == ("inline", f"{chinese('Supervision notice')}{notice}.pdf")
    assert ascii_name == f"notice-{notice}.pdf"


# ----------------------------------------------------------------------------------------- 考核


def test_the_assessment_workbook_is_laid_out_to_print(client, district):
    ScoreAdjustment.objects.create(year=2026, unit=district.a, points=1, made_on=datetime.date(2026, 11, 21),
                                   reason="牵头承办全区营商环境专项督查，" * 6 + "经区委区政府主要领导同意加分。")
    client.force_login(district.supervisor)
    response = client.get(reverse("supervision:export_excel", args=[2026]) + "?as_of=2026-11-22",
                          HTTP_ACCEPT_LANGUAGE="zh-hans")
    book = load_workbook(io.BytesIO(response.content))
    for sheet in book.worksheets:
        assert "2026年11月22日" in sheet["A1"].value and "2026" in sheet["A1"].value  # the title row
        assert any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges)
        assert sheet["A1"].font.b and sheet["A1"].font.sz >= 14
        assert all(cell.font.b for cell in sheet[2] if cell.value)  # the header
        assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$2:$2"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize in (8, 9)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0 and "&P" in sheet.oddFooter.center.text
        for column in "ABC":
            assert sheet.column_dimensions[column].width >= 8
    lines = book.worksheets[1]
    details = [c for c in lines["E"][2:] if c.value]
    wide = [c for c in details if columns_taken(str(c.value)) > lines.column_dimensions["E"].width]
    assert wide, "a line long enough to wrap"
    for cell in wide:
        assert cell.alignment.wrap_text and (lines.row_dimensions[cell.row].height or 0) > 20


def test_the_assessment_downloads_are_named_after_the_assessment(client, district):
    needs_weasyprint()
    client.force_login(district.supervisor)
    for view, extension in (("supervision:export_excel", "xlsx"), ("supervision:export_pdf", "pdf")):
        response = client.get(reverse(view, args=[2026]) + "?as_of=2026-11-22", HTTP_ACCEPT_LANGUAGE="zh-hans")
        disposition, ascii_name, name = parse(response["Content-Disposition"])
        assert disposition == "attachment" and name.endswith(f".{extension}")
        assert "2026" in name and "2026年11月22日" in name
        assert ascii_name == f"assessment-2026-20261122.{extension}"


def test_the_assessment_pdf_writes_its_date_in_chinese(client, district, artifacts_dir):
    needs_weasyprint()
    client.force_login(district.supervisor)
    response = client.get(reverse("supervision:export_pdf", args=[2026]) + "?as_of=2026-11-22",
                          HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = pdf_text(response.content)
    assert "2026年11月22日" in text and "2026-11-22" not in text
    path = os.path.join(artifacts_dir, "printed-assessment.pdf")
    with open(path, "wb") as pdf:
        pdf.write(response.content)
    subprocess.run([tool("pdftoppm"), "-png", "-r", "60", "-l", "2", path,
                    os.path.join(artifacts_dir, "printed-assessment-pdf")], check=True)


def test_the_assessment_workbook_renders_in_libreoffice(client, district, tmp_path, artifacts_dir):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        skip_or_fail("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)",
                     "DUBAN_REQUIRE_LIBREOFFICE")
    client.force_login(district.supervisor)
    response = client.get(reverse("supervision:export_excel", args=[2026]) + "?as_of=2026-11-22",
                          HTTP_ACCEPT_LANGUAGE="zh-hans")
    source = tmp_path / "assessment.xlsx"
    source.write_bytes(response.content)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    printed = (tmp_path / "assessment.pdf").read_bytes()
    flat = "".join(pdf_text(printed).split())
    assert "2026年11月22日" in flat and "甲单位" in flat and "丙单位" in flat
    (tmp_path / "assessment.pdf").rename(tmp_path / "a.pdf")
    subprocess.run([tool("pdftoppm"), "-png", "-r", "60", "-l", "3", str(tmp_path / "a.pdf"),
                    os.path.join(artifacts_dir, "printed-assessment-xlsx")], check=True)
