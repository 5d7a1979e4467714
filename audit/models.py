"""The audit log: who changed what, when, with the values before and after."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    IMPORT = "import", _("Imported")
    SUBMIT = "submit", _("Submitted")
    ACCEPT = "accept", _("Accepted")
    RETURN = "return", _("Returned")
    REOPEN = "reopen", _("Reopened")
    URGE = "urge", _("Urged")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOGOUT = "logout", _("Logged out")


class AuditEntry(models.Model):
    """One change to one record. `task` and `plan` are kept so a timeline is one indexed query."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record id"))
    object_repr = models.CharField(_("record"), max_length=200)
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["task", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.object_repr}"
