"""In Chromium, without JavaScript: the supervision office builds the demo district's October report from the
list page, rewrites a row's progress, hides a row, edits the summary, finalises the report and asks for an
Excel file. Screenshots on a desktop and a 390-px phone go to tests/artifacts/."""

import datetime
import os

import pytest
from django.urls import reverse

from plans.demo import DEMO_PASSWORD, load_demo
from reports.models import JobState, Report, ReportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_TODAY = datetime.date(2026, 11, 22)


def log_in(browser, live_server, username, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    return context, page


def test_the_office_builds_edits_finalises_and_exports_a_report(live_server, browser, artifacts_dir):
    plan = load_demo(today=DEMO_TODAY)
    context, page = log_in(browser, live_server, "duchashi", {"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("reports:list"))
    page.select_option("#id_kind", "monthly")
    page.fill("#id_period", "2026-10")
    page.select_option("#id_plan", str(plan.pk))
    page.click("form[action$='/build/'] button[type=submit]")
    page.wait_for_selector("h1")
    report = Report.objects.get()
    assert report.build_state == JobState.DONE and page.url.endswith(report.get_absolute_url())
    assert page.locator("svg.chart").count() >= 3

    row = report.rows.order_by("position").first()
    form = page.locator(f"#row-{row.pk} form")
    form.locator("textarea[name=progress]").fill("督查室核实：已完成年度投资的八成。")
    form.locator("input[name=remark]").fill("已电话核实")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("h1")
    assert "督查室核实：已完成年度投资的八成。" in page.locator(f"#row-{row.pk}").inner_html()
    hidden = report.rows.order_by("position")[1]
    hide_form = page.locator(f"#row-{hidden.pk} form")
    hide_form.locator("input[name=hidden]").check()
    hide_form.locator("button[type=submit]").click()
    page.wait_for_selector("h1")
    page.fill("#summary-text", "十月份总体推进平稳。")
    page.click("#summary button[type=submit]")
    page.wait_for_selector("h1")
    page.screenshot(path=os.path.join(artifacts_dir, "report-page.png"), full_page=False)

    page.click("form[action$='/finalise/'] button")
    page.wait_for_selector("h1")
    page.click("#exports button[value=xlsx]")
    page.wait_for_selector("h1")
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL and report.summary == "十月份总体推进平稳。"
    assert report.rows.get(pk=hidden.pk).hidden and report.exports.get().is_ready
    assert page.locator("#exports a[href*='/exports/']").count() == 1
    context.close()

    phone, small = log_in(browser, live_server, "lingdao", {"width": 390, "height": 844})
    small.goto(live_server.url + report.get_absolute_url())
    assert "十月份总体推进平稳。" in small.content()
    assert small.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling of the page
    small.screenshot(path=os.path.join(artifacts_dir, "report-page-phone.png"), full_page=False)
    phone.close()
