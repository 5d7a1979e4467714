"""Every role × every action, through the pages and form posts: what each person may open and do, and
what they get when they may not (404 for what they may not see, 403 for what they see but may not do)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tasks.models import Attachment, ReviewState

from .conftest import THIS_MONTH, make_update

pytestmark = pytest.mark.django_db

ROLES = ["resp_staff", "resp_head", "lead_staff", "street_staff", "other_staff", "supervisor", "leader",
         "administrator"]


def _update_url(world, unit):
    return reverse("tasks:update", args=[world.task.pk, unit.pk, f"{THIS_MONTH:%Y-%m}"])


def _decide(decision):
    def act(client, world):
        update = make_update(world.task, world.resp)
        return client.post(reverse("tasks:decide", args=[update.pk]),
                           {"decision": decision, "comment": "请补充数据。", "version": update.version})
    return act


def _reopen(client, world):
    update = make_update(world.task, world.resp, ReviewState.ACCEPTED)
    return client.post(reverse("tasks:reopen", args=[update.pk]), {"reason": "数据有误。", "version": update.version})


def _download(client, world):
    update = make_update(world.task, world.resp)
    attachment = Attachment(update=update, original_name="a.pdf", content_type="application/pdf", size=9)
    attachment.file.save("a.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.7\n"), save=False)
    attachment.save()
    return client.get(reverse("tasks:attachment", args=[attachment.pk]))


def _edit_task_post(client, world):
    task = world.task
    data = {"text": task.text, "title": "", "deadline": "2026-12-31", "deadline_text": "年底前",
            "work_status": "in_progress", "completed_on": "", "leader_post": "", "version": task.version,
            **{f"{prefix}-{count}": 0 for prefix in ("task_units", "targets", "milestones")
               for count in ("TOTAL_FORMS", "INITIAL_FORMS")}}
    return client.post(reverse("tasks:edit", args=[task.pk]), data)


def _write(unit_name, action="save"):
    def act(client, world):
        data = {"status": "on_track", "percent_complete": 30, "narrative": "本月进展。", "version": "",
                "action": action}
        return client.post(_update_url(world, getattr(world, unit_name)), data)
    return act


ACTIONS = {
    # name: (request, {role: status})
    "open my work": (
        lambda c, w: c.get(reverse("tasks:my_work")),
        dict.fromkeys(["resp_staff", "resp_head", "lead_staff", "street_staff", "other_staff"], 200)
        | dict.fromkeys(["supervisor", "leader", "administrator"], 302),
    ),
    "open the task list": (lambda c, w: c.get(reverse("tasks:list")), dict.fromkeys(ROLES, 200)),
    "export the task list": (lambda c, w: c.get(reverse("tasks:list") + "?format=xlsx"), dict.fromkeys(ROLES, 200)),
    "open the task page": (
        lambda c, w: c.get(w.task.get_absolute_url()),
        dict.fromkeys(ROLES, 200) | {"other_staff": 404},
    ),
    "open the own unit's update form": (
        lambda c, w: c.get(_update_url(w, w.resp)),
        dict.fromkeys(ROLES, 403) | {"resp_staff": 200, "resp_head": 200, "other_staff": 404},
    ),
    "save the responsible unit's update": (
        _write("resp"),
        dict.fromkeys(ROLES, 403) | {"resp_staff": 302, "resp_head": 302, "other_staff": 404},
    ),
    "submit the responsible unit's update": (
        _write("resp", "submit"),
        dict.fromkeys(ROLES, 403) | {"resp_staff": 302, "resp_head": 302, "other_staff": 404},
    ),
    "submit the lead unit's (consolidated) update": (
        _write("lead", "submit"),
        dict.fromkeys(ROLES, 403) | {"lead_staff": 302, "other_staff": 404},
    ),
    "submit a street's update through its group": (
        _write("street", "submit"),
        dict.fromkeys(ROLES, 403) | {"street_staff": 302, "other_staff": 404},
    ),
    "open the review queue": (
        lambda c, w: c.get(reverse("tasks:review_queue")),
        dict.fromkeys(ROLES, 403) | {"lead_staff": 200, "supervisor": 200},
    ),
    "accept a submitted update": (
        _decide("accept"),
        dict.fromkeys(ROLES, 403) | {"lead_staff": 302, "supervisor": 302, "other_staff": 404},
    ),
    "return a submitted update": (
        _decide("return"),
        dict.fromkeys(ROLES, 403) | {"lead_staff": 302, "supervisor": 302, "other_staff": 404},
    ),
    "urge a unit": (
        lambda c, w: c.post(reverse("tasks:urge", args=[w.task.pk]), {"unit": w.resp.pk, "message": "请报送。"}),
        dict.fromkeys(ROLES, 403) | {"supervisor": 302, "other_staff": 404},
    ),
    "open the task editor": (
        lambda c, w: c.get(reverse("tasks:edit", args=[w.task.pk])),
        dict.fromkeys(ROLES, 403) | {"supervisor": 200, "other_staff": 404},
    ),
    "save a task edit": (
        _edit_task_post,
        dict.fromkeys(ROLES, 403) | {"supervisor": 302, "other_staff": 404},
    ),
    "reopen an accepted update": (
        _reopen,
        dict.fromkeys(ROLES, 403) | {"supervisor": 302, "other_staff": 404},
    ),
    "download an attachment": (_download, dict.fromkeys(ROLES, 200) | {"other_staff": 404}),
    "open the notifications": (lambda c, w: c.get(reverse("tasks:notifications")), dict.fromkeys(ROLES, 200)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_may_or_may_not(client, world, action, role):
    request, expected = ACTIONS[action]
    client.force_login(world[role])
    response = request(client, world)
    assert response.status_code == expected[role], f"{role} → {action}"


@pytest.mark.parametrize("action", list(ACTIONS))
def test_anonymous_people_are_sent_to_log_in(client, world, action):
    request, _expected = ACTIONS[action]
    response = request(client, world)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_home_page_sends_each_role_to_its_start(client, world):
    for role, target in (("resp_staff", "tasks:my_work"), ("supervisor", "tasks:list"), ("leader", "tasks:list"),
                         ("administrator", "tasks:list")):
        client.force_login(world[role])
        assert client.get("/").url == reverse(target), role


def test_a_visible_task_with_an_unknown_unit_or_future_month_is_not_found(client, world):
    client.force_login(world["resp_staff"])
    assert client.get(reverse("tasks:update", args=[world.task.pk, world.resp.pk, "2026-12"])).status_code == 404
    assert client.get(reverse("tasks:update", args=[world.task.pk, world.resp.pk, "next"])).status_code == 404
    assert client.get(reverse("tasks:update", args=[world.task.pk, 99999, "2026-11"])).status_code == 404
