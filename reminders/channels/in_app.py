"""In-app: a notification in the person's inbox (tasks.Notification), with the unread count in the header."""

from django.urls import reverse

from tasks.models import Notification, NotificationKind


def notification_for(group) -> Notification:
    """One notification for a group of deliveries to one person."""
    first = group[0]
    single_task = len({row.task_id for row in group}) == 1 and first.task_id
    text = "\n\n".join("\n".join([row.message["headline"], *row.message["lines"]]) for row in group)
    url = first.message.get("url") if len(group) == 1 else reverse("tasks:notifications")
    return Notification(recipient_id=first.recipient_id, kind=NotificationKind.REMINDER, task_id=single_task or None,
                        text=text, url=url or "")


def send_many(groups) -> None:
    """Called inside the transaction that marks the groups sent."""
    Notification.objects.bulk_create([notification_for(group) for group in groups], batch_size=500)
