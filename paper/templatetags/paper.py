"""{% load paper %}: the printed documents' dates and signature in templates, from the same functions the Word
and Excel writers call."""

import datetime

from django import template
from django.utils import timezone

from paper import dates, issuer

register = template.Library()


@register.filter
def chinese_date(day) -> str:
    """{{ notice.reply_deadline|chinese_date }} → 2026年11月30日; a moment is taken in local time."""
    if isinstance(day, datetime.datetime) and timezone.is_aware(day):
        day = timezone.localtime(day)
    return dates.chinese_date(day)


@register.simple_tag
def issuing_office() -> str:
    """{% issuing_office %}: the office that signs the document (DUBAN_ISSUING_OFFICE / DUBAN_DISTRICT_NAME)."""
    return issuer.issuing_office()
