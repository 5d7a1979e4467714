"""Leader instructions (领导批示): the list with each unit's replies and whether they are overdue, recording one
(the supervision office), the assigned units' replies, and closing it as carried out.

The same steps as the pages (supervision/views/instructions.py): the same fetch, permission checks, forms and
services (supervision/instructions.py)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from supervision import instructions as service
from supervision.forms import CloseForm, InstructionForm, ReplyForm
from supervision.models import Instruction, InstructionState
from supervision.views.access import get_instruction_for_user
from tasks import periods, permissions
from tasks.views.access import get_task_for_user
from units.models import Unit

from ..conditional import etag_for, expected_version
from ..errors import form_errors
from ..serializers.supervision import (
    CloseInstructionSerializer,
    InstructionCreateSerializer,
    InstructionSerializer,
    ReplyCreateSerializer,
)
from ..workflow_refusals import workflow_refusals, wrong_state
from .updates import IF_MATCH, _checked


class InstructionFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=InstructionState.choices,
                                        help_text="open: being carried out; closed: carried out.")
    plan = django_filters.NumberFilter(field_name="plan_id", help_text="Only this plan's instructions.")
    task = django_filters.NumberFilter(field_name="task_id", help_text="Only this task's instructions.")


def _with_reply_status(ids: list[int]) -> list[Instruction]:
    """The instructions, in the order given, with their units' replies and overdue flags (the service's
    with_reply_status: three queries whatever the number)."""
    rows = {row.pk: row for row in service.with_reply_status(Instruction.objects.filter(pk__in=ids), periods.today())}
    return [rows[pk] for pk in ids]


def reply_units(user, assigned_unit_ids) -> list[Unit]:
    """Of the units a record names, those the person may reply for, as the record's page finds them; 403
    for someone who may reply for none."""
    units = list(Unit.objects.filter(pk__in=permissions.units_to_reply_for(user, assigned_unit_ids)))
    if not units:
        raise PermissionDenied
    return units


def checked_reply(request, units: list[Unit]) -> tuple[Unit, str]:
    """The unit a reply is for and its text, checked by the page's reply form. `unit` may be left out by
    someone who may reply for one unit only."""
    data = _checked(ReplyCreateSerializer, request.data)
    unit = data.get("unit") or (units[0].pk if len(units) == 1 else "")
    form = ReplyForm({"unit": unit, "text": data["text"]}, units=units)
    if not form.is_valid():
        raise form_errors(form)
    return form.units[form.cleaned_data["unit"]], form.cleaned_data["text"]


@extend_schema_view(
    list=extend_schema(summary="List leader instructions", description=(
        "Instructions you may read (on a task you see, or naming one of your units), newest first, with each "
        "unit's replies and whether its reply is overdue; `?state=open` for those still being carried out.")),
    retrieve=extend_schema(summary="One leader instruction", description="Sends an ETag carrying the version."),
)
class InstructionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Leader instructions (领导批示) on a task or a whole plan, followed until the office closes them."""

    lookup_value_regex = "[0-9]+"
    serializer_class = InstructionSerializer
    filterset_class = InstructionFilter

    def get_queryset(self):
        return permissions.visible_instructions(self.request.user).order_by("-given_on", "-pk")

    def list(self, request):
        ids = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values_list("pk", flat=True))
        return self.get_paginated_response(self.get_serializer(_with_reply_status(list(ids)), many=True).data)

    def retrieve(self, request, pk=None):
        return self._respond(get_instruction_for_user(request.user, pk))

    def _respond(self, instruction: Instruction, status_code: int = status.HTTP_200_OK) -> Response:
        row = _with_reply_status([instruction.pk])[0]
        return Response(self.get_serializer(row).data, status=status_code, headers={"ETag": etag_for(row)})

    @extend_schema(summary="Record a leader instruction (supervision office)", request=InstructionCreateSerializer,
                   responses={201: InstructionSerializer})
    def create(self, request):
        user = request.user
        if not permissions.can_record_instructions(user):
            raise PermissionDenied
        data = _checked(InstructionCreateSerializer, request.data)
        task = get_task_for_user(user, data["task"]) if data.get("task") else None
        form_data = MultiValueDict({
            "plan": [data.get("plan") or (task.plan_id if task else "")], "leader_name": [data["leader_name"]],
            "given_on": [data["given_on"]], "text": [data["text"]], "reply_deadline": [data["reply_deadline"]],
        })
        form_data.setlist("units", data["units"])
        form = InstructionForm(form_data, task=task)
        if not form.is_valid():
            raise form_errors(form)
        cleaned = form.cleaned_data
        with workflow_refusals():
            instruction = service.record_instruction(
                user,
                service.InstructionInput(leader_name=cleaned["leader_name"], given_on=cleaned["given_on"],
                                         text=cleaned["text"], reply_deadline=cleaned["reply_deadline"],
                                         units=list(cleaned["units"])),
                plan=cleaned["plan"], task=task,
            )
        response = self._respond(instruction, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:instruction-detail", args=[instruction.pk])
        return response

    @extend_schema(summary="Reply for your unit", description=(
        "A member of an assigned unit says what the unit has done. Answers with the instruction and every reply."),
        request=ReplyCreateSerializer, responses={201: InstructionSerializer})
    @action(detail=True, methods=["post"])
    def replies(self, request, pk=None):
        instruction = get_instruction_for_user(request.user, pk)
        units = reply_units(request.user, instruction.units.values_list("pk", flat=True))
        if instruction.state != InstructionState.OPEN:
            raise wrong_state(instruction, dict(InstructionState.choices)[instruction.state])
        unit, text = checked_reply(request, units)
        with workflow_refusals(instruction):
            service.reply_to_instruction(request.user, instruction, unit, text)
        return self._respond(instruction, status.HTTP_201_CREATED)

    @extend_schema(summary="Close as carried out (supervision office)", request=CloseInstructionSerializer,
                   parameters=[IF_MATCH], responses={200: InstructionSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        user = request.user
        instruction = get_instruction_for_user(user, pk)
        if not permissions.can_record_instructions(user):
            raise PermissionDenied
        if instruction.state != InstructionState.OPEN:
            raise wrong_state(instruction, dict(InstructionState.choices)[instruction.state])
        version, source = expected_version(request, instruction)
        data = _checked(CloseInstructionSerializer, request.data)
        form = CloseForm({"version": version, "note": data["note"]})
        if not form.is_valid():
            raise form_errors(form)
        with workflow_refusals(instruction, source):
            service.close_instruction(user, instruction, expected_version=form.cleaned_data["version"],
                                      note=form.cleaned_data["note"], today=periods.today())
        return self._respond(instruction)
