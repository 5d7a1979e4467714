"""PATCH /api/v1/tasks/{id}/ changes a task's units, targets and milestones as the task editor page does: a list
sent becomes the task's list, checked by the page's formsets, audited, versioned, all or nothing."""

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from tasks.models import Milestone, Target, TargetActual, TaskUnit, UnitRole

from ..progress.conftest import make_update

pytestmark = pytest.mark.django_db


def _patch(as_role, world, body, role="supervisor"):
    return as_role(role).patch(f"/api/v1/tasks/{world.task.pk}/", {"version": world.task.version, **body},
                               format="json")


def test_the_office_replaces_a_tasks_targets_and_milestones(as_role, world):
    response = _patch(as_role, world, {
        "targets": [
            {"id": world.target.pk, "text": "完成改造面积46万平方米", "value": "46", "measure_unit": "万平方米"},
            {"text": "惠及居民1.2万户", "value": "1.2", "measure_unit": "万户", "metric": "惠及居民"},
        ],
        "milestones": [{"description": "完成施工招标", "due_on": "2026-12-15"}],
    })
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(t["text"], Decimal(t["value"])) for t in body["targets"]] == [
        ("完成改造面积46万平方米", 46), ("惠及居民1.2万户", Decimal("1.2"))]
    assert body["targets"][0]["id"] == world.target.pk  # changed in place: reported values stay attached
    assert [(m["description"], m["due_on"]) for m in body["milestones"]] == [("完成施工招标", "2026-12-15")]
    assert body["version"] == world.task.version + 1 and len(body["units"]) == 4  # units not sent: unchanged
    audited = set(AuditEntry.objects.filter(task=world.task).values_list("content_type__model", "action"))
    assert {("target", "update"), ("target", "create"), ("milestone", "create")} <= audited


def test_units_sent_become_the_tasks_units(as_role, world):
    keep = world.task.task_units.get(role=UnitRole.LEAD)
    response = _patch(as_role, world, {"units": [
        {"id": keep.pk, "role": "lead", "unit": keep.unit_id, "name": keep.name},
        {"role": "responsible", "unit": world.other.pk, "name": "区民政局", "qualifier": "配合"},
    ]})
    assert response.status_code == 200, response.json()
    assert sorted((u["role"], u["display_name"]) for u in response.json()["units"]) == sorted(
        [("lead", keep.display_name), ("responsible", f"{world.other.name}（配合）")])
    assert TaskUnit.objects.filter(task=world.task).count() == 2
    assert AuditEntry.objects.filter(task=world.task, content_type__model="taskunit", action="delete").count() == 3
    # the responsible unit now sees the task, and one removed no longer does
    assert as_role("other_staff").get(f"/api/v1/tasks/{world.task.pk}/").status_code == 200
    assert as_role("street_staff").get(f"/api/v1/tasks/{world.task.pk}/").status_code == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"targets": [{"id": 999999, "text": "x", "value": "1"}]}, "targets"),
    ({"units": [{"role": "lead", "unit": 999999}]}, "units.0.unit"),
    ({"units": [{"role": "lead"}]}, "units.0.name"),  # names nothing
    ("both", "units.0.group"),  # a unit and a group
    ({"targets": [{"text": "区间目标", "value": "5", "comparator": "range"}]}, "targets.0.upper_value"),
    ({"targets": [{"text": "x", "value": "很多"}]}, "targets.0.value"),
    ({"milestones": [{"description": "招标", "due_on": "2026年12月"}]}, "milestones.0.due_on"),
    ({"milestones": [{"id": 1}], "deadline": "2026-13-01"}, "deadline"),
])
def test_bad_parts_are_refused_with_the_item_named_and_nothing_saved(as_role, world, body, field):
    before = (list(TaskUnit.objects.filter(task=world.task).values_list("pk", flat=True)),
              list(Target.objects.filter(task=world.task).values()), Milestone.objects.count())
    if body == "both":
        group = world.task.task_units.exclude(group=None).first().group_id
        body = {"units": [{"role": "lead", "unit": world.lead.pk, "group": group}]}
    response = _patch(as_role, world, body)
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    assert response.json()["messages"]["zh-hans"] and response.json()["messages"]["en"]
    assert before == (list(TaskUnit.objects.filter(task=world.task).values_list("pk", flat=True)),
                      list(Target.objects.filter(task=world.task).values()), Milestone.objects.count())
    world.task.refresh_from_db()
    assert world.task.version == 1


def test_an_item_sent_with_its_id_and_one_field_changes_only_that_field(as_role, world):
    milestone = Milestone.objects.create(task=world.task, description="完成施工招标", due_on=datetime.date(2026, 9, 30))
    response = _patch(as_role, world, {"milestones": [{"id": milestone.pk, "completed_on": "2026-09-28"}]})
    assert response.status_code == 200, response.json()
    milestone.refresh_from_db()
    assert (milestone.description, milestone.due_on, milestone.completed_on) == (
        "完成施工招标", datetime.date(2026, 9, 30), datetime.date(2026, 9, 28))


def test_a_new_item_must_say_what_the_form_needs(as_role, world):
    response = _patch(as_role, world, {"milestones": [{"description": "完成施工招标"}]})
    assert response.status_code == 400 and "milestones.0.due_on" in response.json()["fields"]


def test_a_target_with_reported_values_is_not_deleted(as_role, world):
    TargetActual.objects.create(update=make_update(world.task, world.resp), target=world.target, value=12)
    response = _patch(as_role, world, {"targets": [], "deadline": "2026-10-31"})
    assert response.status_code == 400
    assert "完成改造面积45万平方米" in response.json()["fields"]["targets"][0]
    assert TargetActual.objects.filter(target=world.target, value=12).exists()
    world.task.refresh_from_db()
    assert world.task.deadline != datetime.date(2026, 10, 31)


def test_a_parts_change_from_an_old_version_is_refused(as_role, world):
    stale = as_role("supervisor").patch(f"/api/v1/tasks/{world.task.pk}/", {"version": 0, "milestones": [
        {"description": "完成施工招标", "due_on": "2026-12-15"}]}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    assert not Milestone.objects.filter(task=world.task).exists()


@pytest.mark.parametrize("role", ["resp_staff", "resp_head", "lead_staff", "leader"])
def test_only_those_who_edit_tasks_change_their_parts(as_role, world, role):
    response = _patch(as_role, world, {"milestones": [{"description": "完成施工招标", "due_on": "2026-12-15"}]},
                      role=role)
    assert response.status_code == 403
    assert not Milestone.objects.filter(task=world.task).exists()


def test_a_record_named_twice_is_refused(as_role, world):
    response = _patch(as_role, world, {"targets": [
        {"id": world.target.pk, "text": "完成改造面积46万平方米"}, {"id": world.target.pk, "text": "另一种写法"}]})
    assert response.status_code == 400 and "targets.1.id" in response.json()["fields"]
    world.target.refresh_from_db()
    assert world.target.text == "完成改造面积45万平方米"


def test_another_tasks_records_cannot_be_changed_through_this_task(as_role, world):
    from tasks.models import Target

    theirs = Target.objects.create(task=world.other_task, text="新建幼儿园4所", value=4, measure_unit="所")
    response = _patch(as_role, world, {"targets": [{"id": theirs.pk, "text": "改掉"}]})
    assert response.status_code == 400 and "targets" in response.json()["fields"]
    theirs.refresh_from_db()
    assert theirs.text == "新建幼儿园4所" and Target.objects.filter(task=world.task).count() == 1


@pytest.mark.parametrize("part", ["units", "targets", "milestones"])
def test_an_empty_new_item_is_refused_not_dropped(as_role, world, part):
    response = _patch(as_role, world, {part: [{}]})
    assert response.status_code == 400, response.json()
    assert any(key.startswith(f"{part}.0") for key in response.json()["fields"]), response.json()


def test_the_api_task_list_reads_no_filter_lists(as_role, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert as_role("supervisor").get("/api/v1/tasks/").status_code == 200
    assert not [q for q in queries.captured_queries if 'FROM "plans_section"' in q["sql"]
                or ('FROM "units_unit"' in q["sql"] and '"units_unit"."is_active"' in q["sql"])]


def test_a_list_cannot_be_sent_blind(as_role, world):
    """If-Match: * says "whatever version": fine for a field, not for a list that deletes what it leaves out."""
    client = as_role("supervisor")
    url = f"/api/v1/tasks/{world.task.pk}/"
    blind = client.patch(url, {"milestones": []}, format="json", HTTP_IF_MATCH="*")
    assert blind.status_code == 428 and blind.json()["code"] == "version_required"
    assert client.patch(url, {"is_key": True}, format="json", HTTP_IF_MATCH="*").status_code == 200
