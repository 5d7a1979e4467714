"""Each reminder is sent once: a second sweep, a racing sender or a retry sends nothing twice; a failing
channel is retried with growing waits and never holds up the others; a dead sender's claim is retried."""

import datetime
import json

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from reminders import delivery
from reminders.models import Channel, Delivery, DeliveryState, UnitWebhook, WebhookPlatform
from reminders.sweep import run_sweep
from tasks import progress
from tasks.models import Notification, NotificationKind

from .conftest import DUE_NOVEMBER

pytestmark = pytest.mark.django_db
REMINDER_DAY = DUE_NOVEMBER - datetime.timedelta(days=5)


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


def sweep_json(day: datetime.date, *extra) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_running_the_command_twice_for_a_day_sends_the_reminders_once(district):
    first = sweep_json(REMINDER_DAY)
    assert first["reminders"] and {r["state"] for r in first["reminders"]} == {"sent"}
    assert {r["channel"] for r in first["reminders"]} == {"in_app", "email"}
    mails, notes = len(mail.outbox), Notification.objects.count()
    second = sweep_json(REMINDER_DAY)
    assert second["reminders"] == []
    assert len(mail.outbox) == mails and Notification.objects.count() == notes
    assert first["unstaffed_units"] == [district.empty.name]


def test_a_dry_run_lists_what_would_be_sent_and_sends_nothing(district):
    dry = sweep_json(REMINDER_DAY, "--dry-run")
    assert dry["dry_run"] and {r["state"] for r in dry["reminders"]} == {"would_send"}
    assert not Delivery.objects.exists() and not mail.outbox and not Notification.objects.exists()
    real = sweep_json(REMINDER_DAY)
    assert sorted(r["key"] for r in real["reminders"]) == sorted(r["key"] for r in dry["reminders"])
    assert sweep_json(REMINDER_DAY, "--dry-run")["reminders"] == []


def test_the_command_refuses_a_malformed_date(district):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "25/11/2026")


def test_a_second_sender_claims_nothing_the_first_has_claimed(district):
    run_sweep(REMINDER_DAY, dry_run=False)
    Delivery.objects.update(state=DeliveryState.PENDING, claim_token="", claimed_at=None)
    now = timezone.now()
    _token, first = delivery.claim(now)
    _token, second = delivery.claim(now)
    assert first and second == []


def test_an_in_app_reminder_whose_claim_was_taken_over_is_not_created_twice(district):
    run_sweep(REMINDER_DAY)
    row = Delivery.objects.filter(channel=Channel.IN_APP).first()
    Delivery.objects.filter(pk=row.pk).update(state=DeliveryState.PENDING)
    token, rows = delivery.claim(timezone.now(), keys=[row.key])
    Delivery.objects.filter(pk=row.pk).update(claim_token="someone-else")
    before = Notification.objects.count()
    delivery._send_group(token, rows, timezone.now())
    assert Notification.objects.count() == before


def test_an_email_whose_claim_was_taken_over_before_its_turn_is_left_to_the_new_sender(district):
    from reminders.notices import notices_due

    notices, people, _urges = notices_due(REMINDER_DAY)
    delivery.record(delivery.plan(notices, people, channels=(Channel.EMAIL,)).deliveries)
    token, rows = delivery.claim(timezone.now())
    Delivery.objects.filter(pk=rows[0].pk).update(claim_token="someone-else")
    delivery._send_group(token, [rows[0]], timezone.now())
    delivery._send_group(token, [rows[1]], timezone.now())
    assert [m.to for m in mail.outbox] == [[rows[1].recipient.email]]


def test_a_claim_left_by_a_dead_sender_is_retried_only_after_the_timeout(district, settings):
    settings.DUBAN_REMINDER_CLAIM_TIMEOUT = 600
    run_sweep(REMINDER_DAY)
    row = Delivery.objects.filter(channel=Channel.EMAIL).first()
    sent = len(mail.outbox)
    now = timezone.now()
    Delivery.objects.filter(pk=row.pk).update(state=DeliveryState.SENDING, claimed_at=now - datetime.timedelta(
        seconds=60))
    assert delivery.deliver_pending(now=now) == []
    Delivery.objects.filter(pk=row.pk).update(claimed_at=now - datetime.timedelta(seconds=601))
    assert [d.pk for d in delivery.deliver_pending(now=now)] == [row.pk]
    assert len(mail.outbox) == sent + 1
    assert Delivery.objects.get(pk=row.pk).state == DeliveryState.SENT


def test_a_failing_email_server_is_retried_with_backoff_and_does_not_stop_in_app(district, settings, caplog):
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.RefusingBackend"
    settings.DUBAN_REMINDER_RETRY_SECONDS = 300
    settings.DUBAN_REMINDER_MAX_ATTEMPTS = 3
    run_sweep(REMINDER_DAY)
    emails = Delivery.objects.filter(channel=Channel.EMAIL)
    assert emails and {d.state for d in emails} == {DeliveryState.FAILED}
    assert "refused" in emails[0].last_error and "refused" in caplog.text
    assert {d.state for d in Delivery.objects.filter(channel=Channel.IN_APP)} == {DeliveryState.SENT}

    failed_at = emails[0].next_attempt_at - datetime.timedelta(seconds=300)
    assert abs(failed_at - emails[0].claimed_at) < datetime.timedelta(seconds=1)
    assert delivery.deliver_pending(now=failed_at + datetime.timedelta(seconds=299)) == []
    delivery.deliver_pending(now=failed_at + datetime.timedelta(seconds=300))
    again = Delivery.objects.get(pk=emails[0].pk)
    assert again.attempts == 2 and again.next_attempt_at - again.claimed_at == datetime.timedelta(seconds=600)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery.deliver_pending(now=again.next_attempt_at)
    assert set(Delivery.objects.filter(channel=Channel.EMAIL).values_list("state", flat=True)) == {DeliveryState.SENT}
    assert len(mail.outbox) == len(emails)


def test_a_send_that_keeps_failing_is_given_up_and_logged(district, settings, caplog):
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.RefusingBackend"
    settings.DUBAN_REMINDER_MAX_ATTEMPTS = 2
    run_sweep(REMINDER_DAY)
    row = Delivery.objects.filter(channel=Channel.EMAIL).first()
    delivery.deliver_pending(now=row.next_attempt_at)
    row.refresh_from_db()
    assert row.state == DeliveryState.GAVE_UP and row.next_attempt_at is None
    assert any(record.levelname == "ERROR" for record in caplog.records)
    assert delivery.deliver_pending(now=timezone.now() + datetime.timedelta(days=30)) == []


def test_an_urge_is_mailed_to_the_unit_as_soon_as_it_is_committed(district, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        progress.urge_unit(district["supervisor"], district.task, district.resp, "请本周内报送进展。")
    staff_mail = [m for m in mail.outbox if district["resp_staff"].email in m.to]
    assert len(staff_mail) == 1 and "请本周内报送进展。" in staff_mail[0].body
    assert not [m for m in mail.outbox if district["lead_staff"].email in m.to]
    # the in-app notification is the one the urge made itself, not a second one
    assert Notification.objects.filter(recipient=district["resp_staff"]).count() == 1
    assert Notification.objects.get(recipient=district["resp_staff"]).kind == NotificationKind.URGED


def test_an_urge_whose_job_was_lost_is_sent_by_the_next_sweep_and_only_once(district, monkeypatch,
                                                                             django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr("reminders.tasks.send_urge.delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        progress.urge_unit(district["supervisor"], district.task, district.resp, "请本周内报送进展。")
    assert mail.outbox == []
    today = timezone.localdate()
    run_sweep(today)
    run_sweep(today)
    assert len([m for m in mail.outbox if district["resp_staff"].email in m.to]) == 1


def test_an_urge_made_while_redis_was_down_for_days_is_still_mailed(district, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    import datetime

    monkeypatch.setattr("reminders.tasks.send_urge.delay", lambda *args: (_ for _ in ()).throw(ConnectionError()))
    with django_capture_on_commit_callbacks(execute=True):
        progress.urge_unit(district["supervisor"], district.task, district.resp, "请本周内报送进展。")
    run_sweep(timezone.localdate() + datetime.timedelta(days=4))  # the first sweep to reach a broker again
    assert len([m for m in mail.outbox if district["resp_staff"].email in m.to]) == 1


def test_a_failing_robot_does_not_stop_email_or_in_app(district):
    UnitWebhook.objects.create(unit=district.resp, platform=WebhookPlatform.WECOM, url="http://127.0.0.1:9/refused")
    run_sweep(REMINDER_DAY)
    robot = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert robot.unit == district.resp and robot.state == DeliveryState.FAILED and robot.last_error
    assert mail.outbox and Delivery.objects.filter(channel=Channel.IN_APP, state=DeliveryState.SENT).exists()


def test_the_reminder_mail_is_in_chinese_and_links_to_the_task(district):
    from datetime import timedelta

    from tasks.models import Task

    Task.objects.filter(pk=district.task.pk).update(deadline=REMINDER_DAY + timedelta(days=3))
    run_sweep(REMINDER_DAY)
    message = next(m for m in mail.outbox if district["resp_staff"].email in m.to)
    assert "督办" in message.subject
    assert "截止" in message.body or "到期" in message.body
    assert f"https://duban.example.gov.cn{district.task.get_absolute_url()}" in message.body
    assert message.extra_headers["X-Duban-Deliveries"]
