"""A person logs in with Chromium and reads the plan, on a desktop and on a phone."""

import os

import pytest
from django.urls import reverse

from plans.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_reads_the_plan_tree(live_server, browser, demo_plan, artifacts_dir):
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=viewport, locale="en-US")
        page = context.new_page()
        page.goto(live_server.url + reverse("plans:detail", args=[demo_plan.pk]))
        assert "/login/" in page.url  # sent to log in first, then back to the plan
        page.fill("#id_username", "fgw_staff")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("h1")
        assert page.inner_text("h1") == demo_plan.title
        assert page.locator("h2").first.inner_text().startswith("一、")
        assert page.locator(".star").count() == demo_plan.tasks.filter(is_livelihood=True).count()
        assert "退出" in page.inner_text("header")  # Chinese although the browser asked for English
        page.screenshot(path=os.path.join(artifacts_dir, f"plan-{name}.png"), full_page=False)
        context.close()


def test_wrong_password_shows_a_clear_message(live_server, browser, demo_plan):
    page = browser.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "fgw_staff")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.inner_text("[role=alert]")
