"""The dashboard pages: who may open them, every number on them a link to a task list showing that many
tasks, bad input explained, and a fixed number of queries however much data there is."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.load_data import generate
from tests.conftest import make_user
from units.models import MembershipRole

from .conftest import TODAY

pytestmark = pytest.mark.django_db

PAGES = ["reports:overview", "reports:sections", "reports:units", "reports:trend", "reports:leader"]
COUNT_LINK = re.compile(r'<a class="count" href="([^"]+)" title="[^"]*">(\d+)</a>')


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("role", "status"), [
    ("supervisor", 200), ("leader", 200), ("administrator", 200), ("fgw_staff", 403), ("nobody", 403),
])
def test_who_may_open_the_dashboards(client, district, page, role, status):
    client.force_login(district.users[role])
    assert client.get(reverse(page)).status_code == status


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, district, page):
    response = client.get(reverse(page))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_menu_shows_dashboards_to_those_who_may_open_them(client, district):
    client.force_login(district.users["leader"])
    assert reverse("reports:overview") in client.get(reverse("tasks:list")).content.decode()
    client.force_login(district.users["fgw_staff"])
    assert reverse("reports:overview") not in client.get(reverse("tasks:list")).content.decode()


def test_the_menu_marks_dashboards_or_reports_whichever_is_open(client, district):
    client.force_login(district.users["supervisor"])
    current = re.compile(r'<a href="([^"]+)"[^>]*aria-current="page"')
    on_dashboard = current.findall(client.get(reverse("reports:overview")).content.decode())
    assert reverse("reports:overview") in on_dashboard and reverse("reports:list") not in on_dashboard
    on_reports = current.findall(client.get(reverse("reports:list")).content.decode())
    assert on_reports == [reverse("reports:list")]


def test_a_unit_head_sees_figures_over_their_units_tasks_and_only_their_units_rows(client, district):
    head = make_user("fgw_head", unit=district.units["fgw"], unit_role=MembershipRole.HEAD)
    client.force_login(head)
    overview = client.get(reverse("reports:overview"))
    assert overview.context["o"].total.value == 5  # t1, t3, ▲t4, t8, t9 — the tasks 发改委 leads
    units = client.get(reverse("reports:units"))
    assert [row.name for row in units.context["units"]] == ["区发展和改革委员会"]


def task_list_count(client, href: str) -> int:
    response = client.get(href.replace("&amp;", "&"))
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.mark.parametrize(("page", "query"), [
    ("reports:overview", ""), ("reports:overview", "?period=2026-10"), ("reports:sections", ""),
    ("reports:units", ""), ("reports:units", "?period=2026-10&months=6"), ("reports:trend", ""),
    ("reports:leader", "?period=2026-09"),
])
def test_every_number_on_the_page_is_the_number_of_tasks_its_link_lists(client, district, page, query):
    client.force_login(district.users["supervisor"])
    html = client.get(reverse(page) + query).content.decode()
    links = COUNT_LINK.findall(html)
    assert links, "the page shows linked counts"
    for href, shown in set(links):
        assert task_list_count(client, href) == int(shown), href


def test_overview_shows_the_districts_numbers(client, district):
    client.force_login(district.users["supervisor"])
    o = client.get(reverse("reports:overview")).context["o"]
    assert (o.total.value, o.health.red.value, o.overdue.value, o.missing_updates.value) == (8, 3, 1, 2)
    october = client.get(reverse("reports:overview") + "?period=2026-10").context["o"]
    assert (october.overdue.value, october.health.red.value) == (0, 5)  # t1, t6 sent nothing for September


def test_one_plan_only(client, district):
    client.force_login(district.users["supervisor"])
    response = client.get(reverse("reports:overview") + f"?plan={district.winter.pk}")
    assert response.context["o"].total.value == 1


def test_a_month_that_is_not_a_month_is_explained(client, district):
    client.force_login(district.users["supervisor"])
    response = client.get(reverse("reports:overview") + "?period=2026-13")
    assert response.status_code == 400  # refused (tests/hardening/test_calendar_window.py), with the form's words
    assert "2026-10" in response.context["form"].errors["period"][0]  # says how to write it
    assert response.context["as_of"].day == TODAY  # and shows this month meanwhile


def test_units_can_be_sorted(client, district):
    client.force_login(district.users["supervisor"])
    rows = client.get(reverse("reports:units") + "?sort=red").context["units"]
    assert [row.red.value for row in rows] == sorted((row.red.value for row in rows), reverse=True)
    rows = client.get(reverse("reports:units") + "?sort=on_time").context["units"]
    rates = [row.on_time_rate for row in rows if row.on_time_rate is not None]
    assert rates == sorted(rates, reverse=True)


def test_charts_are_inline_svg_with_titles(client, district):
    client.force_login(district.users["supervisor"])
    html = client.get(reverse("reports:overview")).content.decode()
    assert html.count("<svg") >= 3 and "<title" in html
    assert "<script" not in html


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", [*PAGES, "tasks:list"])
def test_pages_run_the_same_few_queries_whatever_the_data_size(client, district, page):
    client.force_login(district.users["supervisor"])
    url = reverse(page)
    generate(plans=1, tasks=10, units=5, months=3, seed=11, today=TODAY)
    small = queries(client, url)
    generate(plans=3, tasks=150, units=25, months=6, seed=12, today=TODAY)
    large = queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    limit = 26 if page == "reports:trend" else 20  # the trend reads each month's health: one query a month
    assert large <= limit
