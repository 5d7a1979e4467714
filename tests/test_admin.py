"""Every model has an admin page that loads: list, add, and change for an existing record."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_admin_pages_load(client, superuser, demo_plan, model):
    client.force_login(superuser)
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "区"})
    assert changelist.status_code == 200
    if admin.site._registry[model].has_add_permission(changelist.wsgi_request):
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert change.status_code == 200


def test_the_domain_models_are_all_in_the_admin():
    labels = {model._meta.label for model in registered_models()}
    assert {
        "units.Unit", "units.UnitGroup", "units.UnitAlias", "units.User", "plans.Plan", "plans.Section",
        "tasks.Task", "tasks.TaskUnit", "tasks.Target", "tasks.TargetActual", "tasks.Milestone",
        "tasks.ProgressUpdate", "tasks.Attachment", "audit.AuditEntry",
    } <= labels
