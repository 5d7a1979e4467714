"""One error body for every API failure, with the message in Chinese and in English:

    {"code": "version_conflict", "detail": "<in the request's language>",
     "messages": {"zh-hans": "...", "en": "..."}, "fields": {"percent_complete": ["..."]}, ...}

`code` is stable for programs; `detail` and `messages` are for people; `fields` comes with validation errors;
conflicts add `current_version`.
"""

import math

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class ApiError(exceptions.APIException):
    """An error whose message is kept lazy so that it can be given in every language."""

    def __init__(self, message, *, code: str, status_code: int, params: dict | None = None, extra: dict | None = None):
        self.message, self.params, self.extra = message, params or {}, extra or {}
        self.status_code = status_code
        super().__init__(detail=str(message), code=code)
        self.code = code


class PreconditionFailed(ApiError):
    def __init__(self, current_version: int):
        super().__init__(
            _("The record has changed since the version named in If-Match. Fetch it again, then repeat your change "
              "with the new ETag."),
            code="precondition_failed", status_code=status.HTTP_412_PRECONDITION_FAILED,
            extra={"current_version": current_version},
        )


class VersionConflict(ApiError):
    def __init__(self, current_version: int | None):
        super().__init__(
            _("Someone else changed this record after you read it, so your change was not saved. Fetch it again, "
              "then repeat your change with the new version."),
            code="version_conflict", status_code=status.HTTP_409_CONFLICT,
            extra={"current_version": current_version},
        )


class PreconditionRequired(ApiError):
    def __init__(self):
        super().__init__(
            _("Say which version you are changing: send the record's ETag in an If-Match header, or its "
              "\"version\" field in the body."),
            code="version_required", status_code=428,
        )


# Lazy messages for DRF's own exceptions, so that they too come in both languages.
STANDARD_MESSAGES = {
    exceptions.ValidationError: _("Some values are not valid; \"fields\" says what to change."),
    exceptions.ParseError: _("The request body could not be read. Send JSON with Content-Type: application/json."),
    exceptions.NotAuthenticated: _("Sign in, or send an API token in the header Authorization: Bearer <token>."),
    exceptions.PermissionDenied: _("You may not do this. Ask the supervision office if you think you should."),
    exceptions.NotFound: _("Not found, or not yours to see. Check the address and the id."),
    exceptions.MethodNotAllowed: _("This address does not accept that method; the API documentation lists what it "
                                   "accepts."),
    exceptions.NotAcceptable: _("This address cannot answer in the format asked for. Ask for JSON."),
    exceptions.UnsupportedMediaType: _("Send the body as JSON with Content-Type: application/json."),
    exceptions.Throttled: _("Too many requests. Wait %(wait)s seconds, then try again."),
}


def _in_every_language(message, params: dict) -> dict[str, str]:
    messages = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            text = str(message)
            messages[code] = text % params if params else text
    return messages


def _standard_message(exc):
    for cls in type(exc).__mro__:
        if cls in STANDARD_MESSAGES:
            return STANDARD_MESSAGES[cls]
    return None


def _code_of(exc) -> str:
    if isinstance(exc, ApiError):
        return exc.code
    codes = exc.get_codes()
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    return codes if isinstance(codes, str) else "error"


def form_errors(form) -> exceptions.ValidationError:
    """A page form's errors under the API's field names (the form's own: they are the same)."""
    errors = {}
    for field, messages in form.errors.items():
        errors.setdefault("non_field_errors" if field == "__all__" else field, []).extend(messages)
    return exceptions.ValidationError(errors)


def flatten_field_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested errors (a list of actuals, say) as one level, named by path: {"actuals.0.value": [...]}."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(flatten_field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(flatten_field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(item) for item in items]}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    params = {}
    if isinstance(exc, ApiError):
        message, params = exc.message, exc.params
    elif isinstance(exc, exceptions.AuthenticationFailed):
        # Our authentication class raises these with a lazy message of its own.
        message = getattr(exc, "lazy_message", None) or exc.detail
    else:
        message = _standard_message(exc) or exc.detail
        if isinstance(exc, exceptions.Throttled):
            params = {"wait": max(1, math.ceil(exc.wait or 0))}
    messages = _in_every_language(message, params)
    body = {"code": _code_of(exc), "detail": messages.get(translation.get_language(), next(iter(messages.values()))),
            "messages": messages}
    if isinstance(exc, exceptions.ValidationError):
        body["fields"] = flatten_field_errors(exc.detail)
    if isinstance(exc, ApiError):
        body.update(exc.extra)
    response.data = body
    return response
