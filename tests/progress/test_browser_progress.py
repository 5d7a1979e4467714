"""In Chromium: a unit's staff member submits an update with an attachment; the supervision office returns
it with a comment; the staff member sees the comment, corrects and resubmits; the office accepts; the task
page's timeline shows all four steps. Screenshots of the pages, on a desktop and a 390-px phone, go to
tests/artifacts/."""

import os

import pytest
from django.urls import reverse

from plans.demo import DEMO_PASSWORD, load_demo
from tasks.models import ProgressUpdate, ReviewState, Task
from units.models import Unit

from .conftest import THIS_MONTH, TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def demo(db):
    plan = load_demo(today=TODAY)
    return Task.objects.get(plan=plan, number="1")  # led by 区发展和改革委员会, fgw_staff's unit


def log_in(browser, live_server, username, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    return context, page


def shoot(page, artifacts_dir, name, full_page=True):
    page.screenshot(path=os.path.join(artifacts_dir, f"{name}.png"), full_page=full_page)


def review(browser, live_server, task, decision, comment=""):
    context, page = log_in(browser, live_server, "duchashi")
    page.goto(live_server.url + reverse("tasks:review_queue") + f"?task={task.pk}")
    update = ProgressUpdate.objects.get(task=task, period=THIS_MONTH, review_state=ReviewState.SUBMITTED)
    card = page.locator(f"#update-{update.pk}")
    card.locator("textarea[name=comment]").fill(comment)
    card.locator(f"button[name=decision][value={decision}]").click()
    page.wait_for_load_state()
    assert page.locator(f"#update-{update.pk}").count() == 0  # decided, so gone from the queue
    context.close()


def test_submit_return_resubmit_accept(live_server, browser, demo, artifacts_dir, tmp_path):
    task = demo
    report = tmp_path / "十一月进展.pdf"
    report.write_bytes(PDF_BYTES)

    # 1. Staff: My work → the task → this month's update, with an attachment → submit
    context, page = log_in(browser, live_server, "fgw_staff")
    assert page.url.endswith(reverse("tasks:my_work"))
    shoot(page, artifacts_dir, "my-work-desktop")
    page.click(f"#task-{task.pk} a.task-link")
    page.click(".report-box a.button")
    fgw = Unit.objects.get(name="区发展和改革委员会")
    assert page.url.endswith(reverse("tasks:update", args=[task.pk, fgw.pk, f"{THIS_MONTH:%Y-%m}"]))
    shoot(page, artifacts_dir, "update-form-desktop")
    page.check("input[name=status][value=on_track]")
    page.fill("#id_percent_complete", "85")
    page.fill("#id_narrative", "11月召开推进会1次，完成季度经济运行分析。")
    page.set_input_files("#id_attachments", str(report))
    page.click("button[name=action][value=submit]")
    page.wait_for_selector(".timeline")
    update = ProgressUpdate.objects.get(task=task, period=THIS_MONTH)
    assert update.review_state == ReviewState.SUBMITTED
    assert update.attachments.get().original_name == "十一月进展.pdf"
    context.close()

    # 2. Supervisor returns it with a comment
    review(browser, live_server, task, "return", "请补充GDP季度数据。")

    # 3. Staff sees the comment on My work and on the form, corrects, resubmits
    context, page = log_in(browser, live_server, "fgw_staff")
    returned = page.locator("#returned")
    assert "请补充GDP季度数据。" in returned.inner_text()
    returned.locator("a.button").first.click()
    assert "请补充GDP季度数据。" in page.inner_text(".returned-box")
    page.fill("#id_narrative", "11月召开推进会1次；前三季度GDP增长6.1%。")
    page.click("button[name=action][value=submit]")
    page.wait_for_selector(".timeline")
    context.close()
    update.refresh_from_db()
    assert update.review_state == ReviewState.SUBMITTED and "6.1%" in update.narrative

    # 4. Supervisor accepts
    review(browser, live_server, task, "accept")
    update.refresh_from_db()
    assert update.review_state == ReviewState.ACCEPTED

    # 5. The task page's timeline shows the four steps, newest first
    context, page = log_in(browser, live_server, "fgw_staff")
    page.goto(live_server.url + task.get_absolute_url())
    steps = page.locator(".timeline-item").evaluate_all(
        "items => items.map(item => item.className.match(/action-(\\w+)/)[1])"
    )
    decisions = [step for step in steps if step in ("submit", "return", "accept")]
    assert decisions[:4] == ["accept", "submit", "return", "submit"]
    assert "请补充GDP季度数据。" in page.inner_text(".timeline")
    shoot(page, artifacts_dir, "task-desktop")
    context.close()

    # 6. The same pages on a phone
    context, page = log_in(browser, live_server, "fgw_staff", PHONE)
    shoot(page, artifacts_dir, "my-work-phone")
    page.goto(live_server.url + task.get_absolute_url())
    shoot(page, artifacts_dir, "task-phone")
    other = Task.objects.get(plan=task.plan, number="21")  # another task of the unit, not yet reported
    page.goto(live_server.url + reverse("tasks:update", args=[other.pk, fgw.pk, f"{THIS_MONTH:%Y-%m}"]))
    shoot(page, artifacts_dir, "update-form-phone", full_page=False)  # as seen: the buttons stay at the bottom
    # one-handed: the status choices and the buttons are big enough to hit with a thumb
    for selector in (".choice", "button[name=action][value=submit]"):
        box = page.locator(selector).first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 100, selector
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the screen
    context.close()
