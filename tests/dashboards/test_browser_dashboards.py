"""In Chromium: the supervision office and a leader open the overview, click the red count and land on the
task list showing exactly those tasks; the leader view prints on one A4 landscape page. Screenshots (desktop
and a 390-px phone) and the printed page go to tests/artifacts/."""

import os
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def log_in(browser, live_server, username, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    return context, page


def shoot(page, artifacts_dir, name):
    page.screenshot(path=os.path.join(artifacts_dir, f"{name}.png"), full_page=True)


def click_red_count(page) -> int:
    link = page.locator(".health-red a.count").first
    shown = int(link.inner_text())
    link.click()
    page.wait_for_selector(".task-table, .empty")
    query = parse_qs(urlparse(page.url).query)
    assert urlparse(page.url).path == reverse("tasks:list")
    assert query["health"] == ["red"]
    return shown


@pytest.mark.parametrize("role", ["supervisor", "leader"])
def test_red_count_opens_the_matching_task_list(live_server, browser, district, artifacts_dir, role):
    context, page = log_in(browser, live_server, role)
    page.click(f"nav.site-nav a[href='{reverse('reports:overview')}']")
    page.wait_for_selector(".dashboard-figures")
    assert page.locator("svg.chart").count() >= 3
    shoot(page, artifacts_dir, f"dashboard-overview-{role}-desktop")
    shown = click_red_count(page)
    assert shown == 3
    assert page.locator(".task-table tbody tr").count() == shown
    assert all("health-red" in (badge or "") for badge in
               page.locator(".task-table tbody .health").evaluate_all("els => els.map(e => e.className)"))
    shoot(page, artifacts_dir, f"dashboard-red-tasks-{role}")

    page.goto(live_server.url + reverse("reports:units"))
    shoot(page, artifacts_dir, f"dashboard-units-{role}-desktop")
    context.close()


def test_leader_view_on_a_phone_and_on_paper(live_server, browser, district, artifacts_dir):
    context, page = log_in(browser, live_server, "leader", viewport=PHONE)
    page.goto(live_server.url + reverse("reports:leader"))
    page.wait_for_selector(".leader-figures")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the leader view is {width}px wide on a phone"
    shoot(page, artifacts_dir, "dashboard-leader-phone")
    assert click_red_count(page) == page.locator(".task-table tbody tr").count()
    context.close()

    context, page = log_in(browser, live_server, "leader")
    page.goto(live_server.url + reverse("reports:leader"))
    shoot(page, artifacts_dir, "dashboard-leader-desktop")
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    with open(os.path.join(artifacts_dir, "dashboard-leader.pdf"), "wb") as fh:
        fh.write(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the leader view prints on {pages} pages"
    size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert size and float(size.group(1)) > float(size.group(2)), "printed in landscape"
    context.close()
