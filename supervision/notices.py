"""Supervision notices (督办单): from a red task the office issues a formal notice to its units (yellow
or red, the problem, the action required, a reply deadline), printable as a one-page PDF; the units
reply; the office accepts a reply — closing the notice — or returns it for a better one."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from audit import log
from audit.models import AuditAction
from paper.pdf import html_to_pdf
from tasks import permissions
from tasks.health import Health, assess_health, latest_update_for
from tasks.models import NotificationKind, Task
from tasks.progress import urge_targets

from .models import Notice, NoticeReply, NoticeState
from .workflow import (
    ALREADY_REPLIED,
    AlreadyDone,
    NotNow,
    Words,
    WorkflowError,
    move,
    notify_units,
    required_text,
    same_record,
)


@dataclass
class NoticeInput:
    level: str
    problem: str
    required_action: str
    reply_deadline: datetime.date
    units: list  # Unit objects, among those the task names


def _snapshot(notice: Notice) -> dict:
    values = log.snapshot(notice)
    values["units"] = sorted(notice.units.values_list("pk", flat=True))
    return values


@transaction.atomic
def issue_notice(actor, task: Task, data: NoticeInput, today: datetime.date | None = None) -> Notice:
    if not permissions.can_issue_notices(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    # Notices on one task wait for each other here, so that of two sent at the same moment the second sees the first.
    task = Task.objects.select_for_update().get(pk=task.pk)
    if assess_health(task, latest_update_for(task), today).health != Health.RED:
        raise NotNow(gettext_lazy("A supervision notice is issued from a red task; this task is not red today."))
    named = {unit.pk for unit in urge_targets(task)}
    if not data.units or any(unit.pk not in named for unit in data.units):
        raise WorkflowError(gettext_lazy("Choose one or more of the units named on this task."))
    problem = required_text(data.problem, gettext_lazy("Describe the problem the notice is about."))
    required_action = required_text(data.required_action, gettext_lazy("Write what the units must do."))
    if data.reply_deadline <= today:
        raise WorkflowError(gettext_lazy("Give the units a reply deadline after today."))
    same = same_record(Notice.objects.filter(
        task=task, issued_on=today, level=data.level, problem=problem, required_action=required_action,
        reply_deadline=data.reply_deadline, state__in=(NoticeState.ISSUED, NoticeState.REPLIED)), data.units)
    if same is not None:
        raise AlreadyDone(Words(gettext_lazy("This notice was already issued today as %(number)s and is still open. "
                                             "Open it to follow the units' replies."), number=same), same)
    for _attempt in range(3):  # two offices issuing at once: the second takes the next number
        serial = (Notice.objects.filter(year=today.year).aggregate(last=Max("serial"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    task=task, year=today.year, serial=serial, level=data.level, problem=problem,
                    required_action=required_action, reply_deadline=data.reply_deadline, issued_by=actor,
                    issued_on=today,
                )
            break
        except IntegrityError:
            continue
    else:
        raise WorkflowError(gettext_lazy("The notice could not be numbered. Try again."))
    notice.units.set(data.units)
    log.record(actor, AuditAction.CREATE, notice, after=_snapshot(notice), note=problem)
    notify_units([unit.pk for unit in data.units], NotificationKind.NOTICE, task, problem,
                 reverse("supervision:notice", args=[notice.pk]))
    return notice


@transaction.atomic
def reply_to_notice(actor, notice: Notice, unit, text: str) -> NoticeReply:
    assigned = set(notice.units.values_list("pk", flat=True))
    if unit.pk not in permissions.units_to_reply_for(actor, assigned):
        raise PermissionDenied
    # Replies to one notice wait for each other here, so that of two sent at the same moment the second sees the first.
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state == NoticeState.CLOSED:
        raise NotNow(gettext_lazy("This notice has been closed; replies are no longer taken."))
    text = required_text(text, gettext_lazy("Write what your unit has done about the notice."))
    latest = notice.replies.filter(unit=unit).order_by("-replied_at", "-pk").first()
    if (latest is not None and latest.text == text
            and (notice.returned_at is None or latest.replied_at > notice.returned_at)):
        raise AlreadyDone(ALREADY_REPLIED, latest)
    reply = NoticeReply.objects.create(notice=notice, unit=unit, author=actor, text=text)
    log.record(actor, AuditAction.CREATE, reply, note=text)
    if notice.state == NoticeState.ISSUED and _every_unit_replied(notice):
        move(notice, notice.version, (NoticeState.ISSUED,), "", state=NoticeState.REPLIED)
    return reply


def _every_unit_replied(notice: Notice) -> bool:
    """Every unit has replied (since the office last returned the replies, if it did)."""
    assigned = set(notice.units.values_list("pk", flat=True))
    replies = notice.replies.all()
    if notice.returned_at is not None:
        replies = replies.filter(replied_at__gt=notice.returned_at)
    return assigned <= set(replies.values_list("unit_id", flat=True))


@transaction.atomic
def accept_reply(actor, notice: Notice, *, expected_version: int | None, note: str = "",
                 today: datetime.date | None = None) -> Notice:
    """The office accepts the units' replies: the notice is closed."""
    if not permissions.can_issue_notices(actor):
        raise PermissionDenied
    before = log.snapshot(notice)
    notice = move(notice, expected_version, (NoticeState.REPLIED,),
                  gettext_lazy("Only a notice every unit has replied to can be closed."),
                  state=NoticeState.CLOSED, closed_on=today or timezone.localdate())
    log.record(actor, AuditAction.ACCEPT, notice, before=before, after=log.snapshot(notice), note=note or "")
    return notice


@transaction.atomic
def return_reply(actor, notice: Notice, *, expected_version: int | None, comment: str) -> Notice:
    """The office finds the replies wanting: the notice waits for new ones."""
    if not permissions.can_issue_notices(actor):
        raise PermissionDenied
    comment = required_text(comment, gettext_lazy("Write what the reply lacks, so the units know what to add."))
    before = log.snapshot(notice)
    notice = move(notice, expected_version, (NoticeState.REPLIED,),
                  gettext_lazy("Only a replied notice can be returned."), state=NoticeState.ISSUED,
                  returned_at=timezone.now())
    log.record(actor, AuditAction.RETURN, notice, before=before, after=log.snapshot(notice), note=comment)
    notify_units(notice.units.values_list("pk", flat=True), NotificationKind.NOTICE_RETURNED, notice.task, comment,
                 reverse("supervision:notice", args=[notice.pk]))
    return notice


def notice_file_name(notice: Notice) -> str:
    """督办单2026-001.pdf: the document's title and number."""
    return f"{gettext('Supervision notice')}{notice}.pdf"


def notice_pdf(notice: Notice) -> bytes:
    """The notice as a one-page A4 PDF in the usual 督办单 layout, fonts embedded."""
    html = render_to_string("supervision/notice_pdf.html", {
        "notice": notice, "task": notice.task, "units": list(notice.units.all()),
        "replies": list(notice.replies.select_related("unit")),
    })
    return html_to_pdf(html)
