"""The API's lists: the task list page's filters and sorting with the same parameter names, pages, the Excel
export, and a fixed number of queries however much there is to list."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tasks.models import ReviewState, Task, TaskUnit, UnitRole, Urge

from ..progress.conftest import make_update
from ..progress.test_query_counts import grow_tasks

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize("query", [
    "due_after=2026-12-01&due_before=2026-12-31",
    "overdue=true",
    "livelihood=false",
    "health=red",
    "status=not_started",
    "q=幼儿园",
    "sort=-deadline",
    "sort=number",
    "as_of=2026-10-31&health=red",  # judged on the day named, as the dashboards' links ask
    "as_of=2026-09-30&overdue=false&sort=health",
])
def test_task_filters_answer_as_the_task_list_page_does(client, as_role, world, query):
    """Same parameters, same tasks, same order: the page and the API share tasks/filters.py."""
    world.other_task.deadline = datetime.date(2026, 10, 1)
    world.other_task.save()
    client.force_login(world["supervisor"])
    page = client.get(f"/tasks/?{query}")
    page_ids = [task.pk for task in page.context["page"].object_list]
    assert _ids(as_role("supervisor").get(f"/api/v1/tasks/?{query}")) == page_ids


def test_my_units_tasks_due_this_month(as_role, world):
    """The README's example: a unit's staff list their tasks due this month."""
    world.task.deadline = datetime.date(2026, 11, 30)
    world.task.save()
    assert _ids(as_role("resp_staff").get("/api/v1/tasks/?due_after=2026-11-01&due_before=2026-11-30")) == [
        world.task.pk
    ]
    assert _ids(as_role("street_staff").get("/api/v1/tasks/?due_after=2026-12-01")) == []


def test_unit_filters_follow_groups(as_role, world):
    client = as_role("supervisor")
    assert _ids(client.get(f"/api/v1/tasks/?lead_unit={world.lead.pk}")) == [world.task.pk]
    assert _ids(client.get(f"/api/v1/tasks/?responsible_unit={world.street.pk}")) == [world.task.pk]  # 各街道


@pytest.mark.parametrize("query", ["plan=99999", "due_after=soon", "health=purple", "sort=colour"])
def test_a_bad_filter_is_refused_with_the_parameter_named(as_role, world, query):
    response = as_role("supervisor").get(f"/api/v1/tasks/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["fields"]


def test_pages(as_role, world):
    grow_tasks(world, 5)
    client = as_role("supervisor")
    first = client.get("/api/v1/tasks/?page_size=4").json()
    assert first["count"] == Task.objects.count() and len(first["results"]) == 4
    second = client.get(first["next"]).json()
    assert {t["id"] for t in first["results"]}.isdisjoint({t["id"] for t in second["results"]})
    assert client.get("/api/v1/tasks/?page=999").status_code == 404
    assert len(client.get("/api/v1/tasks/?page_size=100000").json()["results"]) <= 200


def test_the_task_list_as_excel(as_role, world):
    response = as_role("resp_staff").get("/api/v1/tasks/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == world.task.text  # header and the one task this unit sees


def test_a_task_with_its_targets_units_and_sub_items(as_role, world):
    sub = Task.objects.create(plan=world.plan, parent=world.task, number="▲", text="子项", position=9)
    body = as_role("resp_staff").get(f"/api/v1/tasks/{world.task.pk}/").json()
    assert body["number_path"] == "二(三)15"
    assert [t["id"] for t in body["targets"]] == [world.target.pk]
    assert body["subtasks"] == [sub.pk]
    assert [(u["role"], u["display_name"]) for u in body["units"]][:2] == [
        ("lead", world.lead.name), ("responsible", world.resp.name)
    ]


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


LIST_URLS = ["/api/v1/tasks/", "/api/v1/updates/", "/api/v1/updates/?reviewable=true", "/api/v1/urges/",
             "/api/v1/notifications/", "/api/v1/units/", "/api/v1/unit-groups/", "/api/v1/plans/",
             "/api/v1/sections/"]


@pytest.mark.parametrize("role", ["resp_staff", "supervisor", "lead_staff"])
@pytest.mark.parametrize("url", LIST_URLS)
def test_lists_do_not_query_per_row(as_role, world, role, url):
    make_update(world.task, world.street)
    make_update(world.task, world.resp, ReviewState.RETURNED, period=datetime.date(2026, 10, 1))
    Urge.objects.create(task=world.task, unit=world.resp, message="请报送。")
    client = as_role(role)
    small = _count(client, url)
    grow_tasks(world, 20)
    for task in Task.objects.filter(parent__isnull=False)[:10]:
        TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, unit=world.resp)
    large = _count(client, url)
    assert large == small, f"{url} as {role}: {small} queries with a few rows, {large} with many"
    assert small <= 12


def test_the_office_changes_a_tasks_deadline_with_the_version_it_read(as_role, world):
    from audit.models import AuditAction, AuditEntry

    client = as_role("supervisor")
    etag = client.get(f"/api/v1/tasks/{world.task.pk}/")["ETag"]
    changed = client.patch(f"/api/v1/tasks/{world.task.pk}/", {"deadline": "2026-12-15", "is_key": True},
                           format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.json()
    assert changed.json()["deadline"] == "2026-12-15" and changed.json()["is_key"] is True
    assert changed.json()["version"] == 2 and len(changed.json()["units"]) == 4  # units untouched
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, task=world.task).exists()
    stale = client.patch(f"/api/v1/tasks/{world.task.pk}/", {"deadline": "2026-12-01"}, format="json",
                         HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["current_version"] == 2
    world.task.refresh_from_db()
    assert str(world.task.deadline) == "2026-12-15"


def test_a_task_change_is_checked_by_the_task_editors_form(as_role, world):
    response = as_role("supervisor").patch(f"/api/v1/tasks/{world.task.pk}/", {"text": "", "version": 1},
                                           format="json")
    assert response.status_code == 400 and "text" in response.json()["fields"]
