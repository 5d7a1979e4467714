"""Form widgets for pages that render long choice lists."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A single <select> written straight from its choices. Django's Select builds a dictionary and renders a
    template for every option, which for the task list's filters (a hundred units in three lists, every
    section) was most of the page's time. The markup is the same; option groups are not supported."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, attrs)
        parts = [format_html("<select name=\"{}\"{}>", name, flatatt(final_attrs))]
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            mark = " selected" if text in selected else ""
            parts.append(f"<option value=\"{escape(text)}\"{mark}>{escape(label)}</option>")
        parts.append("</select>")
        # the name, attributes, values and labels are all escaped above
        return mark_safe("".join(parts))
