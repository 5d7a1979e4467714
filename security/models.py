"""Login attempts, kept to throttle guessing (security/throttling.py) and to show who tried what."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginOutcome(models.TextChoices):
    SUCCESS = "success", _("Logged in")
    FAILURE = "failure", _("Wrong user name or password")
    LOCKED = "locked", _("Refused while locked out")


class LoginAttempt(models.Model):
    """One try at logging in, by any path (login page, admin login, API basic auth)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # Lower-cased, so that "Admin" and "admin" count against the same lockout.
    username = models.CharField(_("user name"), max_length=150, db_index=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=LoginOutcome.choices)

    class Meta:
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address or '-'}: {self.outcome}"
