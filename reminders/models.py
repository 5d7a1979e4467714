"""What reminders were sent to whom, so that none is sent twice, and where each unit's group robot lives."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app notification")
    EMAIL = "email", _("Email")
    WEBHOOK = "webhook", _("Group robot")


class Rule(models.TextChoices):
    REPORTING_DUE = "reporting_due", _("Monthly update due soon")
    REPORTING_LATE = "reporting_late", _("Monthly update late")
    DEADLINE_DUE = "deadline_due", _("Deadline approaching")
    OVERDUE = "overdue", _("Overdue")
    URGE = "urge", _("Urged")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be tried again")
    GAVE_UP = "gave_up", _("Failed, given up")


class DeliveryQuerySet(models.QuerySet):
    def claimable(self, now, claim_timeout) -> "DeliveryQuerySet":
        """Deliveries a sender may take now: waiting ones, ones whose sender died mid-send (claimed longer
        ago than the timeout and never marked), and failed ones whose retry time has come."""
        return self.filter(
            Q(state=DeliveryState.PENDING)
            | Q(state=DeliveryState.SENDING, claimed_at__lt=now - claim_timeout)
            | Q(state=DeliveryState.FAILED, next_attempt_at__lte=now)
        )


class Delivery(models.Model):
    """One reminder to one person (or one unit's group robot) on one channel.

    `key` says what, whom, which deadline or period and which channel; it is unique, so a second sweep,
    a retry or a second worker cannot record the same reminder again. Sending claims the row with a
    conditional UPDATE (pending → sending, with a fresh `claim_token`), sends, then marks it sent: of two
    workers only the one whose UPDATE changed the row sends it. A claim never marked within the claim
    timeout (the worker died) becomes claimable again.
    """

    key = models.CharField(_("reminder key"), max_length=200)
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="reminder_deliveries",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="reminder_deliveries",
    )
    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    # What to say, rendered when the reminder was recorded: {"headline", "lines", "url"}.
    message = models.JSONField(_("message"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    claim_token = models.CharField(_("claim"), max_length=32, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="one_delivery_per_reminder_key"),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | Q(unit__isnull=False), name="delivery_goes_to_someone"
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"]), models.Index(fields=["claim_token"])]

    def __str__(self) -> str:
        return self.key


class WebhookPlatform(models.TextChoices):
    DINGTALK = "dingtalk", _("DingTalk group robot")
    WECOM = "wecom", _("WeCom group robot")


class UnitWebhook(models.Model):
    """A unit's group robot (群机器人): reminders for the unit are also posted to its group chat."""

    unit = models.OneToOneField(
        "units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="webhook"
    )
    platform = models.CharField(
        _("platform"), max_length=10, choices=WebhookPlatform.choices, default=WebhookPlatform.DINGTALK
    )
    url = models.URLField(_("webhook address"), max_length=500)
    # DingTalk robots with "加签" security sign each call with this; WeCom robots carry their key in the URL.
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    # The URL carries the robot's access token (DingTalk) or key (WeCom): neither goes into the audit log.
    audit_secret_fields = ("url", "secret")

    class Meta:
        verbose_name = _("unit group robot")
        verbose_name_plural = _("unit group robots")

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_platform_display()})"
