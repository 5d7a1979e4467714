"""What every page's header needs: the unread notification count and which links to show.
Lazy, so a page that does not show them costs no queries."""

from django.utils.functional import SimpleLazyObject

from . import permissions
from .models import Notification


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        ),
        "nav_is_unit_user": SimpleLazyObject(lambda: permissions.is_unit_user(user)),
        "nav_may_review": SimpleLazyObject(lambda: permissions.may_review_anything(user)),
        "nav_may_decide_requests": SimpleLazyObject(lambda: permissions.can_decide_requests(user)),
        "nav_dashboards": SimpleLazyObject(lambda: permissions.can_view_dashboards(user)),
    }
