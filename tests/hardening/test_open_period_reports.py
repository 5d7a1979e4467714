"""A report, the trend and the assessment for a month still running: before the month's reporting day (the
25th here) its updates are not yet due — never counted missing or late, no unit named as late, no reporting
rate made of them; once the day is over, the ones that did not come are missing.

The dashboards' hand-worked district (tests/dashboards/conftest.py): November's updates are owed by every unit
its running tasks name, and two came early (t1 and t8, on 11-20)."""

import datetime

import pytest
from django.utils import translation

from reports import figures
from reports.building import build_report, scope_of_report
from reports.periods import ReportPeriod
from supervision.assessment import LineKind, assess_units
from tests.reports.conftest import NOV, district  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NOVEMBER = ReportPeriod("monthly", NOV)
BEFORE_THE_DAY = [datetime.date(2026, 11, 6), datetime.date(2026, 11, 22), datetime.date(2026, 11, 25)]
AFTER_THE_DAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _reporting_day(settings):
    settings.DUBAN_REPORTING_DAY = 25
    settings.DUBAN_REPORTING_DAY_BEFORE_WEEKEND = False


def build(today):
    with translation.override("en"):
        return build_report(NOVEMBER, None, today=today).report


@pytest.mark.parametrize("today", BEFORE_THE_DAY, ids=str)
def test_a_report_built_before_the_reporting_day_counts_nothing_missing(district, today):  # noqa: F811
    report = build(today)
    reporting = report.figures["reporting"]
    assert (reporting["expected"], reporting["missing"], reporting["late"]) == (0, 0, 0)
    assert reporting["not_yet_due"] > 0
    assert report.figures["reporting_rate"] is None  # no rate made of updates not yet due
    assert [u["name"] for u in report.figures["units"] if u["missing"] or u["late"]] == []
    assert "not at all" not in report.summary and "reported late" not in report.summary
    assert f"{reporting['not_yet_due']} progress updates for 2026-11 are not yet due" in report.summary


def test_the_same_report_after_the_reporting_day_counts_what_did_not_come(district):  # noqa: F811
    before = build(BEFORE_THE_DAY[1]).figures["reporting"]
    report = build(AFTER_THE_DAY)
    reporting = report.figures["reporting"]
    assert reporting["expected"] == before["not_yet_due"]
    assert reporting["on_time"] == before["early"] == 2  # t1 and t8, submitted on 11-20
    assert reporting["missing"] == reporting["expected"] - 2 > 0
    assert reporting["not_yet_due"] == 0
    assert report.figures["reporting_rate"] == round(100 * 2 / reporting["expected"], 1)
    late = [u["name"] for u in report.figures["units"] if u["missing"]]
    assert late and "Units that reported late or not at all: " + late[0] in report.summary


def test_the_trend_shows_the_running_month_as_not_yet_due(district):  # noqa: F811
    scope = scope_of_report(None)
    running = figures.trend(scope, figures.AsOf.for_period(NOV, BEFORE_THE_DAY[1]), months=2)[-1]
    assert (running.reporting.expected, running.reporting.missing, running.reporting_rate) == (0, 0, None)
    assert running.reporting.not_yet_due > 0
    closed = figures.trend(scope, figures.AsOf.for_period(NOV, AFTER_THE_DAY), months=2)[-1]
    assert closed.reporting.missing > 0 and closed.reporting_rate is not None


def test_the_assessment_finds_no_missing_update_before_the_reporting_day(district):  # noqa: F811
    def missing_november(as_of):
        return [line for score in assess_units(2026, as_of=as_of).scores for line in score.lines
                if line.kind == LineKind.MISSING_REPORT and line.detail == "2026-11"]

    assert missing_november(BEFORE_THE_DAY[1]) == []
    assert missing_november(datetime.date(2026, 11, 25)) == []
    assert missing_november(AFTER_THE_DAY) != []


@pytest.mark.parametrize("day", [6, 25, 26], ids=lambda day: f"loaded on the {day}th")
def test_the_demos_reports_read_sensibly_on_any_day_of_the_month(db, day):
    """`make run` loads the demo for today: the report for the month in progress and the one before read as a
    district's would — nothing not yet due counted missing, and once the reporting day is over the month has
    its updates as the month before had (the demo has each task's first lead and responsible unit report)."""
    from plans.demo import load_demo

    today = datetime.date(2026, 11, day)
    load_demo(today=today)
    with translation.override("en"):
        running = build_report(ReportPeriod("monthly", NOV), None, today=today).report.figures["reporting"]
        last = build_report(ReportPeriod("monthly", datetime.date(2026, 10, 1)), None, today=today).report
    assert last.figures["reporting"]["not_yet_due"] == 0 and last.figures["reporting"]["on_time"] > 0
    if day <= 25:  # November's reporting day is not over: nothing of it is owed yet
        assert (running["expected"], running["missing"]) == (0, 0) and running["not_yet_due"] > 0
    else:  # it is over: the demo's units have reported November as they did October
        assert running["not_yet_due"] == 0
        assert running["on_time"] > last.figures["reporting"]["on_time"] / 2  # a few units are still missing
