"""Inside the load test's installation: N unit staff with the tasks each may report on; prints JSON."""

import json
import sys

import django


def main(count: int, password: str) -> None:
    django.setup()
    from tasks import periods, permissions
    from tasks.models import Task, TaskUnit
    from units.models import Membership, MembershipRole, Unit, User

    unit_ids = sorted(set(TaskUnit.objects.filter(unit__isnull=False).values_list("unit_id", flat=True)))
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("pk"))
    people = []
    for number in range(count):
        unit = units[number % len(units)]
        user, created = User.objects.get_or_create(username=f"load{number:03d}")
        if created:
            user.set_password(password)
            user.save()
            Membership.objects.create(user=user, unit=unit, role=MembershipRole.STAFF)
        user = User.objects.get(pk=user.pk)
        pairs = [
            [task.pk, unit.pk] for task in Task.objects.visible_to(user).order_by("pk")
            if permissions.can_write_update(user, task, unit)
        ][:15]
        people.append({"username": user.username, "pairs": pairs})
    print(json.dumps({"people": people, "period": f"{periods.month_start(periods.today()):%Y-%m}"}))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
