import io
import unicodedata

import openpyxl
import pytest
from django.urls import reverse

from plans.importing import ImportChoices, import_plan, read_source
from plans.ledger import plan_ledger
from plans.tree import build_plan_tree

from .conftest import seed

pytestmark = pytest.mark.django_db


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def outline(plan) -> list:
    """What a person sees of a plan: sections with their tasks, units, deadlines and flags."""

    def tasks(nodes):
        return [
            (
                node.task.number,
                fold(node.task.text),
                [(tu.name or str(tu.unit), tu.qualifier) for tu in node.task.lead_units],
                [(tu.name or str(tu.unit), tu.qualifier) for tu in node.task.responsible_units],
                node.task.deadline_text,
                node.task.deadline,
                node.task.is_livelihood,
                tasks(node.subtasks),
            )
            for node in nodes
        ]

    def sections(nodes):
        return [(fold(node.section.number), fold(node.section.title), tasks(node.tasks), sections(node.subsections))
                for node in nodes]

    tree = build_plan_tree(plan)
    return sections(tree.subsections)


def reimport(plan):
    return import_plan(read_source(data=plan_ledger(plan), filename="ledger.xlsx"),
                       choices=ImportChoices(allow_duplicate=True))


def test_the_demo_plan_round_trips_through_its_excel_ledger(demo_plan):
    again = reimport(demo_plan)
    assert outline(again) == outline(demo_plan)
    assert (again.title, again.doc_number, again.issuer, again.issued_on) == (
        demo_plan.title, demo_plan.doc_number, demo_plan.issuer, demo_plan.issued_on)


def test_a_seed_plan_round_trips_through_its_excel_ledger():
    plan = import_plan(read_source(data=seed("003"), filename="003.txt"))
    assert outline(reimport(plan)) == outline(plan)


def test_ledger_is_laid_out_for_printing(demo_plan):
    sheet = openpyxl.load_workbook(io.BytesIO(plan_ledger(demo_plan))).active
    assert sheet["A1"].value == demo_plan.title
    assert "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}
    header = [cell.value for cell in sheet[5]]
    assert header == ["序号", "工作任务", "牵头单位", "责任单位", "完成时限", "牵头领导"]
    assert all(cell.font.bold for cell in sheet[5])
    assert sheet.freeze_panes == "A6"
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_ledger_download(client, staff, demo_plan):
    client.force_login(staff)
    response = client.get(reverse("plans:ledger", args=[demo_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active["A1"].value == demo_plan.title


def test_ledger_writes_dates_in_chinese_and_rows_tall_enough_for_their_text(demo_plan):
    task = demo_plan.tasks.exclude(deadline=None).order_by("position").first()
    task.deadline_text = ""  # a deadline known only as a date
    task.save(update_fields=["deadline_text"])
    sheet = openpyxl.load_workbook(io.BytesIO(plan_ledger(demo_plan))).active
    row = next(r for r in sheet.iter_rows(min_row=6) if r[1].value == task.text)
    deadline = task.deadline
    assert row[4].value == f"{deadline.year}年{deadline.month}月{deadline.day}日"
    assert reimport(demo_plan).tasks.get(text=task.text).deadline == deadline  # and the importer reads it back
    widths = {cell.column_letter: sheet.column_dimensions[cell.column_letter].width for cell in sheet[5]}
    long_rows = [r for r in sheet.iter_rows(min_row=6) if len(str(r[1].value or "")) * 2 > widths["B"]]
    assert long_rows, "the demo has tasks long enough to wrap"
    for r in long_rows:
        lines = -(-len(str(r[1].value)) * 2 // int(widths["B"]))
        assert (sheet.row_dimensions[r[0].row].height or 0) >= 12 * lines, r[1].value


def test_ledger_renders_in_libreoffice(demo_plan, tmp_path, artifacts_dir):
    """The ledger as LibreOffice prints it, to PNG for a person to look at (tests/artifacts/printed-plan-ledger-*):
    LibreOffice keeps the row heights a file gives, so a long task must show all its lines there. (The PDF's text
    cannot tell: a clipped line is still in it.)"""
    import os
    import shutil
    import subprocess

    from tests.conftest import skip_or_fail

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        skip_or_fail("LibreOffice or poppler-utils is not installed", "DUBAN_REQUIRE_LIBREOFFICE")
    longest = demo_plan.tasks.order_by("position").first()
    longest.text = "推进重点项目建设，" * 12 + "年底前全部完成竣工验收。"  # five lines or so in the 工作任务 column
    longest.save(update_fields=["text"])
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(plan_ledger(demo_plan))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    printed = str(tmp_path / "ledger.pdf")
    text = "".join(subprocess.run(["pdftotext", "-raw", printed, "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert fold(demo_plan.title) in fold(text) and "2026年2月20日" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "2", printed,
                    os.path.join(artifacts_dir, "printed-plan-ledger")], check=True)
