"""The dashboards benchmark at a reduced size on the real PostgreSQL (CI): it runs, and writes every figure
the issue names. Its full-size run is `make bench` (README, Performance)."""

import json

import pytest
from django.db import connection
from django.utils import translation

from bench import dashboards
from bench.__main__ import write_results
from tests.conftest import skip_or_fail

PAGES = ["overview", "by_unit", "task_list", "task_page"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_dashboards_benchmark_writes_its_figures(tmp_path, settings):
    if connection.vendor != "postgresql":
        skip_or_fail("the benchmark's CI run needs PostgreSQL (set DATABASE_URL)", "DUBAN_REQUIRE_SERVICES")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The benchmark's requests switch this thread to Chinese; later tests expect the language they had.
    with translation.override(translation.get_language()):
        results = dashboards.run(plans=2, tasks=300, unit_count=20, months=6, repeat=3)
    path = tmp_path / "bench-results.json"
    write_results(results, path)
    written = json.loads(path.read_text())
    for page in PAGES:
        for figure in ("median_ms", "queries", "floor_ms", "ratio"):
            assert written[f"{page}_{figure}"] > 0, f"{page}_{figure}"
        # A fixed few per page (tests/progress/test_query_counts.py holds them to the data size); the task page
        # reads one more for each of its panels: updates, targets, timeline, urges and the supervision requests.
        assert written[f"{page}_queries"] < 20, page
