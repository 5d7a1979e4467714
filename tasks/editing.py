"""The supervision office changes a task: its text, deadline, status, units, targets and milestones.
Versioned like updates (a stale form is refused) and written to the audit log, field by field, in the same
transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, RestrictedError
from django.utils.translation import gettext as _

from audit import log
from audit.models import AuditAction

from . import permissions
from .models import Task
from .progress import ProgressError


class TargetReported(ProgressError):
    def __init__(self, target):
        super().__init__(_(
            "“%(target)s” has values reported in progress updates, so it cannot be deleted. Change its wording or "
            "figures instead."
        ) % {"target": target})


class StaleTask(ProgressError):
    def __init__(self):
        super().__init__(_(
            "Someone else changed this task after you opened it, so your changes were not saved. Your input is "
            "kept below; compare it with the current task, then save again."
        ))


@transaction.atomic
def change_task(actor, task_form, *part_formsets) -> Task:
    """Save a valid TaskForm and the valid formsets of its parts (units, targets, milestones) for the form's
    task, if it is still at the form's version."""
    task = task_form.instance
    if not permissions.can_edit_task(actor, task):
        raise PermissionDenied
    expected = task_form.cleaned_data["version"]
    before = log.snapshot(Task.objects.get(pk=task.pk))
    if not Task.objects.filter(pk=task.pk, version=expected).update(version=F("version") + 1):
        raise StaleTask()
    task = task_form.save(commit=False)
    task.version = expected + 1
    task.save()
    after = log.snapshot(task)
    if log.diff(before, after):
        log.record(actor, AuditAction.UPDATE, task, before=before, after=after)
    for formset in part_formsets:
        _save_parts(actor, formset)
    return task


def _save_parts(actor, formset) -> None:
    changed = [f.instance.pk for f in formset.initial_forms if f.instance.pk and f.has_changed()]
    befores = {pk: log.snapshot(obj) for pk, obj in formset.model.objects.in_bulk(changed).items()}
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        log.record(actor, AuditAction.DELETE, obj, before=log.snapshot(obj))
        try:
            obj.delete()
        except RestrictedError:  # values reported since the form was checked: the whole change is undone
            raise TargetReported(obj) from None
    for obj in instances:
        is_new = obj.pk is None
        obj.save()
        if is_new:
            log.record(actor, AuditAction.CREATE, obj)
        else:
            log.record(actor, AuditAction.UPDATE, obj, before=befores.get(obj.pk), after=log.snapshot(obj))
