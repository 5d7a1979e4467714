import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def run_settings(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")} | env
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.DEBUG, settings.CELERY_TASK_ALWAYS_EAGER)"],
        cwd=ROOT, env=environment | {"DJANGO_SETTINGS_MODULE": "config.settings"}, capture_output=True, text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DEBUG="0")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key():
    result = run_settings(DEBUG="0", SECRET_KEY="duban-development-only-not-a-secret")
    assert result.returncode != 0


def test_production_starts_with_a_real_key():
    result = run_settings(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="duban.example.invalid")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


@pytest.mark.parametrize("key", [
    secrets.token_urlsafe(30),  # shorter than 50 characters
    "ab" * 40,  # long, but only two different characters
    "django-insecure-" + secrets.token_urlsafe(50),  # the key `startproject` writes
], ids=["short", "few-characters", "django-insecure"])
def test_production_refuses_a_weak_key_with_a_clear_message(key):
    result = run_settings(DEBUG="0", SECRET_KEY=key, ALLOWED_HOSTS="duban.example.invalid")
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "SECRET_KEY" in last_line and "at least 50 characters" in last_line
    assert key not in result.stderr  # the key is not printed to the log


def test_a_weak_key_is_fine_while_debugging():
    assert run_settings(DEBUG="1", SECRET_KEY="short").returncode == 0


def test_without_redis_jobs_run_in_process():
    result = run_settings(REDIS_URL="")
    assert result.stdout.split() == ["True", "True"]


def test_with_redis_jobs_go_to_the_broker():
    result = run_settings(REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.stdout.split() == ["True", "False"]


def test_site_defaults_to_chinese_in_shanghai_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert ("en", "English") in settings.LANGUAGES


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("COUNT", "12")
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_bool("FLAG") is True
    assert env_int("COUNT", 0) == 12
    assert env_list("HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ValueError, match="FLAG"):
        env_bool("FLAG")
