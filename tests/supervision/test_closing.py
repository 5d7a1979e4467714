"""Closing a task: the lead unit applies, the supervision office confirms or rejects, and may reopen."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditAction, AuditEntry
from supervision import closing
from supervision.models import CompletionRequest, RequestState
from supervision.workflow import StaleRecord, WorkflowError
from tasks.forms import TaskForm
from tasks.health import Health, assess_health, latest_update_for
from tasks.models import WorkStatus
from tests.progress.conftest import TODAY, fresh

pytestmark = pytest.mark.django_db


def apply(world, summary="改造全部完工，已通过验收。"):
    return closing.apply_to_close(fresh(world["lead_staff"]), world.task, summary)


def actions_logged(record) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=record.pk, content_type__model=record._meta.model_name)
                .order_by("id").values_list("action", flat=True))


def test_lead_unit_applies_and_the_task_stays_open_until_confirmed(world):
    request = apply(world)
    world.task.refresh_from_db()
    assert request.state == RequestState.PENDING and request.unit == world.lead
    assert world.task.work_status != WorkStatus.COMPLETED and world.task.completed_on is None
    assert actions_logged(request) == [AuditAction.SUBMIT]


@pytest.mark.parametrize("role", ["resp_staff", "street_staff", "other_staff", "leader", "supervisor"])
def test_only_the_lead_unit_may_apply(world, role):
    with pytest.raises(PermissionDenied):
        closing.apply_to_close(fresh(world[role]), world.task, "完成。")
    assert not CompletionRequest.objects.exists()


def test_an_application_needs_a_summary_and_only_one_waits_at_a_time(world):
    with pytest.raises(WorkflowError, match="summary"):
        apply(world, "  ")
    apply(world)
    with pytest.raises(WorkflowError, match="already waiting"):
        apply(world)
    assert CompletionRequest.objects.count() == 1


def test_supervisor_confirms_and_the_task_is_completed_from_that_day(world):
    request = apply(world)
    closing.confirm_closing(fresh(world["supervisor"]), request, expected_version=request.version, today=TODAY)
    world.task.refresh_from_db()
    assert world.task.work_status == WorkStatus.COMPLETED and world.task.completed_on == TODAY
    assert assess_health(world.task, latest_update_for(world.task), TODAY).health == Health.GREY
    assert actions_logged(request) == [AuditAction.SUBMIT, AuditAction.ACCEPT]
    task_entry = AuditEntry.objects.filter(content_type__model="task", object_id=world.task.pk).latest("id")
    assert task_entry.changes["work_status"][1] == WorkStatus.COMPLETED


@pytest.mark.parametrize("role", ["lead_staff", "resp_head", "leader", "administrator"])
def test_nobody_but_the_office_confirms_or_rejects(world, role):
    request = apply(world)
    with pytest.raises(PermissionDenied):
        closing.confirm_closing(fresh(world[role]), request, expected_version=request.version)
    with pytest.raises(PermissionDenied):
        closing.reject_closing(fresh(world[role]), request, expected_version=request.version, reason="不行")
    request.refresh_from_db()
    assert request.state == RequestState.PENDING


def test_a_decided_application_cannot_be_decided_again(world):
    request = apply(world)
    supervisor = fresh(world["supervisor"])
    closing.reject_closing(supervisor, request, expected_version=request.version, reason="缺少验收材料。")
    with pytest.raises(WorkflowError, match="cannot be decided again"):
        closing.confirm_closing(supervisor, request, expected_version=request.version)
    world.task.refresh_from_db()
    assert world.task.work_status != WorkStatus.COMPLETED


def test_a_stale_decision_is_refused(world):
    request = apply(world)
    with pytest.raises(StaleRecord):
        closing.confirm_closing(fresh(world["supervisor"]), request, expected_version=request.version - 1)
    request.refresh_from_db()
    assert request.state == RequestState.PENDING


def test_rejecting_needs_a_reason_and_leaves_the_task_open(world):
    request = apply(world)
    supervisor = fresh(world["supervisor"])
    with pytest.raises(WorkflowError, match="why"):
        closing.reject_closing(supervisor, request, expected_version=request.version, reason="")
    closing.reject_closing(supervisor, request, expected_version=request.version, reason="缺少验收材料。")
    request.refresh_from_db()
    world.task.refresh_from_db()
    assert request.state == RequestState.REJECTED and request.decision_note == "缺少验收材料。"
    assert world.task.work_status != WorkStatus.COMPLETED
    assert AuditEntry.objects.filter(action=AuditAction.RETURN, object_id=request.pk, note="缺少验收材料。").exists()
    apply(world)  # the unit may apply again


def test_reopening_needs_a_reason_and_keeps_the_confirmation_on_record(world):
    request = apply(world)
    supervisor = fresh(world["supervisor"])
    closing.confirm_closing(supervisor, request, expected_version=request.version, today=TODAY)
    world.task.refresh_from_db()
    with pytest.raises(WorkflowError, match="why"):
        closing.reopen_task(supervisor, world.task, expected_version=world.task.version, reason="")
    with pytest.raises(PermissionDenied):
        closing.reopen_task(fresh(world["lead_staff"]), world.task, expected_version=world.task.version, reason="x")
    closing.reopen_task(supervisor, world.task, expected_version=world.task.version, reason="验收发现问题。",
                        today=TODAY)
    world.task.refresh_from_db()
    request.refresh_from_db()
    assert world.task.work_status == WorkStatus.IN_PROGRESS and world.task.completed_on is None
    assert request.state == RequestState.APPROVED and request.decided_on == TODAY
    assert request.reopened_on == TODAY and request.reopen_reason == "验收发现问题。"
    assert AuditAction.REOPEN in actions_logged(request)


def test_a_task_that_is_not_completed_cannot_be_reopened(world):
    with pytest.raises(WorkflowError, match="not completed"):
        closing.reopen_task(fresh(world["supervisor"]), world.task, expected_version=world.task.version, reason="x")


def test_a_completed_task_takes_no_application(world):
    request = apply(world)
    closing.confirm_closing(fresh(world["supervisor"]), request, expected_version=request.version, today=TODAY)
    with pytest.raises(WorkflowError, match="already completed"):
        apply(world)


def test_the_task_form_cannot_complete_or_uncomplete_a_task(world):
    task = world.task
    data = {"text": task.text, "title": "", "deadline": "2026-12-31", "deadline_text": "年底前",
            "work_status": WorkStatus.COMPLETED, "leader_post": "", "version": task.version}
    form = TaskForm(data, instance=task)
    assert not form.is_valid() and "work_status" in form.errors
    data["work_status"] = WorkStatus.IN_PROGRESS
    assert TaskForm(data, instance=task).is_valid()
