"""API tokens: made and revoked on the profile page (plain forms), stored only as a hash, refused once
revoked or when their owner is deactivated, and rate-limited per token."""

import re

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from api.models import ApiToken, hash_token
from api.tokens import create_token
from audit.models import AuditAction, AuditEntry

from ..conftest import skip_or_fail
from .conftest import token_client

pytestmark = pytest.mark.django_db


def _bearer(text: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


def test_a_person_makes_a_token_on_the_profile_page_and_it_works_once_shown(client, world):
    client.force_login(world["resp_staff"])
    response = client.post("/profile/tokens/", {"name": "区OA系统"})
    assert response.status_code == 200
    text = re.search(r'class="token-text">([^<]+)<', response.content.decode())[1]
    token = ApiToken.objects.get(user=world["resp_staff"])
    assert token.key_hash == hash_token(text) and text not in token.key_hash and token.hint == text[:8]
    assert text not in client.get("/profile/tokens/").content.decode()  # shown once only
    assert _bearer(text).get("/api/v1/me/").json()["username"] == "resp_staff"
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, content_type__model="apitoken").exists()


def test_a_revoked_token_stops_working(client, world):
    client.force_login(world["resp_staff"])
    api = token_client(world["resp_staff"])
    token = ApiToken.objects.get(user=world["resp_staff"])
    assert client.post(f"/profile/tokens/{token.pk}/revoke/").status_code == 302
    response = api.get("/api/v1/tasks/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"
    assert response.json()["messages"]["en"].startswith("The token is not valid or has been revoked")


def test_nobody_revokes_someone_elses_token(client, world):
    token_client(world["resp_staff"])
    token = ApiToken.objects.get(user=world["resp_staff"])
    client.force_login(world["supervisor"])
    assert client.post(f"/profile/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_token_needs_a_name(client, world):
    client.force_login(world["resp_staff"])
    assert client.post("/profile/tokens/", {"name": ""}).status_code == 400
    assert not ApiToken.objects.exists()


def test_the_token_page_needs_a_login(client):
    assert client.get("/profile/tokens/").status_code == 302


def test_a_deactivated_persons_token_stops_working(world):
    api = token_client(world["resp_staff"])
    world["resp_staff"].is_active = False
    world["resp_staff"].save()
    assert api.get("/api/v1/tasks/").status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer not-a-token", "Bearer a b"])
def test_a_malformed_or_unknown_token_is_refused(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/tasks/").status_code == 401


@pytest.fixture
def counted_tokens(world):
    """Two fresh tokens of one person, their counts in the throttle cache (Redis on the services run) removed
    before and after."""
    made = [create_token(world["resp_staff"], name) for name in ("first", "second")]
    keys = [f"throttle_api_token-{token.pk}" for token, _text in made]
    caches["throttle"].delete_many(keys)
    yield [_bearer(text) for _token, text in made]
    caches["throttle"].delete_many(keys)


def test_requests_are_limited_per_token(settings, counted_tokens):
    settings.DUBAN_API_RATE = "3/minute"
    first, second = counted_tokens
    assert [first.get("/api/v1/me/").status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = first.get("/api/v1/me/")
    assert refused.json()["code"] == "throttled" and "Retry-After" in refused
    assert second.get("/api/v1/me/").status_code == 200  # another token has its own allowance


def test_an_uncountable_limit_lets_requests_through(settings, counted_tokens, monkeypatch):
    """Redis away: the API still answers (the limit is not counted), it does not fail."""
    from redis.exceptions import ConnectionError as RedisDown

    def unreachable(*args, **kwargs):
        raise RedisDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    settings.DUBAN_API_RATE = "1/minute"
    monkeypatch.setattr(caches["throttle"], "get", unreachable)
    assert [counted_tokens[0].get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.services
def test_with_redis_every_worker_process_shares_one_count(settings, counted_tokens):
    """The count is kept in Redis, where each gunicorn worker reads it — not in one process's memory."""
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set", "DUBAN_REQUIRE_SERVICES")
    import redis

    settings.DUBAN_API_RATE = "5/minute"
    counted_tokens[0].get("/api/v1/me/")
    stored = [key for key in redis.Redis.from_url(settings.REDIS_URL).scan_iter("duban:*throttle_api_token-*")]
    assert stored, "the count is not in Redis"


def test_the_command_line_makes_a_token_that_works(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_api_token", "resp_staff", "--name", "OA", stdout=out)
    text = out.getvalue().strip()
    assert _bearer(text).get("/api/v1/me/").json()["username"] == "resp_staff"
    assert ApiToken.objects.get(user=world["resp_staff"]).name == "OA"
