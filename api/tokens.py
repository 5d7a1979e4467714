"""Making and revoking API tokens, each written to the audit log in the same transaction."""

from django.db import transaction
from django.utils import timezone

from audit import log
from audit.models import AuditAction

from .models import ApiToken, hash_token, new_token_text

MAX_ACTIVE_TOKENS = 20


class TooManyTokens(Exception):
    pass


@transaction.atomic
def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the record and the token text, which is not kept anywhere."""
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise TooManyTokens
    text = new_token_text()
    token = ApiToken.objects.create(user=user, name=name.strip(), hint=text[:8], key_hash=hash_token(text))
    log.record(user, AuditAction.CREATE, token, after={"name": token.name, "hint": token.hint})
    return token, text


@transaction.atomic
def revoke_token(user, token: ApiToken) -> bool:
    """Revoke one of the person's tokens; False if it was already revoked."""
    if not ApiToken.objects.filter(pk=token.pk, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        return False
    log.record(user, AuditAction.DELETE, token, before={"name": token.name, "hint": token.hint})
    return True
