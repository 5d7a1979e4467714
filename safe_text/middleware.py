"""The input rule at the door: every form field and query parameter a page, the admin or the API receives is
cleaned (`clean_text`) before any view or form sees it, so no path that takes typed text can forget it.
JSON bodies are cleaned by the API's parsers (api/parsers.py); documents by the parser's Document."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http.multipartparser import MultiPartParserError

from .cleaning import clean_query_dict

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CleanTextInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = clean_query_dict(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                request.POST = clean_query_dict(request.POST)
            except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
                pass  # config.form_limits answers a form too big; the rest are the view's to refuse as Django does
        return self.get_response(request)
