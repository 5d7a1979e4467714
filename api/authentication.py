"""Token authentication: `Authorization: Bearer <token>`. The token is hashed and looked up by its hash."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_token

# Recording each use would write on every request; once in a while is enough to see which tokens live.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def _failed(message) -> exceptions.AuthenticationFailed:
    error = exceptions.AuthenticationFailed(message)
    error.lazy_message = message  # kept lazy so the error body can give it in every language
    return error


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise _failed(_("Send the header as: Authorization: Bearer <token>."))
        try:
            text = header[1].decode()
        except UnicodeDecodeError:
            raise _failed(_("The token is not valid.")) from None
        token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(text)).first()
        if token is None:
            raise _failed(
                _("The token is not valid or has been revoked. Make a new one on your profile page.")
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
