"""The office's edits to a report: the summary, and per row the progress text, a remark and hiding it;
finalising and reopening.

Each edit saves one field with a conditional UPDATE on the version the person's form was built from — of
two people saving the same field the second is refused (StaleEdit) rather than overwriting — records who
saved what (ReportEdit) and writes the audit log, all in one transaction.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.models import AuditAction
from tasks import limits, permissions

from .models import Report, ReportEdit, ReportRow, ReportStatus

MAX_TEXT = limits.REPORT_TEXT


class EditError(Exception):
    """A rule refused the edit; str(error) says why and what to do."""


class StaleEdit(EditError):
    def __init__(self):
        super().__init__(_(
            "Someone else saved this after you opened it, so your text was not saved. It is kept below beside "
            "theirs; compare them, then save again."
        ))


class ReportIsFinal(EditError):
    def __init__(self):
        super().__init__(_("This report is final and locked. A supervisor can reopen it."))


def _check_editable(actor, report: Report) -> None:
    if permissions.can_edit_report(actor, report):
        return
    if permissions.can_reopen_report(actor, report):
        raise ReportIsFinal()  # the office may change it once reopened: say so
    raise PermissionDenied


def _clean_text(value: str) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if len(value) > MAX_TEXT:
        raise EditError(_("The text is too long: at most %(limit)s characters.") % {"limit": MAX_TEXT})
    return value


@transaction.atomic
def save_summary(actor, report: Report, text: str, expected_version: int) -> Report:
    _check_editable(actor, report)
    text = _clean_text(text)
    before = log.snapshot(report)
    changed = Report.objects.filter(pk=report.pk, summary_version=expected_version, status=ReportStatus.DRAFT).update(
        summary=text, summary_edited=True, summary_version=F("summary_version") + 1, updated_at=timezone.now()
    )
    report.refresh_from_db()
    if not changed:
        if report.is_final:
            raise ReportIsFinal()
        raise StaleEdit()
    ReportEdit.objects.create(report=report, field="summary", value=text, version=report.summary_version,
                              author=actor)
    log.record(actor, AuditAction.UPDATE, report, before=before, after=log.snapshot(report), note="summary edited")
    return report


@transaction.atomic
def save_row(actor, row: ReportRow, values: dict, expected_version: int) -> list[str]:
    """Save the row's fields that changed among "progress" (text; empty puts the reported text back),
    "remark" (text) and "hidden" (bool), if the row is still at `expected_version`. Returns the fields saved."""
    unknown = set(values) - set(ReportRow.EDITABLE_FIELDS)
    if unknown:
        raise EditError(_("This field cannot be edited."))
    report = row.report
    _check_editable(actor, report)
    new: dict = {}
    recorded: dict[str, str] = {}
    if "progress" in values:
        text = _clean_text(values["progress"])
        if text == row.source_progress.strip():
            text = ""  # the reported text unchanged is no edit
        if text != (row.progress if row.progress_edited else ""):
            new.update(progress=text, progress_edited=bool(text))
            recorded["progress"] = text
    if "remark" in values:
        text = _clean_text(values["remark"])
        if text != row.remark:
            new["remark"] = recorded["remark"] = text
    if "hidden" in values and bool(values["hidden"]) != row.hidden:
        new["hidden"] = bool(values["hidden"])
        recorded["hidden"] = "1" if values["hidden"] else "0"
    if expected_version != row.version:
        raise StaleEdit()
    if not new:
        return []
    before = log.snapshot(row)
    if Report.objects.select_for_update().get(pk=report.pk).is_final:
        raise ReportIsFinal()
    changed = ReportRow.objects.filter(pk=row.pk, version=expected_version).update(**new, version=F("version") + 1)
    row.refresh_from_db()
    if not changed:
        raise StaleEdit()
    ReportEdit.objects.bulk_create(
        ReportEdit(report=report, row=row, task_key=row.task_key, field=field, value=value, version=row.version,
                   author=actor)
        for field, value in recorded.items()
    )
    log.record(actor, AuditAction.UPDATE, row, before=before, after=log.snapshot(row),
               note="report row: " + ", ".join(recorded))
    return list(recorded)


@transaction.atomic
def finalise(actor, report: Report) -> Report:
    if not permissions.can_edit_report(actor, report):
        raise PermissionDenied
    before = log.snapshot(report)
    changed = Report.objects.filter(pk=report.pk, status=ReportStatus.DRAFT).update(
        status=ReportStatus.FINAL, finalised_at=timezone.now(), finalised_by=actor, updated_at=timezone.now()
    )
    report.refresh_from_db()
    if not changed:
        raise ReportIsFinal()
    log.record(actor, AuditAction.UPDATE, report, before=before, after=log.snapshot(report), note="finalised")
    return report


@transaction.atomic
def reopen(actor, report: Report, reason: str = "") -> Report:
    if not permissions.can_reopen_report(actor, report):
        raise PermissionDenied
    before = log.snapshot(report)
    changed = Report.objects.filter(pk=report.pk, status=ReportStatus.FINAL).update(
        status=ReportStatus.DRAFT, finalised_at=None, finalised_by=None, updated_at=timezone.now()
    )
    report.refresh_from_db()
    if not changed:
        raise EditError(_("This report is already a draft."))
    log.record(actor, AuditAction.REOPEN, report, before=before, after=log.snapshot(report),
               note=("reopened: " + reason)[:500])
    return report
