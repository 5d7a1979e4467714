"""The dashboards' figures through the API (/api/v1/dashboard/…): the same numbers as the pages, each count's
`tasks` link returning exactly that many tasks, bad parameters refused, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from api.tokens import create_token
from plans.load_data import generate
from tests.conftest import make_user
from units.models import MembershipRole

from .conftest import TODAY

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/dashboard/", "/api/v1/dashboard/sections/", "/api/v1/dashboard/units/"]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.DUBAN_API_RATE = ""


def api_client(user) -> APIClient:
    _token, text = create_token(user, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


def counts_in(data) -> list[dict]:
    """Every {"value", "tasks"} figure anywhere in the answer."""
    if isinstance(data, dict):
        if set(data) == {"value", "tasks"}:
            return [data]
        return [figure for value in data.values() for figure in counts_in(value)]
    if isinstance(data, list):
        return [figure for value in data for figure in counts_in(value)]
    return []


def test_the_overview_gives_the_pages_numbers(client, district):
    supervisor = district.users["supervisor"]
    client.force_login(supervisor)
    page = client.get(reverse("reports:overview")).context["o"]
    data = api_client(supervisor).get("/api/v1/dashboard/").json()
    assert data["health"]["total"]["value"] == page.total.value == 8
    assert {health: data["health"][health]["value"] for health in ("red", "yellow", "green", "grey")} == (
        page.health.values())
    assert (data["overdue"]["value"], data["missing_updates"]["value"]) == (page.overdue.value,
                                                                           page.missing_updates.value)
    assert data["as_of"]["day"] == TODAY.isoformat()
    october = api_client(supervisor).get("/api/v1/dashboard/?period=2026-10").json()
    assert (october["overdue"]["value"], october["health"]["red"]["value"]) == (0, 5)  # t1, t6: no September
    assert october["as_of"]["day"] == "2026-10-31"


@pytest.mark.parametrize("url", [*ENDPOINTS, "/api/v1/dashboard/?period=2026-09",
                                 "/api/v1/dashboard/units/?period=2026-10&months=6"])
def test_every_count_is_the_number_of_tasks_its_link_returns(district, url):
    client = api_client(district.users["supervisor"])
    figures = counts_in(client.get(url).json())
    assert len(figures) >= 5
    for figure in {(f["tasks"], f["value"]) for f in figures}:
        link, value = figure
        assert link.startswith("/api/v1/tasks/?")
        listed = client.get(link)
        assert listed.status_code == 200, link
        assert listed.json()["count"] == value, link


def test_one_plan_only(district):
    data = api_client(district.users["supervisor"]).get(f"/api/v1/dashboard/?plan={district.winter.pk}").json()
    assert data["health"]["total"]["value"] == 1


def test_a_unit_head_gets_their_units_tasks_and_only_their_units_rows(district):
    head = make_user("fgw_head", unit=district.units["fgw"], unit_role=MembershipRole.HEAD)
    client = api_client(head)
    assert client.get("/api/v1/dashboard/").json()["health"]["total"]["value"] == 5
    assert [row["name"] for row in client.get("/api/v1/dashboard/units/").json()] == ["区发展和改革委员会"]


@pytest.mark.parametrize(("query", "field"), [
    ("period=2026-13", "period"), ("period=十月", "period"), ("plan=999999", "plan"), ("months=7", "months"),
    ("sort=height", "sort"),
])
def test_bad_parameters_are_refused_with_the_field_named(district, query, field):
    response = api_client(district.users["supervisor"]).get(f"/api/v1/dashboard/units/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["fields"]


def test_units_are_sorted_as_asked(district):
    rows = api_client(district.users["supervisor"]).get("/api/v1/dashboard/units/?sort=red").json()
    assert [row["red"]["value"] for row in rows] == sorted((row["red"]["value"] for row in rows), reverse=True)


def test_staff_are_refused_and_anonymous_callers_must_authenticate(district):
    assert api_client(district.users["fgw_staff"]).get("/api/v1/dashboard/").status_code == 403
    assert APIClient().get("/api/v1/dashboard/").status_code == 401


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ENDPOINTS)
def test_the_same_few_queries_whatever_the_data_size(district, url):
    client = api_client(district.users["supervisor"])
    generate(plans=1, tasks=10, units=5, months=3, seed=11, today=TODAY)
    small = _queries(client, url)
    generate(plans=3, tasks=150, units=25, months=6, seed=12, today=TODAY)
    large = _queries(client, url)
    assert small == large, f"{url}: {small} queries with little data, {large} with more"
    assert large <= 20
