"""The workflow's actions on a task page: apply to close, request an extension, and the supervision
office's decisions on them; reopening a completed task. Plain form posts that return to the task page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks import periods, permissions
from tasks.attachments import RejectedFile, check_upload
from tasks.views.access import get_task_for_user

from .. import closing, extensions
from ..forms import ApplyToCloseForm, DecisionForm, ExtensionRequestForm, ReasonForm
from ..models import CompletionRequest, DeadlineExtension, RequestState
from ..workflow import WorkflowError
from .access import back_to, get_completion_request_for_user, get_extension_for_user


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@require_POST
def apply_to_close(request, pk: int):
    task = get_task_for_user(request.user, pk)
    if not permissions.my_lead_units_on(request.user, task):
        raise PermissionDenied
    form = ApplyToCloseForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The application was not sent: %(errors)s") % {"errors": _form_errors(form)})
        return redirect(task.get_absolute_url())
    try:
        evidence = check_upload(form.cleaned_data["evidence"]) if form.cleaned_data["evidence"] else None
        closing.apply_to_close(request.user, task, form.cleaned_data["summary"], evidence)
    except (WorkflowError, RejectedFile) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your application to close the task was sent to the supervision office."))
    return redirect(task.get_absolute_url())


@require_POST
def decide_closing(request, pk: int):
    completion = get_completion_request_for_user(request.user, pk)
    if not permissions.can_decide_requests(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
    else:
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                closing.confirm_closing(request.user, completion, expected_version=data["version"],
                                        note=data["note"], today=periods.today())
                messages.success(request, _("Closing confirmed: the task is completed."))
            else:
                closing.reject_closing(request.user, completion, expected_version=data["version"],
                                       reason=data["note"], today=periods.today())
                messages.success(request, _("The application was rejected; the unit can see your reason."))
        except WorkflowError as error:
            messages.error(request, str(error))
    return redirect(back_to(request, completion.task.get_absolute_url()))


@require_POST
def reopen_task(request, pk: int):
    task = get_task_for_user(request.user, pk)
    if not permissions.can_decide_requests(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write why the task is reopened."))
    else:
        try:
            closing.reopen_task(request.user, task, expected_version=form.cleaned_data["version"],
                                reason=form.cleaned_data["reason"], today=periods.today())
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The task was reopened."))
    return redirect(task.get_absolute_url())


@require_POST
def request_extension(request, pk: int):
    task = get_task_for_user(request.user, pk)
    if not permissions.my_lead_units_on(request.user, task):
        raise PermissionDenied
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was not sent: %(errors)s") % {"errors": _form_errors(form)})
        return redirect(task.get_absolute_url())
    try:
        extensions.request_extension(request.user, task, form.cleaned_data["new_deadline"],
                                     form.cleaned_data["reason"])
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request for a new deadline was sent to the supervision office."))
    return redirect(task.get_absolute_url())


@require_POST
def decide_extension(request, pk: int):
    extension = get_extension_for_user(request.user, pk)
    if not permissions.can_decide_requests(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
    else:
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                extensions.approve_extension(request.user, extension, expected_version=data["version"],
                                             note=data["note"], today=periods.today())
                messages.success(request, _("Extension approved: the task's deadline has changed."))
            else:
                extensions.reject_extension(request.user, extension, expected_version=data["version"],
                                            reason=data["note"], today=periods.today())
                messages.success(request, _("The extension was rejected; the unit can see your reason."))
        except WorkflowError as error:
            messages.error(request, str(error))
    return redirect(back_to(request, extension.task.get_absolute_url()))


def pending_requests(request):
    """The supervision office's queue: applications to close and extensions waiting for a decision."""
    if not permissions.can_decide_requests(request.user):
        raise PermissionDenied
    context = {
        "closing_requests": CompletionRequest.objects.filter(state=RequestState.PENDING)
        .select_related("task__plan", "unit", "requested_by").order_by("requested_at"),
        "extensions": DeadlineExtension.objects.filter(state=RequestState.PENDING)
        .select_related("task__plan", "unit", "requested_by").order_by("requested_at"),
    }
    return render(request, "supervision/pending_requests.html", context)


def evidence_download(request, pk: int):
    """An application's evidence file, to those who may see its task."""
    from django.http import FileResponse, Http404

    completion = get_completion_request_for_user(request.user, pk)
    if not completion.evidence:
        raise Http404
    return FileResponse(completion.evidence.open("rb"), as_attachment=True, filename=completion.evidence_name)
