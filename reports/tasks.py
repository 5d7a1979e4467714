"""Celery jobs: build a report, make an export, and the monthly/quarterly scheduled build.

Jobs take ids, claim their work with a conditional update (so a job delivered twice is harmless), and run
in-process when no broker is configured (CELERY_TASK_ALWAYS_EAGER)."""

import datetime
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from plans.models import Plan, PlanStatus
from tasks.models import Notification, NotificationKind
from tasks.periods import today as district_today
from units.models import GlobalRole, User

from . import jobs
from .building import ReportLocked, build_report, prepare_report, rebuild
from .models import JobState, Report, ReportExport
from .periods import ReportPeriod

logger = logging.getLogger(__name__)

SCHEDULED_TASK_NAME = "reports.tasks.build_scheduled_reports"
REQUEUE_TASK_NAME = "reports.tasks.requeue_stalled_jobs"


@shared_task(bind=True, name="reports.tasks.build_report_job", **jobs.time_limits())
def build_report_job(self, report_id: int, actor_id: int | None = None) -> dict:
    """Rebuild the (draft) report; its build_state tells the page how it went. The build is credited to whoever
    asked for the build this job claimed (a copy of an older message may be the one that claims it)."""
    if not jobs.claim_build(report_id, self.request.id):
        return {"report": report_id, "built": False}
    report = Report.objects.select_related("build_requested_by").get(pk=report_id)
    actor = report.build_requested_by or (User.objects.filter(pk=actor_id).first() if actor_id else None)
    try:
        with override("zh-hans"):
            result = rebuild(report, actor=actor)
    except ReportLocked as error:
        Report.objects.filter(pk=report_id).update(build_state=JobState.FAILED, build_error=str(error))
        return {"report": report_id, "built": False}
    except SoftTimeLimitExceeded:  # the build's transaction is rolled back: nothing half written
        logger.error("building report %s took too long and was stopped", report_id)
        with override("zh-hans"):
            Report.objects.filter(pk=report_id).update(build_state=JobState.FAILED, build_error=jobs.took_too_long())
        return {"report": report_id, "built": False}
    except Exception as error:
        logger.exception("building report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(build_state=JobState.FAILED, build_error=str(error)[:2000])
        raise
    return {"report": report_id, "built": True, "changes": len(result.changes)}


@shared_task(bind=True, name="reports.tasks.export_report_job", **jobs.time_limits())
def export_report_job(self, export_id: int) -> dict:
    from .exports import produce

    if not jobs.claim_export(export_id, self.request.id):
        return {"export": export_id, "state": "skipped"}
    with override("zh-hans"):
        export = produce(export_id)
    return {"export": export_id, "state": export.state if export else "skipped"}


def periods_due(day: datetime.date) -> list[ReportPeriod]:
    """The periods whose reports are built on `day`: on the 1st of a month the month before; on the 1st of a
    quarter also the quarter before; likewise the half-year and the year."""
    if day.day != 1:
        return []
    due = [ReportPeriod.previous("monthly", day)]
    if day.month in (1, 4, 7, 10):
        due.append(ReportPeriod.previous("quarterly", day))
    if day.month in (1, 7):
        due.append(ReportPeriod.previous("half_year", day))
    if day.month == 1:
        due.append(ReportPeriod.previous("annual", day))
    return due


@shared_task(name=SCHEDULED_TASK_NAME)
def build_scheduled_reports(day: str | None = None) -> dict:
    """Build, as drafts, the reports due on `day` (default today) for each active plan, and tell the
    supervisors. A report already built (draft or final) is left as it is, so running twice is harmless."""
    on = datetime.date.fromisoformat(day) if day else district_today()
    built = []
    with override("zh-hans"):
        for period in periods_due(on):
            for plan in Plan.objects.filter(status=PlanStatus.ACTIVE).order_by("pk"):
                report, created = prepare_report(period, plan)
                if not created:
                    continue
                rebuild(report, today=on, created=True)
                built.append(report.pk)
        if built:
            _notify_supervisors(built)
    return {"day": on.isoformat(), "built": built}


def _notify_supervisors(report_ids: list[int]) -> None:
    reports = list(Report.objects.filter(pk__in=report_ids).order_by("pk"))
    text = "\n".join(report.title for report in reports)
    url = reports[0].get_absolute_url() if len(reports) == 1 else reverse("reports:list")
    supervisors = User.objects.filter(global_role=GlobalRole.SUPERVISOR, is_active=True)
    with transaction.atomic():
        Notification.objects.bulk_create(
            Notification(recipient=person, kind=NotificationKind.REPORT_BUILT, text=text, url=url)
            for person in supervisors
        )


@shared_task(name=REQUEUE_TASK_NAME)
def requeue_stalled_jobs() -> dict:
    """Send again builds and exports lost on the way (reports/jobs.py); beat runs it every few minutes."""
    return jobs.requeue_stalled()


def build_now(period: ReportPeriod, plan, actor) -> Report:
    """Make (or find) the report and queue its build; the job runs after this transaction commits."""
    report, _created = prepare_report(period, plan)
    rebuild_later(report, actor)
    report.refresh_from_db()
    return report


def rebuild_later(report: Report, actor) -> bool:
    """Queue a build of the draft report, sent once this transaction commits. If the broker cannot take it
    then, the request still succeeds and requeue_stalled_jobs sends it later."""
    if not jobs.queue_build(report, actor):
        return False
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: build_report_job.delay(report.pk, actor_id), robust=True)
    return True


def export_later(report: Report, file_format: str, paper: str, actor) -> ReportExport:
    """Record the request for a file of the report and queue the job that makes it, after this transaction.

    The same file asked for again by the same person while it is still waiting or being made is that file, not
    a second one: a double click or a request sent again makes one file, and the worker makes it once."""
    with transaction.atomic():
        # Requests for one report's files wait for each other here, so that the second sees the first.
        Report.objects.select_for_update().filter(pk=report.pk).first()
        waiting = ReportExport.objects.filter(
            report=report, format=file_format, paper=paper or "a4", requested_by=actor,
            state__in=(JobState.QUEUED, JobState.RUNNING)).order_by("pk").first()
        if waiting is not None:
            return waiting
        export = ReportExport.objects.create(report=report, format=file_format, paper=paper or "a4",
                                             requested_by=actor, state_since=timezone.now())
        transaction.on_commit(lambda: export_report_job.delay(export.pk), robust=True)  # see rebuild_later
    return export


__all__ = ["build_now", "build_report", "build_report_job", "build_scheduled_reports", "export_later",
           "export_report_job", "periods_due", "rebuild_later", "requeue_stalled_jobs"]
