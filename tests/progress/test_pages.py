"""What the pages show: My work's counts and lists, the task list's filters and Excel export, the task
page's timeline, the update form's conflict and lock rules, notifications, and the plan tree's links."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from tasks import progress
from tasks.models import Notification, ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole, Urge

from .conftest import LAST_MONTH, THIS_MONTH, TODAY, fresh, make_update

pytestmark = pytest.mark.django_db


def update_url(world, unit=None, period=THIS_MONTH):
    return reverse("tasks:update", args=[world.task.pk, (unit or world.resp).pk, f"{period:%Y-%m}"])


def form(version="", action="save", text="本月完成改造面积10万平方米。"):
    return {"status": "on_track", "percent_complete": 40, "narrative": text, "problems": "", "next_steps": "",
            "version": version, "action": action}


# ------------------------------------------------------------------------------------------- My work


def test_my_work_counts_what_needs_the_unit_now(client, world):
    make_update(world.task, world.resp, ReviewState.RETURNED, period=LAST_MONTH, review_comment="请补充照片。")
    Urge.objects.create(task=world.task, unit=world.resp, urged_by=world["supervisor"], message="请尽快报送。")
    world.task.deadline = TODAY + datetime.timedelta(days=20)
    world.task.save()
    client.force_login(world["resp_staff"])
    response = client.get(reverse("tasks:my_work"))
    counts = response.context["counts"]
    assert counts == {"due": 1, "returned": 1, "overdue": 0, "due_soon": 1, "urges": 1}
    html = response.content.decode()
    assert "请补充照片。" in html and "请尽快报送。" in html
    assert update_url(world) in html


def test_my_work_stops_counting_an_update_once_submitted(client, world):
    make_update(world.task, world.resp, ReviewState.SUBMITTED)
    client.force_login(world["resp_staff"])
    assert client.get(reverse("tasks:my_work")).context["counts"]["due"] == 0


def test_my_work_shows_overdue_tasks_and_can_show_only_them(client, world):
    world.task.deadline = TODAY - datetime.timedelta(days=3)
    world.task.save()
    client.force_login(world["street_staff"])
    response = client.get(reverse("tasks:my_work") + "?show=overdue")
    assert response.context["counts"]["overdue"] == 1
    assert [row.task.pk for _plan, rows in response.context["plans"] for row in rows] == [world.task.pk]


def test_my_work_tells_lead_units_how_many_updates_wait_for_review(client, world):
    make_update(world.task, world.resp)
    client.force_login(world["lead_staff"])
    assert client.get(reverse("tasks:my_work")).context["work"].to_review == 1


# ------------------------------------------------------------------------------------------ task list


def test_the_task_list_filters_by_unit_keyword_and_overdue(client, world):
    client.force_login(world["supervisor"])
    url = reverse("tasks:list")

    def numbers(query):
        return [t.number for t in client.get(url + query).context["page"]]

    assert numbers("") == ["15", "16", "17"]
    assert numbers(f"?lead_unit={world.lead.pk}") == ["15"]
    assert numbers(f"?responsible_unit={world.street.pk}") == ["15"]  # through 各街道
    assert numbers("?q=幼儿园") == ["16"]
    assert numbers(f"?plan={world.plan.pk}&due_before=2026-12-31&due_after=2026-12-01") == ["15"]
    world.task.deadline = TODAY - datetime.timedelta(days=1)
    world.task.save()
    assert numbers("?overdue=true") == ["15"]
    assert numbers("?health=red&sort=-deadline")[0] == "15"


def test_the_task_list_shows_only_visible_tasks(client, world):
    client.force_login(world["resp_staff"])
    assert [t.number for t in client.get(reverse("tasks:list")).context["page"]] == ["15"]


def test_the_task_list_exports_the_filtered_list_to_excel(client, world):
    client.force_login(world["supervisor"])
    response = client.get(reverse("tasks:list") + f"?lead_unit={world.lead.pk}&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 2
    assert rows[1][0] == "二(三)15" and rows[1][1].startswith("实施老旧小区综合改造")
    assert rows[1][3] == "区发展和改革委员会"


# ------------------------------------------------------------------------------------------ task page


def test_the_task_page_shows_the_number_path_units_targets_and_timeline(client, world):
    supervisor = fresh(world["supervisor"])
    update = progress.save_update(fresh(world["resp_staff"]), world.task, world.resp, THIS_MONTH,
                                  progress.UpdateInput(narrative="完成10万平方米。", actuals={world.target.pk: 10}),
                                  submit=True)
    progress.return_update(supervisor, update, expected_version=update.version, comment="请附照片。")
    progress.urge_unit(supervisor, world.task, world.resp, "抓紧报送。")
    client.force_login(world["lead_staff"])
    html = client.get(world.task.get_absolute_url()).content.decode()
    assert "二(三)15" in html
    assert "区住房和城乡建设管理委员会" in html and "各街道" in html
    assert "完成改造面积45万平方米" in html and "10 万平方米" in html
    timeline = html[html.index('class="timeline"'):]
    for note in ("请附照片。", "抓紧报送。"):
        assert note in timeline
    assert timeline.count("timeline-item") == AuditEntry.objects.filter(task=world.task).count()


def test_the_task_page_hides_other_units_drafts_from_the_timeline(client, world):
    progress.save_update(fresh(world["resp_staff"]), world.task, world.resp, THIS_MONTH,
                         progress.UpdateInput(narrative="草稿内容。"))
    client.force_login(world["lead_staff"])
    html = client.get(world.task.get_absolute_url()).content.decode()
    assert "草稿内容。" not in html and "timeline-item" not in html
    client.force_login(world["resp_staff"])
    assert "草稿内容。" in client.get(world.task.get_absolute_url()).content.decode()


def test_the_plan_tree_links_the_tasks_a_person_may_open(client, world):
    client.force_login(world["resp_staff"])
    html = client.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    assert f'href="{world.task.get_absolute_url()}"' in html
    assert f'href="{world.other_task.get_absolute_url()}"' not in html


# ---------------------------------------------------------------------------------------- update form


def test_last_months_text_is_offered_as_a_starting_point(client, world):
    make_update(world.task, world.resp, ReviewState.ACCEPTED, period=LAST_MONTH, narrative="上月的进展。")
    client.force_login(world["resp_staff"])
    response = client.get(update_url(world))
    assert response.context["form"].initial["narrative"] == "上月的进展。"
    assert response.context["previous"].period == LAST_MONTH


def test_two_people_editing_the_same_update_the_second_save_is_refused_and_kept_on_screen(client, world):
    client.force_login(world["resp_staff"])
    client.post(update_url(world), form(text="初稿。"))
    opened = ProgressUpdate.objects.get().version
    client.force_login(world["resp_head"])
    assert client.post(update_url(world), form(version=opened, text="负责人的修改。")).status_code == 302
    client.force_login(world["resp_staff"])
    response = client.post(update_url(world), form(version=opened, text="工作人员的修改。"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "工作人员的修改。" in html  # the refused text is still in the form
    assert "负责人的修改。" in html  # beside the version saved meanwhile
    assert 'role="alert"' in html
    saved = ProgressUpdate.objects.get()
    assert saved.narrative == "负责人的修改。"
    assert response.context["version"] == saved.version  # saving again now is a deliberate overwrite


def test_an_accepted_update_is_shown_locked_and_cannot_be_posted(client, world):
    update = make_update(world.task, world.resp, ReviewState.ACCEPTED, narrative="已通过的内容。")
    client.force_login(world["resp_staff"])
    page = client.get(update_url(world))
    assert page.status_code == 200 and page.context["form"] is None
    assert "已通过的内容。" in page.content.decode()
    refused = client.post(update_url(world), form(version=update.version))  # accepted while they typed
    assert refused.status_code == 409 and "已审核通过并锁定" in refused.content.decode()
    assert ProgressUpdate.objects.get().narrative == "已通过的内容。"


def test_submitting_needs_a_narrative_but_a_draft_does_not(client, world):
    client.force_login(world["resp_staff"])
    assert client.post(update_url(world), form(action="submit", text="")).status_code == 200
    assert not ProgressUpdate.objects.exists()
    assert client.post(update_url(world), form(action="save", text="")).status_code == 302
    assert ProgressUpdate.objects.get().review_state == ReviewState.DRAFT


def test_a_returned_update_shows_the_comment_on_the_form(client, world):
    make_update(world.task, world.resp, ReviewState.RETURNED, review_comment="请补充具体数据。")
    client.force_login(world["resp_staff"])
    assert "请补充具体数据。" in client.get(update_url(world)).content.decode()


# ------------------------------------------------------------------------------------------- review


def test_the_review_queue_lists_oldest_first_and_returns_with_a_comment_in_one_step(client, world):
    newer = make_update(world.task, world.street)
    older = make_update(world.task, world.resp)
    ProgressUpdate.objects.filter(pk=older.pk).update(submitted_at=newer.submitted_at - datetime.timedelta(days=1))
    client.force_login(world["supervisor"])
    queue = client.get(reverse("tasks:review_queue"))
    assert [u.pk for u in queue.context["page"]] == [older.pk, newer.pk]
    response = client.post(reverse("tasks:decide", args=[older.pk]),
                           {"decision": "return", "comment": "数据不全。", "version": older.version})
    assert response.status_code == 302
    older.refresh_from_db()
    assert older.review_state == ReviewState.RETURNED and older.review_comment == "数据不全。"


def test_returning_without_a_comment_is_refused_on_the_queue(client, world):
    update = make_update(world.task, world.resp)
    client.force_login(world["supervisor"])
    response = client.post(reverse("tasks:decide", args=[update.pk]),
                           {"decision": "return", "comment": "", "version": update.version})
    assert response.status_code == 409 and 'role="alert"' in response.content.decode()
    assert ProgressUpdate.objects.get().review_state == ReviewState.SUBMITTED


def test_deciding_an_update_someone_already_decided_says_so(client, world):
    update = make_update(world.task, world.resp)
    progress.accept_update(fresh(world["lead_staff"]), update, expected_version=update.version)
    client.force_login(world["supervisor"])
    response = client.post(reverse("tasks:decide", args=[update.pk]),
                           {"decision": "return", "comment": "迟了", "version": update.version - 1}, follow=True)
    assert response.status_code == 200
    assert ProgressUpdate.objects.get().review_state == ReviewState.ACCEPTED


# ------------------------------------------------------------------------------------- notifications


def test_urges_reach_the_unit_with_an_unread_count_until_read(client, world):
    client.force_login(world["supervisor"])
    client.post(reverse("tasks:urge", args=[world.task.pk]), {"unit": world.resp.pk, "message": "请尽快报送。"})
    client.force_login(world["resp_staff"])
    work = client.get(reverse("tasks:my_work"))
    assert work.context["unread_notifications"] == 1
    assert 'class="count"' in work.content.decode()
    page = client.get(reverse("tasks:notifications"))
    assert "请尽快报送。" in page.content.decode()
    assert not Notification.objects.filter(recipient=world["resp_staff"], read_at__isnull=True).exists()
    assert client.get(reverse("tasks:my_work")).context["unread_notifications"] == 0


# ----------------------------------------------------------------------------------------- task edit


def test_the_supervisor_edits_a_tasks_deadline_and_units_with_an_audit_trail(client, world):
    client.force_login(world["supervisor"])
    task_units = list(world.task.task_units.order_by("pk"))
    data = {"text": world.task.text, "title": "老旧小区改造", "deadline": "2026-10-31", "deadline_text": "10月底前",
            "work_status": "in_progress", "completed_on": "", "leader_post": "", "version": world.task.version,
            "task_units-TOTAL_FORMS": len(task_units) + 1, "task_units-INITIAL_FORMS": len(task_units),
            "task_units-MIN_NUM_FORMS": 0, "task_units-MAX_NUM_FORMS": 1000,
            "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0, "milestones-TOTAL_FORMS": 0,
            "milestones-INITIAL_FORMS": 0}
    for i, tu in enumerate(task_units):
        prefix = f"task_units-{i}-"
        data |= {prefix + "id": tu.pk, prefix + "task": world.task.pk, prefix + "role": tu.role,
                 prefix + "unit": tu.unit_id or "", prefix + "group": tu.group_id or "", prefix + "name": tu.name,
                 prefix + "qualifier": "", prefix + "position": tu.position}
    new = len(task_units)
    data |= {f"task_units-{new}-role": UnitRole.RESPONSIBLE, f"task_units-{new}-unit": world.other.pk,
             f"task_units-{new}-name": "区民政局", f"task_units-{new}-position": 5}
    response = client.post(reverse("tasks:edit", args=[world.task.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    task = Task.objects.get(pk=world.task.pk)
    assert task.deadline == datetime.date(2026, 10, 31) and task.version == world.task.version + 1
    assert TaskUnit.objects.filter(task=task, unit=world.other).exists()
    entry = AuditEntry.objects.get(task=task, action="update", content_type__model="task")
    assert entry.changes["deadline"] == ["2026-12-31", "2026-10-31"]
    assert AuditEntry.objects.filter(task=task, action="create", content_type__model="taskunit").exists()
    # a second editor with the old version is refused
    data["deadline"] = "2026-09-30"
    stale = client.post(reverse("tasks:edit", args=[world.task.pk]), data)
    assert stale.status_code == 200 and Task.objects.get(pk=task.pk).deadline == datetime.date(2026, 10, 31)


def test_the_export_holds_only_the_tasks_the_person_may_see(client, world):
    client.force_login(world["resp_staff"])
    response = client.get(reverse("tasks:list") + "?format=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [row[0] for row in rows[1:]] == ["二(三)15"]


def test_with_head_approval_the_head_approves_from_the_queue(client, world, settings):
    settings.DUBAN_HEAD_APPROVAL = True
    client.force_login(world["resp_staff"])
    client.post(update_url(world), form(action="submit"))
    update = ProgressUpdate.objects.get()
    assert update.review_state == ReviewState.AWAITING_HEAD
    client.force_login(world["supervisor"])
    assert update.pk not in [u.pk for u in client.get(reverse("tasks:review_queue")).context["page"]]
    client.force_login(world["resp_head"])
    assert client.get(reverse("tasks:my_work")).context["work"].to_review == 1
    response = client.post(reverse("tasks:decide", args=[update.pk]),
                           {"decision": "accept", "comment": "", "version": update.version})
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().review_state == ReviewState.SUBMITTED
    client.force_login(world["supervisor"])
    assert update.pk in [u.pk for u in client.get(reverse("tasks:review_queue")).context["page"]]
