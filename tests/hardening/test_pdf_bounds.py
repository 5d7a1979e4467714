"""Every PDF is made in a child process bounded in time (DUBAN_PDF_SECONDS) and memory (DUBAN_PDF_MEMORY_MB):
a PDF that would take too long is stopped with a message saying so, in the export job, on the pages that
send a PDF at once, and in the API — never a 500, never a web process busy for many minutes."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from paper.pdf import PdfFailed, PdfTooSlow, html_to_pdf
from reports.building import build_report
from reports.exports import produce
from reports.models import JobState, ReportExport
from reports.periods import ReportPeriod
from tests.api.conftest import token_client
from tests.progress.conftest import LAST_MONTH, TODAY, _fixed_today, world  # noqa: F401  (fixtures used here)
from tests.supervision.test_notices import issue

pytestmark = pytest.mark.django_db

# A table long enough that WeasyPrint needs many seconds for it.
SLOW_ROWS = "".join(f"<tr><td>第{n}行</td><td>{'工作任务' * 40}</td></tr>" for n in range(30_000))
SLOW_HTML = f"<table>{SLOW_ROWS}</table>"


def test_a_small_document_becomes_a_pdf():
    assert html_to_pdf("<h1>督办</h1>").startswith(b"%PDF")


def test_a_pdf_that_takes_too_long_is_stopped(settings):
    settings.DUBAN_PDF_SECONDS = 1
    with pytest.raises(PdfTooSlow, match="1"):
        html_to_pdf(SLOW_HTML)


def test_a_pdf_that_needs_more_memory_than_allowed_fails_with_a_reason(settings):
    settings.DUBAN_PDF_MEMORY_MB = 40  # too little even to load WeasyPrint
    with pytest.raises(PdfFailed):
        html_to_pdf("<h1>督办</h1>")


def test_a_report_export_that_takes_too_long_fails_with_the_reason_shown(world, settings, monkeypatch):  # noqa: F811
    report = build_report(ReportPeriod("monthly", LAST_MONTH), None, actor=world["supervisor"], today=TODAY).report
    export = ReportExport.objects.create(report=report, format="pdf", requested_by=world["supervisor"])
    settings.DUBAN_PDF_SECONDS = 1
    monkeypatch.setattr("reports.exports.pdf.render_html", lambda report, paper="a4": SLOW_HTML)
    produce(export.pk)
    export.refresh_from_db()
    assert export.state == JobState.FAILED
    assert "1" in export.error and not export.file


def test_the_notice_page_and_api_answer_a_pdf_that_could_not_be_made(client, world, settings):  # noqa: F811
    notice = issue(world)
    settings.DUBAN_PDF_MEMORY_MB = 40
    client.force_login(world["lead_staff"])
    page = client.get(reverse("supervision:notice_pdf", args=[notice.pk]))
    assert page.status_code == 302 and page.url == reverse("supervision:notice", args=[notice.pk])
    assert [str(message) for message in get_messages(page.wsgi_request)]
    api = token_client(world["lead_staff"]).get(f"/api/v1/notices/{notice.pk}/pdf/")
    assert api.status_code == 503 and api.json()["code"] == "pdf_not_made"
