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


def test_the_editor_does_not_touch_another_tasks_targets(client, world):
    theirs = Target.objects.create(task=world.other_task, text="新建幼儿园4所", value=4, measure_unit="所")
    data = _open_editor(client, world) | {"targets-0-id": theirs.pk, "targets-0-text": "改掉"}
    client.post(reverse("tasks:edit", args=[world.task.pk]), data)  # a forged form: ignored or refused
    theirs.refresh_from_db()
    assert (theirs.text, theirs.task) == ("新建幼儿园4所", world.other_task)
    assert list(Target.objects.filter(task=world.task).values_list("text", flat=True)) == ["完成改造面积45万平方米"]


def test_values_reported_while_the_editor_saves_stop_the_target_being_deleted(world):
    """The form found no reported values; a unit reports one before the save: nothing is saved, nothing lost."""
    from tasks.editing import TargetReported, change_task
    from tasks.forms import TaskForm, task_part_formsets

    data = {"text": world.task.text, "deadline": "2026-10-31", "deadline_text": "10月底前",
            "work_status": world.task.work_status, "version": world.task.version,
            "task_units-TOTAL_FORMS": 0, "task_units-INITIAL_FORMS": 0,
            "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0,
            "targets-TOTAL_FORMS": 1, "targets-INITIAL_FORMS": 1, "targets-0-id": world.target.pk,
            "targets-0-text": world.target.text, "targets-0-value": "45", "targets-0-comparator": "about",
            "targets-0-kind": "absolute", "targets-0-position": 0, "targets-0-DELETE": "on"}
    form = TaskForm(data, instance=world.task)
    parts = task_part_formsets(world.task, data)
    assert form.is_valid() and all(p.is_valid() for p in parts.values())
    TargetActual.objects.create(update=make_update(world.task, world.resp), target=world.target, value=12)
    with pytest.raises(TargetReported):
        change_task(world["supervisor"], form, *parts.values())
    world.task.refresh_from_db()
    assert TargetActual.objects.filter(target=world.target, value=12).exists()
    assert world.task.deadline != datetime.date(2026, 10, 31) and world.task.version == 1


def test_a_task_goes_with_its_targets_and_their_reported_values(world):
    TargetActual.objects.create(update=make_update(world.task, world.resp), target=world.target, value=12)
    world.task.delete()
    assert not Target.objects.filter(pk=world.target.pk).exists() and not TargetActual.objects.exists()
