"""The supervision workflow's records: applications to close a task (办结/销号), deadline extensions
(延期申请), leader instructions (领导批示) and supervision notices (督办单) with the units' replies, and the
annual assessment's scoring schemes (考核) and supervisor adjustments.

Every record carries `version` (a stale form is refused) and `audit_task_id`, so its audit entries
appear on its task's timeline. `timeline_label` names each audit entry the way the office speaks of it."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the supervision office")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def evidence_path(instance: "CompletionRequest", filename: str) -> str:
    return f"evidence/{instance.task_id}/{filename}"


class CompletionRequest(models.Model):
    """A lead unit's application to close a task (申请办结). The task is completed only when the
    supervision office confirms it (销号); `reopened_at` records a later reopening, so what was
    completed when can always be read back."""

    task = models.ForeignKey("tasks.Task", verbose_name=_("task"), on_delete=models.CASCADE,
                             related_name="completion_requests")
    unit = models.ForeignKey("units.Unit", verbose_name=_("applying unit"), on_delete=models.PROTECT,
                             related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applied by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    summary = models.TextField(_("closing summary"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=300, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=RequestState.choices, default=RequestState.PENDING)
    requested_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("application to close")
        verbose_name_plural = _("applications to close")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task"], condition=Q(state="pending"),
                                    name="one_pending_completion_request_per_task"),
        ]

    def __str__(self) -> str:
        return str(self.task)

    @property
    def audit_task_id(self) -> int:
        return self.task_id

    @staticmethod
    def timeline_label(action: str) -> str | None:
        return {
            AuditAction.SUBMIT: _("Applied to close the task"),
            AuditAction.ACCEPT: _("Closing confirmed (task completed)"),
            AuditAction.RETURN: _("Application to close rejected"),
            AuditAction.REOPEN: _("Completed task reopened"),
        }.get(action)


class DeadlineExtension(models.Model):
    """A lead unit's request for a new deadline (延期申请). On approval the task's deadline changes;
    `previous_deadline` keeps the one it replaced and `overdue_days` whether the task was already
    overdue then, so neither is lost."""

    task = models.ForeignKey("tasks.Task", verbose_name=_("task"), on_delete=models.CASCADE,
                             related_name="extensions")
    unit = models.ForeignKey("units.Unit", verbose_name=_("requesting unit"), on_delete=models.PROTECT,
                             related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    previous_deadline = models.DateField(_("deadline before"))
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=12, choices=RequestState.choices, default=RequestState.PENDING)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    overdue_days = models.PositiveIntegerField(_("days overdue when approved"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task"], condition=Q(state="pending"),
                                    name="one_pending_extension_per_task"),
            models.CheckConstraint(condition=Q(requested_deadline__gt=models.F("previous_deadline")),
                                   name="extension_moves_deadline_later"),
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.previous_deadline:%Y-%m-%d} → {self.requested_deadline:%Y-%m-%d}"

    @property
    def audit_task_id(self) -> int:
        return self.task_id

    @property
    def days_extended(self) -> int:
        return (self.requested_deadline - self.previous_deadline).days

    @staticmethod
    def timeline_label(action: str) -> str | None:
        return {
            AuditAction.SUBMIT: _("Requested a deadline extension"),
            AuditAction.ACCEPT: _("Deadline extension approved"),
            AuditAction.RETURN: _("Deadline extension rejected"),
        }.get(action)


class InstructionState(models.TextChoices):
    OPEN = "open", _("Being carried out")
    CLOSED = "closed", _("Carried out")


class Instruction(models.Model):
    """A leader's instruction (领导批示) on a task or a plan, followed until the office closes it."""

    task = models.ForeignKey("tasks.Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="instructions")
    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="instructions")
    leader_name = models.CharField(_("leader"), max_length=100)
    given_on = models.DateField(_("given on"))
    text = models.TextField(_("instruction"))
    units = models.ManyToManyField("units.Unit", verbose_name=_("assigned units"), related_name="instructions")
    reply_deadline = models.DateField(_("reply due"))
    state = models.CharField(_("state"), max_length=12, choices=InstructionState.choices,
                             default=InstructionState.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("leader instruction")
        verbose_name_plural = _("leader instructions")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.leader_name} {self.given_on:%Y-%m-%d}"

    @property
    def audit_task_id(self) -> int | None:
        return self.task_id

    @property
    def audit_plan_id(self) -> int:
        return self.plan_id

    @staticmethod
    def timeline_label(action: str) -> str | None:
        return {
            AuditAction.CREATE: _("Leader instruction recorded"),
            AuditAction.ACCEPT: _("Leader instruction carried out"),
        }.get(action)


class UnitReply(models.Model):
    """What a unit answers to something the supervision office or a leader sent it."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("reply"))
    replied_at = models.DateTimeField(_("replied"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["replied_at", "id"]


class InstructionReply(UnitReply):
    """A unit's reply on what it did about an instruction."""

    instruction = models.ForeignKey(Instruction, verbose_name=_("instruction"), on_delete=models.CASCADE,
                                    related_name="replies")

    class Meta(UnitReply.Meta):
        verbose_name = _("reply to an instruction")
        verbose_name_plural = _("replies to instructions")

    def __str__(self) -> str:
        return f"{self.unit}"

    @property
    def audit_task_id(self) -> int | None:
        return self.instruction.task_id

    @staticmethod
    def timeline_label(action: str) -> str | None:
        return {AuditAction.CREATE: _("Replied to a leader instruction")}.get(action)


class NoticeLevel(models.TextChoices):
    YELLOW = "yellow", _("Yellow notice")
    RED = "red", _("Red notice")


class NoticeState(models.TextChoices):
    ISSUED = "issued", _("Waiting for replies")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class Notice(models.Model):
    """A formal supervision notice (督办单) to a task's units, closed when their reply is accepted."""

    task = models.ForeignKey("tasks.Task", verbose_name=_("task"), on_delete=models.CASCADE, related_name="notices")
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    level = models.CharField(_("level"), max_length=10, choices=NoticeLevel.choices)
    problem = models.TextField(_("problem"))
    required_action = models.TextField(_("required action"))
    reply_deadline = models.DateField(_("reply due"))
    units = models.ManyToManyField("units.Unit", verbose_name=_("units"), related_name="notices")
    state = models.CharField(_("state"), max_length=12, choices=NoticeState.choices, default=NoticeState.ISSUED)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_on = models.DateField(_("issued on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # After the office returns the replies, only replies made since count towards "every unit replied".
    returned_at = models.DateTimeField(_("replies returned"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        ordering = ["-issued_on", "-serial"]
        constraints = [models.UniqueConstraint(fields=["year", "serial"], name="one_notice_number_per_year")]

    def __str__(self) -> str:
        return f"{self.year}-{self.serial:03d}"

    @property
    def audit_task_id(self) -> int:
        return self.task_id

    @staticmethod
    def timeline_label(action: str) -> str | None:
        return {
            AuditAction.CREATE: _("Supervision notice issued"),
            AuditAction.ACCEPT: _("Reply accepted, notice closed"),
            AuditAction.RETURN: _("Reply to the notice returned"),
        }.get(action)


class NoticeReply(UnitReply):
    """A unit's reply to a supervision notice."""

    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="replies")

    class Meta(UnitReply.Meta):
        verbose_name = _("reply to a notice")
        verbose_name_plural = _("replies to notices")

    def __str__(self) -> str:
        return f"{self.notice} {self.unit}"

    @property
    def audit_task_id(self) -> int:
        return self.notice.task_id

    @staticmethod
    def timeline_label(action: str) -> str | None:
        return {AuditAction.CREATE: _("Replied to a supervision notice")}.get(action)


def _points(name: str, default: str) -> models.DecimalField:
    return models.DecimalField(name, max_digits=6, decimal_places=2, default=Decimal(default),
                               validators=[MinValueValidator(0)])


class ScoringScheme(models.Model):
    """How units are scored for one plan year (考核). Points are given per record; each line is weighted
    by the unit's role on the task (lead or responsible)."""

    year = models.PositiveSmallIntegerField(_("plan year"), unique=True)
    base_score = _points(_("base score"), "100")
    completed_on_time = _points(_("points per task completed on time"), "2")
    late_report = _points(_("deduction per late monthly update"), "0.5")
    missing_report = _points(_("deduction per missing monthly update"), "1")
    overdue_task = _points(_("deduction per overdue task"), "2")
    extension = _points(_("deduction per approved extension"), "0.5")
    returned_update = _points(_("deduction per returned update"), "0.5")
    unanswered_notice = _points(_("deduction per unanswered notice"), "1")
    lead_weight = models.DecimalField(_("weight as lead unit"), max_digits=4, decimal_places=2,
                                      validators=[MinValueValidator(0)])
    responsible_weight = models.DecimalField(_("weight as responsible unit"), max_digits=4, decimal_places=2,
                                             validators=[MinValueValidator(0)])
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @classmethod
    def for_year(cls, year: int) -> "ScoringScheme":
        """The year's scheme; a year nobody configured uses the defaults (not saved)."""
        scheme = cls.objects.filter(year=year).first()
        if scheme is None:
            scheme = cls(year=year, lead_weight=Decimal(str(settings.DUBAN_ASSESSMENT_LEAD_WEIGHT)),
                         responsible_weight=Decimal(str(settings.DUBAN_ASSESSMENT_RESPONSIBLE_WEIGHT)))
        return scheme

    @property
    def year_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def year_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


class ScoreAdjustment(models.Model):
    """A supervisor's adjustment to a unit's score for a year, with the reason (shown in the breakdown)."""

    year = models.PositiveSmallIntegerField(_("plan year"))
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="score_adjustments")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("reason"))
    made_on = models.DateField(_("made on"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("made by"), null=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")
        ordering = ["year", "made_on", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.points:+}"
