"""Plan documents (计划/方案) and their sections (一、 / (一))."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .parsing.encodings import encoding_name


class PlanKind(models.TextChoices):
    TASK_BREAKDOWN = "task_breakdown", _("Annual key-work task breakdown")
    ACTION_PLAN = "action_plan", _("Multi-year action plan")
    TARGET_ARRANGEMENT = "target_arrangement", _("Target arrangement")
    OTHER = "other", _("Other")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Plan(models.Model):
    """An issued document whose tasks the district tracks."""

    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=200, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=PlanKind.choices, default=PlanKind.TASK_BREAKDOWN)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    source_text = models.TextField(_("source text"), blank=True)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    source_hash = models.CharField(_("source fingerprint"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @property
    def audit_plan_id(self) -> int:
        return self.pk

    @property
    def period_label(self) -> str:
        if not self.period_start:
            return ""
        start, end = self.period_start.year, (self.period_end or self.period_start).year
        return str(start) if start == end else f"{start}–{end}"


class Section(models.Model):
    """A heading of the plan: 一、 at the top, (一) nested under it. Untracked sections are context
    (指导思想, 保障措施) kept with the plan but not followed up."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent section"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="subsections",
    )
    number = models.CharField(_("number as written"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    position = models.PositiveIntegerField(_("order"), default=0)
    is_tracked = models.BooleanField(_("tracked"), default=True)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def audit_plan_id(self) -> int:
        return self.plan_id


class ImportDraft(models.Model):
    """A parsed document waiting for a person to check the preview and confirm the import.

    The parsed tree is kept as the parser's JSON so that the preview and the confirmation read exactly
    what was shown, without parsing again.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    source_text = models.TextField(_("source text"))
    source_hash = models.CharField(_("source fingerprint"), max_length=64)
    # The encoding a text file was read in, shown in the preview; empty for Word, Excel and pasted text.
    source_encoding = models.CharField(_("source encoding"), max_length=20, blank=True, default="")
    parsed = models.JSONField(_("parsed document"))
    plan = models.ForeignKey(
        Plan, verbose_name=_("imported plan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import draft")
        verbose_name_plural = _("import drafts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.parsed.get("plan", {}).get("title") or self.source_name or str(self.pk)

    @property
    def source_encoding_name(self) -> str:
        return encoding_name(self.source_encoding) if self.source_encoding else ""
