"""docker-compose.yml cannot be run here (no Docker engine), so its shape is checked by reading it."""

import importlib
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(compose()["services"])


def test_every_app_service_runs_a_command_that_exists_in_the_project():
    services = compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        command = services[name]["command"]
        program = command[0]
        assert shutil.which(program, path=str(ROOT / ".venv" / "bin")) or program == "python", (name, program)
        if program == "gunicorn":
            module, _, attribute = command[1].partition(":")
            assert hasattr(importlib.import_module(module), attribute)
        elif program == "celery":
            app_module = importlib.import_module(command[command.index("-A") + 1])
            assert app_module.celery_app.main == "duban"
            if "--scheduler" in command:
                module, _, cls = command[command.index("--scheduler") + 1].partition(":")
                assert hasattr(importlib.import_module(module), cls)
        elif program == "python":
            assert (ROOT / command[1]).exists()


def test_app_services_share_the_production_environment():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DEBUG"] == "0"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert "SECRET_KEY" in env


def test_dockerfile_installs_pdf_libraries_and_a_cjk_font():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "libpango" in dockerfile
    assert "fonts-noto-cjk" in dockerfile
    assert "constraints.txt" in dockerfile


def test_web_and_worker_health_checks_use_the_health_endpoint_and_command():
    services = compose()["services"]
    web_check = services["web"]["healthcheck"]["test"]
    assert any(part.endswith(":8000/healthz") for part in web_check)
    worker_check = services["worker"]["healthcheck"]["test"]
    assert worker_check[1:] == ["python", "manage.py", "healthcheck", "--worker"]
    assert (ROOT / "operations" / "management" / "commands" / "healthcheck.py").exists()


def test_production_services_get_the_https_settings():
    env = compose()["services"]["web"]["environment"]
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
                 "SECURE_PROXY_SSL_HEADER"):
        assert name in env
