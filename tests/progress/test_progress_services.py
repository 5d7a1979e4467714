"""The rules of monthly updates, through the services in tasks/progress.py: one update per task, unit and
month; a stale save is refused; an accepted update is locked; reviews, reopening, head approval and urges;
every step in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditAction, AuditEntry
from tasks import progress
from tasks.models import (
    Notification,
    NotificationKind,
    ProgressStatus,
    ProgressUpdate,
    ReviewState,
    TargetActual,
    Urge,
    WorkStatus,
)
from tasks.progress import UpdateInput

from .conftest import THIS_MONTH, TODAY, fresh, make_update

pytestmark = pytest.mark.django_db


def write(world, role="resp_staff", unit=None, text="本月完成改造面积10万平方米。", **kwargs):
    data = UpdateInput(status=ProgressStatus.ON_TRACK, percent_complete=40, narrative=text,
                       actuals=kwargs.pop("actuals", {}))
    return progress.save_update(fresh(world[role]), world.task, unit or world.resp, THIS_MONTH, data, **kwargs)


def test_one_update_per_task_unit_and_month(world):
    first = write(world)
    second = write(world, text="修改后的进展。", expected_version=first.version)
    assert second.pk == first.pk
    assert ProgressUpdate.objects.filter(task=world.task, unit=world.resp, period=THIS_MONTH).count() == 1
    assert second.narrative == "修改后的进展。" and second.version == first.version + 1


def test_a_second_submit_edits_the_submitted_update(world):
    first = write(world, submit=True)
    again = write(world, text="补充说明。", expected_version=first.version, submit=True)
    assert again.pk == first.pk
    assert again.review_state == ReviewState.SUBMITTED and again.narrative == "补充说明。"


def test_a_stale_save_is_refused_and_nothing_is_overwritten(world):
    update = write(world)
    opened_at = update.version
    write(world, role="resp_head", text="负责人先保存的文字。", expected_version=opened_at)
    with pytest.raises(progress.StaleUpdate):
        write(world, text="后保存的文字。", expected_version=opened_at)
    assert ProgressUpdate.objects.get(pk=update.pk).narrative == "负责人先保存的文字。"


def test_creating_an_update_someone_else_just_created_is_refused(world):
    write(world, role="resp_head", text="先建的。")
    with pytest.raises(progress.StaleUpdate):
        write(world, text="后建的。", expected_version=None)
    assert ProgressUpdate.objects.get().narrative == "先建的。"


def test_target_values_are_saved_changed_and_cleared(world):
    update = write(world, actuals={world.target.pk: 12})
    assert TargetActual.objects.get(update=update).value == 12
    update = write(world, actuals={world.target.pk: 20}, expected_version=update.version)
    assert TargetActual.objects.get(update=update).value == 20
    write(world, actuals={world.target.pk: None}, expected_version=update.version)
    assert not TargetActual.objects.filter(update=update).exists()


def test_an_accepted_update_is_locked(world):
    update = write(world, submit=True)
    update = progress.accept_update(fresh(world["supervisor"]), update, expected_version=update.version)
    assert update.is_locked
    with pytest.raises(progress.UpdateLocked):
        write(world, text="想改。", expected_version=update.version)
    with pytest.raises(progress.UpdateLocked):
        progress.submit_update(fresh(world["resp_staff"]), update, expected_version=update.version)
    with pytest.raises(PermissionDenied):
        progress.return_update(fresh(world["supervisor"]), update, expected_version=update.version, comment="x")
    assert ProgressUpdate.objects.get(pk=update.pk).narrative == "本月完成改造面积10万平方米。"


def test_return_needs_a_comment_and_goes_back_to_the_unit(world):
    update = write(world, submit=True)
    supervisor = fresh(world["supervisor"])
    with pytest.raises(progress.ProgressError):
        progress.return_update(supervisor, update, expected_version=update.version, comment="  ")
    update = progress.return_update(supervisor, update, expected_version=update.version, comment="请补充具体数据。")
    assert update.review_state == ReviewState.RETURNED and update.review_comment == "请补充具体数据。"
    notified = Notification.objects.filter(kind=NotificationKind.RETURNED, text="请补充具体数据。")
    assert set(notified.values_list("recipient__username", flat=True)) == {"resp_staff", "resp_head"}
    resubmitted = write(world, text="已补充：完成10万平方米。", expected_version=update.version, submit=True)
    assert resubmitted.review_state == ReviewState.SUBMITTED


def test_two_reviewers_deciding_at_once_the_second_is_refused(world):
    update = write(world, submit=True)
    seen_by_supervisor = ProgressUpdate.objects.get(pk=update.pk)
    progress.accept_update(fresh(world["lead_staff"]), update, expected_version=update.version)
    with pytest.raises(progress.StaleUpdate):
        progress.return_update(fresh(world["supervisor"]), seen_by_supervisor,
                               expected_version=seen_by_supervisor.version, comment="不同意")
    assert ProgressUpdate.objects.get(pk=update.pk).review_state == ReviewState.ACCEPTED


def test_reviewing_a_draft_is_not_allowed(world):
    draft = write(world)
    with pytest.raises(PermissionDenied):
        progress.accept_update(fresh(world["supervisor"]), draft, expected_version=draft.version)


def test_accepting_the_lead_units_completed_update_does_not_complete_the_task(world):
    """A task is completed only when the office confirms an application to close (supervision/closing.py)."""
    update = progress.save_update(
        fresh(world["lead_staff"]), world.task, world.lead, THIS_MONTH,
        UpdateInput(status=ProgressStatus.COMPLETED, percent_complete=100, narrative="全部完成。"), submit=True,
    )
    progress.accept_update(fresh(world["supervisor"]), update, expected_version=update.version, today=TODAY)
    world.task.refresh_from_db()
    assert world.task.work_status == WorkStatus.IN_PROGRESS and world.task.completed_on is None


def test_accepting_a_responsible_units_update_leaves_the_task_alone(world):
    update = write(world, submit=True)
    progress.accept_update(fresh(world["lead_staff"]), update, expected_version=update.version)
    world.task.refresh_from_db()
    assert world.task.work_status == WorkStatus.NOT_STARTED


def test_reopening_hands_an_accepted_update_back_with_the_reason(world):
    update = write(world, submit=True)
    update = progress.accept_update(fresh(world["supervisor"]), update, expected_version=update.version)
    with pytest.raises(PermissionDenied):
        progress.reopen_update(fresh(world["lead_staff"]), update, expected_version=update.version, reason="x")
    update = progress.reopen_update(fresh(world["supervisor"]), update, expected_version=update.version,
                                    reason="数据口径有误。")
    assert update.review_state == ReviewState.RETURNED and not update.is_locked
    assert write(world, text="更正后的数据。", expected_version=update.version).narrative == "更正后的数据。"


def test_with_head_approval_staff_submissions_wait_for_the_head(world, settings):
    settings.DUBAN_HEAD_APPROVAL = True
    update = write(world, submit=True)
    assert update.review_state == ReviewState.AWAITING_HEAD
    assert Notification.objects.filter(recipient=world["resp_head"], kind=NotificationKind.AWAITING_APPROVAL).exists()
    with pytest.raises(PermissionDenied):
        progress.accept_update(fresh(world["supervisor"]), update, expected_version=update.version)
    update = progress.accept_update(fresh(world["resp_head"]), update, expected_version=update.version)
    assert update.review_state == ReviewState.SUBMITTED
    entry = AuditEntry.objects.filter(action=AuditAction.ACCEPT, object_id=update.pk).get()
    assert entry.actor == world["resp_head"]


def test_with_head_approval_a_heads_own_submission_goes_straight_to_review(world, settings):
    settings.DUBAN_HEAD_APPROVAL = True
    assert write(world, role="resp_head", submit=True).review_state == ReviewState.SUBMITTED


def test_urging_notifies_the_unit_and_is_resolved_by_its_next_submission(world):
    urge = progress.urge_unit(fresh(world["supervisor"]), world.task, world.resp, "请于25日前报送。")
    received = Notification.objects.filter(kind=NotificationKind.URGED)
    assert set(received.values_list("recipient__username", flat=True)) == {"resp_staff", "resp_head"}
    assert received.first().text == "请于25日前报送。"
    write(world, submit=True)
    assert Urge.objects.get(pk=urge.pk).resolved_at is not None


def test_a_unit_of_a_group_can_be_urged_but_not_a_unit_off_the_task(world):
    supervisor = fresh(world["supervisor"])
    progress.urge_unit(supervisor, world.task, world.street)  # a member of 各街道
    with pytest.raises(progress.ProgressError):
        progress.urge_unit(supervisor, world.task, world.other)
    with pytest.raises(PermissionDenied):
        progress.urge_unit(fresh(world["lead_staff"]), world.task, world.resp)


def test_every_create_change_review_and_urge_is_in_the_audit_log(world):
    supervisor = fresh(world["supervisor"])
    update = write(world)
    update = write(world, text="改了。", expected_version=update.version, submit=True)
    update = progress.return_update(supervisor, update, expected_version=update.version, comment="请补充。")
    update = write(world, text="补充了。", expected_version=update.version, submit=True)
    update = progress.accept_update(supervisor, update, expected_version=update.version)
    update = progress.reopen_update(supervisor, update, expected_version=update.version, reason="再看看。")
    progress.urge_unit(supervisor, world.task, world.resp, "抓紧。")
    actions = list(AuditEntry.objects.filter(task=world.task).order_by("id").values_list("action", flat=True))
    assert actions == [
        AuditAction.CREATE, AuditAction.UPDATE, AuditAction.SUBMIT, AuditAction.RETURN, AuditAction.UPDATE,
        AuditAction.SUBMIT, AuditAction.ACCEPT, AuditAction.REOPEN, AuditAction.URGE,
    ]
    returned = AuditEntry.objects.get(task=world.task, action=AuditAction.RETURN)
    assert returned.actor == world["supervisor"] and returned.note == "请补充。"
    assert returned.changes["review_state"] == ["submitted", "returned"]
    changed = AuditEntry.objects.filter(task=world.task, action=AuditAction.UPDATE).order_by("id").first()
    assert changed.changes["narrative"] == ["本月完成改造面积10万平方米。", "改了。"]


def test_a_person_outside_the_unit_cannot_save_its_update(world):
    with pytest.raises(PermissionDenied):
        write(world, role="lead_staff")
    with pytest.raises(PermissionDenied):
        write(world, role="leader")
    assert not ProgressUpdate.objects.exists()


def test_returned_updates_keep_their_comment_until_the_next_review(world):
    update = make_update(world.task, world.resp, ReviewState.RETURNED, review_comment="请补充照片。")
    update = write(world, text="已补充。", expected_version=update.version)
    assert update.review_state == ReviewState.RETURNED and update.review_comment == "请补充照片。"
