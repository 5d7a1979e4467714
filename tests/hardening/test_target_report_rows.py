"""The report's target rows read as the dashboard's bars do: the target with its comparator (≤30万吨, ≈-3%, and
both ends of a range, not only the lower one), and 达标 / 未达标 / 未报数值 by tasks/target_rule.py — on the
page, in Word and in Excel alike."""

import datetime

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import override

from reports.building import build_report
from reports.content import load_content
from reports.exports import write_file
from reports.periods import ReportPeriod
from tests.conftest import make_user
from units.models import GlobalRole

from .test_target_bars import TARGETS, make_targets

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
OCTOBER = ReportPeriod("monthly", datetime.date(2026, 10, 1))

# As the report prints them, in TARGETS' order: (target, verdict)
EXPECTED = {
    "at most, under the cap": ("≤30万吨", "达标"),
    "at most, over the cap": ("≤30万吨", "未达标"),
    "range, inside": ("1–2%", "达标"),
    "range, above": ("1–2%", "未达标"),
    "decline, reached": ("≈-3%", "达标"),
    "decline, short": ("≈-3%", "未达标"),
    "decline capped, reached": ("≤-2%", "达标"),
    "about, reached": ("≈6.2%", "达标"),
    "at least, short": ("≥50家", "未达标"),
    "figure, passed": ("10个", "达标"),
    "nothing reported": ("≥45万平方米", "未报数值"),
}


@pytest.fixture
def report(unit, monkeypatch):
    monkeypatch.setattr("tasks.periods.today", lambda: TODAY)
    plan = make_targets(unit)
    supervisor = make_user("supervisor", GlobalRole.SUPERVISOR)
    return build_report(OCTOBER, plan, actor=supervisor, today=TODAY).report


def test_the_report_content_words_each_target_and_judges_it(report):
    with override("zh-hans"):
        targets = load_content(report).targets
        assert [(t["wording"], str(t["verdict"])) for t in targets] == list(EXPECTED.values())
    assert len(targets) == len(TARGETS)


def test_the_report_page_prints_the_targets_as_worded(client, report):
    client.force_login(make_user("office", GlobalRole.SUPERVISOR))
    response = client.get(reverse("reports:detail", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    rows = response.content.decode().split('<section class="targets">')[1].split("</section>")[0]
    for wording, verdict in EXPECTED.values():
        assert f">{wording}<" in rows and f">{verdict}<" in rows
    assert ">1%<" not in rows  # a range is not its lower end alone


def test_word_and_excel_print_the_targets_as_worded(report, tmp_path):
    with override("zh-hans"):
        write_file(report, "docx", tmp_path / "report.docx")
        write_file(report, "xlsx", tmp_path / "report.xlsx")
    cells = {cell.text for table in docx.Document(str(tmp_path / "report.docx")).tables
             for row in table.rows for cell in row.cells}
    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx").worksheets[0]
    values = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}
    for wording, verdict in EXPECTED.values():
        assert {wording, verdict} <= cells, (wording, verdict)
        assert {wording, verdict} <= values, (wording, verdict)
