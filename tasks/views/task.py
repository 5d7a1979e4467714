"""The task page (full text, units, targets and their actuals, milestones, updates, timeline) and the
supervision office's actions on it: urge a unit, edit the task, reopen an accepted update."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.panel import task_workflow
from tasks import periods, permissions
from tasks.editing import StaleTask, change_task
from tasks.forms import ReopenForm, TaskForm, UrgeForm, task_part_formsets
from tasks.health import assess_health, closed_reported_in, latest_report_of
from tasks.models import ProgressUpdate, TargetActual
from tasks.progress import ProgressError, reopen_update, urge_targets, urge_unit
from tasks.timeline import task_timeline
from units.models import Unit

from .access import get_task_for_user, get_update_for_user


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def task_detail(request, pk: int):
    user = request.user
    task = get_task_for_user(user, pk, with_latest=True)
    today = periods.today()
    period = periods.month_start(today)
    all_updates = list(
        task.updates.select_related("unit", "author", "reviewer")
        .prefetch_related(
            Prefetch("target_actuals", queryset=TargetActual.objects.order_by("target__position")), "attachments"
        )
        .order_by("-period", "unit__display_order", "unit__name")
    )
    for update in all_updates:
        update.task = task  # the permission checks below read the task's prefetched units
    updates = [u for u in all_updates if permissions.can_view_update(user, u)]
    visible_ids = {u.pk for u in updates}
    for update in updates:
        update.may_review = permissions.can_review(user, update)
        update.may_reopen = permissions.can_reopen(user, update)
        update.may_edit = permissions.can_edit_update(user, update)
        update.is_consolidated = permissions.is_consolidated(update)
    hidden_ids = {u.pk for u in all_updates} - visible_ids
    targets = list(task.targets.all())
    my_unit_ids = permissions.my_units_on(user, task) if permissions.scope_of(user).may_change else set()
    my_units = list(Unit.objects.filter(pk__in=my_unit_ids)) if my_unit_ids else []
    current = {(u.unit_id, u.period): u for u in updates}
    reporting = [(unit, current.get((unit.pk, period))) for unit in my_units]
    may_urge = permissions.can_urge(user, task)
    assessment = assess_health(task, latest_report_of(task), today,
                               closed_reported=closed_reported_in(all_updates, today))
    context = {
        "task": task,
        "today": today,
        "period": period,
        "assessment": assessment,
        "targets": targets,
        "actual_rows": _actual_rows(updates, targets),
        "milestones": task.milestones.all(),
        "subtasks": task.subtasks.order_by("position"),
        "updates": updates,
        "update_months": _by_month(updates),
        "reporting": reporting,
        "timeline": task_timeline(task, {u.pk: u for u in updates}, hidden_ids),
        "may_edit_task": permissions.can_edit_task(user, task),
        "urge_form": UrgeForm(units=urge_targets(task)) if may_urge else None,
        "open_urges": task.urges.filter(resolved_at__isnull=True).select_related("unit", "urged_by"),
    }
    context.update(task_workflow(user, task, today, assessment.health))  # closing, extensions, instructions …
    return render(request, "tasks/task_detail.html", context)


def _by_month(updates: list[ProgressUpdate]) -> list[tuple]:
    """[(period, [updates])], latest month first, the lead unit's update first within a month."""
    months: dict = {}
    for update in updates:
        months.setdefault(update.period, []).append(update)
    for month_updates in months.values():
        month_updates.sort(key=lambda u: not u.is_consolidated)
    return list(months.items())


def _actual_rows(updates: list[ProgressUpdate], targets) -> list[tuple[ProgressUpdate, list]]:
    """(update, [(target, value or None)]) for each update that reports a target value, oldest first."""
    rows = []
    for update in reversed(updates):
        values = {a.target_id: a.value for a in update.target_actuals.all()}
        if values:
            rows.append((update, [(t, values.get(t.pk)) for t in targets]))
    return rows


@require_POST
def urge(request, pk: int):
    task = get_task_for_user(request.user, pk)
    if not permissions.can_urge(request.user, task):
        raise PermissionDenied
    form = UrgeForm(request.POST, units=urge_targets(task))
    if form.is_valid():
        unit = form.units[form.cleaned_data["unit"]]
        try:
            urge_unit(request.user, task, unit, form.cleaned_data["message"])
        except ProgressError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(unit)s has been urged.") % {"unit": unit})
    else:
        messages.error(request, _("Choose a unit named on this task to urge."))
    return redirect(safe_next(request, task.get_absolute_url()))


@require_POST
def reopen(request, pk: int):
    update = get_update_for_user(request.user, pk)
    if not permissions.can_reopen(request.user, update):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write why the update is reopened."))
    else:
        try:
            reopen_update(request.user, update, expected_version=form.cleaned_data["version"],
                          reason=form.cleaned_data["reason"])
        except ProgressError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The update was reopened and sent back to %(unit)s.") % {"unit": update.unit})
    return redirect(update.task.get_absolute_url())


def task_edit(request, pk: int):
    task = get_task_for_user(request.user, pk)
    if not permissions.can_edit_task(request.user, task):
        raise PermissionDenied
    if request.method == "POST":
        form = TaskForm(request.POST, instance=task)
        parts = task_part_formsets(task, request.POST)
        if form.is_valid() and all(formset.is_valid() for formset in parts.values()):
            try:
                change_task(request.user, form, *parts.values())
            except StaleTask as error:
                form.add_error(None, str(error))
                task_now = get_object_or_404(type(task), pk=task.pk)
                form.data = form.data.copy()
                form.data["version"] = task_now.version
            except ProgressError as error:  # a target reported on meanwhile: nothing was saved
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The task was saved."))
                return redirect(task.get_absolute_url())
    else:
        form = TaskForm(instance=task, initial={"version": task.version})
        parts = task_part_formsets(task)
    return render(request, "tasks/task_edit.html", {
        "task": task, "form": form, "units": parts["task_units"], "targets": parts["targets"],
        "milestones": parts["milestones"],
    })
