"""Progress reports (月报, 季报): a snapshot of the records as of a period's end, edited by the supervision
office field by field, finalised, and exported to Excel, PDF and Word."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .periods import ReportPeriod


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEAR = "half_year", _("Half-year")
    ANNUAL = "annual", _("Annual")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class JobState(models.TextChoices):
    IDLE = "idle", _("Idle")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """One report for a kind, period and scope (one plan, or all active plans when `plan` is empty).

    Everything it shows is copied in when it is built (`figures` and its rows), so later changes to tasks
    never change it; rebuilding a draft refreshes the copy and keeps the office's edits."""

    kind = models.CharField(_("kind"), max_length=12, choices=ReportKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), null=True, blank=True, on_delete=models.CASCADE, related_name="reports",
        help_text=_("Empty: all active plans."),
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    summary_edited = models.BooleanField(_("summary edited"), default=False)
    summary_version = models.PositiveIntegerField(_("summary version"), default=1)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    changes = models.JSONField(_("changes at the last rebuild"), default=list, blank=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("built by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    build_state = models.CharField(_("build"), max_length=10, choices=JobState.choices, default=JobState.IDLE)
    build_error = models.TextField(_("build error"), blank=True)
    # Which job holds the build, since when, and for whom: a job delivered again after its worker died carries
    # the same id and may carry on; one queued or running for too long is sent again (reports/jobs.py).
    build_job = models.CharField(_("build job"), max_length=64, blank=True)
    build_state_since = models.DateTimeField(_("build state since"), null=True, blank=True)
    build_attempts = models.PositiveSmallIntegerField(_("build attempts"), default=0)
    build_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("build requested by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("finalised by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period_end", "kind", "plan_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_start", "plan"], condition=Q(plan__isnull=False),
                                    name="one_report_per_kind_period_plan"),
            models.UniqueConstraint(fields=["kind", "period_start"], condition=Q(plan__isnull=True),
                                    name="one_all_plans_report_per_kind_period"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def period(self) -> ReportPeriod:
        return ReportPeriod(self.kind, self.period_start)

    @property
    def is_final(self) -> bool:
        return self.status == ReportStatus.FINAL

    @property
    def audit_plan_id(self) -> int | None:
        return self.plan_id

    @property
    def as_of_day(self) -> datetime.date:
        return datetime.date.fromisoformat(self.figures["as_of"]) if self.figures.get("as_of") else self.period_end


class ReportRow(models.Model):
    """One task as the report shows it. The `source_*` fields are what the records said when built; the
    office's own text (`progress`, `remark`, `hidden`) is kept across rebuilds."""

    EDITABLE_FIELDS = ("progress", "remark", "hidden")

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="rows")
    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The task's id when built: rebuilding matches rows by it, even after the task has gone.
    task_key = models.PositiveIntegerField(_("task id"))
    position = models.PositiveIntegerField(_("order"), default=0)
    section = models.CharField(_("section"), max_length=500, blank=True)
    number = models.CharField(_("number"), max_length=60, blank=True)
    text = models.TextField(_("work task"))
    lead_units = models.TextField(_("lead units"), blank=True)
    responsible_units = models.TextField(_("responsible units"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(_("deadline as written"), max_length=100, blank=True)
    work_status = models.CharField(_("work status"), max_length=20, blank=True)
    health = models.CharField(_("health"), max_length=10, blank=True)
    is_overdue = models.BooleanField(_("overdue"), default=False)
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True)
    source_progress = models.TextField(_("progress as reported"), blank=True)
    source_problems = models.TextField(_("problems as reported"), blank=True)
    progress = models.TextField(_("progress"), blank=True)
    progress_edited = models.BooleanField(_("progress edited"), default=False)
    remark = models.TextField(_("remark"), blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("report row")
        verbose_name_plural = _("report rows")
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "task_key"], name="one_report_row_per_task")]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:40]}".strip()

    @property
    def audit_task_id(self) -> int | None:
        return self.task_id

    @property
    def audit_plan_id(self) -> int | None:
        return self.report.plan_id

    @property
    def shown_progress(self) -> str:
        return self.progress if self.progress_edited else self.source_progress

    @property
    def status_text(self) -> str:
        """"In progress (Red)": the work status, and the health unless the task is completed."""
        from tasks.health import Health
        from tasks.models import WorkStatus

        status = dict(WorkStatus.choices).get(self.work_status, self.work_status)
        if not self.health or self.health == Health.GREY:
            return str(status)
        return _("%(status)s (%(health)s)") % {"status": status, "health": Health(self.health).label}


class ReportEdit(models.Model):
    """One saved edit of one field (the summary, or a row's progress, remark or hidden flag): who, when,
    the value, and the version it made. Rebuilds never remove these."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="edits")
    row = models.ForeignKey(
        ReportRow, verbose_name=_("row"), null=True, blank=True, on_delete=models.SET_NULL, related_name="edits"
    )
    task_key = models.PositiveIntegerField(_("task id"), null=True, blank=True)
    field = models.CharField(_("field"), max_length=20)
    value = models.TextField(_("value"), blank=True)
    version = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("report edit")
        verbose_name_plural = _("report edits")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.field} v{self.version}"


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel")
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word")


class ReportExport(models.Model):
    """A file made from a report by a job; downloaded when ready."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(_("format"), max_length=5, choices=ExportFormat.choices)
    paper = models.CharField(_("paper"), max_length=12, blank=True, help_text=_("PDF only: a4 or a3-landscape."))
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    job = models.CharField(_("job"), max_length=64, blank=True)
    state_since = models.DateTimeField(_("state since"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_format_display()})"

    @property
    def audit_plan_id(self) -> int | None:
        return self.report.plan_id

    @property
    def is_ready(self) -> bool:
        return self.state == JobState.DONE and bool(self.file)
