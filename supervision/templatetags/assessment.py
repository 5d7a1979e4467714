"""{% load assessment %}: `|points` writes a score, points or a weight as the assessment always does (100.00)."""

from django import template

from supervision.assessment import points as two_decimals

register = template.Library()


@register.filter
def points(value) -> str:
    """100 → "100.00", -0.5 → "-0.50"; anything that is not a number is shown as it is."""
    try:
        return str(two_decimals(value))
    except (TypeError, ValueError, ArithmeticError):
        return "" if value is None else str(value)
