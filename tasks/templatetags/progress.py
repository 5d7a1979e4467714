"""Small helpers for the progress pages' templates."""

from django import template

from tasks.health import Health

register = template.Library()
HEALTH_LABELS = dict(Health.choices)


@register.filter
def health_label(value: str) -> str:
    return str(HEALTH_LABELS.get(value, value or ""))


@register.inclusion_tag("tasks/_health.html")
def health_badge(value: str):
    return {"health": value, "label": health_label(value)}


@register.filter
def month(value) -> str:
    return f"{value:%Y-%m}" if value else ""


@register.simple_tag
def update_url(task, unit, period) -> str:
    from django.urls import reverse

    return reverse("tasks:update", args=[task.pk, getattr(unit, "pk", unit), f"{period:%Y-%m}"])


class _Everything:
    def __contains__(self, item) -> bool:
        return True


@register.simple_tag(takes_context=True)
def visible_task_ids(context, tree):
    """Ids of the tasks in a plan tree (plans/tree.py) the person may open, which the tree links. Read
    from the tree's prefetched units: no query beyond the person's scope."""
    from tasks import permissions

    user = context["request"].user
    if permissions.scope_of(user).reads_everything:
        return _Everything()
    visible = set()

    def visit(node, parent=None):
        if parent is not None:
            node.task.parent = parent  # the tree's own copy, with its units prefetched
        if permissions.can_view_task(user, node.task):
            visible.add(node.task.pk)
        for child in node.subtasks:
            visit(child, node.task)

    def walk(section_node):
        for node in section_node.tasks:
            visit(node)
        for child in section_node.subsections:
            walk(child)

    walk(tree)
    return visible
