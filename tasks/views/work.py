"""Home and My work (工作台)."""

from django.shortcuts import redirect, render

from tasks import periods, permissions
from tasks.work import build_work

SHOW = ("due", "overdue", "due_soon")


def home(request):
    """Unit users start at My work; the supervision office, leaders and administrators at the task list."""
    if permissions.is_unit_user(request.user):
        return redirect("tasks:my_work")
    return redirect("tasks:list")


def my_work(request):
    """The person's unit tasks; `?show=due|overdue|due_soon` narrows the table to what a count counts."""
    if not permissions.units_of(request.user):
        return redirect("tasks:list")  # nothing to report: the task list is their overview
    page = build_work(request.user, periods.today())
    show = request.GET.get("show") if request.GET.get("show") in SHOW else ""
    plans = page.plans
    if show:
        plans = [(plan, kept) for plan, rows in plans if (kept := [row for row in rows if getattr(row, show)])]
    return render(request, "tasks/my_work.html", {"work": page, "counts": page.counts, "plans": plans, "show": show})
