"""The task page: the workflow's actions for whoever may take them, the extension record beside the
deadline, and each workflow step on the timeline."""

import datetime

import pytest
from django.urls import reverse

from supervision import closing, extensions, instructions, notices
from supervision.instructions import InstructionInput
from supervision.notices import NoticeInput
from tests.progress.conftest import TODAY, fresh
from tests.supervision.conftest import chinese

pytestmark = pytest.mark.django_db

D = datetime.date


def page(client, user, task) -> str:
    client.force_login(user)
    return client.get(reverse("tasks:detail", args=[task.pk])).content.decode()


def test_the_lead_unit_sees_apply_and_extend_and_others_do_not(client, world):
    assert 'id="apply-to-close"' in page(client, world["lead_staff"], world.task)
    assert 'id="request-extension"' in page(client, world["lead_staff"], world.task)
    for role in ("resp_staff", "supervisor", "leader"):
        html = page(client, world[role], world.task)
        assert 'id="apply-to-close"' not in html and 'id="request-extension"' not in html


def test_every_workflow_step_is_on_the_timeline(client, world):
    lead, office = fresh(world["lead_staff"]), fresh(world["supervisor"])
    extension = extensions.request_extension(lead, world.task, D(2027, 3, 31), "拆迁滞后。")
    extensions.approve_extension(office, extension, expected_version=extension.version, today=TODAY)
    world.task.refresh_from_db()
    instruction = instructions.record_instruction(office, InstructionInput(
        "张区长", TODAY, "抓紧推进。", D(2026, 11, 30), [world.lead]), plan=world.plan, task=world.task)
    instructions.reply_to_instruction(lead, instruction, world.lead, "已部署。")
    notice = notices.issue_notice(office, world.task, NoticeInput("yellow", "滞后", "整改", D(2026, 11, 30),
                                                                  [world.lead]), today=TODAY)
    notices.reply_to_notice(lead, notice, world.lead, "已整改。")
    request = closing.apply_to_close(lead, world.task, "全部完成。")
    closing.confirm_closing(office, request, expected_version=request.version, today=TODAY)

    html = page(client, world["resp_staff"], world.task)
    timeline = html[html.index('class="timeline"'):]
    for label in ("Requested a deadline extension", "Deadline extension approved", "Leader instruction recorded",
                  "Replied to a leader instruction", "Supervision notice issued", "Replied to a supervision notice",
                  "Applied to close the task", "Closing confirmed (task completed)"):
        assert chinese(label) in timeline, label
    assert "2026-12-31 → 2027-03-31" in timeline
    assert "拆迁滞后。" in timeline and "全部完成。" in timeline
    # the extension's record beside the deadline
    assert chinese("Original deadline") in html and "2026-12-31" in html


def test_the_office_sees_the_pending_requests_with_decision_buttons(client, world):
    lead = fresh(world["lead_staff"])
    extensions.request_extension(lead, world.task, D(2027, 3, 31), "拆迁滞后。")
    closing.apply_to_close(lead, world.task, "全部完成。")
    html = page(client, world["supervisor"], world.task)
    assert 'id="workflow-pending"' in html
    assert reverse("supervision:decide_extension", args=[world.task.extensions.get().pk]) in html
    assert reverse("supervision:decide_closing", args=[world.task.completion_requests.get().pk]) in html
    lead_view = page(client, world["lead_staff"], world.task)
    assert 'id="workflow-pending"' in lead_view and "supervision:decide" not in lead_view
    assert reverse("supervision:decide_closing", args=[world.task.completion_requests.get().pk]) not in lead_view


@pytest.mark.parametrize("count", [1, 6])
def test_the_task_page_stays_within_its_query_budget(client, world, django_assert_max_num_queries, count):
    office = fresh(world["supervisor"])
    for number in range(count):  # different words each time: the same instruction or notice twice over is one
        instruction = instructions.record_instruction(office, InstructionInput(
            "张区长", TODAY, f"抓紧推进（{number}）。", D(2026, 11, 30), [world.lead, world.resp]), plan=world.plan,
            task=world.task)
        instructions.reply_to_instruction(fresh(world["lead_staff"]), instruction, world.lead, "已部署。")
        notices.issue_notice(office, world.task, NoticeInput("red", f"滞后（{number}）", "整改", D(2026, 11, 30),
                                                             [world.lead]), today=TODAY)
    client.force_login(world["supervisor"])
    with django_assert_max_num_queries(40):
        assert client.get(reverse("tasks:detail", args=[world.task.pk])).status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_the_requests_queue_takes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, count):
    from tasks.models import Task, TaskUnit, UnitRole

    for n in range(count):
        task = Task.objects.create(plan=world.plan, number=str(30 + n), position=30 + n, text=f"任务{n}",
                                   deadline=D(2026, 12, 31))
        TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=world.lead)
        extensions.request_extension(fresh(world["lead_staff"]), task, D(2027, 3, 31), "需要时间。")
        closing.apply_to_close(fresh(world["lead_staff"]), task, "已完成。")
    client.force_login(world["supervisor"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("supervision:pending_requests"))
    assert response.content.decode().count("#workflow-pending") == 2 * count


def test_evidence_is_checked_kept_and_served_only_to_those_who_see_the_task(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from supervision.models import CompletionRequest

    client.force_login(world["lead_staff"])
    url = reverse("supervision:apply_to_close", args=[world.task.pk])
    fake = SimpleUploadedFile("验收报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"summary": "已完成。", "evidence": fake}, follow=True)
    assert not CompletionRequest.objects.exists()
    assert any("验收报告.pdf" in str(m) for m in response.context["messages"])  # says which file and why
    real = SimpleUploadedFile("验收报告.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    client.post(url, {"summary": "已完成。", "evidence": real})
    request = CompletionRequest.objects.get()
    assert request.evidence_name == "验收报告.pdf"
    download = reverse("supervision:evidence", args=[request.pk])
    client.force_login(world["resp_staff"])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world["other_staff"])
    assert client.get(download).status_code == 404


def test_an_empty_summary_is_refused_on_the_page(client, world):
    from supervision.models import CompletionRequest

    client.force_login(world["lead_staff"])
    response = client.post(reverse("supervision:apply_to_close", args=[world.task.pk]), {"summary": ""}, follow=True)
    assert response.status_code == 200 and not CompletionRequest.objects.exists()
    assert list(response.context["messages"])  # the reason is shown
