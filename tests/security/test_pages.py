"""Every page, crawled as people of several roles over a district whose texts hold HTML: the HTML is
shown as text, never run, and no page carries inline script or style (the Content-Security-Policy would
block them). Security headers are on every response, and none may be stored by a cache."""

import re

import pytest
from django.conf import settings

from .conftest import PAYLOADS
from .routes import all_routes
from .test_access import admin_model_ids, candidate_ids, concrete_urls

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def crawl(client, *, admin: bool):
    """(url, response) for every page that answers a GET with 200, ids taken from the database."""
    ids = candidate_ids()
    for route in all_routes():
        if route.is_admin != admin:
            continue
        for url in concrete_urls(route, admin_model_ids(route) if admin else ids):
            response = client.get(url)
            if response.status_code == 200:
                yield url, response


def html_of(response) -> str:
    if "text/html" not in response.get("Content-Type", "") or response.streaming:
        return ""
    return response.content.decode()


@pytest.mark.parametrize("role", ["supervisor", "resp_staff", "lead_staff", "leader"])
def test_html_typed_by_people_is_shown_as_text_on_every_page(client, hostile, role):
    client.force_login(hostile.world[role])
    pages = 0
    escaped_seen = set()
    for url, response in crawl(client, admin=False):
        html = html_of(response)
        if not html:
            continue
        pages += 1
        for name, payload in PAYLOADS.items():
            assert payload not in html, (url, name)
            if payload.replace("<", "&lt;").replace(">", "&gt;")[:12] in html:
                escaped_seen.add(name)
    assert pages >= 5
    # The payloads were on the pages, escaped — the crawl did reach them.
    assert {"unit", "document"} <= escaped_seen
    if role in ("supervisor", "leader"):  # they read the progress reports
        assert "summary" in escaped_seen


def test_admin_pages_escape_them_too(client, hostile, superuser):
    client.force_login(superuser)
    pages = 0
    for url, response in crawl(client, admin=True):
        html = html_of(response)
        pages += 1
        for name, payload in PAYLOADS.items():
            assert payload not in html, (url, name)
    assert pages >= 20


@pytest.mark.parametrize("role", ["supervisor", "resp_staff"])
def test_no_page_has_inline_script_or_style(client, hostile, role):
    client.force_login(hostile.world[role])
    for url, response in crawl(client, admin=False):
        html = html_of(response)
        assert not INLINE_SCRIPT.search(html), url
        assert not EVENT_HANDLER.search(html), (url, EVENT_HANDLER.search(html))
        assert not STYLE_ATTRIBUTE.search(html), (url, STYLE_ATTRIBUTE.search(html))
        assert not STYLE_ELEMENT.search(html), url


def test_the_login_page_has_no_inline_script_or_style(client, db):
    html = client.get("/login/").content.decode()
    assert not (INLINE_SCRIPT.search(html) or EVENT_HANDLER.search(html) or STYLE_ATTRIBUTE.search(html))


def test_every_page_carries_the_security_headers(client, hostile):
    client.force_login(hostile.world["supervisor"])
    for url, response in [("/login/", client.get("/login/")), *crawl(client, admin=False)]:
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp or "default-src 'none'" in csp, url
        assert "unsafe-inline" not in csp
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"]), url
        # Another unit's data is never kept by a shared cache or on disk.
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}, url


def test_the_policy_forbids_inline_script_and_framing():
    policy = dict(part.strip().split(" ", 1) for part in settings.DUBAN_CONTENT_SECURITY_POLICY.split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
