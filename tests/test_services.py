"""The real services CI provides: PostgreSQL behind DATABASE_URL and Redis behind REDIS_URL.

On a laptop without them these tests skip; `.ci/run` sets DUBAN_REQUIRE_SERVICES so that there they
must run and pass.
"""

import os

import pytest
from django.db import connection

from config.celery import app
from tests.conftest import skip_or_fail


@pytest.mark.services
@pytest.mark.django_db
def test_database_url_selects_postgresql():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        skip_or_fail("DATABASE_URL does not name a PostgreSQL database", "DUBAN_REQUIRE_SERVICES")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_encoding')")
        assert cursor.fetchone()[0] == "UTF8"


@pytest.mark.services
def test_celery_reaches_the_redis_broker():
    if not os.environ.get("REDIS_URL"):
        skip_or_fail("REDIS_URL is not set", "DUBAN_REQUIRE_SERVICES")
    assert app.conf.task_always_eager is False
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=2)
        assert conn.connected


@pytest.mark.services
@pytest.mark.django_db
def test_chinese_text_round_trips_through_the_database(demo_plan):
    demo_plan.refresh_from_db()
    assert demo_plan.title == "云溪区人民政府2026年重点工作任务分解方案"
    assert demo_plan.tasks.filter(text__contains="口袋公园").exists()
