"""Which units a unit group includes: its listed members, or every unit of the group's kinds (各街道 names
every street). Groups whose members depend on the task (属地街道, 各相关单位) include no unit here.

Used by permissions (whose tasks a person sees), the task list's unit filter, the by-unit figures and the
units that owe a task's updates (tasks/sub_item_units.py)."""

from django.db.models import FilteredRelation, Q

from .models import GroupMembership, UnitGroup


def groups_including(unit_kinds: dict[int, str]) -> dict[int, set[int]]:
    """For units given as {unit id: kind}: group id → those of the units the group includes (listed
    members, or units of the group's kinds). One query."""
    found: dict[int, set[int]] = {}
    rows = (
        UnitGroup.objects.annotate(listed=FilteredRelation("members", condition=Q(members__in=list(unit_kinds))))
        .filter(Q(membership=GroupMembership.BY_KIND) | Q(membership=GroupMembership.EXPLICIT, listed__isnull=False))
        .values_list("id", "membership", "member_kinds", "listed")
    )
    for group_id, membership, member_kinds, listed_unit_id in rows:
        if membership == GroupMembership.EXPLICIT:
            members = {listed_unit_id}
        else:
            members = {unit_id for unit_id, kind in unit_kinds.items() if kind in (member_kinds or [])}
        if members:
            found.setdefault(group_id, set()).update(members)
    return found
