"""Demo activity on top of the demo plan's monthly updates (plans/demo.py): an urge, a returned update and
a draft, with their notifications and audit entries, so that My work shows every kind of item."""

import datetime

from django.utils import timezone

from audit import log
from audit.models import AuditAction

from .models import Notification, NotificationKind, ProgressUpdate, ReviewState, Task, Urge
from .periods import month_start, previous_period
from .permissions import unit_members


def add_demo_activity(plan, today: datetime.date) -> None:
    supervisor = _supervisor()
    this_month, last_month = month_start(today), previous_period(month_start(today))
    late = Task.objects.filter(plan=plan, number="13").first()
    if late is not None:
        lead = late.task_units.filter(role="lead", unit__isnull=False).select_related("unit").first()
        if lead is not None:
            urge = Urge.objects.create(task=late, unit=lead.unit, urged_by=supervisor,
                                       message="滨江路整治工程已超期，请于本周内报送进展和整改措施。")
            log.record(supervisor, AuditAction.URGE, urge, after=log.snapshot(urge), note=urge.message)
            _notify(lead.unit_id, NotificationKind.URGED, late, urge.message)
    returned = (
        ProgressUpdate.objects.filter(task__plan=plan, period=last_month, unit__name="区发展和改革委员会")
        .exclude(task__number="1").order_by("task__position").first()
    )
    if returned is not None:
        before = log.snapshot(returned)
        ProgressUpdate.objects.filter(pk=returned.pk).update(
            review_state=ReviewState.RETURNED, reviewer=supervisor, review_comment="请补充具体数据和完成比例。",
            reviewed_at=timezone.now(),
        )
        returned.refresh_from_db()
        log.record(supervisor, AuditAction.RETURN, returned, before=before, after=log.snapshot(returned),
                   note=returned.review_comment)
        _notify(returned.unit_id, NotificationKind.RETURNED, returned.task, returned.review_comment)
    draft_task = Task.objects.filter(plan=plan, number="10").first()
    if draft_task is not None:
        unit = returned.unit if returned is not None else None
        if unit is not None and not ProgressUpdate.objects.filter(task=draft_task, unit=unit,
                                                                  period=this_month).exists():
            draft = ProgressUpdate.objects.create(
                task=draft_task, unit=unit, period=this_month, percent_complete=60,
                narrative="本月已梳理拖欠账款清单，正在逐笔核对。",
            )
            log.record(None, AuditAction.CREATE, draft, note="demo data")


def _supervisor():
    from units.models import User

    return User.objects.filter(global_role="supervisor").first()


def _notify(unit_id: int, kind: str, task: Task, text: str) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, task=task, text=text, url=task.get_absolute_url())
        for user in unit_members(unit_id)
    )
