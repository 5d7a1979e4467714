"""Leader instructions (领导批示): the office records who said what and when, on a task or a whole plan,
assigns units and a reply deadline; the units reply; the office closes the instruction when it has been
carried out. A unit that has not replied by the deadline is overdue."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from audit import log
from audit.models import AuditAction
from plans.models import Plan
from tasks import permissions
from tasks.models import NotificationKind

from .models import Instruction, InstructionReply, InstructionState
from .workflow import (
    ALREADY_REPLIED,
    AlreadyDone,
    NotNow,
    Words,
    WorkflowError,
    move,
    notify_units,
    required_text,
    same_record,
)


@dataclass
class InstructionInput:
    leader_name: str
    given_on: datetime.date
    text: str
    reply_deadline: datetime.date
    units: list  # Unit objects


def _snapshot(instruction: Instruction) -> dict:
    values = log.snapshot(instruction)
    values["units"] = sorted(instruction.units.values_list("pk", flat=True))
    return values


@transaction.atomic
def record_instruction(actor, data: InstructionInput, *, plan, task=None) -> Instruction:
    if not permissions.can_record_instructions(actor):
        raise PermissionDenied
    if task is not None and task.plan_id != plan.pk:
        raise WorkflowError(gettext_lazy("The task belongs to another plan."))
    leader_name = required_text(data.leader_name, gettext_lazy("Write which leader gave the instruction."))
    text = required_text(data.text, gettext_lazy("Write the leader's words."))
    if not data.units:
        raise WorkflowError(gettext_lazy("Choose at least one unit to carry out the instruction."))
    if data.reply_deadline < data.given_on:
        raise WorkflowError(gettext_lazy("The reply deadline cannot be before the day the instruction was given."))
    # Instructions of one plan wait for each other here, so that of two sent at the same moment the second sees the
    # first: the same instruction recorded twice over (every field alike) is one instruction.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    same = same_record(Instruction.objects.filter(
        plan=plan, task=task, leader_name=leader_name, given_on=data.given_on, text=text,
        reply_deadline=data.reply_deadline, state=InstructionState.OPEN), data.units)
    if same is not None:
        raise AlreadyDone(Words(gettext_lazy("This instruction of %(leader)s was already recorded and is still "
                                             "open. Open it to follow the units' replies."), leader=leader_name), same)
    instruction = Instruction.objects.create(
        plan=plan, task=task, leader_name=leader_name, given_on=data.given_on, text=text,
        reply_deadline=data.reply_deadline, recorded_by=actor,
    )
    instruction.units.set(data.units)
    log.record(actor, AuditAction.CREATE, instruction, after=_snapshot(instruction), note=text)
    notify_units([unit.pk for unit in data.units], NotificationKind.INSTRUCTION, task, text,
                 reverse("supervision:instruction", args=[instruction.pk]))
    return instruction


@transaction.atomic
def reply_to_instruction(actor, instruction: Instruction, unit, text: str) -> InstructionReply:
    assigned = set(instruction.units.values_list("pk", flat=True))
    if unit.pk not in permissions.units_to_reply_for(actor, assigned):
        raise PermissionDenied
    # Replies to one instruction wait for each other here: of two sent at the same moment the second sees the first.
    instruction = Instruction.objects.select_for_update().get(pk=instruction.pk)
    if instruction.state != InstructionState.OPEN:
        raise NotNow(gettext_lazy("This instruction has been closed; replies are no longer taken."))
    text = required_text(text, gettext_lazy("Write what your unit has done about the instruction."))
    latest = instruction.replies.filter(unit=unit).order_by("-replied_at", "-pk").first()
    if latest is not None and latest.text == text:
        raise AlreadyDone(ALREADY_REPLIED, latest)
    reply = InstructionReply.objects.create(instruction=instruction, unit=unit, author=actor, text=text)
    log.record(actor, AuditAction.CREATE, reply, note=text)
    return reply


@transaction.atomic
def close_instruction(actor, instruction: Instruction, *, expected_version: int | None, note: str = "",
                      today: datetime.date | None = None) -> Instruction:
    """The office closes the instruction as carried out (办结)."""
    if not permissions.can_record_instructions(actor):
        raise PermissionDenied
    before = log.snapshot(instruction)
    instruction = move(instruction, expected_version, (InstructionState.OPEN,),
                       gettext_lazy("This instruction is already closed."),
                       state=InstructionState.CLOSED, closed_on=today or timezone.localdate(),
                       closing_note=(note or "").strip())
    log.record(actor, AuditAction.ACCEPT, instruction, before=before, after=log.snapshot(instruction),
               note=note or "")
    return instruction


def with_reply_status(instructions: QuerySet, today: datetime.date) -> list[Instruction]:
    """The instructions with, on each, `unit_rows`: (unit, replies, overdue) per assigned unit, and
    `overdue`: whether any unit's reply is overdue. Three queries, whatever the number of instructions."""
    rows = list(instructions.select_related("task", "plan").prefetch_related(
        "units", Prefetch("replies", queryset=InstructionReply.objects.select_related("unit", "author"))
    ))
    for instruction in rows:
        replies = list(instruction.replies.all())
        instruction.unit_rows = []
        for unit in instruction.units.all():
            unit_replies = [r for r in replies if r.unit_id == unit.pk]
            late = (instruction.state == InstructionState.OPEN and not unit_replies
                    and instruction.reply_deadline < today)
            instruction.unit_rows.append((unit, unit_replies, late))
        instruction.overdue = any(late for _unit, _replies, late in instruction.unit_rows)
    return rows
