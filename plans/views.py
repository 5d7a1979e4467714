from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from tasks.models import WorkStatus

from .models import Plan
from .tree import build_plan_tree


def plan_list(request):
    plans = Plan.objects.annotate(
        task_count=Count("tasks", filter=Q(tasks__parent__isnull=True)),
        completed_count=Count(
            "tasks", filter=Q(tasks__parent__isnull=True, tasks__work_status=WorkStatus.COMPLETED)
        ),
    )
    return render(request, "plans/plan_list.html", {"plans": plans})


def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    return render(request, "plans/plan_detail.html", {"plan": plan, "tree": build_plan_tree(plan)})
