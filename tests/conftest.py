"""Shared fixtures: named users per role, the demo district, and the switches that make browser and
service tests mandatory in CI (a skip there is a failure)."""

import datetime
import os
import shutil

import pytest

from plans.demo import load_demo
from units.models import GlobalRole, Membership, MembershipRole, Unit, UnitKind, User

DEMO_TODAY = datetime.date(2026, 11, 22)


def required(variable: str) -> bool:
    return os.environ.get(variable, "") not in ("", "0")


def skip_or_fail(reason: str, variable: str):
    """Skip on a developer's machine; fail in CI, where `variable` says the thing must be there."""
    if required(variable):
        pytest.fail(f"{reason} ({variable} is set, so this may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # API rate limits count in Redis when it is configured, across tests and runs: only the tests of the limit
    # itself switch it on (tests/api/test_tokens.py), with fresh tokens.
    settings.DUBAN_API_RATE = ""
    # A deliberately slow hash is the point in production and only a cost in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def unit(db) -> Unit:
    return Unit.objects.create(name="区发展和改革委员会", kind=UnitKind.BUREAU)


def make_user(username: str, role: str = GlobalRole.NONE, unit: Unit | None = None, unit_role=None) -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests-only", global_role=role)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=unit_role or MembershipRole.STAFF)
    return user


@pytest.fixture
def supervisor(db) -> User:
    return make_user("supervisor", GlobalRole.SUPERVISOR)


@pytest.fixture
def leader(db) -> User:
    return make_user("leader", GlobalRole.LEADER)


@pytest.fixture
def staff(unit) -> User:
    return make_user("staff", unit=unit)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", "root@example.invalid", "pw-for-tests-only")


@pytest.fixture
def demo_plan(db):
    return load_demo(today=DEMO_TODAY)


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        skip_or_fail("Chromium is not installed (apt-get install chromium chromium-driver)", "DUBAN_REQUIRE_BROWSER")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("the playwright package is not installed", "DUBAN_REQUIRE_BROWSER")
    return path


@pytest.fixture
def browser(chromium_path):
    """A headless Chromium driven by Playwright. Django's ORM is called from the test thread while
    Playwright's event loop runs there, which Django would otherwise refuse as async-unsafe."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def artifacts_dir():
    path = os.path.join(os.path.dirname(__file__), "artifacts")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Close connections after each request: live-server threads holding them open would stop the
    test database from being dropped on PostgreSQL."""
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
