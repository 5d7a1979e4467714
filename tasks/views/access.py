"""Fetching the object a page is about, for the person asking: 404 for what they may not see (its
existence is not revealed), 403 (PermissionDenied) for what they see but may not do."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from tasks import permissions
from tasks.health import annotate_latest
from tasks.models import ProgressUpdate, Task, TaskUnit


def task_units_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}task_units", queryset=TaskUnit.objects.select_related("unit", "group").order_by("role", "position")
    )


def get_task_for_user(user, pk: int, *, with_latest: bool = False) -> Task:
    """The task with its place in the plan and its units, if the person may see it; `with_latest` adds its
    latest reported update's figures (health.annotate_latest)."""
    queryset = (
        Task.objects.visible_to(user)
        .select_related("plan", "section__parent", "parent__section__parent")
        .prefetch_related(task_units_prefetch(), task_units_prefetch("parent__"))
    )
    if with_latest:
        queryset = annotate_latest(queryset)
    return get_object_or_404(queryset, pk=pk)


def get_update_for_user(user, pk: int) -> ProgressUpdate:
    """The update, if the person may read it (its task visible; a draft only to its own unit)."""
    update = get_object_or_404(
        ProgressUpdate.objects.select_related(
            "unit", "author", "task__plan", "task__section__parent", "task__parent__section__parent"
        ).prefetch_related(task_units_prefetch("task__"), task_units_prefetch("task__parent__")),
        pk=pk,
    )
    if not permissions.can_view_update(user, update):
        raise Http404
    return update
