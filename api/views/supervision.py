"""The supervision workflow on a task: applying to close it (申请办结) and the office's confirmation (销号) or
rejection, reopening a completed task, and deadline extensions (延期申请) with the office's decision.

The same steps as the task page's forms (supervision/views/task_actions.py): the same access helpers, the same
permission checks in the same order, the same forms, the same services (supervision/closing.py,
supervision/extensions.py). A decision names the version it was made from (If-Match or `version`)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from safe_text.downloads import name_download
from supervision import closing, extensions
from supervision.forms import ApplyToCloseForm, DecisionForm, ExtensionRequestForm, ReasonForm
from supervision.models import CompletionRequest, DeadlineExtension, RequestState
from supervision.views.access import get_completion_request_for_user, get_extension_for_user
from tasks import periods, permissions
from tasks.attachments import check_upload
from tasks.filters import add_health
from tasks.views.access import get_task_for_user

from ..conditional import etag_for, expected_version
from ..errors import ApiError, form_errors
from ..parsers import FormParser, JSONParser, MultiPartParser
from ..renderers import FileDownloads
from ..serializers.supervision import (
    ApplyToCloseSerializer,
    ApproveSerializer,
    CompletionRequestSerializer,
    ExtensionRequestSerializer,
    ExtensionSerializer,
    RejectSerializer,
    ReopenTaskSerializer,
)
from ..serializers.tasks import TaskDetailSerializer
from ..workflow_refusals import already_waiting, workflow_refusals, wrong_state
from .tasks import TaskViewSet
from .updates import IF_MATCH, _checked

REQUEST_STATES = dict(RequestState.choices)
CLOSING_PENDING = _("An application to close this task is already waiting for the supervision office.")
EXTENSION_PENDING = _("A deadline extension for this task is already waiting for the supervision office.")
# The services' own words for a task not in a state for the step (the same message ids, kept lazy here).
TASK_COMPLETED = _("This task is already completed. Nothing to apply for.")
DEADLINE_NO_LONGER_MATTERS = _("This task is completed; its deadline no longer matters.")
NO_DEADLINE = _("This task has no deadline to extend.")
TASK_NOT_COMPLETED = _("This task is not completed, so there is nothing to reopen.")


def _valid_form(form):
    if not form.is_valid():
        raise form_errors(form)
    return form.cleaned_data


def _created(serializer_class, record, url_name: str) -> Response:
    response = Response(serializer_class(record).data, status=status.HTTP_201_CREATED,
                        headers={"ETag": etag_for(record)})
    response["Location"] = reverse(url_name, args=[record.pk])
    return response


class TaskWorkflowViewSet(viewsets.GenericViewSet):
    """The workflow's actions on a task (registered under tasks/{id}/ next to the task viewset)."""

    lookup_value_regex = "[0-9]+"
    serializer_class = CompletionRequestSerializer  # each action names its own in the schema

    @extend_schema(
        summary="Apply to close a task (申请办结)",
        description=("A member of the task's lead unit sends a closing summary and, if they like, an evidence "
                     "file (multipart/form-data; JSON without the file). The task is completed only when the "
                     "supervision office confirms. 409 `already_exists` if an application is already waiting."),
        request={"multipart/form-data": ApplyToCloseSerializer, "application/json": ApplyToCloseSerializer},
        responses={201: CompletionRequestSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def close(self, request, pk=None):
        user = request.user
        task = get_task_for_user(user, pk)
        if not permissions.my_lead_units_on(user, task):
            raise PermissionDenied
        if not permissions.can_apply_to_close(user, task):
            raise _task_in_wrong_state(TASK_COMPLETED, task)
        pending = closing.pending_request(task)
        if pending is not None:
            raise already_waiting(CLOSING_PENDING, pending)
        sent = _checked(ApplyToCloseSerializer, request.data)
        data = _valid_form(ApplyToCloseForm({"summary": sent["summary"]}, {"evidence": sent.get("evidence")}))
        with workflow_refusals(task):
            evidence = check_upload(data["evidence"]) if data["evidence"] else None
            completion = closing.apply_to_close(user, task, data["summary"], evidence)
        return _created(CompletionRequestSerializer, completion, "api:closing-request-detail")

    @extend_schema(
        summary="Reopen a completed task (supervision office)",
        description=("With a reason. The confirmation it undoes keeps its date and records the reopening. Names the "
                     "task's version (its ETag in If-Match, or `version`)."),
        request=ReopenTaskSerializer, parameters=[IF_MATCH], responses={200: TaskDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        user = request.user
        task = get_task_for_user(user, pk)
        if not permissions.can_decide_requests(user):
            raise PermissionDenied
        if not permissions.can_reopen_task(user, task):
            raise _task_in_wrong_state(TASK_NOT_COMPLETED, task)
        version, source = expected_version(request, task)
        data = _checked(ReopenTaskSerializer, request.data)
        form = _valid_form(ReasonForm({"version": version, "reason": data["reason"]}))
        with workflow_refusals(task, source):
            closing.reopen_task(user, task, expected_version=form["version"], reason=form["reason"],
                                today=periods.today())
        return _task_as_the_api_shows_it(request, task.pk)

    @extend_schema(
        summary="Request a later deadline (延期申请)",
        description=("A member of the task's lead unit asks for a new deadline, later than the present one, with a "
                     "reason. 409 `already_exists` if a request is already waiting."),
        request=ExtensionRequestSerializer, responses={201: ExtensionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="extensions", url_name="extensions")
    def request_extension(self, request, pk=None):
        user = request.user
        task = get_task_for_user(user, pk)
        if not permissions.my_lead_units_on(user, task):
            raise PermissionDenied
        if not permissions.can_request_extension(user, task):
            raise _task_in_wrong_state(DEADLINE_NO_LONGER_MATTERS if task.is_completed else NO_DEADLINE, task)
        pending = task.extensions.filter(state=RequestState.PENDING).first()
        if pending is not None:
            raise already_waiting(EXTENSION_PENDING, pending)
        data = _checked(ExtensionRequestSerializer, request.data)
        form = _valid_form(ExtensionRequestForm({"new_deadline": data["new_deadline"], "reason": data["reason"]}))
        with workflow_refusals(task):
            extension = extensions.request_extension(user, task, form["new_deadline"], form["reason"])
        return _created(ExtensionSerializer, extension, "api:extension-detail")


def _task_in_wrong_state(message, record):
    """409 with the service's words for a task that is not in a state for this step."""
    return ApiError(message, code="wrong_state", status_code=status.HTTP_409_CONFLICT,
                    extra={"current_version": record.version})


def _task_as_the_api_shows_it(request, pk: int) -> Response:
    """The task as GET /api/v1/tasks/{id}/ answers, with its new ETag."""
    task = TaskViewSet(request=request, action="retrieve", kwargs={"pk": pk}).get_queryset().get(pk=pk)
    add_health([task], request.query_params, periods.today())
    return Response(TaskDetailSerializer(task).data, headers={"ETag": etag_for(task)})


class RequestFilter(django_filters.FilterSet):
    task = django_filters.NumberFilter(field_name="task_id", help_text="Only this task's requests.")
    unit = django_filters.NumberFilter(field_name="unit_id", help_text="Only this unit's requests.")
    state = django_filters.ChoiceFilter(choices=RequestState.choices,
                                        help_text="pending: waiting for the supervision office.")


class _Decisions(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications to close and extensions: the same list, read and decide, with different services."""

    lookup_value_regex = "[0-9]+"
    filterset_class = RequestFilter
    model = None
    get_for_user = None  # supervision/views/access.py: the page's fetch

    def get_queryset(self):
        # Whoever sees the task sees its requests, as the page's fetch (get_task_for_user) decides.
        return (
            self.model.objects.filter(task__in=permissions.visible_tasks(self.request.user).values("pk"))
            .order_by("-requested_at", "-pk")
        )

    def get_object(self):
        record = type(self).get_for_user(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, record)
        return record

    def retrieve(self, request, pk=None):
        record = self.get_object()
        return Response(self.get_serializer(record).data, headers={"ETag": etag_for(record)})

    def _decided(self, record) -> Response:
        record.refresh_from_db()
        return Response(self.get_serializer(record).data, headers={"ETag": etag_for(record)})

    def _decision(self, request, serializer_class, decision: str) -> tuple:
        """The record, and the page's decision form filled from the request, after the page's checks."""
        record = self.get_object()
        if not permissions.can_decide_requests(request.user):
            raise PermissionDenied
        if record.state != RequestState.PENDING:
            raise wrong_state(record, REQUEST_STATES[record.state])
        version, source = expected_version(request, record)
        data = _checked(serializer_class, request.data)
        note = data.get("note", data.get("reason", ""))
        form = _valid_form(DecisionForm({"version": version, "decision": decision, "note": note}))
        return record, form, source


@extend_schema_view(
    list=extend_schema(summary="List applications to close", description=(
        "Applications to close tasks you may see, newest first; `?state=pending` is the supervision office's "
        "queue.")),
    retrieve=extend_schema(summary="One application to close", description="Sends an ETag carrying the version."),
)
class ClosingRequestViewSet(FileDownloads, _Decisions):
    """Applications to close a task (申请办结) and the supervision office's decisions (销号)."""

    model = CompletionRequest
    serializer_class = CompletionRequestSerializer
    get_for_user = staticmethod(get_completion_request_for_user)
    file_actions = ("evidence",)

    @extend_schema(summary="Confirm closing (销号): the task is completed", request=ApproveSerializer,
                   parameters=[IF_MATCH], responses={200: CompletionRequestSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        completion, form, source = self._decision(request, ApproveSerializer, "approve")
        with workflow_refusals(completion, source):
            closing.confirm_closing(request.user, completion, expected_version=form["version"], note=form["note"],
                                    today=periods.today())
        return self._decided(completion)

    @extend_schema(summary="Reject an application to close, with the reason", request=RejectSerializer,
                   parameters=[IF_MATCH], responses={200: CompletionRequestSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        completion, form, source = self._decision(request, RejectSerializer, "reject")
        with workflow_refusals(completion, source):
            closing.reject_closing(request.user, completion, expected_version=form["version"], reason=form["note"],
                                   today=periods.today())
        return self._decided(completion)

    @extend_schema(summary="Download the evidence file", responses={
        (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file as uploaded."),
    })
    @action(detail=True, methods=["get"])
    def evidence(self, request, pk=None):
        completion = self.get_object()
        if not completion.evidence:
            raise Http404
        response = name_download(FileResponse(completion.evidence.open("rb")), completion.evidence_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response


@extend_schema_view(
    list=extend_schema(summary="List deadline extensions", description=(
        "Extensions asked for on tasks you may see, newest first; `?state=pending` is the supervision office's "
        "queue.")),
    retrieve=extend_schema(summary="One deadline extension", description="Sends an ETag carrying the version."),
)
class ExtensionViewSet(_Decisions):
    """Deadline extensions (延期申请) and the supervision office's decisions."""

    model = DeadlineExtension
    serializer_class = ExtensionSerializer
    get_for_user = staticmethod(get_extension_for_user)

    @extend_schema(summary="Approve an extension: the task's deadline changes", request=ApproveSerializer,
                   parameters=[IF_MATCH], responses={200: ExtensionSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        extension, form, source = self._decision(request, ApproveSerializer, "approve")
        with workflow_refusals(extension, source):
            extensions.approve_extension(request.user, extension, expected_version=form["version"],
                                         note=form["note"], today=periods.today())
        return self._decided(extension)

    @extend_schema(summary="Reject an extension, with the reason", request=RejectSerializer,
                   parameters=[IF_MATCH], responses={200: ExtensionSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        extension, form, source = self._decision(request, RejectSerializer, "reject")
        with workflow_refusals(extension, source):
            extensions.reject_extension(request.user, extension, expected_version=form["version"],
                                        reason=form["note"], today=periods.today())
        return self._decided(extension)
