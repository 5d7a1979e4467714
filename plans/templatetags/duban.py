from django import template

from plans.ledger import heading_number as _heading_number

register = template.Library()


@register.filter
def section_field(form, path: str):
    """The preview form's choice for the section at `path`."""
    return form[f"section_{path}"]


@register.filter
def heading_number(number: str) -> str:
    """A section number as documents print it: 一 → 一、."""
    return _heading_number(number)
