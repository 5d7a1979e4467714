"""Progress updates: read, write (create, change, submit) and review (accept, return, reopen). Every write goes
through the services in tasks/progress.py; every decision about who may do what through tasks/permissions.py.

Changing an update names the version it was made from (If-Match with the ETag, or `version` in the body); a
stale version is refused with 412 (If-Match) or 409 (body), and nothing is saved."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from safe_text.downloads import name_download
from tasks import permissions
from tasks.models import Attachment, ProgressUpdate, ReviewState, TargetActual
from tasks.progress import StaleUpdate, accept_update, reopen_update, return_update, save_update, submit_update
from tasks.views.access import get_task_for_user, task_units_prefetch
from units.models import Unit

from ..conditional import etag_for, expected_version
from ..errors import ApiError
from ..filters import UpdateFilter
from ..parsers import MultiPartParser
from ..refusals import WRONG_STATE, locked, refusals_as_errors
from ..renderers import FileDownloads
from ..serializers.updates import (
    AttachmentUploadSerializer,
    DecisionSerializer,
    ProgressUpdateSerializer,
    ReopenSerializer,
    ReturnSerializer,
    UpdateChangeSerializer,
    UpdateCreateSerializer,
    VersionSerializer,
)
from ..update_input import update_input

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
    description="The ETag you read. Or send the version in the body's `version` field.",
)


def _checked(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _refused_decision(user, update):
    """Someone with a review queue asking to decide an update that is not waiting for a decision is told
    so (409); anyone else may not decide it (403). As the review page does."""
    waiting = update.review_state in (ReviewState.SUBMITTED, ReviewState.AWAITING_HEAD)
    if not waiting and permissions.may_review_anything(user):
        return ApiError(WRONG_STATE, code="wrong_state", status_code=status.HTTP_409_CONFLICT,
                        params={"state": dict(ReviewState.choices)[update.review_state]})
    return PermissionDenied()


def _already_exists(update: ProgressUpdate) -> ApiError:
    return ApiError(
        _("This unit already has an update for this task and month. Change it with PATCH, naming its version."),
        code="already_exists", status_code=status.HTTP_409_CONFLICT,
        extra={"id": update.pk, "current_version": update.version},
    )


@extend_schema_view(
    list=extend_schema(summary="List progress updates", description=(
        "Updates you may read: every submitted, returned or accepted update on a task you see, and your own "
        "units' drafts.")),
    retrieve=extend_schema(summary="One progress update", description="Sends an ETag carrying the version."),
)
class UpdateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Monthly progress updates (进展): one per task, unit and month."""

    lookup_value_regex = "[0-9]+"
    serializer_class = ProgressUpdateSerializer
    filterset_class = UpdateFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        updates = (
            permissions.visible_updates(user)
            .select_related("task__parent")
            .prefetch_related(
                task_units_prefetch("task__"), task_units_prefetch("task__parent__"), "attachments",
                Prefetch("target_actuals", queryset=TargetActual.objects.order_by("target_id")),
            )
        )
        return updates.order_by("-period", "task_id", "unit_id", "pk")

    def _respond(self, update: ProgressUpdate, status_code: int = status.HTTP_200_OK) -> Response:
        """The update as saved, read again with its target values and files."""
        update = self.get_queryset().get(pk=update.pk)
        return Response(self.get_serializer(update).data, status=status_code, headers={"ETag": etag_for(update)})

    def retrieve(self, request, *args, **kwargs):
        update = self.get_object()
        return Response(self.get_serializer(update).data, headers={"ETag": etag_for(update)})

    @extend_schema(summary="Write a new progress update", request=UpdateCreateSerializer,
                   responses={201: ProgressUpdateSerializer})
    def create(self, request):
        user = request.user
        data = _checked(UpdateCreateSerializer, request.data)
        task = get_task_for_user(user, data["task"])
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            raise ValidationError({"unit": [_("There is no unit with this id.")]})
        if not permissions.can_write_update(user, task, unit):
            raise PermissionDenied
        existing = ProgressUpdate.objects.filter(task=task, unit=unit, period=data["period"]).first()
        if existing is not None:
            raise _already_exists(existing)
        content = update_input(task, data, None, submitting=data["submit"])
        with refusals_as_errors(None):
            try:
                update = save_update(user, task, unit, data["period"], content, submit=data["submit"])
            except StaleUpdate:
                # Made by a request sent at the same moment (a retry, a double click): the same answer as above.
                existing = ProgressUpdate.objects.filter(task=task, unit=unit, period=data["period"]).first()
                if existing is None:
                    raise
                raise _already_exists(existing) from None
        response = self._respond(update, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:update-detail", args=[update.pk])
        return response

    @extend_schema(summary="Change a progress update", request=UpdateChangeSerializer, parameters=[IF_MATCH],
                   responses={200: ProgressUpdateSerializer})
    def partial_update(self, request, *args, **kwargs):
        user = request.user
        update = self.get_object()
        self._check_writable(user, update)
        version, source = expected_version(request, update)
        data = _checked(UpdateChangeSerializer, request.data)
        content = update_input(update.task, data, update, submitting=data["submit"])
        with refusals_as_errors(update, source):
            update = save_update(user, update.task, update.unit_id, update.period, content,
                                 expected_version=version, submit=data["submit"])
        return self._respond(update)

    def _check_writable(self, user, update: ProgressUpdate) -> None:
        if not permissions.can_write_update(user, update.task, update.unit_id):
            raise PermissionDenied
        if update.is_locked:
            raise locked()

    @extend_schema(summary="Attach a file", request={"multipart/form-data": AttachmentUploadSerializer},
                   parameters=[IF_MATCH], responses={200: ProgressUpdateSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        """Attach one file to the update, checked as the update page checks uploads."""
        user = request.user
        update = self.get_object()
        self._check_writable(user, update)
        version, source = expected_version(request, update)
        data = _checked(AttachmentUploadSerializer, request.data)
        content = update_input(update.task, {}, update, submitting=False, files=[data["file"]])
        with refusals_as_errors(update, source):
            update = save_update(user, update.task, update.unit_id, update.period, content, expected_version=version)
        return self._respond(update)

    @extend_schema(summary="Submit for review", request=VersionSerializer, parameters=[IF_MATCH],
                   responses={200: ProgressUpdateSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        user = request.user
        update = self.get_object()
        self._check_writable(user, update)
        version, source = expected_version(request, update)
        _checked(VersionSerializer, request.data)
        update_input(update.task, {}, update, submitting=True)  # the page's rules for a submission
        with refusals_as_errors(update, source):
            update = submit_update(user, update, expected_version=version)
        return self._respond(update)

    @extend_schema(summary="Accept a submitted update", request=DecisionSerializer, parameters=[IF_MATCH],
                   responses={200: ProgressUpdateSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        user = request.user
        update = self.get_object()
        if not permissions.can_review(user, update):
            raise _refused_decision(user, update)
        version, source = expected_version(request, update)
        data = _checked(DecisionSerializer, request.data)
        with refusals_as_errors(update, source):
            update = accept_update(user, update, expected_version=version, comment=data["comment"].strip())
        return self._respond(update)

    @extend_schema(summary="Return an update to its unit (退回)", request=ReturnSerializer, parameters=[IF_MATCH],
                   responses={200: ProgressUpdateSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_unit(self, request, pk=None):
        user = request.user
        update = self.get_object()
        if not permissions.can_review(user, update):
            raise _refused_decision(user, update)
        version, source = expected_version(request, update)
        data = _checked(ReturnSerializer, request.data)
        with refusals_as_errors(update, source):
            update = return_update(user, update, expected_version=version, comment=data["comment"])
        return self._respond(update)

    @extend_schema(summary="Reopen an accepted update", request=ReopenSerializer, parameters=[IF_MATCH],
                   responses={200: ProgressUpdateSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        user = request.user
        update = self.get_object()
        if not permissions.can_reopen(user, update):
            if permissions.scope_of(user).is_supervisor:
                raise ApiError(WRONG_STATE, code="wrong_state", status_code=status.HTTP_409_CONFLICT,
                               params={"state": dict(ReviewState.choices)[update.review_state]})
            raise PermissionDenied
        version, source = expected_version(request, update)
        data = _checked(ReopenSerializer, request.data)
        with refusals_as_errors(update, source):
            update = reopen_update(user, update, expected_version=version, reason=data["reason"])
        return self._respond(update)


@extend_schema_view(retrieve=extend_schema(summary="Download an attached file",
                                           responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}))
class AttachmentViewSet(FileDownloads, viewsets.GenericViewSet):
    """Files attached to progress updates, for those who may read the update."""

    file_actions = ("retrieve",)
    lookup_value_regex = "[0-9]+"
    queryset = Attachment.objects.select_related("update__task")

    def retrieve(self, request, pk=None):
        attachment = get_object_or_404(self.get_queryset(), pk=pk)
        if not permissions.can_view_update(request.user, attachment.update):
            raise Http404
        response = name_download(FileResponse(attachment.file.open("rb"), content_type=attachment.content_type),
                                 attachment.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response
