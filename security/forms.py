from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LoginForm(AuthenticationForm):
    """Django's login form, saying plainly when the account or address is locked out."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "duban_locked_out", False):
                minutes = settings.DUBAN_LOGIN_LOCKOUT_MINUTES
                raise ValidationError(
                    _("Too many failed logins. Wait %(minutes)d minutes and try again, or ask the supervision "
                      "office to check your account.") % {"minutes": minutes},
                    code="locked_out",
                ) from None
            raise

    @property
    def locked_out(self) -> bool:
        return self.has_error("__all__", "locked_out")
