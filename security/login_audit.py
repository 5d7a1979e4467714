"""Every login, failed login and logout goes to the login record and the audit log.

Django's auth signals are used because every way in (login page, admin, API basic auth) sends them;
unlike changes to records, a login always happens inside authentication, so nothing can skip them.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from audit import log
from audit.models import AuditAction

from .addresses import client_address
from .models import LoginOutcome
from .throttling import record_attempt


@receiver(user_logged_in, dispatch_uid="duban_login_audit")
def on_login(sender, request, user, **kwargs):
    address = client_address(request)
    with transaction.atomic():
        record_attempt(user.get_username(), address, LoginOutcome.SUCCESS)
        log.record(user, AuditAction.LOGIN, user, note=address or "")


@receiver(user_login_failed, dispatch_uid="duban_login_failed_audit")
def on_login_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    username = credentials.get("username") or credentials.get(User.USERNAME_FIELD) or ""
    address = client_address(request)
    locked = bool(getattr(request, "duban_locked_out", False))
    with transaction.atomic():
        attempt = record_attempt(username, address, LoginOutcome.LOCKED if locked else LoginOutcome.FAILURE)
        # The entry hangs on the account when there is one, so the account's history shows it;
        # a name that matches nobody hangs on the attempt itself.
        account = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).first()
        note = f"{username[:100]} from {address or 'unknown address'}" + (" (locked out)" if locked else "")
        log.record(None, AuditAction.LOGIN_FAILED, account or attempt, note=note)


@receiver(user_logged_out, dispatch_uid="duban_logout_audit")
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    log.record(user, AuditAction.LOGOUT, user, note=client_address(request) or "")
