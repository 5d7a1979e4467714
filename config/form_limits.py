"""A form over the request size limit (DATA_UPLOAD_MAX_MEMORY_SIZE) gives the person their page back with a
message saying the limit and what to do, instead of Django's bare 400.

Django refuses such a body where the form is first read, in the middleware before any view runs, so no view
can answer it in its own words. This middleware reads the form first; when it is too big, nothing of it is
used, and the page the person sent it from (or, without a referrer from this site, the same address) is shown
again with the message. The CSRF check is not needed for a request that changes nothing. API views answer
400 for themselves, as before.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from safe_text.middleware import FORM_TYPES

log = logging.getLogger(__name__)


class OversizedFormMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                request.POST  # noqa: B018  (reading it is the point)
            except RequestDataTooBig as error:
                # Later readers (other middleware, the CSRF check) find an empty form, not the same error.
                request._mark_post_parse_error()
                request.form_too_big = error
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        error = getattr(request, "form_too_big", None)
        if error is None:
            return None
        if isinstance(getattr(view_func, "cls", None), type) and issubclass(view_func.cls, APIView):
            raise error
        log.warning("A form of %s bytes to %s is over the limit", request.META.get("CONTENT_LENGTH"), request.path)
        messages.error(request, _(
            "What you sent is larger than the %(limit)s a page accepts, so nothing was saved. Upload the document "
            "as a file instead, or split the text and send it in parts."
        ) % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)})
        return HttpResponseRedirect(_the_page_it_came_from(request))


def _the_page_it_came_from(request) -> str:
    referrer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referrer, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return referrer
    return request.get_full_path()
