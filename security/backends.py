"""The authentication backend: Django's, refusing while the user name or address is locked out.

A backend rather than the login form, so the admin login and any other path that calls authenticate()
are throttled too.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .addresses import client_address
from .throttling import is_locked_out


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if is_locked_out(username, client_address(request)):
            if request is not None:
                request.duban_locked_out = True
            # PermissionDenied stops every backend and makes authenticate() report a failed login.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
