"""Dates at the edge of the calendar: every page and API endpoint that reads a day or a month from its query
(as_of, period, month …) answers a day outside the calendar window, an impossible month or garbage with a
400 and words saying what to write, never a 500 and never a silent fallback to another day.

The pages are found by walking the URL resolver, and which query parameters each reads is seen by watching
the request's query dictionary, so a page added later (or a parameter added to one) is covered too."""

import datetime
import json
from contextlib import contextmanager

import pytest
from django.http import QueryDict
from rest_framework.test import APIClient

from plans.importing import ImportChoices, ImportRejected, import_plan, read_source
from reports.building import build_report
from reports.models import Report
from reports.periods import PeriodError, ReportPeriod
from supervision.extensions import request_extension
from supervision.models import DeadlineExtension
from supervision.workflow import WorkflowError
from tasks.calendar_window import reporting_months
from tasks.forms import TaskForm
from tasks.models import ProgressUpdate
from tests.progress.conftest import LAST_MONTH, World, _fixed_today, make_update, world  # noqa: F401
from tests.security.routes import all_routes
from tests.security.test_access import candidate_ids

pytestmark = pytest.mark.django_db

DATE_PARAMETERS = ("as_of", "period", "month", "due_after", "due_before", "completed_by", "missing_update")
BAD_VALUES = ("garbage", "0001-01-01", "9999-12-31", "0001-01", "9999-12", "2026-13", "2026-02-30")


@contextmanager
def parameters_read():
    """The names the view asked the query (or form) dictionary for, while the block ran."""
    seen: set[str] = set()
    original_get, original_contains = QueryDict.get, QueryDict.__contains__

    def get(self, key, default=None):
        seen.add(key)
        return original_get(self, key, default)

    def contains(self, key):  # how DRF's serializers look for a field (not while the query is being built)
        if not self._mutable:
            seen.add(key)
        return original_contains(self, key)

    QueryDict.get, QueryDict.__contains__ = get, contains
    try:
        yield seen
    finally:
        QueryDict.get, QueryDict.__contains__ = original_get, original_contains


def says_what_to_write(response, name: str) -> bool:
    """A 400 whose body names the problem: the API's error body naming the parameter, or a page showing the
    form's error."""
    if response.get("Content-Type", "").startswith("application/json"):
        return bool(json.loads(response.content).get("fields", {}).get(name))
    html = response.content.decode()
    return 'class="field-error"' in html or 'class="error"' in html


@pytest.fixture
def district(world: World):  # noqa: F811
    make_update(world.task, world.lead, period=LAST_MONTH)
    build_report(ReportPeriod("monthly", LAST_MONTH), world.plan, actor=world["supervisor"])
    return world


def pages_answering(client, ids):
    for route in all_routes():
        if route.is_admin:
            continue
        for url in route.urls({"period": ["2026-10"], "year": ["2026"], "app_label": ["units"]}, default=ids):
            if client.get(url).status_code == 200:
                yield route, url


@pytest.mark.parametrize("role", ["supervisor", "lead_staff"])
def test_every_page_and_endpoint_refuses_days_and_months_outside_the_calendar(client, district, role):
    client.force_login(district[role])
    refused, checked = set(), 0
    for route, url in pages_answering(client, candidate_ids()[:3]):
        separator = "&" if "?" in url else "?"
        for name in DATE_PARAMETERS:
            # Garbage first: a page that does not read the parameter is done with after one request.
            for value in BAD_VALUES:
                with parameters_read() as read:
                    response = client.get(f"{url}{separator}{name}={value}")
                checked += 1
                assert response.status_code != 500, (url, name, value)
                if name not in read:
                    break
                assert response.status_code == 400, (route.name, url, name, value, response.status_code)
                assert says_what_to_write(response, name), (url, name, value)
                refused.add(route.name)
    assert checked > 200
    # The walk reached the pages that take a day or a month: the dashboards, the task list and their API.
    expected = {"reports:overview", "reports:units", "reports:trend", "tasks:list", "supervision:ranking",
                "api:dashboard-overview", "api:task-list", "api:update-list", "api:assessment"}
    if role != "supervisor":
        expected = {"tasks:list", "api:task-list", "api:update-list"}
    assert expected <= refused, sorted(refused)


@pytest.mark.parametrize("value", ["0001-01", "9999-12", "2026-13", "garbage"])
def test_update_page_for_a_month_outside_the_calendar_is_not_found_not_an_error(client, district, value):
    client.force_login(district["lead_staff"])
    response = client.get(f"/tasks/{district.task.pk}/updates/{district.lead.pk}/{value}/")
    assert response.status_code == 404



# ------------------------------------------------------------------------------------------- days written


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("period", ["0001-01", "2025-12", "2027-01"])
def test_an_update_for_a_month_outside_the_plan_is_refused_on_the_page_and_by_the_api(client, world, period):  # noqa: F811
    """The plan runs through 2026 (the task's deadline too); today is 2026-11."""
    client.force_login(world["resp_staff"])
    page = client.post(f"/tasks/{world.task.pk}/updates/{world.resp.pk}/{period}/",
                       {"status": "on_track", "percent_complete": 10, "narrative": "推进中。", "action": "save"})
    assert page.status_code == 404
    response = api_client(world["resp_staff"]).post("/api/v1/updates/", {
        "task": world.task.pk, "unit": world.resp.pk, "period": period, "narrative": "推进中。"}, format="json")
    assert response.status_code == 400, response.json()
    assert "2026-01" in json.dumps(response.json(), ensure_ascii=False) or "period" in response.json()["fields"]
    assert not ProgressUpdate.objects.exists()


def test_an_update_for_a_month_of_the_plan_is_still_taken(world):  # noqa: F811
    response = api_client(world["resp_staff"]).post("/api/v1/updates/", {
        "task": world.task.pk, "unit": world.resp.pk, "period": "2026-01", "narrative": "推进中。"}, format="json")
    assert response.status_code == 201, response.json()


def test_a_task_given_more_time_than_its_plan_keeps_reporting(world):  # noqa: F811
    world.task.deadline = datetime.date(2027, 6, 30)
    world.task.save()
    assert reporting_months(world.task) == (datetime.date(2026, 1, 1), datetime.date(2027, 6, 1))


@pytest.mark.parametrize("deadline", ["9999-12-31", "2101-01-01"])
def test_an_extension_to_the_end_of_the_calendar_is_refused(client, world, deadline):  # noqa: F811
    client.force_login(world["lead_staff"])
    page = client.post(f"/supervision/tasks/{world.task.pk}/extend/",
                       {"new_deadline": deadline, "reason": "需要时间。"}, follow=True)
    assert "2100-12-31" in page.content.decode()
    response = api_client(world["lead_staff"]).post(f"/api/v1/tasks/{world.task.pk}/extensions/",
                                                   {"new_deadline": deadline, "reason": "需要时间。"}, format="json")
    assert response.status_code == 400 and "new_deadline" in response.json()["fields"]
    with pytest.raises(WorkflowError, match="2100-12-31"):
        request_extension(world["lead_staff"], world.task, datetime.date.fromisoformat(deadline), "需要时间。")
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize(("kind", "period"), [("monthly", "0001-01"), ("annual", "9999"), ("quarterly", "1999Q4")])
def test_a_report_for_a_period_outside_the_calendar_is_refused(client, world, kind, period):  # noqa: F811
    client.force_login(world["supervisor"])
    page = client.post("/reports/build/", {"kind": kind, "period": period, "plan": world.plan.pk})
    assert page.status_code == 400 and "2000" in page.content.decode()
    response = api_client(world["supervisor"]).post("/api/v1/reports/", {"kind": kind, "period": period},
                                                    format="json")
    assert response.status_code == 400 and "period" in response.json()["fields"]
    with pytest.raises(PeriodError):
        ReportPeriod.parse(kind, period)
    assert not Report.objects.exists()


@pytest.mark.parametrize("deadline", ["0001-01-01", "9999-12-31"])
def test_a_task_deadline_outside_the_calendar_is_refused_on_the_page_and_by_the_api(client, world, deadline):  # noqa: F811
    response = api_client(world["supervisor"]).patch(f"/api/v1/tasks/{world.task.pk}/", {"deadline": deadline},
                                                     format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 400 and "deadline" in response.json()["fields"]
    form = TaskForm({"text": world.task.text, "deadline": deadline, "work_status": world.task.work_status,
                     "version": world.task.version}, instance=world.task)
    assert not form.is_valid() and "deadline" in form.errors
    world.task.refresh_from_db()
    assert world.task.deadline == datetime.date(2026, 12, 31)


def test_a_document_naming_years_outside_the_calendar_imports_without_those_dates(world):  # noqa: F811
    document = ("0001年重点工作安排\n一、城市建设\n1.新建公园一处，0001年6月底前完成。牵头单位：区发展和改革委员会\n"
                "2.改造道路一条，9999年底前完成。牵头单位：区发展和改革委员会\n")
    source = read_source(text=document)
    assert source.parsed["plan"]["period_start"] is None and source.parsed["plan"]["period_end"] is None
    plan = import_plan(source, actor=world["supervisor"])
    tasks = list(plan.tasks.order_by("position"))
    assert [task.deadline for task in tasks] == [None, None]
    assert [task.deadline_text for task in tasks] == ["0001年6月底前", "9999年底前"]


def test_a_plan_date_typed_outside_the_calendar_is_refused(world):  # noqa: F811
    source = read_source(text="测试区2027年重点工作\n一、城市建设\n1.新建公园一处。牵头单位：区发展和改革委员会\n")
    with pytest.raises(ImportRejected, match="2100-12-31"):
        import_plan(source, actor=world["supervisor"], choices=ImportChoices(plan_fields={"period_end": "9999-12-31"}))
