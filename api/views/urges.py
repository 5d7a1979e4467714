"""Urges (催办) and each person's notifications."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from tasks import permissions
from tasks.progress import urge_unit
from tasks.views.access import get_task_for_user
from units.models import Unit

from ..filters import UrgeFilter
from ..refusals import refusals_as_errors
from ..serializers.urges import NotificationSerializer, UrgeCreateSerializer, UrgeSerializer


@extend_schema_view(
    list=extend_schema(summary="List urges", description=(
        "Urges you may read: all of them for the supervision office, leaders and administrators; those sent to "
        "your units otherwise.")),
    retrieve=extend_schema(summary="One urge"),
)
class UrgeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The supervision office presses a unit to report or act on a task; an urge stays open until the unit
    next submits an update for the task."""

    lookup_value_regex = "[0-9]+"
    serializer_class = UrgeSerializer
    filterset_class = UrgeFilter

    def get_queryset(self):
        return permissions.visible_urges(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(summary="Urge a unit on a task", request=UrgeCreateSerializer, responses={201: UrgeSerializer})
    def create(self, request):
        serializer = UrgeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        task = get_task_for_user(request.user, data["task"])
        if not permissions.can_urge(request.user, task):
            raise PermissionDenied
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            raise ValidationError({"unit": [_("There is no unit with this id.")]})
        with refusals_as_errors(None):
            urge = urge_unit(request.user, task, unit, data["message"])
        return Response(UrgeSerializer(urge).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="My notifications", description="Newest first. Reading them here does not mark "
                       "them read; POST …/read/ does."),
    retrieve=extend_schema(summary="One of my notifications"),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your in-app inbox: urges, returned, accepted and reopened updates."""

    lookup_value_regex = "[0-9]+"
    serializer_class = NotificationSerializer
    filterset_fields = {"read_at": ["isnull"]}

    def get_queryset(self):
        return permissions.own_notifications(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(summary="Mark one notification read", request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(self.get_serializer(notification).data)

    @extend_schema(summary="Mark all my notifications read", request=None,
                   responses={200: inline_serializer("MarkedRead", {"marked": serializers.IntegerField()})})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = self.get_queryset().filter(read_at__isnull=True).update(read_at=timezone.now())
        return Response({"marked": marked})
