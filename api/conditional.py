"""The conflict rule over HTTP: each versioned record has an ETag; a change must name the version it was
made from (If-Match, or a `version` field), and is refused if the record has moved on."""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from .errors import PreconditionFailed, PreconditionRequired, VersionConflict

_ETAG = re.compile(r'^(?:W/)?"?([a-z]+)-(\d+)-v(\d+)"?$')


def etag_for(obj) -> str:
    return f'"{obj._meta.model_name}-{obj.pk}-v{obj.version}"'


def expected_version(request, obj) -> tuple[int, str]:
    """The version the client says it is changing, and where it said so ("if-match" or "body").

    A stale If-Match is refused here with 412; a stale body version is left to the service (whose
    conditional update is what really decides) and reported as 409 by conflict_for().
    """
    header = request.headers.get("If-Match", "").strip()
    if header:
        if header == "*":
            return obj.version, "if-match"
        for candidate in (part.strip() for part in header.split(",")):
            match = _ETAG.match(candidate)
            if match and match[1] == obj._meta.model_name and int(match[2]) == obj.pk:
                if int(match[3]) == obj.version:
                    return obj.version, "if-match"
        raise PreconditionFailed(obj.version)
    version = request.data.get("version") if hasattr(request.data, "get") else None
    if version is None or version == "":
        raise PreconditionRequired()
    try:
        return int(version), "body"
    except (TypeError, ValueError):
        raise ValidationError(
            {"version": [_("A version is a whole number, as the record's \"version\" shows.")]}
        ) from None


def conflict_for(obj, source: str):
    """The error to raise when the service found the record changed meanwhile."""
    obj.refresh_from_db()
    return PreconditionFailed(obj.version) if source == "if-match" else VersionConflict(obj.version)
