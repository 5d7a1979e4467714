"""Units hear about the office's decisions and about instructions and notices addressed to them."""

import datetime

import pytest

from supervision import closing, extensions, instructions, notices
from supervision.instructions import InstructionInput
from supervision.notices import NoticeInput
from tasks.models import Notification, NotificationKind
from tests.progress.conftest import TODAY, fresh

pytestmark = pytest.mark.django_db

D = datetime.date


def inbox(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", "text"))


def test_the_lead_unit_hears_each_decision_on_its_requests(world):
    lead, office = fresh(world["lead_staff"]), fresh(world["supervisor"])
    extension = extensions.request_extension(lead, world.task, D(2027, 3, 31), "拆迁滞后。")
    extensions.reject_extension(office, extension, expected_version=extension.version, reason="理由不充分。")
    extension = extensions.request_extension(lead, world.task, D(2027, 3, 31), "拆迁滞后，已补充说明。")
    extensions.approve_extension(office, extension, expected_version=extension.version, note="同意。")
    request = closing.apply_to_close(lead, world.task, "已完成。")
    closing.reject_closing(office, request, expected_version=request.version, reason="缺验收材料。")
    request = closing.apply_to_close(lead, world.task, "已完成，附验收材料。")
    closing.confirm_closing(office, request, expected_version=request.version, note="同意销号。", today=TODAY)
    world.task.refresh_from_db()
    closing.reopen_task(office, world.task, expected_version=world.task.version, reason="复查不合格。")
    assert inbox(world["lead_staff"]) == [
        (NotificationKind.EXTENSION_REJECTED, "理由不充分。"), (NotificationKind.EXTENSION_APPROVED, "同意。"),
        (NotificationKind.CLOSING_REJECTED, "缺验收材料。"), (NotificationKind.CLOSING_CONFIRMED, "同意销号。"),
        (NotificationKind.TASK_REOPENED, "复查不合格。"),
    ]
    assert inbox(world["resp_staff"]) == []  # not their request


def test_the_units_named_hear_of_instructions_and_notices(world):
    office = fresh(world["supervisor"])
    instructions.record_instruction(office, InstructionInput("张区长", TODAY, "抓紧推进。", D(2026, 11, 30),
                                                             [world.resp]), plan=world.plan, task=world.task)
    notice = notices.issue_notice(office, world.task, NoticeInput("red", "进度滞后。", "整改。", D(2026, 11, 30),
                                                                  [world.resp]), today=TODAY)
    notices.reply_to_notice(fresh(world["resp_staff"]), notice, world.resp, "已整改。")
    notice.refresh_from_db()
    notices.return_reply(office, notice, expected_version=notice.version, comment="措施不具体。")
    expected = [(NotificationKind.INSTRUCTION, "抓紧推进。"), (NotificationKind.NOTICE, "进度滞后。"),
                (NotificationKind.NOTICE_RETURNED, "措施不具体。")]
    assert inbox(world["resp_staff"]) == expected and inbox(world["resp_head"]) == expected
    assert inbox(world["lead_staff"]) == []
