"""The database restarted between two requests: the next request works (PostgreSQL only).

A worker process keeps its database connection between requests (CONN_MAX_AGE); a restart of PostgreSQL
ends it on the server's side. Django checks a kept connection at the start of each request
(CONN_HEALTH_CHECKS) and opens a new one, so nobody sees an error. The requests here go through the real WSGI
handler, as gunicorn calls it (the test client leaves connections alone)."""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.client import RequestFactory

from tests.conftest import make_user, skip_or_fail

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _get(handler, path: str, cookie: str) -> tuple[int, bytes]:
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", HTTP_COOKIE=cookie)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])

    response = handler(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        response.close()  # request_finished: the connection is kept for the next request
    return answer["status"], body


def _end_session(pid: int) -> bool:
    """End the session from outside, as a restart of the server does. Only this one: other tests' connections
    (a live server's threads) must not be cut from under them."""
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                         user=settings["USER"], password=settings["PASSWORD"] or None, dbname="postgres",
                         autocommit=True) as admin:
        return admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


def test_the_next_request_after_a_database_restart_works(client, settings, monkeypatch):
    if connection.vendor != "postgresql":
        skip_or_fail("a database restart needs PostgreSQL (set DATABASE_URL)", "DUBAN_REQUIRE_SERVICES")
    # Production keeps connections (config/settings.py); the suite closes them after each request (conftest).
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.close()
    client.force_login(make_user("clerk"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()

    status, body = _get(handler, "/plans/", cookie)
    assert status == 200
    before = connection.connection.info.backend_pid  # kept open for the next request
    assert _end_session(before)

    status, body = _get(handler, "/plans/", cookie)
    assert status == 200, body[:500]
    assert connection.connection.info.backend_pid != before
    status, body = _get(handler, "/healthz", "")
    assert status == 200 and b'"database": {"status": "ok"}' in body.replace(b'":{', b'": {')
    connection.close()
