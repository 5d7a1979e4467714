from django import template

register = template.Library()


@register.filter
def section_field(form, path: str):
    """The preview form's choice for the section at `path`."""
    return form[f"section_{path}"]
