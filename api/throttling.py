"""Rate limits: per token for scripts, per person for the pages' own requests, per address otherwise. Counted
in the "throttle" cache (Redis when configured, so every worker process shares the count)."""

import logging

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken

logger = logging.getLogger(__name__)


class PerTokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def __init__(self):
        self.cache = caches["throttle"]
        super().__init__()

    def allow_request(self, request, view) -> bool:
        # A limit that cannot be counted (Redis away) lets the request through: the limit protects the server,
        # it must not take the API down with Redis.
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("API rate limit not counted: the throttle cache is unreachable", exc_info=True)
            return True

    def get_rate(self) -> str | None:
        # Read at request time, not import time, so a changed setting takes effect.
        return settings.DUBAN_API_RATE or None

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
