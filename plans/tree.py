"""The numbered tree of a plan (sections → subsections → tasks → ▲ sub-items), built from a fixed
number of queries whatever the plan's size."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from tasks.models import Task, TaskUnit

from .models import Plan, Section


@dataclass
class TaskNode:
    task: Task
    subtasks: list["TaskNode"] = field(default_factory=list)


@dataclass
class SectionNode:
    section: Section | None
    subsections: list["SectionNode"] = field(default_factory=list)
    tasks: list[TaskNode] = field(default_factory=list)

    @property
    def task_count(self) -> int:
        return len(self.tasks) + sum(child.task_count for child in self.subsections)


def plan_tasks(plan: Plan):
    """Every task of the plan with its units and targets, in document order."""
    return (
        Task.objects.filter(plan=plan)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit", "group").order_by("position")),
            "targets",
        )
    )


def build_plan_tree(plan: Plan) -> SectionNode:
    """A root node holding the plan's top sections (and any tasks outside a section)."""
    root = SectionNode(section=None)
    section_nodes: dict[int, SectionNode] = {}
    for section in plan.sections.order_by("position", "id"):
        section_nodes[section.pk] = SectionNode(section=section)
    for node in section_nodes.values():
        parent_id = node.section.parent_id
        (section_nodes[parent_id].subsections if parent_id in section_nodes else root.subsections).append(node)

    task_nodes: dict[int, TaskNode] = {}
    for task in plan_tasks(plan):
        task_nodes[task.pk] = TaskNode(task=task)
    for node in task_nodes.values():
        task = node.task
        if task.parent_id in task_nodes:
            task_nodes[task.parent_id].subtasks.append(node)
        elif task.section_id in section_nodes:
            section_nodes[task.section_id].tasks.append(node)
        else:
            root.tasks.append(node)
    return root
