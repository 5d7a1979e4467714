"""Middleware of the operations app: the health endpoint and the request id."""

import re
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import JsonResponse

from . import health
from .logging import request_id_var

HEALTH_PATH = "/healthz"
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class HealthCheckMiddleware:
    """Answers /healthz before the host check, the HTTPS redirect and the login requirement: container
    health checks call it on 127.0.0.1 over plain HTTP and have no account. It shows no data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.rstrip("/") != HEALTH_PATH:
            return self.get_response(request)
        healthy, details = health.report()
        response = JsonResponse(details, status=200 if healthy else 503)
        response["Cache-Control"] = "no-store"
        return response


class RequestIdMiddleware:
    """Gives each request an id, put on every log line written while serving it and returned in the
    X-Request-ID header, so a person's error report can be matched to the log. An id set by the proxy
    is kept when it looks like one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Cleared on request_finished, not here: Django logs 4xx/5xx responses after the middleware returns.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


@receiver(request_finished, dispatch_uid="duban_clear_request_id")
def _clear_request_id(**kwargs):
    request_id_var.set("-")
