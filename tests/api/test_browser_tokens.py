"""In Chromium, on a 390-px phone with JavaScript off: a unit's staff member makes an API token on the profile
page, copies it, uses it, and revokes it. Screenshots go to tests/artifacts/."""

import urllib.request

import pytest
from django.urls import reverse

from plans.demo import DEMO_PASSWORD, load_demo

from ..progress.conftest import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _call(live_server, path, token):
    request = urllib.request.Request(live_server.url + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_make_use_and_revoke_a_token_without_javascript(live_server, browser, artifacts_dir):
    load_demo(today=TODAY)
    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    # This may be the session's first live-server test: Chromium and the server start cold, on a busy machine.
    context.set_default_timeout(90_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "fgw_staff")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    page.click("a[href='/profile/tokens/']")  # in the header, on every page
    page.fill("#id_name", "区OA系统")
    page.click("button.primary")
    token = page.locator(".token-text").inner_text().strip()
    assert token.startswith("dbn_")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a phone"
    page.screenshot(path=f"{artifacts_dir}/api-token-made-phone.png", full_page=True)
    assert _call(live_server, "/api/v1/me/", token) == 200

    page.click("form[action$='/revoke/'] button")
    page.wait_for_selector(".message")
    page.screenshot(path=f"{artifacts_dir}/api-token-revoked-phone.png", full_page=True)
    assert token not in page.content()
    assert _call(live_server, "/api/v1/me/", token) == 401
    context.close()
