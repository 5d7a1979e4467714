"""The periodic build (called as the beat schedule calls it), its schedule entry, and the command line."""

import datetime

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from reports.models import Report, ReportKind, ReportStatus
from reports.periods import ReportPeriod
from reports.schedule import SCHEDULE_NAME, ensure_schedule
from reports.tasks import build_scheduled_reports, periods_due
from tasks.models import Notification, NotificationKind


@pytest.mark.parametrize(("day", "expected"), [
    (datetime.date(2026, 11, 1), ["2026-10"]),
    (datetime.date(2026, 10, 1), ["2026-09", "2026Q3"]),
    (datetime.date(2026, 7, 1), ["2026-06", "2026Q2", "2026H1"]),
    (datetime.date(2027, 1, 1), ["2026-12", "2026Q4", "2026H2", "2026"]),
    (datetime.date(2026, 11, 2), []),
])
def test_the_first_of_a_month_builds_the_month_before_and_the_quarter_when_one_ended(day, expected):
    assert [period.code for period in periods_due(day)] == expected


def test_the_periodic_build_makes_drafts_for_each_active_plan_and_tells_the_supervisors(district, supervisor):
    result = build_scheduled_reports("2026-11-01")
    reports = Report.objects.order_by("plan__title")
    assert [(r.plan, r.kind, r.period_start, r.status) for r in reports] == [
        (district.winter, ReportKind.MONTHLY, datetime.date(2026, 10, 1), ReportStatus.DRAFT),
        (district.plan, ReportKind.MONTHLY, datetime.date(2026, 10, 1), ReportStatus.DRAFT),
    ]
    assert set(result["built"]) == {r.pk for r in reports}
    assert [(r.rows.count(), r.figures["as_of"]) for r in reports] == [(1, "2026-10-31"), (7, "2026-10-31")]
    notes = Notification.objects.filter(recipient=supervisor, kind=NotificationKind.REPORT_BUILT)
    assert notes.count() == 1 and district.plan.title in notes.get().text
    assert not Notification.objects.filter(kind=NotificationKind.REPORT_BUILT).exclude(recipient=supervisor)

    again = build_scheduled_reports("2026-11-01")  # delivered twice: nothing new, nobody told twice
    assert again["built"] == [] and Report.objects.count() == 2 and notes.count() == 1


def test_the_schedule_is_in_the_beat_table(db):
    task = PeriodicTask.objects.get(name=SCHEDULE_NAME)  # put there by the migration
    assert task.task == "reports.tasks.build_scheduled_reports" and task.enabled
    assert (task.crontab.day_of_month, task.crontab.hour, task.crontab.minute) == ("1", "1", "30")
    task.delete()
    assert ensure_schedule().name == SCHEDULE_NAME


def test_the_command_builds_and_writes_files(district, tmp_path, capsys):
    xlsx, docx_path = tmp_path / "r.xlsx", tmp_path / "r.docx"
    call_command("build_report", "--kind", "quarterly", "--period", "2026Q3", "--plan", str(district.plan.pk),
                 "--xlsx", str(xlsx), "--docx", str(docx_path))
    report = Report.objects.get()
    assert report.period == ReportPeriod.parse("quarterly", "2026Q3") and report.plan == district.plan
    assert openpyxl.load_workbook(xlsx).worksheets[1]["A1"].value == report.title
    assert docx_path.stat().st_size > 0
    call_command("build_report", "--kind", "quarterly", "--period", "2026Q3", "--plan", str(district.plan.pk))
    assert Report.objects.count() == 1  # the draft was rebuilt, not duplicated
    assert "rebuilt" in capsys.readouterr().out


@pytest.mark.parametrize("arguments", [["--period", "2026-13"], ["--period", "2026Q1", "--plan", "999999"]])
def test_the_command_refuses_bad_input(district, arguments):
    with pytest.raises(CommandError):
        call_command("build_report", "--kind", "quarterly" if "Q" in arguments[1] else "monthly", *arguments)
    assert not Report.objects.exists()
