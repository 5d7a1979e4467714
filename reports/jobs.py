"""Report builds and exports as jobs that are never lost and never done twice.

A job first claims its record: it moves the state from queued to running and writes its own id there. The
same job delivered again — Celery hands a job back to the queue when the worker process running it dies
(`task_acks_late` with `task_reject_on_worker_lost`) — finds its id and carries on; any other copy finds the
record taken and stops. A build writes its rows in one transaction, so a build cut short leaves nothing half
done, and the retry builds the report once.

Each claim counts an attempt; a job whose worker dies every time it runs (a file too large for the worker's
memory) is given up as failed after DUBAN_JOB_MAX_ATTEMPTS, instead of being handed back for ever. A new
request for the build or the file starts the count again.

A job can still go missing on the way: Redis down when the page queued it, or a worker and its queue lost
together. `requeue_stalled` (run every few minutes by beat) sends again every job queued for longer than
DUBAN_JOB_REQUEUE_MINUTES, and puts back in the queue those running for longer than DUBAN_JOB_STALL_MINUTES.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import JobState, Report, ReportExport, ReportStatus

logger = logging.getLogger(__name__)


def queue_build(report: Report, actor=None) -> bool:
    """Mark the draft report as waiting for a build job; False when one is already waiting or running, or the
    report is final."""
    return bool(
        Report.objects.filter(pk=report.pk, status=ReportStatus.DRAFT)
        .exclude(build_state__in=(JobState.QUEUED, JobState.RUNNING))
        .update(build_state=JobState.QUEUED, build_error="", build_job="", build_state_since=timezone.now(),
                build_attempts=0, build_requested_by=actor if getattr(actor, "is_authenticated", False) else None)
    )


def _claimable(state_field: str, job_field: str, job_id: str | None) -> Q:
    mine = Q(**{state_field: JobState.RUNNING, job_field: job_id}) if job_id else Q(pk__in=[])
    return Q(**{state_field: JobState.QUEUED}) | mine


def _gave_up() -> str:
    return _(
        "This was tried %(attempts)s times and the worker stopped each time, so it was given up. The report may "
        "be too large to make in one go: try the Excel file or A4 paper, or ask the administrator to give the "
        "worker more memory."
    ) % {"attempts": settings.DUBAN_JOB_MAX_ATTEMPTS}


def time_limits() -> dict[str, int]:
    """Celery limits for a build or export job: stopped (softly, then for good) before requeue_stalled would
    take it for lost and start a copy, so that a slow job never runs twice at once."""
    stall = settings.DUBAN_JOB_STALL_MINUTES * 60
    return {"soft_time_limit": int(stall * 0.8), "time_limit": int(stall * 0.9)}


def took_too_long() -> str:
    return _(
        "This took longer than %(minutes)s minutes and was stopped. Try again when the server is less busy; if it "
        "happens again, try the Excel file or A4 paper, or ask the administrator."
    ) % {"minutes": time_limits()["soft_time_limit"] // 60}


def claim_build(report_id: int, job_id: str | None) -> bool:
    """Take the queued build for this job (or take it back, when this job was delivered again), counting the
    attempt; a build tried too often is marked failed instead."""
    claimable = Report.objects.filter(_claimable("build_state", "build_job", job_id), pk=report_id)
    if claimable.filter(build_attempts__lt=settings.DUBAN_JOB_MAX_ATTEMPTS).update(
            build_state=JobState.RUNNING, build_job=job_id or "", build_state_since=timezone.now(),
            build_attempts=F("build_attempts") + 1):
        return True
    if claimable.update(build_state=JobState.FAILED, build_error=_gave_up(), build_state_since=timezone.now()):
        logger.error("gave up building report %s after %s attempts", report_id, settings.DUBAN_JOB_MAX_ATTEMPTS)
    return False


def claim_export(export_id: int, job_id: str | None) -> bool:
    """As claim_build, for a file."""
    claimable = ReportExport.objects.filter(_claimable("state", "job", job_id), pk=export_id)
    if claimable.filter(attempts__lt=settings.DUBAN_JOB_MAX_ATTEMPTS).update(
            state=JobState.RUNNING, job=job_id or "", state_since=timezone.now(), attempts=F("attempts") + 1):
        return True
    if claimable.update(state=JobState.FAILED, error=_gave_up(), finished_at=timezone.now()):
        logger.error("gave up making export %s after %s attempts", export_id, settings.DUBAN_JOB_MAX_ATTEMPTS)
    return False


def _minutes(name: str) -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, name))


def requeue_stalled(now: datetime.datetime | None = None) -> dict:
    """Send again the builds and exports that have waited or run too long. Returns the ids sent."""
    from .tasks import build_report_job, export_report_job

    now = now or timezone.now()
    waited, ran = now - _minutes("DUBAN_JOB_REQUEUE_MINUTES"), now - _minutes("DUBAN_JOB_STALL_MINUTES")
    # Running too long (or since before these times were kept): its worker is gone without handing the job
    # back. Queued again, under no job's id.
    Report.objects.filter(Q(build_state_since__lt=ran) | Q(build_state_since__isnull=True),
                          build_state=JobState.RUNNING).update(
        build_state=JobState.QUEUED, build_job="", build_state_since=waited)
    ReportExport.objects.filter(Q(state_since__lt=ran) | Q(state_since__isnull=True), state=JobState.RUNNING).update(
        state=JobState.QUEUED, job="", state_since=waited)
    # A build still waiting when its report was made final will not run: the page should stop waiting for it.
    Report.objects.filter(status=ReportStatus.FINAL, build_state__in=(JobState.QUEUED, JobState.RUNNING)).update(
        build_state=JobState.IDLE, build_job="")

    sent: dict[str, list[int]] = {"builds": [], "exports": []}
    builds = Report.objects.filter(Q(build_state_since__lte=waited) | Q(build_state_since__isnull=True),
                                   build_state=JobState.QUEUED, status=ReportStatus.DRAFT)
    exports = ReportExport.objects.filter(
        Q(state_since__lte=waited) | Q(state_since__isnull=True, created_at__lte=waited), state=JobState.QUEUED)
    try:
        for report_id, actor_id in builds.values_list("pk", "build_requested_by_id"):
            build_report_job.delay(report_id, actor_id)
            Report.objects.filter(pk=report_id, build_state=JobState.QUEUED).update(build_state_since=now)
            sent["builds"].append(report_id)
        for export_id in exports.values_list("pk", flat=True):
            export_report_job.delay(export_id)
            ReportExport.objects.filter(pk=export_id, state=JobState.QUEUED).update(state_since=now)
            sent["exports"].append(export_id)
    except Exception:  # the broker is still away: the next run tries again
        logger.exception("could not send stalled report jobs again; will retry")
    if sent["builds"] or sent["exports"]:
        logger.warning("sent stalled report jobs again: %s", sent)
    return sent
