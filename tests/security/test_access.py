"""No page without a login except the login pages and /healthz; nobody reaches another unit's records.

Routes are found by walking the URL resolver, so pages added by later work are checked without
touching this file; a new public page must be added to PUBLIC on purpose.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from .routes import all_routes

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "admin:login", "set_language"}  # the language switch is on the login page
# Plans are the district's published documents: every signed-in person reads them.
# So are the directory of units and groups, in the API as on the pages.
READ_BY_EVERYONE_SIGNED_IN = {"plans:detail", "plans:ledger", "api:plan-detail", "api:section-detail",
                              "api:unit-detail", "api:unitgroup-detail"}
# Apps whose records pages address by id; the audit log is only ever shown inside other pages.
SKIPPED_APPS = {"audit", "admin", "auth", "contenttypes", "sessions", "django_celery_beat", "security",
                "operations"}


def candidate_ids() -> list[str]:
    """The ids of the records in the database, from every model of the project's apps (few in a test)."""
    ids: set[int] = set()
    for model in apps.get_models():
        if model._meta.app_label not in SKIPPED_APPS:
            ids |= set(model._base_manager.values_list("pk", flat=True)[:50])
    # Ids are small numbers shared by every table; the first few address every kind of record in a test.
    return [str(i) for i in sorted(ids)[:15]]


def admin_model_ids(route) -> list[str]:
    """For an admin page of one model (admin:<app>_<model>_<view>), a few ids of that model's records."""
    for model in apps.get_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if route.name.startswith(prefix):
            return [str(pk) for pk in model._base_manager.values_list("pk", flat=True)[:4]] or ["1"]
    return ["1"]


def concrete_urls(route, ids: list[str], unit_ids: list[str] | None = None) -> list[str]:
    values = {"period": ["2026-10"], "app_label": ["units"], "unit_id": unit_ids or ids}
    return route.urls(values, default=ids)


def login_pages() -> set[str]:
    return {reverse(settings.LOGIN_URL), reverse("admin:login")}


def test_only_the_login_pages_are_marked_public():
    assert {route.name for route in all_routes() if route.public and not route.is_api} == PUBLIC


def test_every_other_page_sends_an_anonymous_visitor_to_log_in(client, hostile):
    ids = candidate_ids()
    checked = 0
    for route in all_routes():
        if route.name in PUBLIC:
            continue
        for url in concrete_urls(route, ids[:3]):
            for method in (client.get, client.post):
                response = method(url)
                if route.is_api and response.status_code in (401, 403):
                    continue  # the API refuses for itself (it may take tokens, so it is not behind the login page)
                assert response.status_code == 302, (route.name, url, method.__name__, response.status_code)
                assert response["Location"].split("?")[0] in login_pages(), (route.name, url)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("route", [r for r in all_routes() if r.is_api], ids=lambda r: r.name)
def test_every_api_endpoint_refuses_an_anonymous_caller(client, hostile, route):
    for url in concrete_urls(route, candidate_ids()[:3]):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 401, 403), (url, method.__name__, response.status_code)
            if response.status_code == 302:
                assert response["Location"].split("?")[0] in login_pages()


def test_the_health_endpoint_needs_no_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_records_of_other_units_are_not_found_by_id(client, hostile):
    """A person whose unit has no tasks asks for every record by id, on every page that takes an id, and
    gets the answer a record that does not exist gets: 404, or 403/405 where the page or method is closed to them
    whatever the id (it then reveals nothing)."""
    client.force_login(hostile.outsider)
    ids = candidate_ids()
    own_unit = [str(hostile.outsider.memberships.get().unit_id)]
    checked = 0
    for route in all_routes():
        if not route.parameters or route.name in PUBLIC | READ_BY_EVERYONE_SIGNED_IN:
            continue
        for method in (client.get, client.post):
            missing = method(concrete_urls(route, ["987654"], unit_ids=own_unit)[0])
            allowed = {404, missing.status_code} if missing.status_code in (403, 404, 405) else {404}
            if route.is_admin:  # not staff: the admin sends them to its login, whatever the id
                allowed = {302}
            for url in concrete_urls(route, ids[:2] if route.is_admin else ids, unit_ids=own_unit + ids[:5]):
                response = method(url)
                assert response.status_code in allowed, (route.name, url, method.__name__, response.status_code)
                checked += 1
    assert checked > 50


def test_staff_of_one_unit_do_not_see_a_task_of_another(client, hostile):
    world = hostile.world
    client.force_login(world["other_staff"])
    assert client.get(reverse("tasks:detail", args=[world.task.pk])).status_code == 404
    assert client.get(reverse("tasks:attachment", args=[hostile.attachment.pk])).status_code == 404
    client.force_login(world["resp_staff"])
    assert client.get(reverse("tasks:detail", args=[world.task.pk])).status_code == 200
