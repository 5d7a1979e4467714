"""The update form (one task, unit and month) and attachment downloads."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from safe_text.downloads import name_download
from tasks import calendar_window, periods, permissions
from tasks.forms import UpdateForm
from tasks.models import Attachment, ProgressUpdate, ReviewState
from tasks.progress import ProgressError, StaleUpdate, save_update
from units.models import Unit

from .access import get_task_for_user


def _period_or_404(text: str):
    try:
        period = periods.parse_period(text)
    except ValueError:
        raise Http404 from None
    if period > periods.month_start(periods.today()) or not calendar_window.in_window(period):
        raise Http404  # no reporting on months still to come, nor on those outside the calendar
    return period


def _starting_point(update: ProgressUpdate | None, previous: ProgressUpdate | None) -> dict:
    """The form's first values: the update itself, or last period's update to start from."""
    source = update or previous
    if source is None:
        return {}
    initial = {name: getattr(source, name) for name in ("status", "percent_complete", "narrative", "problems",
                                                         "next_steps")}
    for actual in source.target_actuals.all():
        initial[f"target_{actual.target_id}"] = actual.value.normalize()
    return initial


def update_form(request, pk: int, unit_id: int, period: str):
    user = request.user
    task = get_task_for_user(user, pk)
    unit = get_object_or_404(Unit, pk=unit_id)
    month = _period_or_404(period)
    first, last = calendar_window.reporting_months(task)
    if not first <= month <= last:
        raise Http404  # nor on months outside the task's plan (save_update refuses them too)
    if not permissions.can_write_update(user, task, unit):
        raise PermissionDenied
    update = (
        ProgressUpdate.objects.filter(task=task, unit=unit, period=month)
        .select_related("reviewer", "author").prefetch_related("target_actuals", "attachments").first()
    )
    previous = None
    if update is None:
        previous = (
            ProgressUpdate.objects.filter(task=task, unit=unit, period__lt=month)
            .prefetch_related("target_actuals").order_by("-period").first()
        )
    targets = list(task.targets.all())
    attachments = list(update.attachments.all()) if update else []
    context = {"task": task, "unit": unit, "period": month, "update": update, "previous": previous,
               "version": update.version if update else "", "head_approval": _needs_head(user, unit),
               "max_upload": settings.UPLOAD_MAX_BYTES}

    if update is not None and update.is_locked:
        # Accepted while the person was typing: the page says it is locked, and nothing is saved.
        status = 409 if request.method == "POST" else 200
        return render(request, "tasks/update_form.html", {**context, "form": None}, status=status)

    if request.method == "POST":
        submitting = request.POST.get("action") == "submit"
        form = UpdateForm(request.POST, request.FILES, targets=targets, attachments=attachments, submitting=submitting)
        if form.is_valid():
            expected = int(request.POST["version"]) if request.POST.get("version", "").isdigit() else None
            try:
                saved = save_update(user, task, unit, month, form.to_input(), expected_version=expected,
                                    submit=submitting)
            except StaleUpdate as error:
                current = (
                    ProgressUpdate.objects.filter(task=task, unit=unit, period=month)
                    .prefetch_related("target_actuals", "attachments").first()
                )
                form.add_error(None, str(error))
                if request.FILES:
                    form.add_error("attachments", _("Choose the files again: they were not saved."))
                context.update(current=current, version=current.version if current else "")
                return render(request, "tasks/update_form.html", {**context, "form": form}, status=409)
            except ProgressError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _saved_message(saved, submitting))
                return redirect(task.get_absolute_url())
        if request.FILES and form.errors and "attachments" not in form.errors:
            form.add_error("attachments", _("Choose the files again: they were not saved."))
    else:
        form = UpdateForm(initial=_starting_point(update, previous), targets=targets, attachments=attachments)
    return render(request, "tasks/update_form.html", {**context, "form": form})


def _needs_head(user, unit) -> bool:
    return settings.DUBAN_HEAD_APPROVAL and unit.pk not in permissions.scope_of(user).head_unit_ids


def _saved_message(update: ProgressUpdate, submitted: bool) -> str:
    if not submitted:
        return _("Your draft was saved.") if update.review_state == ReviewState.DRAFT else _("Your changes were saved.")
    if update.review_state == ReviewState.AWAITING_HEAD:
        return _("Your update was submitted to your unit head for approval.")
    return _("Your update was submitted for review.")


def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("update__task"), pk=pk)
    update = attachment.update
    if not permissions.can_view_update(request.user, update):
        raise Http404
    response = name_download(FileResponse(attachment.file.open("rb"), content_type=attachment.content_type),
                             attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, it runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
