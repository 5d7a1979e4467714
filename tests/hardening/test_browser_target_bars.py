"""In Chromium: the overview dashboard draws one target bar per comparator (at least, at most, about rising
and falling, range, a bare figure, nothing reported), each saying in Chinese what the report says — 达标,
未达标 or 未报数值. Screenshots of the targets (desktop and a 390-px phone) go to tests/artifacts/."""

import os

import pytest
from django.urls import reverse

from tests.conftest import make_user
from units.models import GlobalRole

from .test_target_bars import TARGETS, make_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# As the rule has it (tests/hardening/test_target_rule.py), in TARGETS' order.
VERDICTS = {
    "at most, under the cap": "达标", "at most, over the cap": "未达标", "range, inside": "达标",
    "range, above": "未达标", "decline, reached": "达标", "decline, short": "未达标",
    "decline capped, reached": "达标", "about, reached": "达标", "at least, short": "未达标",
    "figure, passed": "达标", "nothing reported": "未报数值",
}


@pytest.mark.parametrize(("viewport", "name"), [
    ({"width": 1280, "height": 900}, "desktop"), ({"width": 390, "height": 844}, "phone"),
])
def test_target_bars_say_met_or_not_for_every_comparator(live_server, browser, unit, artifacts_dir, viewport,
                                                         name):
    make_targets(unit)
    make_user("supervisor", GlobalRole.SUPERVISOR)
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    page.goto(live_server.url + reverse("reports:overview") + "?period=2026-10")
    bars = page.locator(".target-list svg.chart-progress")
    bars.first.wait_for()

    assert bars.count() == len(TARGETS)
    shown = bars.locator("text.verdict").evaluate_all("texts => texts.map(t => t.textContent)")
    assert shown == list(VERDICTS.values())
    # The cap of 30 with 23.7 is drawn in the met colour, with no "79%" beside it.
    capped = bars.nth(0)
    assert capped.locator("rect.fill").get_attribute("fill") == "#2e7d32"
    assert "79%" not in capped.text_content()
    assert "0%" not in bars.nth(len(TARGETS) - 1).text_content()  # nothing reported is not "0 %"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1, f"the overview is {width}px wide"

    section = page.locator("section", has=page.locator(".target-list"))
    section.screenshot(path=os.path.join(artifacts_dir, f"dashboard-target-bars-{name}.png"))
    context.close()
