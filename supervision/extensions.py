"""Deadline extensions (延期申请): the lead unit asks for a later deadline with a reason; the office
approves — the task's deadline changes, the one it replaced stays on the extension, and so does whether
the task was already overdue — or rejects. Health always counts against the deadline in force."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import log
from audit.models import AuditAction
from tasks import permissions
from tasks.calendar_window import LATEST, in_window
from tasks.models import NotificationKind, Task

from .models import DeadlineExtension, RequestState
from .workflow import AlreadyWaiting, NotNow, Words, WorkflowError, move, notify_units, required_text


@transaction.atomic
def request_extension(actor, task: Task, new_deadline: datetime.date | None, reason: str) -> DeadlineExtension:
    task = Task.objects.select_for_update().get(pk=task.pk)
    lead_units = permissions.my_lead_units_on(actor, task)
    if not lead_units:
        raise PermissionDenied
    if task.is_completed:
        raise NotNow(gettext_lazy("This task is completed; its deadline no longer matters."))
    if task.deadline is None:
        raise NotNow(gettext_lazy("This task has no deadline to extend."))
    if new_deadline is None or new_deadline <= task.deadline:
        raise WorkflowError(Words(gettext_lazy("Choose a new deadline later than the present one (%(deadline)s)."),
                                  deadline=f"{task.deadline:%Y-%m-%d}"))
    if not in_window(new_deadline):
        raise WorkflowError(Words(gettext_lazy("Choose a new deadline no later than %(last)s."),
                                  last=f"{LATEST:%Y-%m-%d}"))
    reason = required_text(reason, gettext_lazy("Write why the task needs more time."))
    try:
        with transaction.atomic():
            extension = DeadlineExtension.objects.create(
                task=task, unit_id=min(lead_units), requested_by=actor, previous_deadline=task.deadline,
                requested_deadline=new_deadline, reason=reason,
            )
    except IntegrityError:  # one is waiting already (perhaps saved a moment ago)
        waiting = task.extensions.filter(state=RequestState.PENDING).first()
        raise AlreadyWaiting(gettext_lazy("A deadline extension for this task is already waiting for the supervision "
                               "office."), waiting) from None
    log.record(actor, AuditAction.SUBMIT, extension, after=log.snapshot(extension), note=reason)
    return extension


def _wrong_state(extension: DeadlineExtension) -> Words:
    return Words(gettext_lazy("This extension is already %(state)s; it cannot be decided again."),
                 state=extension.get_state_display())


@transaction.atomic
def approve_extension(actor, extension: DeadlineExtension, *, expected_version: int | None, note: str = "",
                      today: datetime.date | None = None) -> DeadlineExtension:
    if not permissions.can_decide_requests(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    task = Task.objects.select_for_update().get(pk=extension.task_id)
    if task.deadline != extension.previous_deadline:
        raise NotNow(gettext_lazy("The task's deadline changed after this request was made. Reject it and ask the "
                              "unit to request again."))
    before = log.snapshot(extension)
    extension = move(extension, expected_version, (RequestState.PENDING,), _wrong_state(extension),
                     state=RequestState.APPROVED, decided_by=actor, decided_on=today,
                     decision_note=(note or "").strip(),
                     overdue_days=max(0, (today - extension.previous_deadline).days))
    log.record(actor, AuditAction.ACCEPT, extension, before=before, after=log.snapshot(extension), note=note or "")
    task_before = log.snapshot(task)
    task.deadline = extension.requested_deadline
    task.deadline_text = f"{extension.requested_deadline:%Y-%m-%d}"
    task.version += 1
    task.save(update_fields=["deadline", "deadline_text", "version", "updated_at"])
    log.record(actor, AuditAction.UPDATE, task, before=task_before, after=log.snapshot(task),
               note=_("Deadline extension approved"))
    notify_units([extension.unit_id], NotificationKind.EXTENSION_APPROVED, task, extension.decision_note,
                 task.get_absolute_url())
    return extension


@transaction.atomic
def reject_extension(actor, extension: DeadlineExtension, *, expected_version: int | None, reason: str,
                     today: datetime.date | None = None) -> DeadlineExtension:
    if not permissions.can_decide_requests(actor):
        raise PermissionDenied
    reason = required_text(reason, gettext_lazy("Write why the extension is rejected, so the unit knows what to do."))
    before = log.snapshot(extension)
    extension = move(extension, expected_version, (RequestState.PENDING,), _wrong_state(extension),
                     state=RequestState.REJECTED, decided_by=actor, decided_on=today or timezone.localdate(),
                     decision_note=reason)
    log.record(actor, AuditAction.RETURN, extension, before=before, after=log.snapshot(extension), note=reason)
    notify_units([extension.unit_id], NotificationKind.EXTENSION_REJECTED, extension.task, reason,
                 extension.task.get_absolute_url())
    return extension


@dataclass(frozen=True)
class ExtensionFacts:
    """How often and by how much a task was extended, for the task page, reports and the assessment."""

    count: int
    days: int
    original_deadline: datetime.date | None
    overdue_before_extension: bool


NO_EXTENSIONS = ExtensionFacts(0, 0, None, False)


def extension_facts(task_ids) -> dict[int, ExtensionFacts]:
    """ExtensionFacts for each task that has approved extensions (one query)."""
    found: dict[int, list[DeadlineExtension]] = {}
    approved = DeadlineExtension.objects.filter(task_id__in=list(task_ids), state=RequestState.APPROVED)
    for extension in approved.order_by("decided_on", "id"):
        found.setdefault(extension.task_id, []).append(extension)
    return {task_id: _facts(rows) for task_id, rows in found.items()}


def facts_of(extensions) -> ExtensionFacts:
    """ExtensionFacts from one task's extensions already read (any states, any order)."""
    approved = sorted((e for e in extensions if e.state == RequestState.APPROVED),
                      key=lambda e: (e.decided_on or datetime.date.min, e.pk))
    return _facts(approved) if approved else NO_EXTENSIONS


def _facts(approved: list[DeadlineExtension]) -> ExtensionFacts:
    return ExtensionFacts(
        count=len(approved),
        days=sum(e.days_extended for e in approved),
        original_deadline=approved[0].previous_deadline,
        overdue_before_extension=any(e.overdue_days for e in approved),
    )


def deadline_in_force(task: Task, on: datetime.date, approved: list[DeadlineExtension]) -> datetime.date | None:
    """The task's deadline as it stood on the day `on`, from its approved extensions (oldest first)."""
    deadline = approved[0].previous_deadline if approved else task.deadline
    for extension in approved:
        if extension.decided_on <= on:
            deadline = extension.requested_deadline
    return deadline
