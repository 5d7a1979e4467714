"""The in-app inbox: urges, returned and accepted updates. Opening the page marks what it shows as read."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from tasks.models import Notification


def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user).select_related("task")
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    unread_ids = [n.pk for n in page if n.read_at is None]
    response = render(request, "tasks/notifications.html", {"page": page, "unread_ids": set(unread_ids)})
    if unread_ids:
        Notification.objects.filter(pk__in=unread_ids, read_at__isnull=True).update(read_at=timezone.now())
    return response
