"""The workflow's actions on a task page: apply to close, request an extension, and the supervision
office's decisions on them; reopening a completed task. Plain form posts that return to the task page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safe_text.downloads import name_download
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


def _decide(request, record, *, approve, reject, approved: str, rejected: str):
    """The office's decision on an application to close or an extension, from the page's decision form:
    `approve(record, version, note)` or `reject(record, version, reason)`, then back where the office was."""
    if not permissions.can_decide_requests(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
    else:
        data = form.cleaned_data
        decide, done = (approve, approved) if data["decision"] == "approve" else (reject, rejected)
        try:
            decide(record, data["version"], data["note"])
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
    return redirect(back_to(request, record.task.get_absolute_url()))


@require_POST
def decide_closing(request, pk: int):
    user, today = request.user, periods.today()
    return _decide(
        request, get_completion_request_for_user(user, pk),
        approve=lambda record, version, note: closing.confirm_closing(
            user, record, expected_version=version, note=note, today=today),
        reject=lambda record, version, reason: closing.reject_closing(
            user, record, expected_version=version, reason=reason, today=today),
        approved=_("Closing confirmed: the task is completed."),
        rejected=_("The application was rejected; the unit can see your reason."),
    )


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
    user, today = request.user, periods.today()
    return _decide(
        request, get_extension_for_user(user, pk),
        approve=lambda record, version, note: extensions.approve_extension(
            user, record, expected_version=version, note=note, today=today),
        reject=lambda record, version, reason: extensions.reject_extension(
            user, record, expected_version=version, reason=reason, today=today),
        approved=_("Extension approved: the task's deadline has changed."),
        rejected=_("The extension was rejected; the unit can see your reason."),
    )


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
    return name_download(FileResponse(completion.evidence.open("rb")), completion.evidence_name)
