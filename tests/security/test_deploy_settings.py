"""Production settings: `check --deploy` is clean, HTTPS settings follow the environment, and the app
will not start without a real SECRET_KEY (tests/test_settings.py covers the last)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "duban.example.invalid"}


def run(args: list[str], **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_", "CSRF_"))}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=base | PRODUCTION | env, capture_output=True,
                          text=True)


def setting_values(*names: str, **env) -> list[str]:
    code = ("import django; django.setup(); from django.conf import settings; "
            f"print('|'.join(repr(getattr(settings, n)) for n in {names!r}))")
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="config.settings", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_check_deploy_is_clean_in_production():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout


def test_check_deploy_does_warn_when_https_is_turned_off():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], SECURE_SSL_REDIRECT="0",
                 SESSION_COOKIE_SECURE="0")
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W012" in result.stderr


def test_production_defaults_are_secure():
    assert setting_values("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                          "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER") == \
        ["True", "True", "True", "31536000", "None"]


def test_a_deployment_behind_a_proxy_names_its_header():
    assert setting_values("SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https") == \
        ["('HTTP_X_FORWARDED_PROTO', 'https')"]


def test_a_plain_http_intranet_can_turn_https_off():
    values = setting_values("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
                            SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0")
    assert values == ["False", "False", "0"]


def test_uploads_inside_the_static_folder_are_refused():
    result = run(["manage.py", "check"], MEDIA_ROOT=str(ROOT / "static" / "uploads"))
    assert result.returncode != 0
    assert "duban.E001" in result.stderr


def test_a_malformed_proxy_header_stops_the_start():
    result = run(["-c", "import django; django.setup()"], DJANGO_SETTINGS_MODULE="config.settings",
                 SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")
    assert result.returncode != 0 and "SECURE_PROXY_SSL_HEADER" in result.stderr
