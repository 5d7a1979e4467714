"""/healthz carries the same security headers as every page, and nothing a signed-in person is sent —
page, API answer, download — may be kept by a shared cache or on disk; static files keep their own caching."""

import pytest
from django.urls import reverse

from tests.api.conftest import token_client
from tests.progress.conftest import _fixed_today, world  # noqa: F401  (fixtures used here)

pytestmark = pytest.mark.django_db


def assert_not_stored(response, what: str) -> None:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (what, response.get("Cache-Control"))


@pytest.mark.parametrize("path", ["/healthz", "/healthz/"])
def test_health_carries_the_security_headers_over_plain_http(client, settings, path):
    settings.ALLOWED_HOSTS = ["duban.example.invalid"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(path, HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == settings.DUBAN_CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_the_https_redirect_still_applies_to_every_other_path(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthzz").status_code == 301
    assert client.get("/login/").status_code == 301


def test_pages_for_a_signed_in_person_are_not_stored(client, world):  # noqa: F811
    client.force_login(world["supervisor"])
    for url in [reverse("tasks:notifications"), reverse("tasks:list"), reverse("tasks:detail", args=[world.task.pk]),
                reverse("plans:detail", args=[world.plan.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response, url)


def test_a_download_is_not_stored(client, world):  # noqa: F811
    client.force_login(world["supervisor"])
    response = client.get(reverse("plans:ledger", args=[world.plan.pk]))
    assert response.status_code == 200
    assert_not_stored(response, "plan ledger")


def test_api_answers_are_not_stored_with_a_token_or_a_session(client, world):  # noqa: F811
    response = token_client(world["supervisor"]).get("/api/v1/me/")
    assert response.status_code == 200
    assert_not_stored(response, "API with a token")
    client.force_login(world["supervisor"])
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert_not_stored(response, "API with a session")


def test_static_files_keep_their_own_caching(client, world, settings):  # noqa: F811
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(world["supervisor"])
    response = client.get("/static/duban/duban.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
