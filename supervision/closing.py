"""Closing a task (办结/销号): a lead unit applies with a summary and evidence, the supervision office
confirms — and only then is the task completed — or rejects with a reason; a completed task can be
reopened by the office. Each step is checked (tasks/permissions.py), version-checked and logged."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import log
from audit.models import AuditAction
from tasks import permissions
from tasks.attachments import CheckedFile
from tasks.models import NotificationKind, Task, WorkStatus

from .models import CompletionRequest, RequestState
from .workflow import AlreadyWaiting, NotNow, StaleRecord, Words, move, notify_units, required_text


def _already_waiting(task: Task) -> AlreadyWaiting:
    return AlreadyWaiting(
        gettext_lazy("An application to close this task is already waiting for the supervision office."),
        pending_request(task))


def pending_request(task: Task) -> CompletionRequest | None:
    return task.completion_requests.filter(state=RequestState.PENDING).first()


@transaction.atomic
def apply_to_close(actor, task: Task, summary: str, evidence: CheckedFile | None = None) -> CompletionRequest:
    """The lead unit asks the office to close the task (申请办结)."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    lead_units = permissions.my_lead_units_on(actor, task)
    if not lead_units:
        raise PermissionDenied
    if task.is_completed:
        raise NotNow(gettext_lazy("This task is already completed. Nothing to apply for."))
    summary = required_text(summary, gettext_lazy("Write a closing summary: what was done and what shows it."))
    if pending_request(task):
        raise _already_waiting(task)
    request = CompletionRequest(task=task, unit_id=min(lead_units), requested_by=actor, summary=summary)
    if evidence is not None:
        request.evidence_name = evidence.original_name
        request.evidence.save(evidence.storage_name, evidence.upload, save=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # another application was saved a moment ago
        raise _already_waiting(task) from None
    log.record(actor, AuditAction.SUBMIT, request, after=log.snapshot(request), note=summary)
    return request


def _wrong_state(request: CompletionRequest) -> Words:
    return Words(gettext_lazy("This application is already %(state)s; it cannot be decided again."),
                 state=request.get_state_display())


@transaction.atomic
def confirm_closing(actor, request: CompletionRequest, *, expected_version: int | None, note: str = "",
                    today: datetime.date | None = None) -> CompletionRequest:
    """The office confirms (销号): the task is completed from today."""
    if not permissions.can_decide_requests(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    before = log.snapshot(request)
    request = move(request, expected_version, (RequestState.PENDING,), _wrong_state(request),
                   state=RequestState.APPROVED, decided_by=actor, decided_on=today, decision_note=(note or "").strip())
    log.record(actor, AuditAction.ACCEPT, request, before=before, after=log.snapshot(request), note=note or "")
    task = Task.objects.select_for_update().get(pk=request.task_id)
    _set_task_completion(actor, task, WorkStatus.COMPLETED, today, note=_("Closing confirmed"))
    notify_units([request.unit_id], NotificationKind.CLOSING_CONFIRMED, task, request.decision_note,
                 task.get_absolute_url())
    return request


@transaction.atomic
def reject_closing(actor, request: CompletionRequest, *, expected_version: int | None, reason: str,
                   today: datetime.date | None = None) -> CompletionRequest:
    """The office refuses the application, saying why; the task stays open."""
    if not permissions.can_decide_requests(actor):
        raise PermissionDenied
    reason = required_text(reason, gettext_lazy("Write why the application is rejected, so the unit knows what to do."))
    before = log.snapshot(request)
    request = move(request, expected_version, (RequestState.PENDING,), _wrong_state(request),
                   state=RequestState.REJECTED, decided_by=actor, decided_on=today or timezone.localdate(),
                   decision_note=reason)
    log.record(actor, AuditAction.RETURN, request, before=before, after=log.snapshot(request), note=reason)
    notify_units([request.unit_id], NotificationKind.CLOSING_REJECTED, request.task, reason,
                 request.task.get_absolute_url())
    return request


@transaction.atomic
def reopen_task(actor, task: Task, *, expected_version: int | None, reason: str,
                today: datetime.date | None = None) -> Task:
    """The office reopens a completed task. The confirmation it undoes keeps its date and gets the
    reopening's, so a past period's completions can still be read back."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not permissions.can_decide_requests(actor):
        raise PermissionDenied
    if not task.is_completed:
        raise NotNow(gettext_lazy("This task is not completed, so there is nothing to reopen."))
    if expected_version != task.version:
        raise StaleRecord()
    reason = required_text(reason, gettext_lazy("Write why the task is reopened."))
    today = today or timezone.localdate()
    confirmed = task.completion_requests.filter(state=RequestState.APPROVED, reopened_on__isnull=True).first()
    if confirmed is not None:
        before = log.snapshot(confirmed)
        confirmed.reopened_on, confirmed.reopen_reason = today, reason
        confirmed.version += 1
        confirmed.save(update_fields=["reopened_on", "reopen_reason", "version"])
        log.record(actor, AuditAction.REOPEN, confirmed, before=before, after=log.snapshot(confirmed), note=reason)
    _set_task_completion(actor, task, WorkStatus.IN_PROGRESS, None, note=reason)
    notify_units(permissions.lead_unit_ids(task), NotificationKind.TASK_REOPENED, task, reason,
                 task.get_absolute_url())
    return task


def _set_task_completion(actor, task: Task, status: str, completed_on, note: str) -> None:
    before = log.snapshot(task)
    task.work_status, task.completed_on = status, completed_on
    task.version += 1
    task.save(update_fields=["work_status", "completed_on", "version", "updated_at"])
    log.record(actor, AuditAction.UPDATE, task, before=before, after=log.snapshot(task), note=note)
