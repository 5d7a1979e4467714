"""A ▲ sub-item inherits its task's lead units: the one rule behind who may write a sub-item's update, whose
update is the consolidated one, which tasks a unit leads, whose update speaks for a task in health's ranking,
and the lead units a report prints.

The rule: a task's units are the units and unit groups its TaskUnit rows name. A ▲ sub-item (a task with a
parent) names its own; when none of them leads, its task's lead units (and lead groups) lead it too. It never
inherits its task's responsible units: those are the ones a sub-item usually names for itself.

The forms, side by side: `effective_task_units` and `lead_unit_ids` (Python, over prefetched rows),
`naming_units` (a Q over Task rows: the task names one of the units or groups), `leads_update` (a Q over
ProgressUpdate rows: the update's unit leads its task), `leads_update_sql` / `NAMED_SQL` (raw SQL) and
`named_unit_roles` (Python, NAMED_SQL's answer for many tasks at once, groups resolved to their units).
tests/hardening/test_sub_item_units_rule.py feeds the same cases to every form.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from units.groups import groups_including
from units.models import Unit

from .models import Task, TaskUnit, UnitRole


def effective_task_units(task: Task) -> list[TaskUnit]:
    """The units a task names, plus its task's lead units for a ▲ sub-item that has none of its own.
    Uses prefetched task_units (and parent__task_units) when present."""
    rows = list(task.task_units.all())
    if task.parent_id and not any(tu.role == UnitRole.LEAD for tu in rows):
        rows += [tu for tu in task.parent.task_units.all() if tu.role == UnitRole.LEAD]
    return rows


def lead_unit_ids(task: Task) -> set[int]:
    """Units (not groups) that lead the task: their update is the consolidated one."""
    return {tu.unit_id for tu in effective_task_units(task) if tu.role == UnitRole.LEAD and tu.unit_id}


def named_unit_roles(tasks: Iterable[Task]) -> dict[int, dict[int, str]]:
    """Task id → {unit id: role} for every unit that owes the task's updates: the units it names, the members
    of the unit groups it names (as reports/figures/units.py's NAMED_SQL resolves them), and for a ▲ sub-item
    without a lead of its own its task's lead units and lead groups. A unit named in both roles leads.
    Reads each task's pk and parent_id; at most three queries."""
    parent_of = {task.pk: task.parent_id for task in tasks}
    named = defaultdict(list)
    for task_id, unit_id, group_id, role in TaskUnit.objects.filter(
            task_id__in={*parent_of, *filter(None, parent_of.values())}).values_list(
            "task_id", "unit_id", "group_id", "role"):
        named[task_id].append((unit_id, group_id, role))
    members = {}
    if any(group_id for rows in named.values() for _unit, group_id, _role in rows):
        members = groups_including(dict(Unit.objects.values_list("pk", "kind")))
    found = {}
    for task_id, parent_id in parent_of.items():
        rows = named[task_id]
        if parent_id and not any(role == UnitRole.LEAD for _unit, _group, role in rows):
            rows = rows + [row for row in named[parent_id] if row[2] == UnitRole.LEAD]
        roles: dict[int, str] = {}
        for unit_id, group_id, role in rows:
            for unit in [unit_id] if unit_id else sorted(members.get(group_id, ())):
                if roles.get(unit) != UnitRole.LEAD:
                    roles[unit] = role
        found[task_id] = roles
    return found


def naming_units(unit_ids, group_ids=(), role: str | None = None) -> Q:
    """Over Task rows: a TaskUnit names one of the units or groups (in `role`, if given), a sub-item's
    inherited lead units included."""
    unit_ids, group_ids = list(unit_ids), list(group_ids)

    def names(task_ref: str, role: str | None) -> Exists:
        rows = TaskUnit.objects.filter(task=OuterRef(task_ref))
        rows = rows.filter(Q(unit_id__in=unit_ids) | Q(group_id__in=group_ids))
        return Exists(rows.filter(role=role) if role else rows)

    condition = Q(names("pk", role))
    if role in (None, UnitRole.LEAD):
        inherits_lead = Q(parent__isnull=False) & ~Exists(TaskUnit.objects.filter(task=OuterRef("pk"),
                                                                                  role=UnitRole.LEAD))
        condition |= inherits_lead & names("parent_id", UnitRole.LEAD)
    return condition


def leads_update(prefix: str = "") -> Q:
    """Over ProgressUpdate rows (or rows reaching one through `prefix`, e.g. "update__"): the update's unit
    leads its task (is_consolidated, in SQL)."""
    leads = TaskUnit.objects.filter(role=UnitRole.LEAD)
    task, unit = OuterRef(f"{prefix}task_id"), OuterRef(f"{prefix}unit_id")
    return Exists(leads.filter(task=task, unit=unit)) | (
        Q(**{f"{prefix}task__parent__isnull": False})
        & ~Exists(leads.filter(task=task))
        & Exists(leads.filter(task=OuterRef(f"{prefix}task__parent_id"), unit=unit))
    )


def leads_update_sql(update: str = "u") -> tuple[str, list]:
    """leads_update as a boolean SQL expression over the `tasks_progressupdate` row aliased `update`."""
    sql = f"""(EXISTS (SELECT 1 FROM tasks_taskunit lu WHERE lu.task_id = {update}.task_id
                    AND lu.unit_id = {update}.unit_id AND lu.role = %s)
     OR EXISTS (SELECT 1 FROM tasks_task st
                JOIN tasks_taskunit plu ON plu.task_id = st.parent_id AND plu.role = %s
                WHERE st.id = {update}.task_id AND plu.unit_id = {update}.unit_id
                  AND NOT EXISTS (SELECT 1 FROM tasks_taskunit own WHERE own.task_id = st.id AND own.role = %s)))"""
    return sql, [UnitRole.LEAD.value] * 3


# `named(task_id, unit_id, role)`: every unit a task in `scope(id)` names, through `resolved(task_id, unit_id,
# role)` (its TaskUnit rows with groups resolved to units), a sub-item's inherited lead units included.
# Parameters: LEAD, LEAD.
NAMED_SQL = """named(task_id, unit_id, role) AS (
    SELECT r.task_id, r.unit_id, r.role FROM resolved r JOIN scope s ON s.id = r.task_id
    UNION ALL
    SELECT t.id, r.unit_id, r.role FROM tasks_task t
    JOIN scope s ON s.id = t.id
    JOIN resolved r ON r.task_id = t.parent_id AND r.role = %s
    WHERE NOT EXISTS (SELECT 1 FROM tasks_taskunit own WHERE own.task_id = t.id AND own.role = %s)
)"""
NAMED_PARAMS = [UnitRole.LEAD.value, UnitRole.LEAD.value]
