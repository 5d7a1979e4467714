"""Every role × every workflow action through the pages: 404 for what the person may not see, 403 for
what they see but may not do, and the change made when they may."""

import datetime

import pytest
from django.urls import reverse

from supervision import closing, extensions, instructions, notices
from supervision.instructions import InstructionInput
from supervision.models import (
    CompletionRequest,
    DeadlineExtension,
    Instruction,
    InstructionReply,
    InstructionState,
    Notice,
    NoticeReply,
    NoticeState,
    RequestState,
)
from supervision.notices import NoticeInput
from tasks.models import WorkStatus
from tests.progress.conftest import TODAY, fresh

pytestmark = pytest.mark.django_db

ROLES = ["resp_staff", "resp_head", "lead_staff", "street_staff", "other_staff", "supervisor", "leader",
         "administrator"]
D = datetime.date


def _pending_closing(world):
    return closing.apply_to_close(fresh(world["lead_staff"]), world.task, "已完成。")


def _pending_extension(world):
    return extensions.request_extension(fresh(world["lead_staff"]), world.task, D(2027, 3, 31), "需要时间。")


def _instruction(world):
    return instructions.record_instruction(fresh(world["supervisor"]), InstructionInput(
        "张区长", TODAY, "抓紧推进。", D(2026, 11, 30), [world.lead, world.resp]), plan=world.plan, task=world.task)


def _notice(world):  # the task has no update for last month: red
    return notices.issue_notice(fresh(world["supervisor"]), world.task, NoticeInput(
        "red", "滞后", "整改", D(2026, 11, 30), [world.lead, world.resp]), today=TODAY)


def apply_to_close(client, world):
    response = client.post(reverse("supervision:apply_to_close", args=[world.task.pk]), {"summary": "全部完成。"})
    return response, CompletionRequest.objects.filter(state=RequestState.PENDING).exists()


def request_extension(client, world):
    response = client.post(reverse("supervision:request_extension", args=[world.task.pk]),
                           {"new_deadline": "2027-03-31", "reason": "拆迁滞后。"})
    return response, DeadlineExtension.objects.exists()


def confirm_closing(client, world):
    request = _pending_closing(world)
    response = client.post(reverse("supervision:decide_closing", args=[request.pk]),
                           {"decision": "approve", "version": request.version})
    world.task.refresh_from_db()
    return response, world.task.work_status == WorkStatus.COMPLETED


def approve_extension(client, world):
    extension = _pending_extension(world)
    response = client.post(reverse("supervision:decide_extension", args=[extension.pk]),
                           {"decision": "approve", "version": extension.version})
    world.task.refresh_from_db()
    return response, world.task.deadline == D(2027, 3, 31)


def reopen_task(client, world):
    request = _pending_closing(world)
    closing.confirm_closing(fresh(world["supervisor"]), request, expected_version=request.version, today=TODAY)
    world.task.refresh_from_db()
    response = client.post(reverse("supervision:reopen_task", args=[world.task.pk]),
                           {"reason": "复查不合格。", "version": world.task.version})
    world.task.refresh_from_db()
    return response, world.task.work_status == WorkStatus.IN_PROGRESS


def new_instruction_page(client, world):
    return client.get(reverse("supervision:instruction_new") + f"?task={world.task.pk}"), True


def reply_to_instruction(client, world):
    instruction = _instruction(world)
    unit = world.resp if client.user_role.startswith("resp") else world.lead
    response = client.post(reverse("supervision:instruction", args=[instruction.pk]),
                           {"unit": unit.pk, "text": "已落实。"})
    return response, InstructionReply.objects.exists()


def close_instruction(client, world):
    instruction = _instruction(world)
    response = client.post(reverse("supervision:instruction_close", args=[instruction.pk]),
                           {"version": instruction.version})
    return response, Instruction.objects.get().state == InstructionState.CLOSED


def new_notice_page(client, world):
    return client.get(reverse("supervision:notice_new", args=[world.task.pk])), True


def reply_to_notice(client, world):
    notice = _notice(world)
    unit = world.resp if client.user_role.startswith("resp") else world.lead
    response = client.post(reverse("supervision:notice", args=[notice.pk]), {"unit": unit.pk, "text": "已整改。"})
    return response, NoticeReply.objects.exists()


def accept_notice(client, world):
    notice = _notice(world)
    notices.reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "已整改。")
    notices.reply_to_notice(fresh(world["resp_staff"]), notice, world.resp, "已配合。")
    notice.refresh_from_db()
    response = client.post(reverse("supervision:notice_decide", args=[notice.pk]),
                           {"decision": "accept", "version": notice.version})
    return response, Notice.objects.get().state == NoticeState.CLOSED


def pending_requests_page(client, world):
    return client.get(reverse("supervision:pending_requests")), True


ONLY_OFFICE = {"resp_staff": 403, "resp_head": 403, "lead_staff": 403, "street_staff": 403, "other_staff": 404,
               "supervisor": 302, "leader": 403, "administrator": 403}
ONLY_LEAD = {**ONLY_OFFICE, "lead_staff": 302, "supervisor": 403}
NAMED_UNITS_REPLY = {**ONLY_OFFICE, "resp_staff": 302, "resp_head": 302, "lead_staff": 302, "supervisor": 403}
OFFICE_PAGE = {role: 403 for role in ROLES} | {"supervisor": 200}

ACTIONS = {
    "apply_to_close": (apply_to_close, ONLY_LEAD),
    "request_extension": (request_extension, ONLY_LEAD),
    "confirm_closing": (confirm_closing, ONLY_OFFICE),
    "approve_extension": (approve_extension, ONLY_OFFICE),
    "reopen_task": (reopen_task, ONLY_OFFICE),
    "new_instruction_page": (new_instruction_page, {**OFFICE_PAGE}),
    "reply_to_instruction": (reply_to_instruction, NAMED_UNITS_REPLY),
    "close_instruction": (close_instruction, {**ONLY_OFFICE}),
    "new_notice_page": (new_notice_page, {**ONLY_OFFICE, "supervisor": 200}),
    "reply_to_notice": (reply_to_notice, NAMED_UNITS_REPLY),
    "accept_notice": (accept_notice, ONLY_OFFICE),
    "pending_requests_page": (pending_requests_page, OFFICE_PAGE),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_may_or_may_not(client, world, role, action):
    act, expected = ACTIONS[action]
    client.force_login(world[role])
    client.user_role = role
    response, changed = act(client, world)
    assert response.status_code == expected[role], (action, role, response.status_code)
    if expected[role] == 302:
        assert changed, f"{role} was allowed to {action} but nothing changed"
    elif expected[role] in (403, 404) and action not in ("new_instruction_page", "new_notice_page",
                                                          "pending_requests_page"):
        assert not changed, f"{role} was refused {action} but something changed"


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_lists(client, world, role):
    client.force_login(world[role])
    assert client.get(reverse("supervision:instructions")).status_code == 200
    assert client.get(reverse("supervision:notices")).status_code == 200
    assert client.get(world.task.get_absolute_url()).status_code == (404 if role == "other_staff" else 200)


def test_an_invalid_transition_is_refused_with_a_message_on_the_page(client, world):
    request = _pending_closing(world)
    client.force_login(world["supervisor"])
    url = reverse("supervision:decide_closing", args=[request.pk])
    client.post(url, {"decision": "reject", "note": "缺材料。", "version": request.version})
    response = client.post(url, {"decision": "approve", "version": request.version + 1}, follow=True)
    world.task.refresh_from_db()
    assert world.task.work_status != WorkStatus.COMPLETED
    shown = [str(m) for m in response.context["messages"]]
    assert any("cannot be decided again" in m or "不能再次审核" in m for m in shown), shown
