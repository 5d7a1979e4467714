"""Whatever people typed or documents carried, the files Duban writes hold it as plain text: no cell of any
workbook is a formula, and control characters already stored do not break Excel, Word or PDF files."""

import io
import shutil
import zipfile

import pytest
from django.urls import reverse
from docx import Document as open_docx
from openpyxl import load_workbook

from plans.importing import ImportChoices, import_plan, read_source
from plans.ledger import plan_ledger
from reports.building import build_report
from reports.exports import write_file
from reports.periods import ReportPeriod
from tasks.models import ProgressUpdate, Task
from tests.conftest import DEMO_TODAY
from tests.importing.test_ledger import outline
from units.models import Unit, User

from .corpus import CONTROL_TEXT, CONTROL_TEXT_CLEANED, FORMULAS

pytestmark = pytest.mark.django_db


def formula_cells(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [f"{sheet.title}!{cell.coordinate}={cell.value!r}" for sheet in book.worksheets
            for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def texts(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str)]


@pytest.fixture
def hostile(demo_plan):
    """The demo district with formulas typed into task text, progress and a unit's name, and control
    characters stored in others (as they were before the input rule)."""
    tasks = list(Task.objects.filter(plan=demo_plan).order_by("pk"))
    for task, formula in zip(tasks, FORMULAS, strict=False):
        Task.objects.filter(pk=task.pk).update(text=formula)
    Task.objects.filter(pk=tasks[len(FORMULAS)].pk).update(text=CONTROL_TEXT)
    updates = ProgressUpdate.objects.filter(task__plan=demo_plan).order_by("pk")
    for update, formula in zip(updates, FORMULAS, strict=False):
        ProgressUpdate.objects.filter(pk=update.pk).update(narrative=formula, problems=CONTROL_TEXT)
    unit = Unit.objects.filter(task_roles__task__plan=demo_plan).first()
    Unit.objects.filter(pk=unit.pk).update(name="=1+1" + unit.name)
    return demo_plan


@pytest.fixture
def office(hostile):
    return User.objects.get(username="duchashi")


def test_the_task_list_export_holds_typed_formulas_as_text(client, office, hostile):
    client.force_login(office)
    response = client.get(reverse("tasks:list") + "?format=xlsx")
    data = b"".join(response.streaming_content)
    assert formula_cells(data) == []
    written = texts(data)
    assert all(formula in written for formula in FORMULAS[:3])
    assert CONTROL_TEXT_CLEANED in written


def test_the_api_export_holds_typed_formulas_as_text(office, hostile):
    from tests.api.conftest import token_client

    response = token_client(office).get("/api/v1/tasks/?format=xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert formula_cells(data) == []
    assert FORMULAS[0] in texts(data)


def test_the_ledger_holds_formulas_as_text_and_still_reimports_to_the_same_tree(hostile):
    Task.objects.filter(text=CONTROL_TEXT).update(text="普通文字")  # the round trip is about formulas
    data = plan_ledger(hostile)
    assert formula_cells(data) == []
    again = import_plan(read_source(data=data, filename="ledger.xlsx"), choices=ImportChoices(allow_duplicate=True))
    assert outline(again) == outline(hostile)
    assert set(FORMULAS) <= set(Task.objects.filter(plan=again).values_list("text", flat=True))


def test_the_ledger_is_written_whatever_control_characters_are_stored(hostile):
    data = plan_ledger(hostile)
    assert CONTROL_TEXT_CLEANED in texts(data)


def test_the_assessment_workbook_holds_unit_names_and_task_text_as_text(client, office, hostile):
    client.force_login(office)
    response = client.get(reverse("supervision:export_excel", args=[2026]) + f"?as_of={DEMO_TODAY}")
    assert response.status_code == 200
    assert formula_cells(response.content) == []
    assert any(text.startswith("=1+1") for text in texts(response.content))


@pytest.fixture
def report(office, hostile):
    period = ReportPeriod("monthly", DEMO_TODAY.replace(month=DEMO_TODAY.month - 1, day=1))
    return build_report(period, None, actor=office, today=DEMO_TODAY).report


def test_the_report_workbook_holds_formulas_as_text_and_survives_control_characters(report, tmp_path):
    path = tmp_path / "report.xlsx"
    write_file(report, "xlsx", path)
    data = path.read_bytes()
    assert formula_cells(data) == []
    written = texts(data)
    assert any(FORMULAS[0] in text for text in written)
    assert any(CONTROL_TEXT_CLEANED in text for text in written)


def test_the_report_circular_in_word_survives_control_characters(report, tmp_path):
    path = tmp_path / "report.docx"
    write_file(report, "docx", path)
    document = open_docx(str(path))
    words = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "第二行" in words and "\x0b" not in words and "\x1b" not in words
    with zipfile.ZipFile(path) as archive:
        assert b"\x1b" not in archive.read("word/document.xml")


def test_the_report_pdf_survives_control_characters(report, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    import subprocess

    path = tmp_path / "report.pdf"
    write_file(report, "pdf", path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "第二行" in text
