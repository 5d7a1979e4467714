"""The OpenAPI schema at /api/schema/ describes every endpoint and field, and the docs page at /api/docs/
loads nothing from outside the site."""

import re

import pytest
import yaml
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client, staff):
    client.force_login(staff)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_endpoint_is_in_the_schema_with_a_summary_and_the_error_body(schema):
    paths = schema["paths"]
    for path in ("/api/v1/tasks/", "/api/v1/tasks/{id}/", "/api/v1/updates/", "/api/v1/updates/{id}/submit/",
                 "/api/v1/updates/{id}/accept/", "/api/v1/updates/{id}/return/", "/api/v1/updates/{id}/reopen/",
                 "/api/v1/urges/", "/api/v1/notifications/", "/api/v1/units/", "/api/v1/unit-groups/",
                 "/api/v1/plans/", "/api/v1/sections/", "/api/v1/me/", "/api/v1/attachments/{id}/",
                 # the supervision workflow
                 "/api/v1/tasks/{id}/close/", "/api/v1/tasks/{id}/reopen/", "/api/v1/tasks/{id}/extensions/",
                 "/api/v1/closing-requests/", "/api/v1/closing-requests/{id}/",
                 "/api/v1/closing-requests/{id}/approve/", "/api/v1/closing-requests/{id}/reject/",
                 "/api/v1/closing-requests/{id}/evidence/", "/api/v1/extensions/", "/api/v1/extensions/{id}/",
                 "/api/v1/extensions/{id}/approve/", "/api/v1/extensions/{id}/reject/", "/api/v1/instructions/",
                 "/api/v1/instructions/{id}/", "/api/v1/instructions/{id}/replies/",
                 "/api/v1/instructions/{id}/close/", "/api/v1/notices/", "/api/v1/notices/{id}/",
                 "/api/v1/notices/{id}/replies/", "/api/v1/notices/{id}/accept/", "/api/v1/notices/{id}/return/",
                 "/api/v1/notices/{id}/pdf/", "/api/v1/assessment/{year}/",
                 "/api/v1/assessment/{year}/units/{unit_id}/"):
        assert path in paths, path
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert operation.get("summary"), f"{method} {path} has no summary"
            assert "403" in operation["responses"] and "401" in operation["responses"], f"{method} {path}"
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_every_field_is_described(schema):
    undescribed = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undescribed == []


def test_the_task_list_takes_the_task_list_pages_parameters(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/tasks/"]["get"]["parameters"]}
    assert {"plan", "section", "lead_unit", "responsible_unit", "status", "health", "livelihood", "overdue",
            "due_after", "due_before", "q", "sort", "page", "page_size", "format"} <= names


def test_the_docs_page_loads_nothing_from_outside(client, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("api:docs")).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "cdn" not in page.lower() and "https://" not in page


def test_the_schema_and_the_docs_are_for_signed_in_people_only(client):
    assert client.get("/api/schema/").status_code == 401
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
