"""Every form post needs the CSRF token, on every route, including routes added later."""

import pytest
from django.http import HttpResponse
from django.test import Client

from audit.models import AuditEntry

from .routes import all_routes
from .test_access import candidate_ids, concrete_urls

pytestmark = pytest.mark.django_db
REFUSED = b"csrf refused"


def csrf_refused(request, reason=""):
    return HttpResponse(REFUSED, status=403)


@pytest.fixture
def marked_csrf_failures(settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.csrf_refused"


@pytest.mark.parametrize("who", ["anonymous", "superuser", "supervisor"])
def test_a_post_without_the_token_is_refused_everywhere(hostile, marked_csrf_failures, superuser, who):
    client = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        client.force_login(superuser if who == "superuser" else hostile.world["supervisor"])
    ids = candidate_ids()[:2]
    entries = AuditEntry.objects.count()
    checked = 0
    for route in all_routes():
        for url in concrete_urls(route, ids):
            response = client.post(url, {"username": "supervisor", "password": "pw-for-tests-only"})
            if route.is_api:
                # DRF checks the token of a session-authenticated call itself and answers in JSON; a call
                # with no session is unauthenticated (the docs page sends a browser to log in first).
                if who == "anonymous" and response.status_code == 302:
                    assert response["Location"].startswith("/login/"), (route.name, url)
                    continue
                assert response.status_code in (401, 403), (route.name, url, response.status_code)
                continue
            assert response.status_code == 403 and response.content == REFUSED, (route.name, url)
            checked += 1
    assert checked > 100
    assert AuditEntry.objects.count() == entries


def test_the_same_post_with_the_token_gets_through(hostile, marked_csrf_failures):
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    token = client.cookies["csrftoken"].value
    response = client.post("/login/", {"username": "supervisor", "password": "pw-for-tests-only",
                                       "csrfmiddlewaretoken": token})
    assert response.status_code == 302
