"""The task list's filter lists (written by tasks/widgets.QuickSelect from plain rows) and the task page's
health (from the task's annotated latest update) say what the slower, general code said."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.health import assess_health, latest_update_for
from tasks.models import ProgressStatus
from units.models import Unit, UnitKind

from .conftest import LAST_MONTH, TODAY, make_update

pytestmark = pytest.mark.django_db


def test_filter_lists_mark_the_chosen_unit_and_escape_names(client, world):
    Unit.objects.create(name="<b>区\"应急\"&管理局</b>", kind=UnitKind.BUREAU)
    client.force_login(world["supervisor"])
    html = client.get(f"/tasks/?lead_unit={world.lead.pk}&section={world.task.section_id}").content.decode()
    assert f'<option value="{world.lead.pk}" selected>{world.lead.name}</option>' in html
    assert "&lt;b&gt;区&quot;应急&quot;&amp;管理局&lt;/b&gt;" in html and "<b>区" not in html
    assert f'<option value="{world.task.section_id}" selected>　（三）城市更新</option>' in html
    assert '<select name="responsible_unit" id="id_responsible_unit"><option value="" selected>' in html


def test_the_unit_lists_cost_one_query_however_many_units(client, world):
    client.force_login(world["supervisor"])

    def unit_queries():
        with CaptureQueriesContext(connection) as queries:
            client.get("/tasks/")
        return sum('FROM "units_unit"' in q["sql"] and "is_active" in q["sql"] for q in queries.captured_queries)

    few = unit_queries()
    Unit.objects.bulk_create(Unit(name=f"第{n}社区", kind=UnitKind.BUREAU) for n in range(40))
    assert unit_queries() == few == 1


@pytest.mark.parametrize("updates", [
    [],  # no update yet: red, "no update for last month"
    [("resp", ProgressStatus.BEHIND, 40), ("lead", ProgressStatus.ON_TRACK, 90)],  # the lead unit's counts
    [("resp", ProgressStatus.BLOCKED, 10)],
])
def test_the_task_page_judges_health_on_the_update_the_rule_chooses(client, world, updates):
    for unit, status, percent in updates:
        make_update(world.task, getattr(world, unit), period=LAST_MONTH, status=status, percent_complete=percent)
    expected = assess_health(world.task, latest_update_for(world.task), TODAY)
    client.force_login(world["supervisor"])
    shown = client.get(world.task.get_absolute_url()).context["assessment"]
    assert (shown.health, list(map(str, shown.reasons))) == (expected.health, list(map(str, expected.reasons)))


@pytest.mark.parametrize("query", ["", "as_of=2026-10-15", "sort=-deadline", "sort=health"])
def test_the_task_lists_rows_carry_the_health_the_annotation_gives(client, world, query):
    """Rows get their health from one small query for the page (or, sorted by health, from the annotation):
    either way what the annotation says, judged on the day the list is asked for."""
    from tasks import periods
    from tasks.filters import as_of_from
    from tasks.models import Task

    make_update(world.task, world.resp, period=LAST_MONTH, status=ProgressStatus.BEHIND, percent_complete=35)
    make_update(world.other_task, world.lead, period=LAST_MONTH, percent_complete=80)
    client.force_login(world["supervisor"])
    rows = list(client.get(f"/tasks/?{query}").context["page"])
    params = dict(pair.split("=") for pair in query.split("&") if pair)
    day = as_of_from(params, periods.today())
    through = periods.month_start(day) if day < periods.today() else None
    expected = {t.pk: (t.health, t.latest_percent, t.latest_period)
                for t in Task.objects.with_health(day, updates_through=through)}
    assert rows and {t.pk: (t.health, t.latest_percent, t.latest_period) for t in rows} == {
        t.pk: expected[t.pk] for t in rows}
    api = client.get(f"/api/v1/tasks/?{query}").json()["results"]
    assert {row["id"]: (row["health"], row["latest_percent"]) for row in api} == {
        pk: values[:2] for pk, values in expected.items() if pk in {row["id"] for row in api}}
