"""The figures (reports/figures) on a district worked out by hand (see conftest.py), now and as they stood at
the end of October; and every count equal to the number of tasks its task-list link shows."""

import datetime

import pytest
from django.urls import reverse

from reports import figures
from tasks.models import WorkStatus

from .conftest import NOV, OCT, TODAY

pytestmark = pytest.mark.django_db


def everything(district):
    return figures.scope_for(district.users["supervisor"])


def now():
    return figures.AsOf.for_period(NOV, TODAY)


def end_of_october():
    return figures.AsOf.for_period(OCT, TODAY)


def test_as_of_is_the_months_last_day_or_today():
    assert end_of_october().day == datetime.date(2026, 10, 31)
    assert now().day == TODAY
    assert now().closed_period == OCT
    assert end_of_october().closed_period == datetime.date(2026, 9, 1)
    assert figures.AsOf.for_period(datetime.date(2027, 5, 1), TODAY).period == NOV  # no future months


def test_overview_now(district):
    o = figures.overview(everything(district), now())
    assert o.health.values() == {"red": 3, "yellow": 1, "green": 3, "grey": 1}  # the draft plan's task left out
    assert o.total.value == 8
    assert o.completed.value == 1 and o.completion_rate == 12.5
    assert (o.status[WorkStatus.IN_PROGRESS].value, o.status[WorkStatus.NOT_STARTED].value) == (6, 1)  # ▲t4
    assert o.overdue.value == 1  # t2; t3 was late but is completed
    assert o.due_soon.value == 1  # t5, 18 days left
    assert o.missing_updates.value == 2  # October: t2 (only September's), t4 (none); t9's plan began in November
    assert o.livelihood.values() == {"red": 1, "yellow": 0, "green": 0, "grey": 0}
    assert (o.targets, o.targets_met, o.tasks_targets_met.value) == (2, 1, 1)


def test_overview_as_it_stood_at_the_end_of_october(district):
    o = figures.overview(everything(district), end_of_october())
    # t8's November update is not read: October said behind. t2 is due that very day: not yet overdue.
    # t1 and t6 sent October's update but none for September: October's does not make up for it (was green and
    # yellow while a later month's update hid the missing one).
    assert o.health.values() == {"red": 5, "yellow": 1, "green": 1, "grey": 1}
    assert o.overdue.value == 0
    assert o.due_soon.value == 1  # t2, due 10-31
    # September's updates: t3 owed one (completed during September) and sent it; t2 sent one
    assert o.missing_updates.value == 5


def test_one_plan(district):
    scope = figures.scope_for(district.users["supervisor"], plan=district.winter)
    o = figures.overview(scope, now())
    assert o.health.values() == {"red": 0, "yellow": 0, "green": 1, "grey": 0}
    assert o.missing_updates.value == 0  # no update was owed before the plan began


def test_sections(district):
    rows = {row.label: row for row in figures.section_figures(everything(district), now())}
    assert rows["一、 经济发展"].health.values() == {"red": 2, "yellow": 0, "green": 1, "grey": 0}  # t1, t2, ▲t4
    assert rows["二、 民生保障"].health.values() == {"red": 1, "yellow": 1, "green": 1, "grey": 1}
    assert rows["二、 民生保障"].completed.value == 1


def test_units(district):
    rows = {row.name: row for row in figures.unit_figures(everything(district), now(), periods=1)}
    fgw, zjw = rows["区发展和改革委员会"], rows["区住房和城乡建设管理委员会"]
    qinglan, baiyun = rows["青岚街道办事处"], rows["白云街道办事处"]
    # 发改委 leads t1, t3, t8, t9 and the ▲ sub-item t4 that names no lead of its own
    assert (fgw.leads.value, fgw.responsible.value, fgw.red.value) == (5, 0, 1)
    assert (zjw.leads.value, zjw.responsible.value, zjw.red.value) == (1, 1, 1)
    # 青岚 is responsible for t4 directly and for t2 through 各街道
    assert (qinglan.leads.value, qinglan.responsible.value, qinglan.red.value) == (1, 2, 3)
    assert (baiyun.leads.value, baiyun.responsible.value, baiyun.red.value) == (1, 1, 1)
    assert (zjw.open_urges.value, qinglan.open_urges.value) == (1, 0)  # 青岚's was answered on 11-03
    # October: 发改委's t8 update came at 23:59 on the 25th (on time), t4's never
    assert (fgw.reporting.expected, fgw.reporting.on_time, fgw.reporting.late) == (3, 2, 0)
    assert (zjw.reporting.expected, zjw.reporting.on_time, zjw.reporting.late) == (2, 0, 1)  # t1 came on 10-28
    assert fgw.on_time_rate == pytest.approx(66.7)
    assert (fgw.missing_last_period.value, zjw.missing_last_period.value, qinglan.missing_last_period.value) == (
        1, 1, 2)


def test_open_urges_as_of_october(district):
    rows = {row.name: row for row in figures.unit_figures(everything(district), end_of_october())}
    assert rows["青岚街道办事处"].open_urges.value == 1


def test_reporting_rate_by_month(district):
    rates = figures.reporting_by_period(everything(district), [datetime.date(2026, 9, 1), OCT])
    assert (rates[OCT].expected, rates[OCT].reported) == (10, 5)
    assert rates[OCT].reporting_rate == 50.0


def test_trend(district):
    points = figures.trend(everything(district), now(), months=3)
    assert [p.period for p in points] == [datetime.date(2026, 9, 1), OCT, NOV]
    assert [p.completed.value for p in points] == [1, 1, 1]  # t3, completed 09-15
    # end of September: nobody had reported for August (t2's September update does not make up for it: it was
    # yellow while that hid the missing month); t9's plan had not begun
    assert [p.red.value for p in points] == [6, 5, 3]
    assert points[1].reporting_rate == 50.0


def test_targets(district):
    rows = figures.target_rows(everything(district), now())
    assert [(row.text, row.actual, row.is_met) for row in rows] == [
        ("完成45万平方米", 30, False), ("新建10个", 12, True)]


def listed(client, figure) -> int:
    response = client.get(reverse("tasks:list") + "?" + figure.query)
    assert response.status_code == 200
    form = response.context["filter"].form
    assert form.is_valid(), (figure.query, form.errors)
    return response.context["page"].paginator.count


def all_figures(scope, as_of):
    o = figures.overview(scope, as_of)
    yield from [count for _health, count in o.health.items()]
    yield from [o.total, *o.status.values(), o.completed, o.overdue, o.due_soon, o.missing_updates,
                o.tasks_targets_met, *(count for _health, count in o.livelihood.items())]
    for section in figures.section_figures(scope, as_of):
        yield from [count for _health, count in section.health.items()]
        yield section.completed
    for unit in figures.unit_figures(scope, as_of):
        yield from [unit.leads, unit.responsible, unit.red, unit.open_urges, unit.missing_last_period]
    for point in figures.trend(scope, as_of, months=4):
        yield from [point.completed, point.red]


@pytest.mark.parametrize(("period", "one_plan"), [(OCT, False), (NOV, True)])
def test_every_count_is_the_number_of_tasks_its_link_lists(client, district, period, one_plan):
    client.force_login(district.users["supervisor"])
    scope = figures.scope_for(district.users["supervisor"], plan=district.plan if one_plan else None)
    checked = 0
    for figure in all_figures(scope, figures.AsOf.for_period(period, TODAY)):
        assert listed(client, figure) == figure.value, figure.query
        checked += 1
    assert checked > 40


def test_the_dashboards_health_sql_agrees_with_the_task_lists(db):
    from plans.load_data import generate
    from tasks.health_sql import health_rows
    from tasks.models import Task

    generate(plans=2, tasks=300, units=20, months=8, seed=5, today=TODAY)
    for period in (NOV, OCT, datetime.date(2026, 6, 1)):
        as_of = figures.AsOf.for_period(period, TODAY)
        listed = dict(as_of.with_health(Task.objects.all()).values_list("pk", "health"))
        counted = dict(health_rows(Task.objects.all(), as_of.day, as_of.updates_through, group=False))
        assert counted == listed
        assert len(set(counted.values())) == 4  # every colour occurs, so the comparison means something


def test_a_task_completed_after_the_month_counts_as_open_for_that_month(client, district):
    """t6 is confirmed completed on 11-10: at the end of October it was still in progress — red, as it had sent
    no update for September."""
    from tasks.health import assess_health, latest_update_for
    from tasks.models import Task

    t6 = district.tasks["t6"]
    Task.objects.filter(pk=t6.pk).update(work_status=WorkStatus.COMPLETED, completed_on=datetime.date(2026, 11, 10))
    t6.refresh_from_db()
    october, november = figures.overview(everything(district), end_of_october()), figures.overview(
        everything(district), now())
    assert (november.completed.value, november.health.values()["grey"]) == (2, 2)
    assert (october.completed.value, october.health.values()["grey"]) == (1, 1)
    assert october.status[WorkStatus.IN_PROGRESS].value == november.status[WorkStatus.IN_PROGRESS].value + 1
    assert assess_health(t6, latest_update_for(t6), datetime.date(2026, 10, 31)).health == "red"
    assert assess_health(t6, latest_update_for(t6), TODAY).health == "grey"
    # and every October and November count is still the number of tasks its link lists
    client.force_login(district.users["supervisor"])
    for as_of in (end_of_october(), now()):
        for figure in all_figures(everything(district), as_of):
            assert listed(client, figure) == figure.value, figure.query
