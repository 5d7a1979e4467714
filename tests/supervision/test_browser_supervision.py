"""In Chromium: the lead unit requests a deadline extension, the supervision office approves it; the lead
unit applies to close the task with evidence, the office confirms; the task page's timeline shows every
step and the deadline shows the original one. Screenshots (desktop and 390-px phone) go to tests/artifacts/."""

import datetime
import os

import pytest

from plans.demo import load_demo
from supervision.models import CompletionRequest, DeadlineExtension, RequestState
from tasks.models import Task, WorkStatus
from tests.progress.conftest import TODAY
from tests.progress.test_browser_progress import DESKTOP, PDF_BYTES, PHONE, log_in, shoot
from tests.supervision.conftest import chinese

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    plan = load_demo(today=TODAY)
    task = Task.objects.get(plan=plan, number="1")  # led by 区发展和改革委员会, fgw_staff's unit
    if task.deadline is None or task.deadline <= TODAY:
        task.deadline = TODAY + datetime.timedelta(days=30)
        task.save()
    return task


def open_task(browser, live_server, username, task, viewport=DESKTOP):
    context, page = log_in(browser, live_server, username, viewport)
    page.goto(live_server.url + task.get_absolute_url())
    return context, page


def test_extend_approve_apply_confirm(live_server, browser, demo, artifacts_dir, tmp_path):
    task = demo
    original = task.deadline
    new_deadline = original + datetime.timedelta(days=90)
    evidence = tmp_path / "验收报告.pdf"
    evidence.write_bytes(PDF_BYTES)

    # 1. The lead unit requests a new deadline
    context, page = open_task(browser, live_server, "fgw_staff", task)
    page.click("#request-extension summary")
    page.fill("#id_new_deadline", f"{new_deadline:%Y-%m-%d}")
    page.fill("#id_reason", "征收工作滞后，需顺延一个季度。")
    shoot(page, artifacts_dir, "supervision-1-request-extension")
    page.click("#request-extension button[type=submit]")
    page.wait_for_selector("#workflow-pending")
    assert DeadlineExtension.objects.get(task=task).state == RequestState.PENDING
    context.close()

    # 2. The office approves it on the task page
    context, page = open_task(browser, live_server, "duchashi", task)
    extension = DeadlineExtension.objects.get(task=task)
    card = page.locator(f"#extension-{extension.pk}")
    assert "征收工作滞后" in card.inner_text()
    shoot(page, artifacts_dir, "supervision-2-approve-extension")
    card.locator("button[name=decision][value=approve]").click()
    page.wait_for_load_state()
    task.refresh_from_db()
    assert task.deadline == new_deadline
    assert f"{original:%Y-%m-%d}" in page.inner_text(".extension-facts")
    context.close()

    # 3. The lead unit applies to close, with evidence
    context, page = open_task(browser, live_server, "fgw_staff", task)
    page.click("#apply-to-close summary")
    page.fill("#id_summary", "全年目标全部完成，已通过第三方评估。")
    page.set_input_files("#id_evidence", str(evidence))
    shoot(page, artifacts_dir, "supervision-3-apply-to-close")
    page.click("#apply-to-close button[type=submit]")
    page.wait_for_selector("#workflow-pending")
    request = CompletionRequest.objects.get(task=task)
    assert request.state == RequestState.PENDING and request.evidence_name == "验收报告.pdf"
    task.refresh_from_db()
    assert task.work_status != WorkStatus.COMPLETED  # not before the office confirms
    context.close()

    # 4. The office confirms (销号)
    context, page = open_task(browser, live_server, "duchashi", task)
    card = page.locator(f"#closing-{request.pk}")
    assert card.locator("a", has_text="验收报告.pdf").count() == 1
    card.locator("textarea[name=note]").fill("材料齐全，同意销号。")
    card.locator("button[name=decision][value=approve]").click()
    page.wait_for_load_state()
    task.refresh_from_db()
    assert task.work_status == WorkStatus.COMPLETED and task.completed_on == TODAY
    context.close()

    # 5. The timeline shows every step, newest first
    context, page = open_task(browser, live_server, "fgw_staff", task)
    labels = page.locator(".timeline-item .what").all_inner_texts()
    steps = [chinese(label) for label in ("Closing confirmed (task completed)", "Applied to close the task",
                                          "Deadline extension approved", "Requested a deadline extension")]
    shown = [label for label in labels if label in steps]
    assert shown == steps, labels
    timeline = page.inner_text(".timeline")
    assert "材料齐全，同意销号。" in timeline and "征收工作滞后，需顺延一个季度。" in timeline
    assert f"{original:%Y-%m-%d} → {new_deadline:%Y-%m-%d}" in timeline
    shoot(page, artifacts_dir, "supervision-4-task-timeline-desktop")
    context.close()

    context, page = open_task(browser, live_server, "fgw_staff", task, PHONE)
    shoot(page, artifacts_dir, "supervision-5-task-timeline-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the screen
    context.close()
    assert os.path.exists(os.path.join(artifacts_dir, "supervision-4-task-timeline-desktop.png"))


def test_the_supervision_pages_fit_a_phone(live_server, browser, demo, artifacts_dir):
    """The lists, a notice, the ranking and a unit's breakdown: readable at 390 px, nothing runs off."""
    from supervision import instructions, notices
    from supervision.instructions import InstructionInput
    from supervision.notices import NoticeInput
    from units.models import Unit, User

    office = User.objects.get(username="duchashi")
    fgw = Unit.objects.get(name="区发展和改革委员会")
    instruction = instructions.record_instruction(office, InstructionInput(
        "区长", TODAY, "请发改委牵头，抓紧研究提出推进措施，月底前报进展。", TODAY + datetime.timedelta(days=7), [fgw]),
        plan=demo.plan, task=demo)
    red = next(t for t in Task.objects.filter(plan=demo.plan).with_health(TODAY) if t.health == "red")
    notice = notices.issue_notice(office, red, NoticeInput("red", "连续两个月未报送进展。", "三日内报送整改措施。",
                                                           TODAY + datetime.timedelta(days=3),
                                                           notices.urge_targets(red)[:1]), today=TODAY)
    pages = {
        "instructions": f"/supervision/instructions/{instruction.pk}/",
        "instruction-list": "/supervision/instructions/",
        "notice": f"/supervision/notices/{notice.pk}/",
        "notice-list": "/supervision/notices/",
        "ranking": f"/supervision/assessment/?year={TODAY.year}",
        "unit-score": f"/supervision/assessment/{TODAY.year}/units/{fgw.pk}/",
    }
    context, page = log_in(browser, live_server, "duchashi", PHONE)
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, name
        shoot(page, artifacts_dir, f"supervision-phone-{name}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    context.close()
