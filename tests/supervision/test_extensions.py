"""Deadline extensions: the lead unit requests, the office approves (the deadline changes, the original
and any earlier overdue stay on record) or rejects; health counts against the deadline in force."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditAction, AuditEntry
from supervision import extensions
from supervision.extensions import NO_EXTENSIONS, ExtensionFacts, extension_facts, facts_of
from supervision.models import DeadlineExtension, RequestState
from supervision.workflow import StaleRecord, WorkflowError
from tasks.health import Health, assess_health, latest_update_for
from tests.progress.conftest import LAST_MONTH, TODAY, fresh, make_update

pytestmark = pytest.mark.django_db

D = datetime.date


def request(world, new=None, reason="拆迁进度滞后，需顺延一个季度。"):
    return extensions.request_extension(fresh(world["lead_staff"]), world.task, new or D(2027, 3, 31), reason)


def test_lead_unit_requests_and_the_deadline_waits_for_approval(world):
    extension = request(world)
    world.task.refresh_from_db()
    assert extension.state == RequestState.PENDING and extension.previous_deadline == D(2026, 12, 31)
    assert world.task.deadline == D(2026, 12, 31)
    assert AuditEntry.objects.filter(action=AuditAction.SUBMIT, object_id=extension.pk,
                                     content_type__model="deadlineextension").exists()


@pytest.mark.parametrize("role", ["resp_staff", "street_staff", "other_staff", "leader", "supervisor"])
def test_only_the_lead_unit_may_request(world, role):
    with pytest.raises(PermissionDenied):
        extensions.request_extension(fresh(world[role]), world.task, D(2027, 3, 31), "理由")


@pytest.mark.parametrize(("new", "reason", "message"), [
    (D(2026, 12, 31), "理由", "later than"),
    (D(2026, 6, 30), "理由", "later than"),
    (None, "理由", "later than"),
    (D(2027, 3, 31), " ", "why"),
])
def test_a_bad_request_is_refused_with_what_to_do(world, new, reason, message):
    with pytest.raises(WorkflowError, match=message):
        extensions.request_extension(fresh(world["lead_staff"]), world.task, new, reason)
    assert not DeadlineExtension.objects.exists()


def test_one_request_waits_at_a_time(world):
    request(world)
    with pytest.raises(WorkflowError, match="already waiting"):
        request(world, D(2027, 6, 30))


def test_approval_moves_the_deadline_and_keeps_the_original(world):
    extension = request(world)
    extensions.approve_extension(fresh(world["supervisor"]), extension, expected_version=extension.version,
                                 today=TODAY)
    world.task.refresh_from_db()
    extension.refresh_from_db()
    assert world.task.deadline == D(2027, 3, 31)
    assert extension.state == RequestState.APPROVED and extension.previous_deadline == D(2026, 12, 31)
    assert extension.overdue_days == 0
    assert extension_facts([world.task.pk])[world.task.pk] == ExtensionFacts(1, 90, D(2026, 12, 31), False)
    task_change = AuditEntry.objects.filter(content_type__model="task", object_id=world.task.pk).latest("id")
    assert task_change.changes["deadline"] == ["2026-12-31", "2027-03-31"]


def test_overdue_before_an_approved_extension_stays_on_record_and_health_uses_the_new_deadline(world):
    world.task.deadline = D(2026, 11, 1)
    world.task.save()
    make_update(world.task, world.lead, period=LAST_MONTH, percent_complete=95)
    assert assess_health(world.task, latest_update_for(world.task), TODAY).health == Health.RED  # overdue
    extension = request(world, D(2027, 3, 31))
    extensions.approve_extension(fresh(world["supervisor"]), extension, expected_version=extension.version,
                                 today=TODAY)
    extension.refresh_from_db()
    world.task.refresh_from_db()
    assert extension.overdue_days == 21
    assert extension_facts([world.task.pk])[world.task.pk].overdue_before_extension
    assert assess_health(world.task, latest_update_for(world.task), TODAY).health == Health.GREEN


def test_two_extensions_add_up(world):
    supervisor = fresh(world["supervisor"])
    first = request(world, D(2027, 1, 31))
    extensions.approve_extension(supervisor, first, expected_version=first.version, today=TODAY)
    world.task.refresh_from_db()
    second = request(world, D(2027, 2, 28))
    extensions.approve_extension(supervisor, second, expected_version=second.version, today=TODAY)
    assert extension_facts([world.task.pk])[world.task.pk] == ExtensionFacts(2, 59, D(2026, 12, 31), False)
    request(world, D(2027, 4, 30))  # pending: not counted
    # the task page reckons the same from the extensions it lists
    assert facts_of(list(world.task.extensions.all())) == ExtensionFacts(2, 59, D(2026, 12, 31), False)


def test_the_task_page_shows_the_extension_facts(client, world):
    supervisor = fresh(world["supervisor"])
    first = request(world, D(2027, 1, 31))
    extensions.approve_extension(supervisor, first, expected_version=first.version, today=TODAY)
    client.force_login(world["supervisor"])
    page = client.get(world.task.get_absolute_url())
    assert page.context["extension_facts"] == extension_facts([world.task.pk])[world.task.pk]
    assert page.context["extension_facts"].count == 1


def test_rejection_needs_a_reason_and_leaves_the_deadline(world):
    extension = request(world)
    supervisor = fresh(world["supervisor"])
    with pytest.raises(WorkflowError, match="why"):
        extensions.reject_extension(supervisor, extension, expected_version=extension.version, reason="")
    extensions.reject_extension(supervisor, extension, expected_version=extension.version, reason="理由不充分。")
    world.task.refresh_from_db()
    assert world.task.deadline == D(2026, 12, 31)
    assert extension_facts([world.task.pk]) == {}
    assert facts_of([extension]) == NO_EXTENSIONS
    with pytest.raises(WorkflowError, match="cannot be decided again"):
        extensions.approve_extension(supervisor, extension, expected_version=extension.version + 1)


@pytest.mark.parametrize("role", ["lead_staff", "leader", "administrator"])
def test_nobody_but_the_office_decides(world, role):
    extension = request(world)
    with pytest.raises(PermissionDenied):
        extensions.approve_extension(fresh(world[role]), extension, expected_version=extension.version)
    world.task.refresh_from_db()
    assert world.task.deadline == D(2026, 12, 31)


def test_a_stale_approval_is_refused(world):
    extension = request(world)
    with pytest.raises(StaleRecord):
        extensions.approve_extension(fresh(world["supervisor"]), extension, expected_version=99)
    world.task.refresh_from_db()
    assert world.task.deadline == D(2026, 12, 31)


def test_approval_is_refused_when_the_deadline_changed_meanwhile(world):
    extension = request(world)
    world.task.deadline = D(2027, 1, 15)
    world.task.save()
    with pytest.raises(WorkflowError, match="changed after"):
        extensions.approve_extension(fresh(world["supervisor"]), extension, expected_version=extension.version)
    extension.refresh_from_db()
    assert extension.state == RequestState.PENDING
