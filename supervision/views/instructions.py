"""Leader instructions: the list, recording one, its page with the units' replies, closing it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks import periods, permissions
from tasks.views.access import get_task_for_user
from units.models import Unit

from .. import instructions as service
from ..forms import CloseForm, InstructionForm, ReplyForm
from ..models import InstructionState
from ..workflow import WorkflowError, in_state_order
from .access import get_instruction_for_user


def instruction_list(request):
    state = request.GET.get("state", "")
    queryset = permissions.visible_instructions(request.user)
    if state in InstructionState.values:
        queryset = queryset.filter(state=state)
    rows = service.with_reply_status(
        in_state_order(queryset, InstructionState, "reply_deadline", "-id")[:200], periods.today())
    return render(request, "supervision/instruction_list.html", {
        "instructions": rows, "state": state, "states": InstructionState.choices,
        "may_record": permissions.can_record_instructions(request.user),
    })


def instruction_new(request):
    if not permissions.can_record_instructions(request.user):
        raise PermissionDenied
    task_id = request.GET.get("task") or request.POST.get("task")
    task = get_task_for_user(request.user, int(task_id)) if task_id and task_id.isdigit() else None
    form = InstructionForm(request.POST or None, task=task,
                           initial={"given_on": periods.today(), "plan": task.plan_id if task else None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            instruction = service.record_instruction(
                request.user,
                service.InstructionInput(leader_name=data["leader_name"], given_on=data["given_on"],
                                         text=data["text"], reply_deadline=data["reply_deadline"],
                                         units=list(data["units"])),
                plan=data["plan"], task=task,
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The instruction was recorded and the units can reply."))
            return redirect("supervision:instruction", instruction.pk)
    return render(request, "supervision/instruction_form.html", {"form": form, "task": task})


def instruction_detail(request, pk: int):
    instruction = get_instruction_for_user(request.user, pk)
    reply_units = Unit.objects.filter(pk__in=permissions.units_to_reply_for(
        request.user, instruction.units.values_list("pk", flat=True)))
    if request.method == "POST":
        form = ReplyForm(request.POST, units=reply_units)
        if not reply_units:
            raise PermissionDenied
        if form.is_valid():
            try:
                service.reply_to_instruction(request.user, instruction, form.units[form.cleaned_data["unit"]],
                                             form.cleaned_data["text"])
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your reply was recorded."))
                return redirect("supervision:instruction", pk)
    else:
        form = ReplyForm(units=reply_units)
    row = service.with_reply_status(type(instruction).objects.filter(pk=pk), periods.today())[0]
    return render(request, "supervision/instruction_detail.html", {
        "instruction": row,
        "reply_form": form if reply_units and instruction.state == InstructionState.OPEN else None,
        "close_form": CloseForm(initial={"version": instruction.version})
        if permissions.can_record_instructions(request.user) and instruction.state == InstructionState.OPEN else None,
    })


@require_POST
def instruction_close(request, pk: int):
    instruction = get_instruction_for_user(request.user, pk)
    if not permissions.can_record_instructions(request.user):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            service.close_instruction(request.user, instruction, expected_version=form.cleaned_data["version"],
                                      note=form.cleaned_data["note"], today=periods.today())
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The instruction was closed as carried out."))
    return redirect("supervision:instruction", pk)
