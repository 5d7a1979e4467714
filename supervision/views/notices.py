"""Supervision notices: issuing one from a red task, the list, its page with replies, the office's
decision, and the printable PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from paper.pdf import PdfNotMade
from safe_text.downloads import name_download
from tasks import periods, permissions
from tasks.progress import urge_targets
from tasks.views.access import get_task_for_user
from units.models import Unit

from .. import notices as service
from ..forms import NoticeDecisionForm, NoticeForm, ReplyForm
from ..models import NoticeState
from ..workflow import WorkflowError, in_state_order
from .access import get_notice_for_user


def notice_list(request):
    today = periods.today()
    notices = list(in_state_order(permissions.visible_notices(request.user), NoticeState, "reply_deadline")
                   .select_related("task__plan").prefetch_related("units", "replies")[:200])
    for notice in notices:
        replied = {r.unit_id for r in notice.replies.all()}
        notice.overdue = notice.state == NoticeState.ISSUED and notice.reply_deadline < today and any(
            unit.pk not in replied for unit in notice.units.all())
    return render(request, "supervision/notice_list.html", {"notices": notices})


def notice_new(request, pk: int):
    task = get_task_for_user(request.user, pk)
    if not permissions.can_issue_notices(request.user):
        raise PermissionDenied
    units = urge_targets(task)
    form = NoticeForm(request.POST or None, units=units, initial={"units": [u.pk for u in units]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = service.issue_notice(request.user, task, service.NoticeInput(
                level=data["level"], problem=data["problem"], required_action=data["required_action"],
                reply_deadline=data["reply_deadline"], units=[form.units[pk] for pk in data["units"]],
            ), today=periods.today())
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Notice %(number)s was issued.") % {"number": notice})
            return redirect("supervision:notice", notice.pk)
    return render(request, "supervision/notice_form.html", {"form": form, "task": task})


def notice_detail(request, pk: int):
    notice = get_notice_for_user(request.user, pk)
    reply_units = Unit.objects.filter(pk__in=permissions.units_to_reply_for(
        request.user, notice.units.values_list("pk", flat=True)))
    if request.method == "POST":
        if not reply_units:
            raise PermissionDenied
        form = ReplyForm(request.POST, units=reply_units)
        if form.is_valid():
            try:
                service.reply_to_notice(request.user, notice, form.units[form.cleaned_data["unit"]],
                                        form.cleaned_data["text"])
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your reply was sent to the supervision office."))
                return redirect("supervision:notice", pk)
    else:
        form = ReplyForm(units=reply_units)
    may_decide = permissions.can_issue_notices(request.user) and notice.state == NoticeState.REPLIED
    return render(request, "supervision/notice_detail.html", {
        "notice": notice, "units": list(notice.units.all()),
        "replies": list(notice.replies.select_related("unit", "author")),
        "reply_form": form if reply_units and notice.state != NoticeState.CLOSED else None,
        "decision_form": NoticeDecisionForm(initial={"version": notice.version}) if may_decide else None,
    })


@require_POST
def notice_decide(request, pk: int):
    notice = get_notice_for_user(request.user, pk)
    if not permissions.can_issue_notices(request.user):
        raise PermissionDenied
    form = NoticeDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                service.accept_reply(request.user, notice, expected_version=data["version"], note=data["comment"],
                                     today=periods.today())
                messages.success(request, _("The reply was accepted and the notice closed."))
            else:
                service.return_reply(request.user, notice, expected_version=data["version"],
                                     comment=data["comment"])
                messages.success(request, _("The reply was returned to the units."))
        except WorkflowError as error:
            messages.error(request, str(error))
    return redirect("supervision:notice", pk)


def notice_pdf(request, pk: int):
    notice = get_notice_for_user(request.user, pk)
    try:
        response = HttpResponse(service.notice_pdf(notice), content_type="application/pdf")
    except PdfNotMade as error:
        messages.error(request, str(error))
        return redirect("supervision:notice", pk)
    return name_download(response, service.notice_file_name(notice), fallback=f"notice-{notice}.pdf", inline=True)
