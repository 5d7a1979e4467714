"""Who is reminded of what, and when: the reporting window, deadlines, overdue notices and urges, at the
edges of each rule (jobs run in-process, email to the locmem outbox)."""

import datetime

import pytest
from django.core import mail

from plans.models import PlanStatus
from reminders.models import Delivery, Rule
from reminders.sweep import run_sweep
from tasks.models import Milestone, Notification, NotificationKind, ReviewState, Task, TaskUnit, UnitRole, WorkStatus

from .conftest import DUE_NOVEMBER, report

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def reminded(user) -> list[str]:
    """The reminder texts in the person's inbox."""
    return [n.text for n in Notification.objects.filter(recipient=user, kind=NotificationKind.REMINDER)]


def mailed(user) -> list:
    return [m for m in mail.outbox if user.email in m.to]


def rules_for(user) -> set[str]:
    return set(Delivery.objects.filter(recipient=user).values_list("rule", flat=True))


# --------------------------------------------------------------------------------- reporting window


@pytest.mark.parametrize("before", [5, 1])
def test_staff_of_units_missing_their_update_are_reminded_before_the_reporting_day(district, before):
    run_sweep(DUE_NOVEMBER - days(before))
    for name in ("lead_staff", "lead_head", "resp_staff", "resp_head"):
        texts = reminded(district[name])
        assert len(texts) == 1 and "2026-11" in texts[0] and str(district.task) in texts[0]
        assert len(mailed(district[name])) == 1


def test_no_reporting_reminder_on_other_days(district):
    for day in (DUE_NOVEMBER - days(4), DUE_NOVEMBER - days(2), DUE_NOVEMBER):
        run_sweep(day)
    assert not Delivery.objects.exists() and not mail.outbox


def test_a_unit_that_submitted_is_not_reminded_but_a_draft_still_is(district):
    report(district.task, district.lead)
    report(district.task, district.resp, state=ReviewState.DRAFT)
    run_sweep(DUE_NOVEMBER - days(5))
    assert reminded(district["lead_staff"]) == []
    assert len(reminded(district["resp_staff"])) == 1


def test_the_late_notice_goes_to_the_unit_head_and_the_supervisors_the_day_after(district):
    report(district.task, district.lead)
    run_sweep(DUE_NOVEMBER + days(1))
    assert reminded(district["resp_staff"]) == []
    assert reminded(district["lead_head"]) == []
    assert len(reminded(district["resp_head"])) == 1
    assert Rule.REPORTING_LATE in rules_for(district["supervisor"])
    assert any(district.resp.name in text for text in reminded(district["supervisor"]))


def test_plans_that_are_not_active_send_nothing(district):
    district.plan.status = PlanStatus.CLOSED
    district.plan.save()
    run_sweep(DUE_NOVEMBER - days(5))
    assert not Delivery.objects.exists()


def test_at_a_month_end_the_reporting_day_is_the_last_day_and_the_late_notice_falls_next_month(district, settings):
    settings.DUBAN_REPORTING_DAY = 31
    february = datetime.date(2026, 2, 1)
    run_sweep(datetime.date(2026, 2, 23))  # 5 days before the 28th
    assert Delivery.objects.filter(key__startswith="reporting_due:2026-02:5d").exists()
    run_sweep(datetime.date(2026, 3, 1))  # the day after the 28th
    late = Delivery.objects.filter(rule=Rule.REPORTING_LATE)
    assert late.exists() and {d.due_on for d in late} == {datetime.date(2026, 2, 28)}
    assert all(key.startswith(f"reporting_late:{february:%Y-%m}") for key in late.values_list("key", flat=True))


def test_a_reminder_a_day_before_the_first_falls_on_the_last_day_of_the_month_before(district, settings):
    settings.DUBAN_REPORTING_DAY = 1
    run_sweep(datetime.date(2026, 11, 30))
    assert Delivery.objects.filter(key__startswith="reporting_due:2026-12:1d").exists()


def test_a_reporting_day_on_a_saturday_stays_unless_the_setting_moves_it_to_friday(district, settings):
    april_25 = datetime.date(2026, 4, 25)
    assert april_25.weekday() == 5
    run_sweep(april_25 - days(5))
    assert Delivery.objects.filter(key__startswith="reporting_due:2026-04:5d").exists()

    Delivery.objects.all().delete()
    settings.DUBAN_REPORTING_DAY_BEFORE_WEEKEND = True
    run_sweep(april_25 - days(5))
    assert not Delivery.objects.filter(rule=Rule.REPORTING_DUE).exists()
    run_sweep(datetime.date(2026, 4, 19))  # 5 days before Friday the 24th
    assert {d.due_on for d in Delivery.objects.filter(rule=Rule.REPORTING_DUE)} == {datetime.date(2026, 4, 24)}
    run_sweep(april_25)  # the day after Friday
    assert Delivery.objects.filter(rule=Rule.REPORTING_LATE).exists()


def test_a_sunday_reporting_day_moves_to_the_friday_before(district, settings):
    settings.DUBAN_REPORTING_DAY_BEFORE_WEEKEND = True
    october_25 = datetime.date(2026, 10, 25)
    assert october_25.weekday() == 6
    run_sweep(datetime.date(2026, 10, 22))  # 1 day before Friday the 23rd
    assert {d.due_on for d in Delivery.objects.filter(rule=Rule.REPORTING_DUE)} == {datetime.date(2026, 10, 23)}


# ---------------------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize("before", [7, 3, 1])
def test_units_are_reminded_7_3_and_1_days_before_a_deadline(district, before):
    deadline = district.task.deadline
    run_sweep(deadline - days(before))
    due = Delivery.objects.filter(rule=Rule.DEADLINE_DUE)
    assert {d.recipient_id for d in due} >= {district[n].pk for n in ("lead_staff", "resp_staff", "resp_head")}
    assert f"{before}" in reminded(district["lead_staff"])[0]


def test_no_deadline_reminder_two_days_before(district):
    run_sweep(district.task.deadline - days(2))
    assert not Delivery.objects.filter(rule__in=[Rule.DEADLINE_DUE, Rule.OVERDUE]).exists()


def test_a_task_completed_the_day_before_gets_no_reminder(district):
    deadline = district.task.deadline
    Task.objects.filter(pk=district.task.pk).update(work_status=WorkStatus.COMPLETED, completed_on=deadline - days(4))
    run_sweep(deadline - days(3))
    assert not Delivery.objects.exists()


def test_overdue_the_day_after_then_weekly_escalating_to_the_supervisors(district):
    deadline = datetime.date(2026, 11, 10)
    Task.objects.filter(pk=district.task.pk).update(deadline=deadline)
    report(district.task, district.lead)
    report(district.task, district.resp)

    run_sweep(deadline + days(1))
    overdue = Delivery.objects.filter(rule=Rule.OVERDUE)
    assert {d.recipient_id for d in overdue.filter(channel="in_app")} >= {district["resp_staff"].pk}
    # the unit nobody works for makes even the first notice reach the supervisors
    assert district["supervisor"].pk in {d.recipient_id for d in overdue}

    for day in (deadline + days(2), deadline + days(7)):
        run_sweep(day)
    assert overdue.filter(key__contains=":w1:").count() == 0

    run_sweep(deadline + days(8))
    week_one = overdue.filter(key__contains=":w1:", channel="in_app")
    assert {d.recipient_id for d in week_one} >= {district["resp_head"].pk, district["supervisor"].pk}


def test_the_first_overdue_notice_reaches_only_the_units_when_all_have_staff(district):
    TaskUnit.objects.filter(unit=district.empty).delete()
    deadline = datetime.date(2026, 11, 10)
    Task.objects.filter(pk=district.task.pk).update(deadline=deadline)
    run_sweep(deadline + days(1))
    assert Rule.OVERDUE in rules_for(district["resp_staff"])
    assert Rule.OVERDUE not in rules_for(district["supervisor"])
    run_sweep(deadline + days(15))
    assert Rule.OVERDUE in rules_for(district["supervisor"])


def test_milestones_not_completed_are_reminded_and_completed_ones_are_not(district):
    due = datetime.date(2026, 11, 30)
    Milestone.objects.create(task=district.task, description="完成招标", due_on=due)
    Milestone.objects.create(task=district.task, description="完成设计", due_on=due, completed_on=due - days(5))
    run_sweep(due - days(3))
    texts = reminded(district["lead_staff"])
    assert any("完成招标" in text for text in texts)
    assert not any("完成设计" in text for text in texts)


# ------------------------------------------------------------------------------- people and units


def test_a_unit_without_staff_goes_to_the_supervisors_and_is_reported(district):
    result = run_sweep(DUE_NOVEMBER - days(5))
    assert result.unstaffed_units == [district.empty.name]
    texts = reminded(district["supervisor"])
    assert len(texts) == 1 and district.empty.name in texts[0]
    assert len(mailed(district["supervisor"])) == 1


def test_a_person_without_an_email_address_is_told_in_duban_and_listed(district):
    staff = district["resp_staff"]
    staff.email = ""
    staff.save()
    result = run_sweep(DUE_NOVEMBER - days(5))
    assert len(reminded(staff)) == 1
    assert not Delivery.objects.filter(recipient=staff, channel="email").exists()
    assert "resp_staff" in result.without_email
    assert len(mailed(district["resp_head"])) == 1


def test_inactive_people_are_not_reminded(district):
    staff = district["resp_staff"]
    staff.is_active = False
    staff.save()
    run_sweep(DUE_NOVEMBER - days(5))
    assert not Delivery.objects.filter(recipient=staff).exists()


def test_group_members_are_reminded(district):
    from units.models import GroupMembership, Unit, UnitGroup, UnitKind

    from .conftest import person

    street = Unit.objects.create(name="青岚街道办事处", kind=UnitKind.STREET)
    streets = UnitGroup.objects.create(name="各街道", membership=GroupMembership.BY_KIND, member_kinds=["street"])
    local = UnitGroup.objects.create(name="属地街道", membership=GroupMembership.CONTEXTUAL)
    TaskUnit.objects.create(task=district.task, role=UnitRole.RESPONSIBLE, group=streets, name="各街道", position=2)
    TaskUnit.objects.create(task=district.task, role=UnitRole.RESPONSIBLE, group=local, name="属地街道", position=3)
    street_staff = person("street_staff", street)
    result = run_sweep(DUE_NOVEMBER - days(5))
    assert len(reminded(street_staff)) == 1
    assert result.unstaffed_units == [district.empty.name]


# ------------------------------------------------------------------------------------------ digest


def test_reminders_falling_due_the_same_day_come_in_one_mail_per_person(district):
    Task.objects.filter(pk=district.task.pk).update(deadline=DUE_NOVEMBER - days(5) + days(3))
    run_sweep(DUE_NOVEMBER - days(5))
    staff = district["lead_staff"]
    assert set(Delivery.objects.filter(recipient=staff, channel="email").values_list("rule", flat=True)) == {
        Rule.REPORTING_DUE, Rule.DEADLINE_DUE}
    mails = mailed(staff)
    assert len(mails) == 1
    assert "2026-11" in mails[0].body and district.task.get_absolute_url() in mails[0].body
    assert len(reminded(staff)) == 1


def test_without_the_digest_each_reminder_is_its_own_mail(district, settings):
    settings.DUBAN_REMINDER_DIGEST = False
    Task.objects.filter(pk=district.task.pk).update(deadline=DUE_NOVEMBER - days(5) + days(3))
    run_sweep(DUE_NOVEMBER - days(5))
    assert len(mailed(district["lead_staff"])) == 2
    assert len(reminded(district["lead_staff"])) == 2
