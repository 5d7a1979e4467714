"""Leader instructions: recorded by the office, replied to by the units named, closed when carried out;
overdue replies show in red on the list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditAction, AuditEntry
from supervision import instructions
from supervision.instructions import InstructionInput
from supervision.models import Instruction, InstructionState
from supervision.workflow import WorkflowError
from tests.progress.conftest import TODAY, fresh

pytestmark = pytest.mark.django_db

D = datetime.date


def record(world, units=None, reply_deadline=None, task="task", given_on=None):
    data = InstructionInput(leader_name="张区长", given_on=given_on or D(2026, 11, 20),
                            text="请加快推进老旧小区改造。", reply_deadline=reply_deadline or D(2026, 11, 30),
                            units=units or [world.lead, world.resp])
    return instructions.record_instruction(fresh(world["supervisor"]), data, plan=world.plan,
                                           task=getattr(world, task) if task else None)


def test_office_records_units_reply_office_closes(world):
    instruction = record(world)
    instructions.reply_to_instruction(fresh(world["lead_staff"]), instruction, world.lead, "已召开专题会部署。")
    instruction.refresh_from_db()
    instructions.close_instruction(fresh(world["supervisor"]), instruction, expected_version=instruction.version,
                                   note="已落实。", today=TODAY)
    instruction.refresh_from_db()
    assert instruction.state == InstructionState.CLOSED and instruction.closed_on == TODAY
    logged = AuditEntry.objects.filter(task=world.task).values_list("content_type__model", "action")
    assert set(logged) >= {("instruction", AuditAction.CREATE), ("instructionreply", AuditAction.CREATE),
                           ("instruction", AuditAction.ACCEPT)}
    with pytest.raises(WorkflowError, match="closed"):
        instructions.reply_to_instruction(fresh(world["resp_staff"]), instruction, world.resp, "补充。")
    with pytest.raises(WorkflowError, match="already closed"):
        instructions.close_instruction(fresh(world["supervisor"]), instruction, expected_version=instruction.version)


@pytest.mark.parametrize("role", ["lead_staff", "leader", "administrator"])
def test_only_the_office_records_and_closes(world, role):
    with pytest.raises(PermissionDenied):
        instructions.record_instruction(fresh(world[role]), InstructionInput(
            "张区长", TODAY, "批示", TODAY, [world.lead]), plan=world.plan, task=world.task)
    instruction = record(world)
    with pytest.raises(PermissionDenied):
        instructions.close_instruction(fresh(world[role]), instruction, expected_version=instruction.version)


@pytest.mark.parametrize("role", ["street_staff", "other_staff", "leader", "supervisor"])
def test_only_the_units_named_reply(world, role):
    instruction = record(world)
    with pytest.raises(PermissionDenied):
        instructions.reply_to_instruction(fresh(world[role]), instruction, world.lead, "回复")


def test_bad_input_is_refused(world):
    supervisor = fresh(world["supervisor"])
    with pytest.raises(WorkflowError, match="unit"):
        instructions.record_instruction(supervisor, InstructionInput("张区长", TODAY, "批示", TODAY, []),
                                        plan=world.plan)
    with pytest.raises(WorkflowError, match="before"):
        instructions.record_instruction(supervisor, InstructionInput(
            "张区长", TODAY, "批示", TODAY - datetime.timedelta(days=1), [world.lead]), plan=world.plan)
    assert not Instruction.objects.exists()


def test_list_shows_overdue_replies_in_red(client, world):
    late = record(world, reply_deadline=D(2026, 11, 20))
    on_time = record(world, reply_deadline=D(2026, 11, 30))
    answered = record(world, units=[world.lead], reply_deadline=D(2026, 11, 20))
    instructions.reply_to_instruction(fresh(world["lead_staff"]), answered, world.lead, "已办。")
    client.force_login(world["supervisor"])
    page = client.get(reverse("supervision:instructions")).content.decode()
    assert f'<tr id="instruction-{late.pk}" class="overdue">' in page
    assert f'<tr id="instruction-{on_time.pk}">' in page and f'<tr id="instruction-{answered.pk}">' in page


def test_a_plan_instruction_is_seen_by_the_units_named_only(client, world):
    instruction = record(world, units=[world.other], task=None)
    client.force_login(world["other_staff"])
    assert client.get(reverse("supervision:instruction", args=[instruction.pk])).status_code == 200
    client.force_login(world["street_staff"])
    assert client.get(reverse("supervision:instruction", args=[instruction.pk])).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_takes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, count):
    for day in range(1, count + 1):
        instruction = record(world, given_on=D(2026, 11, day))  # on different days: the same one twice is one
        instructions.reply_to_instruction(fresh(world["lead_staff"]), instruction, world.lead, "已办。")
    client.force_login(world["supervisor"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("supervision:instructions"))
    assert response.content.decode().count('id="instruction-') == count


def test_the_list_shows_instructions_being_carried_out_before_those_carried_out(client, world):
    """Not alphabetically by state ("closed" < "open"): what the office still follows comes first."""
    done = record(world, reply_deadline=D(2026, 11, 21))
    Instruction.objects.filter(pk=done.pk).update(state=InstructionState.CLOSED)
    still_open = record(world, reply_deadline=D(2026, 11, 30))
    client.force_login(world["supervisor"])
    page = client.get(reverse("supervision:instructions")).content.decode()
    assert page.index(f'id="instruction-{still_open.pk}"') < page.index(f'id="instruction-{done.pk}"')
