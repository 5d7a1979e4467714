"""Content-Security-Policy on every response.

Django 5.2 has none built in; the policy is one header, so a few lines of ours beat a dependency. The
default allows scripts, styles, images and fonts only from our own origin: no inline script, no inline
style attribute, no other site. A view that needs another policy sets the header itself.
"""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.DUBAN_CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
