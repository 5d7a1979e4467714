"""The task list: filters, sorting, pages, and the same list as an Excel file."""

from django.core.paginator import Paginator
from django.shortcuts import render

from tasks import periods
from tasks.export import task_list_workbook_response
from tasks.filters import TaskFilter, add_health, tasks_as_of
from tasks.models import Task

from .access import task_units_prefetch

PAGE_SIZE = 50


def filtered_tasks(request, *, every_row: bool = False):
    tasks, as_of = tasks_as_of(Task.objects.visible_to(request.user), request.GET, periods.today(),
                               every_row=every_row)
    tasks = (
        tasks.select_related("plan", "section__parent", "parent__section__parent")
        .prefetch_related(task_units_prefetch())
        .order_by("plan_id", "position", "pk")
    )
    return TaskFilter(request.GET or None, queryset=tasks, request=request, today=as_of)


def task_list(request):
    exporting = request.GET.get("format") == "xlsx"
    task_filter = filtered_tasks(request, every_row=exporting)
    # A filter that cannot be read (a day outside the calendar, an unknown unit) is refused with the form
    # showing why, rather than quietly listing or exporting every task.
    refused = task_filter.is_bound and not task_filter.is_valid()
    tasks = task_filter.qs
    if exporting and not refused:
        return task_list_workbook_response(tasks)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = add_health(page.object_list, request.GET, periods.today())
    query = request.GET.copy()
    query.pop("page", None)
    export_query = query.copy()
    export_query["format"] = "xlsx"
    query.pop("format", None)
    return render(request, "tasks/task_list.html", {
        "filter": task_filter,
        "page": page,
        "query": query.urlencode(),
        "export_query": export_query.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort", "format")),
    }, status=400 if refused else 200)
