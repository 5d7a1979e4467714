"""One set of text limits (tasks/limits.py) on every path: the page and the API refuse the same lengths with
the same words, and a document whose task text is longer than a task may be is refused naming the task."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import override
from rest_framework.test import APIClient

from plans.importing import ImportRejected, import_plan, read_source
from plans.models import Plan
from tasks import limits
from tasks.models import ProgressUpdate, Task
from tests.progress.conftest import LAST_MONTH, _fixed_today, world  # noqa: F401

pytestmark = pytest.mark.django_db


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page_update(client, world, field: str, text: str):  # noqa: F811
    data = {"status": "on_track", "percent_complete": 10, "narrative": "推进中。", "problems": "", "next_steps": "",
            "action": "save", field: text}
    return client.post(f"/tasks/{world.task.pk}/updates/{world.resp.pk}/{LAST_MONTH:%Y-%m}/", data)


def api_update(world, field: str, text: str):  # noqa: F811
    return api_client(world["resp_staff"]).post("/api/v1/updates/", {
        "task": world.task.pk, "unit": world.resp.pk, "period": f"{LAST_MONTH:%Y-%m}", "narrative": "推进中。",
        field: text}, format="json")


@pytest.mark.parametrize("field", ["narrative", "problems", "next_steps"])
def test_the_update_page_and_the_api_refuse_the_same_overlong_text(client, world, field):  # noqa: F811
    client.force_login(world["resp_staff"])
    too_long = "进" * (limits.UPDATE_TEXT + 1)
    page = page_update(client, world, field, too_long)
    assert page.status_code == 200 and f"{limits.UPDATE_TEXT}" in page.content.decode()
    response = api_update(world, field, too_long)
    assert response.status_code == 400 and field in response.json()["fields"]
    assert not ProgressUpdate.objects.exists()


def test_the_longest_update_text_is_taken_on_the_page(client, world):  # noqa: F811
    client.force_login(world["resp_staff"])
    assert page_update(client, world, "narrative", "进" * limits.UPDATE_TEXT).status_code == 302
    assert len(ProgressUpdate.objects.get().narrative) == limits.UPDATE_TEXT


@pytest.mark.parametrize("path", ["page", "api"])
def test_a_task_text_longer_than_a_task_may_be_is_refused(client, world, path):  # noqa: F811
    too_long = "实施" * limits.TASK_TEXT
    if path == "page":
        client.force_login(world["supervisor"])
        form_page = client.get(f"/tasks/{world.task.pk}/edit/")
        assert form_page.status_code == 200
        response = client.post(f"/tasks/{world.task.pk}/edit/", {
            "text": too_long, "work_status": world.task.work_status, "version": world.task.version,
            "deadline": "2026-12-31",
            **{f"{prefix}-{name}": "0" for prefix in ("task_units", "targets", "milestones")
               for name in ("TOTAL_FORMS", "INITIAL_FORMS")},
        })
        assert response.status_code in (200, 400) and f"{limits.TASK_TEXT}" in response.content.decode()
    else:
        response = api_client(world["supervisor"]).patch(f"/api/v1/tasks/{world.task.pk}/", {"text": too_long},
                                                         format="json", HTTP_IF_MATCH="*")
        assert response.status_code == 400 and "text" in response.json()["fields"]
    assert Task.objects.get(pk=world.task.pk).text == world.task.text


def test_an_import_with_an_overlong_task_text_is_refused_naming_the_task(world):  # noqa: F811
    document = ("测试区2027年重点工作\n一、城市建设\n1.新建公园一处。牵头单位：区发展和改革委员会\n"
                f"2.{'推进' * limits.TASK_TEXT}。牵头单位：区发展和改革委员会\n")
    plans_before = Plan.objects.count()
    with override("en"), pytest.raises(ImportRejected, match=rf"Task 2 \(line 4\).*at most {limits.TASK_TEXT}"):
        import_plan(read_source(text=document), actor=world["supervisor"])
    assert Plan.objects.count() == plans_before


@pytest.mark.parametrize(("model", "field", "limit"), [
    (Task, "text", limits.TASK_TEXT),
    (ProgressUpdate, "narrative", limits.UPDATE_TEXT),
    (ProgressUpdate, "problems", limits.UPDATE_TEXT),
    (ProgressUpdate, "next_steps", limits.UPDATE_TEXT),
])
def test_the_admin_pages_hold_texts_to_the_same_limits(rf, superuser, model, field, limit):
    """The admin's forms are one more way in: their text fields refuse what the pages and the API refuse."""
    request = rf.get("/")
    request.user = superuser
    form_class = admin.site._registry[model].get_form(request)
    checked = form_class.base_fields[field]
    assert checked.max_length == limit
    with pytest.raises(ValidationError):
        checked.clean("字" * (limit + 1))
