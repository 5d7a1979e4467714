"""What counts as "the same request again" (tests/hardening/test_concurrent_requests.py sends them at once): the
rules, one request after the other, and what still makes a new record."""

import datetime

import pytest

from reports.building import prepare_report
from reports.models import JobState, ReportExport
from reports.periods import ReportPeriod
from reports.tasks import export_later
from supervision import notices
from tasks.models import ProgressUpdate, Urge

from ..api.conftest import token_client
from ..progress.conftest import TODAY, _fixed_today, fresh, make_update, world  # noqa: F401  (fixtures used here)

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(world):  # noqa: F811  (the progress tests' small district)
    return world


NOTICE = {"level": "red", "problem": "连续两个月未报送进展。", "required_action": "11月30日前报送整改措施。",
          "reply_deadline": "2026-11-30"}


def test_a_unit_urged_today_is_urged_again_only_once_it_has_reported(district):
    office = token_client(district["supervisor"])
    urge = {"task": district.task.pk, "unit": district.resp.pk, "message": "请本周内报送进展。"}
    first = office.post("/api/v1/urges/", urge, format="json")
    again = office.post("/api/v1/urges/", urge, format="json")
    assert first.status_code == 201
    assert again.status_code == 409 and again.json()["code"] == "already_exists"
    assert again.json()["id"] == first.json()["id"]
    assert "already urged about this task today" in again.json()["messages"]["en"]
    # another unit of the same task is urged as usual
    assert office.post("/api/v1/urges/", {**urge, "unit": district.street.pk}, format="json").status_code == 201
    # the unit reports (its urge is resolved): a new urge is a new urge
    update = make_update(district.task, district.resp)
    Urge.objects.filter(task=district.task, unit=district.resp).update(resolved_at=update.submitted_at)
    assert office.post("/api/v1/urges/", urge, format="json").status_code == 201
    assert Urge.objects.filter(task=district.task, unit=district.resp).count() == 2


def test_the_same_notice_again_is_refused_and_another_problem_is_a_new_notice(district):
    office = token_client(district["supervisor"])
    notice = {**NOTICE, "task": district.task.pk, "units": [district.lead.pk, district.resp.pk]}
    first = office.post("/api/v1/notices/", notice, format="json")
    again = office.post("/api/v1/notices/", notice, format="json")
    assert first.status_code == 201
    assert again.status_code == 409 and again.json()["code"] == "already_exists"
    assert again.json()["id"] == first.json()["id"]
    assert "already issued today as 2026-001" in again.json()["messages"]["en"]
    other = office.post("/api/v1/notices/", {**notice, "problem": "安置房建设滞后。"}, format="json")
    assert other.status_code == 201 and other.json()["number"] == "2026-002"
    fewer_units = office.post("/api/v1/notices/", {**notice, "units": [district.lead.pk]}, format="json")
    assert fewer_units.status_code == 201 and fewer_units.json()["number"] == "2026-003"


def test_a_reply_repeating_the_units_last_one_is_refused_until_the_office_returns_the_replies(district):
    notice = notices.issue_notice(fresh(district["supervisor"]), district.task, notices.NoticeInput(
        "red", NOTICE["problem"], NOTICE["required_action"], datetime.date(2026, 11, 30), [district.resp]), today=TODAY)
    unit = token_client(district["resp_staff"])
    reply = {"unit": district.resp.pk, "text": "已配合整改。"}
    url = f"/api/v1/notices/{notice.pk}/replies/"
    assert unit.post(url, reply, format="json").status_code == 201
    again = unit.post(url, reply, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_exists"
    assert again.json()["id"] == notice.replies.get().pk
    assert unit.post(url, {**reply, "text": "已完成整改。"}, format="json").status_code == 201
    notice.refresh_from_db()
    notices.return_reply(fresh(district["supervisor"]), notice, expected_version=notice.version, comment="请补充佐证。")
    assert unit.post(url, {**reply, "text": "已完成整改。"}, format="json").status_code == 201
    assert notice.replies.count() == 3


def test_the_same_file_asked_for_while_it_is_being_made_is_that_file(district, monkeypatch):
    monkeypatch.setattr("reports.tasks.export_report_job.delay", lambda *args: None)  # a worker busy elsewhere
    report, _created = prepare_report(ReportPeriod.parse("monthly", "2026-10"), district.plan)
    office = fresh(district["supervisor"])
    first = export_later(report, "xlsx", "a4", office)
    assert export_later(report, "xlsx", "a4", office) == first
    assert export_later(report, "xlsx", "a3", office) != first  # another file
    assert export_later(report, "xlsx", "a4", fresh(district["leader"])) != first  # someone else's
    ReportExport.objects.filter(pk=first.pk).update(state=JobState.DONE)
    assert export_later(report, "xlsx", "a4", office) != first  # made already: the report may have changed since
    assert ReportExport.objects.count() == 4


def test_an_update_made_a_moment_ago_is_named_in_the_refusal(district):
    existing = make_update(district.task, district.resp)
    refused = token_client(district["resp_staff"]).post("/api/v1/updates/", {
        "task": district.task.pk, "unit": district.resp.pk, "period": f"{TODAY:%Y-%m}", "percent_complete": 60,
        "narrative": "完成改造3万平方米。"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "already_exists"
    assert refused.json()["id"] == existing.pk
    assert ProgressUpdate.objects.count() == 1
