"""Counts on the dashboards, each a link to the task list that shows exactly those tasks."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.filter
def task_list_url(figure) -> str:
    return f"{reverse('tasks:list')}?{figure.query}"


@register.simple_tag
def count_link(figure, label: str = ""):
    """The count as a link; `label` (e.g. "红灯任务") names it for screen readers and in the link's title."""
    title = f"{label}: {figure.value}" if label else str(figure.value)
    return format_html('<a class="count" href="{}" title="{}">{}</a>', task_list_url(figure), title, figure.value)


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value:g}%"
