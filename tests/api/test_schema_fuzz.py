"""A schema-driven fuzz run: schemathesis reads /api/schema/ from the live test server and sends generated
requests (valid and invalid) to every operation with a token. No answer may be a server error, and every
answer must match what the schema says (status code, content type, body).

Runs on PostgreSQL (CI's second run); elsewhere it skips, and in CI a skip is a failure."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from api.tokens import create_token
from tasks.models import ReviewState, Urge
from tests.conftest import skip_or_fail

from ..progress.conftest import LAST_MONTH, make_update

EXAMPLES_PER_OPERATION = 20
TIME_LIMIT_SECONDS = 240
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def _schemathesis() -> str:
    return str(Path(sys.executable).parent / "st")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["supervisor", "resp_staff"])
def test_fuzzing_the_api_finds_no_server_errors_and_no_schema_violations(live_server, world, role, tmp_path):
    if connection.vendor != "postgresql":
        skip_or_fail("the fuzz run needs PostgreSQL (DATABASE_URL=postgres://…)", "DUBAN_REQUIRE_SERVICES")
    make_update(world.task, world.resp, ReviewState.DRAFT)
    make_update(world.task, world.street)
    make_update(world.task, world.lead, ReviewState.ACCEPTED, period=LAST_MONTH)
    Urge.objects.create(task=world.task, unit=world.resp, message="请报送。")
    _token, text = create_token(world[role], "fuzz")
    command = [
        _schemathesis(), "run", f"{live_server.url}/api/schema/",
        "--header", f"Authorization: Bearer {text}",
        "--checks", CHECKS,
        "--max-examples", str(EXAMPLES_PER_OPERATION),
        "--seed", "20261122",
        "--workers", "1",
        "--phases", "examples,fuzzing",  # the coverage phase alone takes minutes
        "--no-shrink",
        "--request-timeout", "20",
        "--report", "junit", "--report-dir", str(tmp_path),
    ]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "", "NO_COLOR": "1"}
    # Run from tmp_path: schemathesis keeps a cache folder in its working directory.
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIME_LIMIT_SECONDS, env=env,
                            cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-12000:]
    assert "No issues found" in output or "passed" in output.lower(), output[-4000:]
