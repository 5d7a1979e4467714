"""Supervision notices: issued from a red task, replied to by its units, closed when the reply is
accepted; printed as a one-page PDF with its Chinese text and an embedded CJK font."""

import datetime
import os
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditAction, AuditEntry
from supervision import notices
from supervision.models import Notice, NoticeLevel, NoticeState
from supervision.notices import NoticeInput
from supervision.workflow import WorkflowError
from tests.conftest import skip_or_fail
from tests.progress.conftest import LAST_MONTH, TODAY, fresh, make_update
from tests.supervision.conftest import chinese

pytestmark = pytest.mark.django_db

D = datetime.date


def issue(world, units=None, today=TODAY, problem="连续两个月未报送进展，改造进度严重滞后。"):
    """A notice; several on one day need different problems (the same notice twice over is one notice)."""
    return notices.issue_notice(fresh(world["supervisor"]), world.task, NoticeInput(
        level=NoticeLevel.RED, problem=problem,
        required_action="11月30日前报送整改措施和时间表。", reply_deadline=D(2026, 11, 30),
        units=units or [world.lead, world.resp],
    ), today=today)


def test_a_notice_is_issued_only_from_a_red_task(world):
    make_update(world.task, world.lead, period=LAST_MONTH, percent_complete=95)  # reported, on time: green
    with pytest.raises(WorkflowError, match="red"):
        issue(world)
    assert not Notice.objects.exists()


def test_issue_reply_accept(world):  # no update for last month: red
    notice = issue(world)
    assert (notice.year, notice.serial, notice.state) == (2026, 1, NoticeState.ISSUED)
    assert issue(world, problem="安置房建设滞后。").serial == 2
    notices.reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "已制定整改方案。")
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED  # the responsible unit has not replied yet
    with pytest.raises(WorkflowError, match="replied"):
        notices.accept_reply(fresh(world["supervisor"]), notice, expected_version=notice.version)
    notices.reply_to_notice(fresh(world["resp_staff"]), notice, world.resp, "配合推进。")
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPLIED
    notices.accept_reply(fresh(world["supervisor"]), notice, expected_version=notice.version, today=TODAY)
    notice.refresh_from_db()
    assert notice.state == NoticeState.CLOSED and notice.closed_on == TODAY
    assert AuditEntry.objects.filter(object_id=notice.pk, content_type__model="notice",
                                     action=AuditAction.ACCEPT).exists()
    with pytest.raises(WorkflowError, match="closed"):
        notices.reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "补充。")


def test_a_returned_reply_waits_for_a_new_one(world):
    notice = issue(world, units=[world.lead])
    notices.reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "已办。")
    notice.refresh_from_db()
    with pytest.raises(WorkflowError, match="lacks"):
        notices.return_reply(fresh(world["supervisor"]), notice, expected_version=notice.version, comment="")
    notices.return_reply(fresh(world["supervisor"]), notice, expected_version=notice.version, comment="措施不具体。")
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED


def test_after_a_return_every_unit_must_reply_again(world):
    notice = issue(world)
    notices.reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "已办。")
    notices.reply_to_notice(fresh(world["resp_staff"]), notice, world.resp, "已配合。")
    notice.refresh_from_db()
    notices.return_reply(fresh(world["supervisor"]), notice, expected_version=notice.version, comment="措施不具体。")
    notices.reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "补充了具体措施。")
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED  # the responsible unit has not replied again yet
    notices.reply_to_notice(fresh(world["resp_staff"]), notice, world.resp, "补充了配合措施。")
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPLIED


@pytest.mark.parametrize("role", ["lead_staff", "leader", "administrator"])
def test_only_the_office_issues_and_decides(world, role):
    with pytest.raises(PermissionDenied):
        notices.issue_notice(fresh(world[role]), world.task, NoticeInput("red", "p", "a", D(2026, 12, 1),
                                                                         [world.lead]), today=TODAY)
    notice = issue(world, units=[world.lead])
    notices.reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "已办。")
    notice.refresh_from_db()
    with pytest.raises(PermissionDenied):
        notices.accept_reply(fresh(world[role]), notice, expected_version=notice.version)


@pytest.mark.parametrize("role", ["street_staff", "other_staff", "leader", "supervisor"])
def test_only_the_units_named_reply(world, role):
    notice = issue(world, units=[world.lead])
    with pytest.raises(PermissionDenied):
        notices.reply_to_notice(fresh(world[role]), notice, world.lead, "回复")


def test_bad_input_is_refused(world):
    with pytest.raises(WorkflowError, match="units named"):
        issue(world, units=[world.other])
    with pytest.raises(WorkflowError, match="after today"):
        notices.issue_notice(fresh(world["supervisor"]), world.task, NoticeInput(
            "red", "p", "a", TODAY, [world.lead]), today=TODAY)
    assert not Notice.objects.exists()


def tool(name):
    path = shutil.which(name)
    if not path:
        skip_or_fail(f"{name} is not installed (apt-get install poppler-utils)", "DUBAN_REQUIRE_BROWSER")
    return path


def test_the_notice_prints_on_one_page_with_its_chinese_text_and_an_embedded_font(client, world, artifacts_dir):
    notice = issue(world)
    client.force_login(world["lead_staff"])
    response = client.get(reverse("supervision:notice_pdf", args=[notice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = os.path.join(artifacts_dir, "notice.pdf")
    with open(path, "wb") as pdf:
        pdf.write(response.content)
    text = subprocess.run([tool("pdftotext"), "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in (chinese("Supervision notice"), "2026-001", "区发展和改革委员会", "区住房和城乡建设管理委员会",
                     "连续两个月未报送进展", "11月30日前报送整改措施和时间表", "2026年11月30日", chinese("Red notice")):
        assert expected in text, (expected, text)
    info = subprocess.run([tool("pdfinfo"), path], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
    fonts = subprocess.run([tool("pdffonts"), path], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line or "WenQuanYi" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts  # embedded


def test_a_person_who_cannot_see_the_task_gets_404_for_the_notice(client, world):
    notice = issue(world)
    client.force_login(world["other_staff"])
    assert client.get(reverse("supervision:notice", args=[notice.pk])).status_code == 404
    assert client.get(reverse("supervision:notice_pdf", args=[notice.pk])).status_code == 404


@pytest.mark.parametrize("count", [1, 8])
def test_the_notice_list_takes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, count):
    for number in range(count):
        notice = issue(world, problem=f"第{number + 1}项问题。")
        notices.reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "已办。")
    client.force_login(world["lead_staff"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("supervision:notices"))
    assert response.content.decode().count('id="notice-') == count


def test_an_overdue_notice_is_red_on_the_list(client, world):
    notice = issue(world, units=[world.lead], today=D(2026, 11, 1))
    Notice.objects.filter(pk=notice.pk).update(reply_deadline=D(2026, 11, 20))
    client.force_login(world["supervisor"])
    page = client.get(reverse("supervision:notices")).content.decode()
    assert f'<tr id="notice-{notice.pk}" class="overdue">' in page


def test_the_list_shows_notices_waiting_for_replies_first_and_closed_ones_last(client, world):
    closed, replied, waiting = (issue(world, problem=problem) for problem in ("问题一。", "问题二。", "问题三。"))
    Notice.objects.filter(pk=closed.pk).update(state=NoticeState.CLOSED)
    Notice.objects.filter(pk=replied.pk).update(state=NoticeState.REPLIED)
    client.force_login(world["supervisor"])
    page = client.get(reverse("supervision:notices")).content.decode()
    positions = [page.index(f'id="notice-{notice.pk}"') for notice in (waiting, replied, closed)]
    assert positions == sorted(positions)
