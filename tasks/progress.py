"""Monthly progress updates: saving, submitting, reviewing, reopening, and urging units.

Each function checks the person may act (tasks/permissions.py), changes the update with a conditional
UPDATE on its `version` — so of two people saving the same update the second is refused with StaleUpdate
instead of overwriting — and writes the audit log in the same transaction. They need no request: the API
and background jobs call them as the pages do.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.models import AuditAction

from . import permissions
from .attachments import CheckedFile
from .calendar_window import check_reporting_month
from .models import (
    Attachment,
    Notification,
    NotificationKind,
    ProgressStatus,
    ProgressUpdate,
    ReviewState,
    TargetActual,
    Task,
    Urge,
    WorkStatus,
)

EDITABLE_FIELDS = ("status", "percent_complete", "narrative", "problems", "next_steps")


class ProgressError(Exception):
    """A rule refused the action; str(error) says why, for the person who tried."""


class StaleUpdate(ProgressError):
    """Someone else changed the update since this person opened it."""

    def __init__(self, message: str = ""):
        super().__init__(message or _(
            "Someone else saved this update after you opened it, so your changes were not saved. Your text is "
            "kept below; compare it with the saved version, then save again."
        ))


class UpdateLocked(ProgressError):
    def __init__(self, message: str = ""):
        super().__init__(message or _(
            "This update has been accepted and is locked. Ask the supervision office to reopen it if it must change."
        ))


class WrongState(ProgressError):
    """The update is not in a state that allows the action (e.g. accepting a draft)."""


class AlreadyUrged(ProgressError):
    """The unit was urged about the task earlier today and has not submitted since: another urge would only
    repeat it (a double click, a request sent again). `urge` is the open one."""

    def __init__(self, urge):
        super().__init__(_("%(unit)s was already urged about this task today and has not reported since. Wait for "
                           "its update, or urge it again tomorrow.") % {"unit": urge.unit})
        self.urge = urge


@dataclass
class UpdateInput:
    """What a unit writes for one task and month."""

    status: str = ProgressStatus.ON_TRACK
    percent_complete: int = 0
    narrative: str = ""
    problems: str = ""
    next_steps: str = ""
    actuals: dict[int, Decimal | None] = field(default_factory=dict)  # target id → value; None clears it
    new_files: list[CheckedFile] = field(default_factory=list)
    remove_attachment_ids: list[int] = field(default_factory=list)


def _snapshot(update: ProgressUpdate) -> dict:
    """The update's fields and its target values, for the audit log."""
    values = log.snapshot(update)
    values["actuals"] = {
        str(actual.target_id): log._jsonable(actual.value)
        for actual in TargetActual.objects.filter(update=update).order_by("target_id")
    }
    return values


def _changed(update: ProgressUpdate, expected_version: int | None, **values) -> ProgressUpdate:
    """Apply `values` only if the update is still at `expected_version` and not accepted; bump the version."""
    rows = (
        ProgressUpdate.objects.filter(pk=update.pk, version=expected_version)
        .exclude(review_state=ReviewState.ACCEPTED)
        .update(**values, version=F("version") + 1, updated_at=timezone.now())
    )
    if rows == 0:
        update.refresh_from_db()
        if update.is_locked and values.get("review_state") != ReviewState.ACCEPTED:
            raise UpdateLocked()
        raise StaleUpdate()
    update.refresh_from_db()
    return update


def _transition(update: ProgressUpdate, expected_version: int | None, allowed_from, **values) -> ProgressUpdate:
    """Move the update to a new review state if it is still at `expected_version` and in `allowed_from`."""
    if update.review_state not in allowed_from:
        raise WrongState(_("This update is %(state)s; it cannot be handled that way now.")
                         % {"state": update.get_review_state_display()})
    rows = (
        ProgressUpdate.objects.filter(pk=update.pk, version=expected_version, review_state__in=allowed_from)
        .update(**values, version=F("version") + 1, updated_at=timezone.now())
    )
    if rows == 0:
        raise StaleUpdate(_("The update changed while you were looking at it. Read it again, then decide."))
    update.refresh_from_db()
    return update


@transaction.atomic
def save_update(
    actor, task: Task, unit, period: datetime.date, data: UpdateInput, *,
    expected_version: int | None = None, submit: bool = False,
) -> ProgressUpdate:
    """Create or edit `unit`'s update on `task` for the month `period`, then submit it if asked.

    There is one update per task, unit and month: writing again edits it. `expected_version` is the
    version the person's form was built from (None for a new update); if the update has moved on since,
    StaleUpdate is raised and nothing is saved.
    """
    if not permissions.can_write_update(actor, task, unit):
        raise PermissionDenied
    try:
        check_reporting_month(task, period)
    except ValidationError as error:
        raise ProgressError(error.messages[0]) from None
    unit_id = getattr(unit, "pk", unit)
    values = {name: getattr(data, name) for name in EDITABLE_FIELDS}
    update = ProgressUpdate.objects.filter(task=task, unit_id=unit_id, period=period).first()
    if update is None:
        if expected_version:
            raise StaleUpdate()
        try:
            with transaction.atomic():
                update = ProgressUpdate.objects.create(task=task, unit_id=unit_id, period=period, author=actor,
                                                       **values)
        except IntegrityError:  # someone created it a moment ago
            raise StaleUpdate() from None
        before = None
    else:
        if update.is_locked:
            raise UpdateLocked()
        if expected_version != update.version:
            raise StaleUpdate()
        before = _snapshot(update)
        update = _changed(update, expected_version, author=actor, **values)
    _save_actuals(update, task, data.actuals)
    after = _snapshot(update)
    if before is None:
        log.record(actor, AuditAction.CREATE, update, after=after)
    elif log.diff(before, after):
        log.record(actor, AuditAction.UPDATE, update, before=before, after=after)
    _save_attachments(actor, update, data)
    if submit:
        update = submit_update(actor, update, expected_version=update.version)
    return update


def _save_actuals(update: ProgressUpdate, task: Task, actuals: dict[int, Decimal | None]) -> None:
    target_ids = set(task.targets.values_list("pk", flat=True))
    existing = {a.target_id: a for a in TargetActual.objects.filter(update=update)}
    for target_id, value in actuals.items():
        if target_id not in target_ids:
            continue
        current = existing.get(target_id)
        if value is None:
            if current:
                current.delete()
        elif current is None:
            TargetActual.objects.create(update=update, target_id=target_id, value=value)
        elif current.value != value:
            current.value = value
            current.save(update_fields=["value"])


def _save_attachments(actor, update: ProgressUpdate, data: UpdateInput) -> None:
    for attachment in update.attachments.filter(pk__in=data.remove_attachment_ids):
        log.record(actor, AuditAction.DELETE, attachment, before=log.snapshot(attachment))
        stored = attachment.file
        attachment.delete()
        transaction.on_commit(lambda stored=stored: stored.delete(save=False))
    for checked in data.new_files:
        attachment = Attachment(
            update=update, original_name=checked.original_name, content_type=checked.file_type.content_type,
            size=checked.size, uploaded_by=actor,
        )
        attachment.file.save(checked.storage_name, checked.upload, save=False)
        attachment.save()
        log.record(actor, AuditAction.CREATE, attachment)


@transaction.atomic
def submit_update(actor, update: ProgressUpdate, *, expected_version: int | None) -> ProgressUpdate:
    """Put the update in front of its reviewers (or, with head approval on, its unit head first).

    Submitting again after a return, or after an edit, is allowed until the update is accepted.
    Open urges for the task and unit are resolved.
    """
    if update.is_locked:
        raise UpdateLocked()
    if not permissions.can_edit_update(actor, update):
        raise PermissionDenied
    needs_head = settings.DUBAN_HEAD_APPROVAL and update.unit_id not in permissions.scope_of(actor).head_unit_ids
    new_state = ReviewState.AWAITING_HEAD if needs_head else ReviewState.SUBMITTED
    before = log.snapshot(update)
    now = timezone.now()
    update = _transition(
        update, expected_version,
        (ReviewState.DRAFT, ReviewState.RETURNED, ReviewState.SUBMITTED, ReviewState.AWAITING_HEAD),
        review_state=new_state, submitted_at=now,
        # in the UPDATE itself, so that of two submissions racing only the first sets it
        first_submitted_at=Coalesce(F("first_submitted_at"), Value(now), output_field=DateTimeField()),
    )
    log.record(actor, AuditAction.SUBMIT, update, before=before, after=log.snapshot(update))
    Urge.objects.filter(task_id=update.task_id, unit_id=update.unit_id, resolved_at__isnull=True).update(
        resolved_at=now
    )
    if needs_head:
        _notify(permissions.unit_heads(update.unit_id), NotificationKind.AWAITING_APPROVAL, update.task, "",
                reverse("tasks:review_queue"))
    return update


@transaction.atomic
def approve_update(actor, update: ProgressUpdate, *, expected_version: int | None,
                   comment: str = "") -> ProgressUpdate:
    """A unit head passes a staff submission on to the reviewers (head approval on)."""
    if update.review_state != ReviewState.AWAITING_HEAD or not permissions.can_review(actor, update):
        raise PermissionDenied
    before = log.snapshot(update)
    update = _transition(update, expected_version, (ReviewState.AWAITING_HEAD,), review_state=ReviewState.SUBMITTED)
    log.record(actor, AuditAction.ACCEPT, update, before=before, after=log.snapshot(update),
               note=comment or _("Approved by the unit head"))
    return update


@transaction.atomic
def accept_update(actor, update: ProgressUpdate, *, expected_version: int | None, comment: str = "",
                  today: datetime.date | None = None) -> ProgressUpdate:
    """Accept a submitted update; it is then locked. Accepting the lead unit's (consolidated) update
    also carries its status to the task: completed, or in progress once work has begun."""
    if update.review_state == ReviewState.AWAITING_HEAD:
        return approve_update(actor, update, expected_version=expected_version, comment=comment)
    if not permissions.can_review(actor, update):
        raise PermissionDenied
    before = log.snapshot(update)
    update = _transition(
        update, expected_version, (ReviewState.SUBMITTED,),
        review_state=ReviewState.ACCEPTED, reviewer=actor, reviewed_at=timezone.now(), review_comment=comment,
    )
    log.record(actor, AuditAction.ACCEPT, update, before=before, after=log.snapshot(update), note=comment)
    if permissions.is_consolidated(update):
        _carry_status_to_task(actor, update, today or timezone.localdate())
    _notify(permissions.unit_members(update.unit_id), NotificationKind.ACCEPTED, update.task, comment,
            update.task.get_absolute_url())
    return update


def _carry_status_to_task(actor, update: ProgressUpdate, today: datetime.date) -> None:
    task = Task.objects.select_for_update().get(pk=update.task_id)
    before = log.snapshot(task)
    # An update saying "completed" does not complete the task: only the supervision office's confirmation
    # of an application to close does (supervision/closing.py).
    if update.status != ProgressStatus.NOT_STARTED and task.work_status == WorkStatus.NOT_STARTED:
        task.work_status = WorkStatus.IN_PROGRESS
    else:
        return
    task.version += 1
    task.save(update_fields=["work_status", "completed_on", "version", "updated_at"])
    log.record(actor, AuditAction.UPDATE, task, before=before, after=log.snapshot(task),
               note=_("From the accepted update for %(period)s") % {"period": f"{update.period:%Y-%m}"})


@transaction.atomic
def return_update(actor, update: ProgressUpdate, *, expected_version: int | None, comment: str) -> ProgressUpdate:
    """Send a submitted update back to its unit with a comment saying what to fix (退回)."""
    if not permissions.can_review(actor, update):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not comment:
        raise ProgressError(_("Write what the unit should fix: a returned update needs a comment."))
    before = log.snapshot(update)
    update = _transition(
        update, expected_version, (ReviewState.SUBMITTED, ReviewState.AWAITING_HEAD),
        review_state=ReviewState.RETURNED, reviewer=actor, reviewed_at=timezone.now(), review_comment=comment,
    )
    log.record(actor, AuditAction.RETURN, update, before=before, after=log.snapshot(update), note=comment)
    _notify(permissions.unit_members(update.unit_id), NotificationKind.RETURNED, update.task, comment,
            reverse("tasks:update", args=[update.task_id, update.unit_id, f"{update.period:%Y-%m}"]))
    return update


@transaction.atomic
def reopen_update(actor, update: ProgressUpdate, *, expected_version: int | None, reason: str) -> ProgressUpdate:
    """Unlock an accepted update and hand it back to its unit, saying why (supervision office)."""
    if not permissions.can_reopen(actor, update):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ProgressError(_("Write why the update is reopened."))
    before = log.snapshot(update)
    update = _transition(
        update, expected_version, (ReviewState.ACCEPTED,),
        review_state=ReviewState.RETURNED, reviewer=actor, reviewed_at=timezone.now(), review_comment=reason,
    )
    log.record(actor, AuditAction.REOPEN, update, before=before, after=log.snapshot(update), note=reason)
    _notify(permissions.unit_members(update.unit_id), NotificationKind.REOPENED, update.task, reason,
            reverse("tasks:update", args=[update.task_id, update.unit_id, f"{update.period:%Y-%m}"]))
    return update


def urge_targets(task: Task) -> list:
    """The units that can be urged on a task: those it names, and the members of the groups it names."""
    from units.models import Unit

    unit_ids, groups = set(), []
    for tu in permissions.effective_task_units(task):
        if tu.unit_id:
            unit_ids.add(tu.unit_id)
        elif tu.group_id:
            groups.append(tu.group)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    for group in groups:
        for member in group.resolve_units():
            units.setdefault(member.pk, member)
    return sorted(units.values(), key=lambda u: (u.display_order, u.name))


@transaction.atomic
def urge_unit(actor, task: Task, unit, message: str = "") -> Urge:
    """Press a unit to act on a task (催办): recorded, logged, and in the unit's inboxes."""
    if not permissions.can_urge(actor, task):
        raise PermissionDenied
    if unit.pk not in {u.pk for u in urge_targets(task)}:
        raise ProgressError(_("%(unit)s is not named on this task.") % {"unit": unit})
    # Urges of one task wait for each other here, so that of two sent at the same moment the second sees the first.
    Task.objects.select_for_update().filter(pk=task.pk).first()
    already = Urge.objects.filter(task=task, unit=unit, resolved_at__isnull=True,
                                  created_at__date=timezone.localdate()).select_related("unit").first()
    if already is not None:
        raise AlreadyUrged(already)
    urge = Urge.objects.create(task=task, unit=unit, urged_by=actor, message=(message or "").strip())
    log.record(actor, AuditAction.URGE, urge, after=log.snapshot(urge), note=urge.message)
    _notify(permissions.unit_members(unit.pk), NotificationKind.URGED, task, urge.message, task.get_absolute_url())
    # robust: the urge is saved whatever happens to the job; if the broker is down, the next sweep sends it.
    transaction.on_commit(lambda: _send_urge(urge.pk), robust=True)
    return urge


def _send_urge(urge_id: int) -> None:
    """Email the urge and post it to the unit's group robot once it is committed (reminders/tasks.py)."""
    from reminders.tasks import send_urge

    send_urge.delay(urge_id)


def _notify(recipients, kind: str, task: Task, text: str, url: str) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, task=task, text=text, url=url) for user in recipients
    )
