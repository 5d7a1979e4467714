"""The task editor page changes a task's quantitative targets and milestones with its units: audited, versioned,
and never deleting figures that units have reported."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from tasks.models import Milestone, Target, TargetActual

from .conftest import make_update

pytestmark = pytest.mark.django_db


def _as_posted(page) -> dict:
    """What the browser sends back for the editor page unchanged: every form's and formset's shown values."""
    data = {}
    forms = [page.context["form"]]
    for key in ("units", "targets", "milestones"):
        formset = page.context[key]
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False or value == "":
                continue
            data[form.add_prefix(name)] = "on" if value is True else getattr(value, "pk", value)
    return data


def _open_editor(client, world):
    client.force_login(world["supervisor"])
    page = client.get(reverse("tasks:edit", args=[world.task.pk]))
    assert page.status_code == 200
    return _as_posted(page)


def test_the_office_corrects_a_target_and_adds_a_milestone(client, world):
    data = _open_editor(client, world)
    assert data["targets-0-text"] == "完成改造面积45万平方米"
    data |= {"targets-0-value": "46.5", "milestones-0-description": "完成施工招标",
             "milestones-0-due_on": "2026-12-15", "milestones-0-position": "0"}
    response = client.post(reverse("tasks:edit", args=[world.task.pk]), data)
    assert response.status_code == 302, response.context and [f.errors for f in response.context["targets"]]
    assert Target.objects.get(pk=world.target.pk).value == Decimal("46.5")
    milestone = Milestone.objects.get(task=world.task)
    assert (milestone.description, milestone.due_on) == ("完成施工招标", datetime.date(2026, 12, 15))
    target_change = AuditEntry.objects.get(content_type__model="target", action="update", task=world.task)
    assert [Decimal(value) for value in target_change.changes["value"]] == [45, Decimal("46.5")]
    assert target_change.actor == world["supervisor"]
    assert AuditEntry.objects.filter(content_type__model="milestone", action="create", task=world.task).exists()
    shown = client.get(world.task.get_absolute_url()).content.decode()
    assert "完成施工招标" in shown and "2026-12-15" in shown


def test_a_target_units_have_reported_against_cannot_be_deleted(client, world):
    update = make_update(world.task, world.resp)
    TargetActual.objects.create(update=update, target=world.target, value=12)
    data = _open_editor(client, world)
    data |= {"targets-0-DELETE": "on", "deadline": "2026-10-31"}
    response = client.post(reverse("tasks:edit", args=[world.task.pk]), data)
    assert response.status_code == 200
    assert "完成改造面积45万平方米" in response.content.decode() and response.context["targets"].non_form_errors()
    # nothing changed: not the target, its reported value, nor the task's other fields
    assert TargetActual.objects.filter(target=world.target, value=12).exists()
    world.task.refresh_from_db()
    assert world.task.deadline != datetime.date(2026, 10, 31)


def test_a_range_target_without_its_upper_value_is_refused_with_the_field_named(client, world):
    data = _open_editor(client, world) | {"targets-0-comparator": "range", "targets-0-upper_value": ""}
    response = client.post(reverse("tasks:edit", args=[world.task.pk]), data)
    assert response.status_code == 200
    assert "upper_value" in response.context["targets"].forms[0].errors
    assert Target.objects.get(pk=world.target.pk).comparator != "range"


def test_a_target_without_its_reports_can_be_deleted(client, world):
    data = _open_editor(client, world) | {"targets-0-DELETE": "on"}
    response = client.post(reverse("tasks:edit", args=[world.task.pk]), data)
    assert response.status_code == 302
    assert not Target.objects.filter(pk=world.target.pk).exists()
    assert AuditEntry.objects.filter(content_type__model="target", action="delete", task=world.task).exists()
