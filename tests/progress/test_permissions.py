"""The access rules of tasks/permissions.py, checked directly: who sees which task, who may write, review,
urge, edit and reopen — and that the queryset forms agree with the single-object checks."""

import pytest

from tasks import permissions
from tasks.models import ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole
from units.models import GroupMembership, UnitGroup

from .conftest import LAST_MONTH, fresh, make_update

pytestmark = pytest.mark.django_db

ROLES = ["resp_staff", "resp_head", "lead_staff", "street_staff", "other_staff", "supervisor", "leader",
         "administrator"]


def visible_numbers(user) -> set[str]:
    return set(Task.objects.visible_to(fresh(user)).values_list("number", flat=True))


@pytest.mark.parametrize(("role", "expected"), [
    ("resp_staff", {"15"}),
    ("resp_head", {"15"}),
    ("lead_staff", {"15"}),
    ("street_staff", {"15"}),  # through 各街道, a group of all street offices
    ("other_staff", set()),
    ("supervisor", {"15", "16", "17"}),
    ("leader", {"15", "16", "17"}),
    ("administrator", {"15", "16", "17"}),
])
def test_each_role_sees_its_tasks(world, role, expected):
    assert visible_numbers(world[role]) == expected


def test_a_contextual_group_gives_no_access_by_itself(world):
    assert "17" not in visible_numbers(world["street_staff"])


def test_an_unspecified_group_gives_no_access(world):
    everyone = UnitGroup.objects.create(name="各相关单位", membership=GroupMembership.UNSPECIFIED)
    TaskUnit.objects.create(task=world.other_task, role=UnitRole.RESPONSIBLE, group=everyone, name="各相关单位")
    assert visible_numbers(world["other_staff"]) == set()


def test_a_listed_group_gives_its_members_access(world):
    listed = UnitGroup.objects.create(name="民生专班", membership=GroupMembership.EXPLICIT)
    listed.members.add(world.other)
    TaskUnit.objects.create(task=world.other_task, role=UnitRole.RESPONSIBLE, group=listed, name="民生专班")
    assert visible_numbers(world["other_staff"]) == {"16"}
    assert permissions.can_write_update(fresh(world["other_staff"]), world.other_task, world.other)


def test_a_sub_item_without_lead_units_is_led_by_its_tasks_lead(world):
    sub = Task.objects.create(plan=world.plan, parent=world.task, number="▲", text="完成青岚片区改造。", position=9)
    TaskUnit.objects.create(task=sub, role=UnitRole.RESPONSIBLE, unit=world.street, name="青岚街道")
    assert "▲" in visible_numbers(world["lead_staff"])
    assert "▲" in visible_numbers(world["street_staff"])
    assert "▲" not in visible_numbers(world["resp_staff"])
    assert permissions.my_units_on(fresh(world["lead_staff"]), sub, UnitRole.LEAD) == {world.lead.pk}


@pytest.mark.parametrize("role", ROLES)
def test_visible_to_agrees_with_can_view_task(world, role):
    user = fresh(world[role])
    visible = set(Task.objects.visible_to(user).values_list("pk", flat=True))
    assert visible == {task.pk for task in Task.objects.all() if permissions.can_view_task(user, task)}


@pytest.mark.parametrize(("role", "unit", "allowed"), [
    ("resp_staff", "resp", True),
    ("resp_head", "resp", True),
    ("resp_staff", "lead", False),
    ("lead_staff", "lead", True),
    ("lead_staff", "resp", False),
    ("street_staff", "street", True),
    ("other_staff", "other", False),
    ("supervisor", "resp", False),
    ("leader", "resp", False),
    ("administrator", "resp", False),
])
def test_who_may_write_an_update(world, role, unit, allowed):
    assert permissions.can_write_update(fresh(world[role]), world.task, getattr(world, unit)) is allowed


@pytest.mark.parametrize("state", [s for s, _ in ReviewState.choices])
@pytest.mark.parametrize("role", ROLES)
def test_review_queue_agrees_with_can_review(world, settings, role, state):
    settings.DUBAN_HEAD_APPROVAL = True
    for unit in (world.resp, world.lead, world.street):
        make_update(world.task, unit, state)
    user = fresh(world[role])
    queue = set(permissions.reviewable_updates(user).values_list("pk", flat=True))
    assert queue == {u.pk for u in ProgressUpdate.objects.all() if permissions.can_review(user, u)}


def test_staff_cannot_review_own_update(world):
    update = make_update(world.task, world.resp)
    assert not permissions.can_review(fresh(world["resp_staff"]), update)
    assert not permissions.can_review(fresh(world["resp_head"]), update)


def test_lead_unit_reviews_the_responsible_units_updates_but_not_its_own(world):
    lead = fresh(world["lead_staff"])
    assert permissions.can_review(lead, make_update(world.task, world.resp))
    assert permissions.can_review(lead, make_update(world.task, world.street))
    assert not permissions.can_review(lead, make_update(world.task, world.lead))


def test_supervisor_reviews_any_submitted_update_but_not_drafts(world):
    supervisor = fresh(world["supervisor"])
    assert permissions.can_review(supervisor, make_update(world.task, world.lead))
    assert not permissions.can_review(supervisor, make_update(world.task, world.resp, ReviewState.DRAFT,
                                                              period=LAST_MONTH))


def test_a_unit_head_approves_only_with_head_approval_on(world, settings):
    update = make_update(world.task, world.resp, ReviewState.AWAITING_HEAD)
    settings.DUBAN_HEAD_APPROVAL = False
    assert not permissions.can_review(fresh(world["resp_head"]), update)
    settings.DUBAN_HEAD_APPROVAL = True
    assert permissions.can_review(fresh(world["resp_head"]), update)
    assert not permissions.can_review(fresh(world["resp_staff"]), update)
    assert not permissions.can_review(fresh(world["supervisor"]), update)


def test_drafts_are_seen_only_by_their_own_unit(world):
    draft = make_update(world.task, world.resp, ReviewState.DRAFT)
    assert permissions.can_view_update(fresh(world["resp_staff"]), draft)
    for role in ("lead_staff", "street_staff", "supervisor", "leader"):
        assert not permissions.can_view_update(fresh(world[role]), draft), role
        assert draft not in permissions.visible_updates(fresh(world[role]))


def test_other_units_see_submitted_updates_on_shared_tasks(world):
    update = make_update(world.task, world.resp)
    for role in ("lead_staff", "street_staff", "supervisor", "leader"):
        assert permissions.can_view_update(fresh(world[role]), update), role
    assert not permissions.can_view_update(fresh(world["other_staff"]), update)


@pytest.mark.parametrize(("role", "allowed"), [
    ("supervisor", True), ("leader", False), ("administrator", False), ("lead_staff", False), ("resp_staff", False),
])
def test_only_the_supervision_office_urges_edits_tasks_and_reopens(world, role, allowed):
    user = fresh(world[role])
    accepted = make_update(world.task, world.resp, ReviewState.ACCEPTED)
    assert permissions.can_urge(user, world.task) is allowed
    assert permissions.can_edit_task(user, world.task) is allowed
    assert permissions.can_reopen(user, accepted) is allowed


def test_leaders_change_nothing_even_with_a_unit_post(world):
    from units.models import Membership

    leader = world["leader"]
    Membership.objects.create(user=leader, unit=world.resp)
    leader = fresh(leader)
    assert permissions.can_view_task(leader, world.task)
    assert not permissions.can_write_update(leader, world.task, world.resp)
    assert not permissions.can_review(leader, make_update(world.task, world.street))
