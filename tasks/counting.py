"""What a count of tasks counts, the same way on every page, report and the API.

Every figure counts items: the numbered tasks and their ▲ sub-items alike, since each is followed up on its own
(its units, its monthly updates, its light, its row in a report, its line in the task list). Beside the count the
words say so, and how many of them are ▲ sub-items: a plan of 23 numbered tasks with 5 sub-items reads
"任务（含▲子项）28 · 其中▲子项5项" on the plan list, the dashboards and in its reports — never 23 in one place and 28
in another. The words live in templates/tasks/_item_count_words.html and the catalogue.
"""

from django.db.models import Count, Q

from .models import WorkStatus

# A ▲ sub-item is a task with a parent; in a Task queryset and, through `tasks`, in a Plan queryset.
SUB_ITEM = Q(parent__isnull=False)


def item_counts() -> dict[str, Count]:
    """Aggregates for a Task queryset: `items` (tasks and sub-items) and `sub_items`."""
    return {"items": Count("pk"), "sub_items": Count("pk", filter=SUB_ITEM)}


def plan_counts() -> dict[str, Count]:
    """Annotations for a Plan queryset: `item_count` and `sub_item_count` as above, `task_count` (the numbered
    tasks alone, what the document numbers) and `completed_count` (items completed, as the dashboards count)."""
    return {
        "item_count": Count("tasks"),
        "sub_item_count": Count("tasks", filter=Q(tasks__parent__isnull=False)),
        "task_count": Count("tasks", filter=Q(tasks__parent__isnull=True)),
        "completed_count": Count("tasks", filter=Q(tasks__work_status=WorkStatus.COMPLETED)),
    }
