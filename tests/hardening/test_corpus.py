"""The bad-input corpus (corpus.py) through every path that takes text and every output that carries it.

Paths: the web import (pasted and uploaded), `import_plan`, the update form, the API and the task editor.
Each must store what the input rule keeps (control characters dropped, everything else as typed), with no
server error. Outputs: the task page and task list (escaped), the task list's Excel, the plan ledger and the
report's Excel, Word and PDF files (text cells only, no control characters)."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from docx import Document as open_docx

from plans.ledger import plan_ledger
from plans.models import Plan
from reports.building import build_report
from reports.exports import write_file
from reports.periods import ReportPeriod
from tasks.models import ProgressUpdate, ReviewState, Task
from tests.api.conftest import token_client
from tests.importing.test_import_pages import confirm_data
from tests.progress.conftest import (  # noqa: F401  (_fixed_today and world are fixtures used here)
    LAST_MONTH,
    TODAY,
    _fixed_today,
    make_update,
    world,
)
from tests.progress.test_pages import form, update_url
from tests.progress.test_task_editor import _open_editor

from .corpus import TEXT_CORPUS
from .test_exports_are_inert import formula_cells, texts

pytestmark = pytest.mark.django_db
CORPUS_IDS = [f"corpus{index}" for index in range(len(TEXT_CORPUS))]


def plan_document(task_text: str) -> str:
    return ("测试区2026年重点工作任务分解\n一、深化改革\n"
            f"1.{task_text}。牵头单位：区发展和改革委员会。2026年12月底前完成。\n")


def imported_task_text(plan: Plan) -> str:
    return plan.tasks.get(number="1").text


def folded(text: str) -> str:
    """The parser joins a paragraph's lines with a space, as a document's wrapped lines read."""
    return " ".join(text.split())


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]


@pytest.mark.parametrize(("typed", "kept"), TEXT_CORPUS, ids=CORPUS_IDS)
def test_the_web_import_stores_the_text_as_the_rule_keeps_it(client, world, typed, kept):  # noqa: F811
    client.force_login(world["supervisor"])
    for how in ("paste", "upload"):
        if how == "paste":
            started = client.post(reverse("plans:import"), {"text": plan_document(typed)})
        else:
            upload = SimpleUploadedFile("plan.txt", plan_document(typed).encode("utf-8"))
            started = client.post(reverse("plans:import"), {"file": upload})
        assert started.status_code == 302, started.content[:500]
        preview = client.get(started.url)
        assert_no_server_error(preview)
        saved = client.post(started.url, {**confirm_data(preview), "allow_duplicate": "on"})
        assert saved.status_code == 302, saved.content[:800]
        plan = Plan.objects.order_by("-pk").first()
        assert folded(kept) in folded(imported_task_text(plan))


@pytest.mark.parametrize(("typed", "kept"), TEXT_CORPUS, ids=CORPUS_IDS)
def test_import_plan_stores_the_text_as_the_rule_keeps_it(tmp_path, typed, kept, db):
    path = tmp_path / "plan.txt"
    path.write_text(plan_document(typed), encoding="utf-8")
    call_command("import_plan", str(path), stdout=io.StringIO())
    assert folded(kept) in folded(imported_task_text(Plan.objects.get()))


@pytest.mark.parametrize(("typed", "kept"), TEXT_CORPUS, ids=CORPUS_IDS)
def test_the_update_form_and_the_api_store_the_text_as_the_rule_keeps_it(client, world, typed, kept):  # noqa: F811
    client.force_login(world["resp_staff"])
    response = client.post(update_url(world), form(text=typed))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().narrative == kept
    created = token_client(world["lead_staff"]).post(
        "/api/v1/updates/", {"task": world.task.pk, "unit": world.lead.pk, "period": "2026-11", "narrative": typed,
                             "problems": typed, "next_steps": typed, "percent_complete": 30}, format="json")
    assert created.status_code == 201, created.content
    update = ProgressUpdate.objects.get(unit=world.lead)
    assert (update.narrative, update.problems, update.next_steps) == (kept, kept, kept)


@pytest.mark.parametrize(("typed", "kept"), TEXT_CORPUS, ids=CORPUS_IDS)
def test_the_task_editor_stores_the_text_as_the_rule_keeps_it(client, world, typed, kept):  # noqa: F811
    data = _open_editor(client, world)
    data |= {"text": typed, "leader_post": typed[:50], "targets-0-text": typed}
    response = client.post(reverse("tasks:edit", args=[world.task.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    task = Task.objects.get(pk=world.task.pk)
    assert task.text == kept and task.targets.get().text == kept


@pytest.fixture
def everything_stored(world):  # noqa: F811
    """Every corpus text stored as it was before the input rule: in tasks, units' updates and a target."""
    tasks = [world.task, world.other_task, world.local_task]
    for index, task in enumerate(tasks):
        Task.objects.filter(pk=task.pk).update(text=task.text + "\n".join(typed for typed, _ in TEXT_CORPUS[index::3]))
    make_update(world.task, world.resp, state=ReviewState.ACCEPTED, period=LAST_MONTH,
                narrative="\n".join(typed for typed, _ in TEXT_CORPUS),
                problems="".join(typed for typed, _ in TEXT_CORPUS[:3]))
    return world


def test_pages_show_every_corpus_text_escaped(client, everything_stored):
    stored = everything_stored
    client.force_login(stored["supervisor"])
    for url in (reverse("tasks:detail", args=[stored.task.pk]), reverse("tasks:list"),
                reverse("plans:detail", args=[stored.plan.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert(" not in html and "onerror=alert(1)>" not in html
    page = client.get(reverse("tasks:detail", args=[stored.task.pk])).content.decode()
    assert escape('<script>alert("督办")</script>') in page


def test_files_hold_every_corpus_text_as_plain_text(client, everything_stored, tmp_path):
    stored = everything_stored
    client.force_login(stored["supervisor"])
    listing = b"".join(client.get(reverse("tasks:list") + "?format=xlsx").streaming_content)
    ledger = plan_ledger(stored.plan)
    report = build_report(ReportPeriod("monthly", LAST_MONTH), None, actor=stored["supervisor"], today=TODAY).report
    workbook = tmp_path / "report.xlsx"
    write_file(report, "xlsx", workbook)
    for data in (listing, ledger, workbook.read_bytes()):
        assert formula_cells(data) == []
        written = "\n".join(texts(data))
        missing = [kept for _typed, kept in TEXT_CORPUS[:3] if kept not in written]
        assert not missing, (data is listing, data is ledger, missing)
    circular = tmp_path / "report.docx"
    write_file(report, "docx", circular)
    words = "\n".join(cell.text for table in open_docx(str(circular)).tables for row in table.rows
                      for cell in row.cells)
    assert TEXT_CORPUS[0][1] in words and "\x1b" not in words
    printed = tmp_path / "report.pdf"
    write_file(report, "pdf", printed)
    assert printed.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True).stdout
        assert "HYPERLINK" in text
