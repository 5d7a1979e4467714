"""Report tests use the dashboards' hand-worked district (tests/dashboards/conftest.py), living on 2026-11-22,
and its October report."""

import pytest

from reports.building import build_report
from reports.periods import ReportPeriod
from tests.dashboards import conftest as dashboards
from tests.dashboards.conftest import NOV, OCT, SEP, TODAY, District, at  # noqa: F401

# The same district fixture, shared rather than copied.
district = dashboards.district

OCTOBER = ReportPeriod("monthly", OCT)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr("tasks.periods.today", lambda: TODAY)
    monkeypatch.setattr("reports.building.district_today", lambda: TODAY)
    monkeypatch.setattr("reports.tasks.district_today", lambda: TODAY)


@pytest.fixture(autouse=True)
def _jobs_in_process(request, monkeypatch):
    """Jobs run in this process, even when REDIS_URL is set — except in the tests of a real worker."""
    if request.node.get_closest_marker("services") is None:
        from config.celery import app

        monkeypatch.setattr(app.conf, "task_always_eager", True)


@pytest.fixture
def october(district):
    """The October report of all active plans, built on 2026-11-22."""
    return build_report(OCTOBER, None, actor=district.users["supervisor"], today=TODAY).report


@pytest.fixture
def supervisor(district):
    return district.users["supervisor"]
