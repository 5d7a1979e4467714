"""The assessment reads as a person would write it: each line's record named in words (1 进展填报 2026年9月, not
"progressupdate:17" or "task:7"), and every score, point and weight with two decimals — 100.00, never 100 beside
99.50 — on the pages, in the PDF and in the workbook, also for a year whose scheme nobody configured."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import Plan, PlanStatus
from supervision.models import ScoringScheme
from tasks.models import Task, TaskUnit, UnitRole
from tests.supervision.test_assessment import district  # noqa: F401 — the hand-worked district
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

QUERY = {"as_of": "2026-11-22"}
RAW_RECORD = re.compile(r"\b(task|progressupdate|deadlineextension|notice|scoreadjustment):\d+")
TWO_DECIMALS = re.compile(r"^[−-]?\d+\.\d\d$")


@pytest.fixture
def unconfigured(district):  # noqa: F811
    """The same district with no scheme saved for 2026 (the defaults apply), and a unit 丁 with nothing to
    score yet: its task's plan starts in December, so it keeps its base score."""
    ScoringScheme.objects.filter(year=2026).delete()
    december = Plan.objects.create(title="冬季专项", status=PlanStatus.ACTIVE, period_start=datetime.date(2026, 12, 1),
                                   period_end=datetime.date(2026, 12, 31))
    quiet = Unit.objects.create(name="丁单位", kind=UnitKind.BUREAU)
    task = Task.objects.create(plan=december, number="1", position=1, text="冬季保供。")
    TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=quiet)
    district.quiet = quiet
    return district


def cells(html: str, css_class: str) -> list[str]:
    return [value.strip() for value in re.findall(rf'<td class="{css_class}"[^>]*>([^<]*)</td>', html)]


def test_the_ranking_prints_every_score_with_two_decimals(client, unconfigured):
    client.force_login(unconfigured.supervisor)
    html = client.get(reverse("supervision:ranking"), {"year": 2026, **QUERY}).content.decode()
    scores = cells(html, "num score")
    assert len(scores) == 4 and "100.00" in scores
    assert all(TWO_DECIMALS.match(score) for score in scores), scores
    assert "100.00" in html.split("ranking-table")[0]  # "each unit starts from 100.00 points"


def test_a_units_breakdown_names_each_record_in_words_with_two_decimals(client, unconfigured):
    d = unconfigured
    client.force_login(d.supervisor)
    html = client.get(reverse("supervision:unit_score", args=[2026, d.a.pk]), QUERY).content.decode()
    assert not RAW_RECORD.search(html), RAW_RECORD.search(html)
    assert "1 进展填报 2026年9月" in html  # 甲's September update on task 1, submitted late
    assert "2 延期申请" in html
    numbers = [value for value in re.findall(r'<td class="num[^"]*"[^>]*>([^<]+)</td>', html)]
    assert numbers and all(TWO_DECIMALS.match(value) for value in numbers), numbers
    base = client.get(reverse("supervision:unit_score", args=[2026, d.quiet.pk]), QUERY).content.decode()
    assert "<strong>100.00</strong>" in base


def test_the_workbook_names_records_in_words_and_formats_points_alike(client, unconfigured):
    client.force_login(unconfigured.supervisor)
    response = client.get(reverse("supervision:export_excel", args=[2026]), QUERY)
    ranking, breakdown = load_workbook(io.BytesIO(response.content)).worksheets
    records = [row[3].value for row in breakdown.iter_rows(min_row=3)]
    assert records and not any(RAW_RECORD.search(str(record)) for record in records), records
    assert "1 进展填报 2026年9月" in records
    for sheet in (ranking, breakdown):
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, float):
                    assert cell.number_format == "0.00", (cell.coordinate, cell.number_format)


def test_the_pdf_names_records_in_words_and_prints_two_decimals(client, unconfigured):
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext is not installed")
    client.force_login(unconfigured.supervisor)
    response = client.get(reverse("supervision:export_pdf", args=[2026]), QUERY)
    text = subprocess.run([pdftotext, "-layout", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    assert not RAW_RECORD.search(text), RAW_RECORD.search(text)
    assert "进展填报 2026年9月" in text and "100.00" in text


def test_the_api_gives_each_lines_record_in_words_beside_its_reference(client, unconfigured):
    d = unconfigured
    client.force_login(d.supervisor)
    body = client.get(f"/api/v1/assessment/2026/units/{d.a.pk}/", QUERY, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    late = next(line for line in body["lines"] if line["kind"] == "late_report")
    assert late["record"].startswith("progressupdate:")  # the reference stays, for tracing
    assert late["record_words"] == "1 进展填报 2026年9月"
