"""An update is on time when it was FIRST submitted by the end of its reporting day (tasks/reporting_day.py).
Submitted on time, returned by the reviewer and sent again after the due day, it stays on time — in the report
figures, on the dashboard's by-unit page and in the annual assessment alike; the resubmission does not move it."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, PlanStatus
from reports import figures
from supervision.assessment import LineKind, assess_units
from tasks import progress
from tasks.models import ProgressUpdate, Task, TaskUnit, UnitRole
from tests.conftest import make_user
from units.models import GlobalRole, Unit, UnitKind

pytestmark = pytest.mark.django_db

D = datetime.date
OCTOBER = D(2026, 10, 1)
TODAY = D(2026, 11, 22)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def resubmitted(settings, monkeypatch):
    """October's update, due 25 October: submitted on the 20th, returned on the 22nd, sent again on 3 November."""
    settings.DUBAN_REPORTING_DAY = 25
    settings.DUBAN_REPORTING_DAY_BEFORE_WEEKEND = False
    settings.DUBAN_HEAD_APPROVAL = False
    monkeypatch.setattr("tasks.periods.today", lambda: TODAY)
    plan = Plan.objects.create(title="首次报送测试", status=PlanStatus.ACTIVE, period_start=D(2026, 1, 1),
                               period_end=D(2026, 12, 31))
    unit = Unit.objects.create(name="区发展和改革委员会", kind=UnitKind.BUREAU)
    task = Task.objects.create(plan=plan, number="1", text="任务", deadline=D(2026, 12, 31))
    TaskUnit.objects.create(task=task, unit=unit, role=UnitRole.LEAD, name=unit.name)
    staff = make_user("staff", unit=unit)
    supervisor = make_user("supervisor", GlobalRole.SUPERVISOR)

    def moment(when):
        monkeypatch.setattr("django.utils.timezone.now", lambda: when)

    moment(at(D(2026, 10, 1), 9))
    update = ProgressUpdate.objects.create(task=task, unit=unit, period=OCTOBER, narrative="按计划推进。")
    moment(at(D(2026, 10, 20), 10))
    update = progress.submit_update(staff, update, expected_version=update.version)
    moment(at(D(2026, 10, 22), 10))
    update = progress.return_update(supervisor, update, expected_version=update.version, comment="请补充数据。")
    moment(at(D(2026, 11, 3), 10))
    update = progress.submit_update(staff, update, expected_version=update.version)
    monkeypatch.undo()
    monkeypatch.setattr("tasks.periods.today", lambda: TODAY)
    return task, unit, supervisor, update


def test_the_resubmission_keeps_the_first_submission_time(resubmitted):
    *_, update = resubmitted
    update.refresh_from_db()
    assert update.first_submitted_at == at(D(2026, 10, 20), 10)
    assert update.submitted_at == at(D(2026, 11, 3), 10)  # the latest, for "which update speaks"


def test_the_report_figures_count_it_on_time(resubmitted):
    task, unit, *_ = resubmitted
    counts = figures.reporting_counts(figures.Scope(Task.objects.filter(pk=task.pk)), [OCTOBER], TODAY)
    assert (counts[(unit.pk, OCTOBER)].on_time, counts[(unit.pk, OCTOBER)].late) == (1, 0)


def test_the_dashboard_by_unit_page_counts_it_on_time(resubmitted, client):
    _, unit, supervisor, _ = resubmitted
    client.force_login(supervisor)
    response = client.get(reverse("reports:units"), {"period": "2026-11", "months": 1})
    assert response.status_code == 200
    (row,) = [row for row in response.context["units"] if row.unit_id == unit.pk]
    assert (row.reporting.on_time, row.reporting.late) == (1, 0)


def test_the_assessment_has_no_late_line_for_it(resubmitted):
    _, unit, *_ = resubmitted
    assessment = assess_units(2026, as_of=TODAY)
    # the months before October have no update at all: only October's line is in question
    lines = [line.kind for score in assessment.scores if score.unit.pk == unit.pk for line in score.lines
             if line.kind in (LineKind.LATE_REPORT, LineKind.MISSING_REPORT) and line.detail.startswith("2026-10")]
    assert lines == []


def test_the_migration_takes_the_first_submission_from_the_audit_log(resubmitted):
    task, unit, *_ = resubmitted
    imported = ProgressUpdate.objects.create(task=task, unit=unit, period=D(2026, 9, 1),
                                             submitted_at=at(D(2026, 9, 30), 10))  # saved without the log
    ProgressUpdate.objects.update(first_submitted_at=None)  # as every update was before the field
    migration = importlib.import_module("tasks.migrations.0012_progressupdate_first_submitted_at")
    migration.fill_first_submissions(django_apps, None)
    firsts = dict(ProgressUpdate.objects.values_list("period", "first_submitted_at"))
    assert firsts == {OCTOBER: at(D(2026, 10, 20), 10), imported.period: at(D(2026, 9, 30), 10)}
