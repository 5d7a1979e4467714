"""Tasks: the task list with the task list page's filters, sorting and pages (and its Excel export), and one
task with its targets, milestones and units."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from tasks import periods, permissions
from tasks.editing import StaleTask, TargetReported, change_task
from tasks.export import task_list_workbook_response
from tasks.filters import TaskFilter, add_health, tasks_as_of
from tasks.forms import TaskForm
from tasks.models import Milestone, Target, Task
from tasks.views.access import task_units_prefetch

from ..conditional import conflict_for, etag_for, expected_version
from ..errors import PreconditionRequired
from ..filters import TaskFilterBackend
from ..renderers import XlsxRenderer
from ..serializers.tasks import TaskChangeSerializer, TaskDetailSerializer, TaskSerializer
from ..task_parts import PARTS, part_formsets
from .updates import IF_MATCH

FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["json", "xlsx"],
    description="xlsx: the filtered list as an Excel workbook, as the task list page exports it.",
)

UNIT_PARAMETERS = [
    OpenApiParameter("lead_unit", OpenApiTypes.INT, description="Tasks this unit leads (directly or through a group)."),
    OpenApiParameter("responsible_unit", OpenApiTypes.INT,
                     description="Tasks this unit is responsible for (directly or through a group)."),
]


@extend_schema_view(
    list=extend_schema(summary="List tasks", parameters=[FORMAT_PARAMETER, *UNIT_PARAMETERS], description=(
        "The tasks you may see, with the task list page's filters: plan, section, lead_unit, responsible_unit, "
        "status, health, livelihood, overdue, due_after, due_before, q and sort. A unit's staff see their "
        "units' tasks; the supervision office, leaders and administrators see all."
    )),
    retrieve=extend_schema(summary="One task", description="Sends an ETag carrying the task's version."),
    partial_update=extend_schema(
        summary="Change a task (supervision office)", request=TaskChangeSerializer,
        parameters=[IF_MATCH], responses={200: TaskDetailSerializer},
        description=("As the task editor page: text, deadline, status and flags, and the lists of units, targets "
                     "and milestones, checked by the same forms. A list sent replaces the task's list: items with "
                     "an id change that record, items without one are added, records left out are deleted."),
    ),
)
class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Numbered tasks and ▲ sub-items of the plans."""

    lookup_value_regex = "[0-9]+"
    filter_backends = [TaskFilterBackend]
    filterset_class = TaskFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        # Health (and every filter) judged on the day `as_of` names, as the task list page judges it.
        renderer = getattr(self.request, "accepted_renderer", None)
        exporting = self.action == "list" and getattr(renderer, "format", None) == XlsxRenderer.format
        tasks, _as_of = tasks_as_of(Task.objects.visible_to(self.request.user), self.request.query_params,
                                    periods.today(), every_row=exporting)
        tasks = (
            tasks.select_related("plan", "section__parent", "parent__section__parent")
            .prefetch_related(task_units_prefetch())
            .order_by("plan_id", "position", "pk")
        )
        if self.action != "list":
            tasks = tasks.prefetch_related(
                Prefetch("targets", queryset=Target.objects.order_by("position", "pk")),
                Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "position", "pk")),
                Prefetch("subtasks", queryset=Task.objects.order_by("position", "pk")),
            )
        return tasks

    def get_serializer_class(self):
        return TaskSerializer if self.action == "list" else TaskDetailSerializer

    def get_renderers(self):
        renderers = [JSONRenderer()]
        if getattr(self, "action", None) == "list":
            renderers.append(XlsxRenderer())
        return renderers

    def handle_exception(self, exc):
        # Errors are JSON even when a workbook was asked for.
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == XlsxRenderer.format:
            return task_list_workbook_response(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else add_health(page, self.request.query_params, periods.today())

    def get_object(self):
        task = super().get_object()
        add_health([task], self.request.query_params, periods.today())
        return task

    def retrieve(self, request, *args, **kwargs):
        task = self.get_object()
        return Response(self.get_serializer(task).data, headers={"ETag": etag_for(task)})

    def partial_update(self, request, *args, **kwargs):
        user = request.user
        task = self.get_object()
        if not permissions.can_edit_task(user, task):
            raise PermissionDenied
        if request.headers.get("If-Match", "").strip() == "*" and set(PARTS) & set(request.data):
            # A list replaces the task's list: made blind, it would delete what another editor just added.
            raise PreconditionRequired()
        version, source = expected_version(request, task)
        data = TaskChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = TaskForm(_form_data(task, data.validated_data, version), instance=task)
        if not form.is_valid():
            raise ValidationError(form.errors)
        parts = part_formsets(task, data.validated_data)
        try:
            change_task(user, form, *parts)
        except StaleTask:
            raise conflict_for(task, source) from None
        except TargetReported as error:
            raise ValidationError({"targets": [str(error)]}) from None
        task = self.get_queryset().get(pk=task.pk)
        add_health([task], request.query_params, periods.today())
        return Response(self.get_serializer(task).data, headers={"ETag": etag_for(task)})


def _form_data(task: Task, changes: dict, version: int) -> dict:
    """The task editor form's data: the fields sent, and the task's current values for the rest."""
    data = {"version": str(version)}
    for name in TaskForm.Meta.fields:
        value = changes[name] if name in changes else getattr(task, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    return data
