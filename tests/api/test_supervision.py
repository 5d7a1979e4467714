"""The supervision workflow through the API: closing (办结/销号), reopening, deadline extensions, leader
instructions, supervision notices and the assessment ranking — the pages' rules (same services, same
permission checks), the conflict rule, the error body, the audit log, and lists in a fixed number of queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditAction, AuditEntry
from supervision import closing, extensions, instructions, notices
from supervision.assessment import assess_units
from supervision.instructions import InstructionInput
from supervision.models import (
    CompletionRequest,
    DeadlineExtension,
    Instruction,
    InstructionReply,
    InstructionState,
    Notice,
    NoticeReply,
    NoticeState,
    RequestState,
)
from supervision.notices import NoticeInput
from tasks.models import Task, TaskUnit, UnitRole, WorkStatus

from ..progress.conftest import TODAY, fresh
from ..progress.test_query_counts import grow_tasks

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = b"%PDF-1.4\n%%EOF\n"


def pending_closing(world, task=None):
    return closing.apply_to_close(fresh(world["lead_staff"]), task or world.task, "改造全部完工。")


def completed_task(world):
    request = pending_closing(world)
    closing.confirm_closing(fresh(world["supervisor"]), request, expected_version=request.version, today=TODAY)
    world.task.refresh_from_db()
    return world.task


def pending_extension(world, task=None):
    return extensions.request_extension(fresh(world["lead_staff"]), task or world.task, D(2027, 3, 31), "拆迁滞后。")


def an_instruction(world, units=None, task="task"):
    return instructions.record_instruction(fresh(world["supervisor"]), InstructionInput(
        "张区长", TODAY, "抓紧推进。", D(2026, 11, 30), units or [world.lead, world.resp]),
        plan=world.plan, task=getattr(world, task) if task else None)


def a_notice(world):  # the task has no update for last month: red
    return notices.issue_notice(fresh(world["supervisor"]), world.task, NoticeInput(
        "red", "连续两个月未报送进展。", "11月30日前报送整改措施。", D(2026, 11, 30), [world.lead, world.resp]),
        today=TODAY)


def replied_notice(world):
    notice = a_notice(world)
    notices.reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "已整改。")
    notices.reply_to_notice(fresh(world["resp_staff"]), notice, world.resp, "已配合。")
    notice.refresh_from_db()
    return notice


def logged(record) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=record.pk, content_type__model=record._meta.model_name)
                .order_by("id").values_list("action", flat=True))


def error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body["messages"]) == {"zh-hans", "en"}
    if code:
        assert body["code"] == code, body
    return body


# ------------------------------------------------------------------------------------------- closing


def test_the_lead_unit_applies_with_evidence_and_the_office_confirms(as_role, world):
    lead = as_role("lead_staff")
    evidence = SimpleUploadedFile("验收报告.pdf", PDF, content_type="application/pdf")
    applied = lead.post(f"/api/v1/tasks/{world.task.pk}/close/", {"summary": "改造全部完工。", "evidence": evidence},
                        format="multipart")
    assert applied.status_code == 201, applied.json()
    body = applied.json()
    assert body["state"] == "pending" and body["unit"] == world.lead.pk and body["evidence_name"] == "验收报告.pdf"
    assert applied["Location"] == f"/api/v1/closing-requests/{body['id']}/"
    download = lead.get(body["evidence"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    error(as_role("other_staff").get(body["evidence"]), 404)  # not their task: not theirs to see
    world.task.refresh_from_db()
    assert world.task.work_status != WorkStatus.COMPLETED  # only the office's confirmation completes it

    office = as_role("supervisor")
    queue = office.get("/api/v1/closing-requests/?state=pending").json()
    assert [row["id"] for row in queue["results"]] == [body["id"]]
    etag = office.get(f"/api/v1/closing-requests/{body['id']}/")["ETag"]
    confirmed = office.post(f"/api/v1/closing-requests/{body['id']}/approve/", {"note": "同意销号。"}, format="json",
                            HTTP_IF_MATCH=etag)
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["state"] == "approved" and confirmed.json()["decided_on"] == "2026-11-22"
    world.task.refresh_from_db()
    assert world.task.work_status == WorkStatus.COMPLETED and world.task.completed_on == TODAY
    request = CompletionRequest.objects.get()
    assert logged(request) == [AuditAction.SUBMIT, AuditAction.ACCEPT]
    assert AuditAction.UPDATE in logged(world.task)


def test_applying_without_a_file_takes_json(as_role, world):
    applied = as_role("lead_staff").post(f"/api/v1/tasks/{world.task.pk}/close/", {"summary": "完成。"},
                                         format="json")
    assert applied.status_code == 201 and applied.json()["evidence"] is None


@pytest.mark.parametrize("data, field", [
    ({}, "summary"),
    ({"summary": "   "}, "summary"),
    ({"summary": "完成。", "evidence": SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")}, "evidence"),
])
def test_an_application_is_checked_as_the_page_checks_it(as_role, world, data, field):
    response = as_role("lead_staff").post(f"/api/v1/tasks/{world.task.pk}/close/", data, format="multipart")
    body = error(response, 400, "invalid")
    assert field in body["fields"]
    assert not CompletionRequest.objects.exists()


def test_a_second_application_or_one_for_a_completed_task_is_a_conflict(as_role, world):
    first = pending_closing(world)
    lead = as_role("lead_staff")
    body = error(lead.post(f"/api/v1/tasks/{world.task.pk}/close/", {"summary": "再次申请。"}, format="json"), 409,
                 "already_exists")
    assert body["id"] == first.pk
    closing.confirm_closing(fresh(world["supervisor"]), first, expected_version=first.version, today=TODAY)
    error(lead.post(f"/api/v1/tasks/{world.task.pk}/close/", {"summary": "再次申请。"}, format="json"), 409,
          "wrong_state")
    assert CompletionRequest.objects.count() == 1


def test_rejecting_needs_a_reason_and_leaves_the_task_open(as_role, world):
    request = pending_closing(world)
    office = as_role("supervisor")
    url = f"/api/v1/closing-requests/{request.pk}/reject/"
    body = error(office.post(url, {"version": request.version}, format="json"), 400, "invalid")
    assert "reason" in body["fields"]
    request.refresh_from_db()
    assert request.state == RequestState.PENDING
    rejected = office.post(url, {"version": request.version, "reason": "缺验收材料。"}, format="json")
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"
    assert rejected.json()["decision_note"] == "缺验收材料。"
    world.task.refresh_from_db()
    assert world.task.work_status != WorkStatus.COMPLETED
    assert logged(request) == [AuditAction.SUBMIT, AuditAction.RETURN]


def test_a_decision_names_the_version_it_was_made_from(as_role, world):
    request = pending_closing(world)
    office = as_role("supervisor")
    url = f"/api/v1/closing-requests/{request.pk}/approve/"
    error(office.post(url, {}, format="json"), 428, "version_required")
    stale_etag = f'"completionrequest-{request.pk}-v{request.version + 1}"'
    body = error(office.post(url, {}, format="json", HTTP_IF_MATCH=stale_etag), 412, "precondition_failed")
    assert body["current_version"] == request.version
    body = error(office.post(url, {"version": request.version + 5}, format="json"), 409, "version_conflict")
    assert body["current_version"] == request.version
    request.refresh_from_db()
    world.task.refresh_from_db()
    assert request.state == RequestState.PENDING and world.task.work_status != WorkStatus.COMPLETED
    assert logged(request) == [AuditAction.SUBMIT]


def test_deciding_twice_is_a_conflict_for_the_office_and_forbidden_to_others(as_role, world):
    request = pending_closing(world)
    office = as_role("supervisor")
    url = f"/api/v1/closing-requests/{request.pk}/reject/"
    assert office.post(url, {"version": 1, "reason": "缺材料。"}, format="json").status_code == 200
    body = error(office.post(f"/api/v1/closing-requests/{request.pk}/approve/", {"version": 2}, format="json"),
                 409, "wrong_state")
    assert body["current_version"] == 2
    assert "Rejected" in body["messages"]["en"] and body["messages"]["zh-hans"] != body["messages"]["en"]
    error(as_role("lead_staff").post(url, {"version": 2, "reason": "x"}, format="json"), 403, "permission_denied")
    error(as_role("other_staff").get(f"/api/v1/closing-requests/{request.pk}/"), 404, "not_found")


def test_the_evidence_of_an_application_without_one_is_not_found(as_role, world):
    request = pending_closing(world)
    error(as_role("supervisor").get(f"/api/v1/closing-requests/{request.pk}/evidence/"), 404)


def test_the_office_reopens_a_completed_task_with_its_etag(as_role, world):
    task = completed_task(world)
    office = as_role("supervisor")
    url = f"/api/v1/tasks/{task.pk}/reopen/"
    etag = office.get(f"/api/v1/tasks/{task.pk}/")["ETag"]
    body = error(office.post(url, {}, format="json", HTTP_IF_MATCH=etag), 400, "invalid")
    assert "reason" in body["fields"]
    error(office.post(url, {"reason": "复查不合格。", "version": task.version - 1}, format="json"), 409,
          "version_conflict")
    error(office.post(url, {"reason": "复查不合格。"}, format="json", HTTP_IF_MATCH=f'"task-{task.pk}-v1"'), 412,
          "precondition_failed")
    reopened = office.post(url, {"reason": "复查不合格。"}, format="json", HTTP_IF_MATCH=etag)
    assert reopened.status_code == 200, reopened.json()
    assert reopened.json()["work_status"] == WorkStatus.IN_PROGRESS and reopened.json()["version"] == task.version + 1
    assert reopened["ETag"] == f'"task-{task.pk}-v{task.version + 1}"'
    assert logged(CompletionRequest.objects.get())[-1] == AuditAction.REOPEN
    error(office.post(url, {"reason": "再开。"}, format="json", HTTP_IF_MATCH=reopened["ETag"]), 409, "wrong_state")


# ---------------------------------------------------------------------------------------- extensions


def test_the_lead_unit_asks_for_more_time_and_the_office_approves(as_role, world):
    asked = as_role("lead_staff").post(f"/api/v1/tasks/{world.task.pk}/extensions/",
                                       {"new_deadline": "2027-03-31", "reason": "拆迁滞后。"}, format="json")
    assert asked.status_code == 201, asked.json()
    body = asked.json()
    assert body["previous_deadline"] == "2026-12-31" and body["days_extended"] == 90
    assert asked["Location"] == f"/api/v1/extensions/{body['id']}/"
    approved = as_role("supervisor").post(f"/api/v1/extensions/{body['id']}/approve/", {"version": body["version"]},
                                          format="json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    world.task.refresh_from_db()
    assert world.task.deadline == D(2027, 3, 31)
    assert logged(DeadlineExtension.objects.get()) == [AuditAction.SUBMIT, AuditAction.ACCEPT]


@pytest.mark.parametrize("data, status, field", [
    ({"reason": "需要时间。"}, 400, "new_deadline"),
    ({"new_deadline": "明年", "reason": "需要时间。"}, 400, "new_deadline"),
    ({"new_deadline": "2027-03-31"}, 400, "reason"),
    ({"new_deadline": "2026-12-01", "reason": "需要时间。"}, 400, None),  # not later: the service's rule
])
def test_an_extension_request_is_checked(as_role, world, data, status, field):
    response = as_role("lead_staff").post(f"/api/v1/tasks/{world.task.pk}/extensions/", data, format="json")
    body = error(response, status, "invalid" if field else "refused")
    if field:
        assert field in body["fields"]
    assert not DeadlineExtension.objects.exists()


def test_a_second_extension_request_is_a_conflict(as_role, world):
    first = pending_extension(world)
    body = error(as_role("lead_staff").post(f"/api/v1/tasks/{world.task.pk}/extensions/",
                                            {"new_deadline": "2027-06-30", "reason": "再延。"}, format="json"),
                 409, "already_exists")
    assert body["id"] == first.pk and DeadlineExtension.objects.count() == 1


def test_rejecting_an_extension_keeps_the_deadline(as_role, world):
    extension = pending_extension(world)
    office = as_role("supervisor")
    url = f"/api/v1/extensions/{extension.pk}/reject/"
    assert "reason" in error(office.post(url, {"version": 1, "reason": ""}, format="json"), 400)["fields"]
    error(office.post(url, {"reason": "不同意。"}, format="json", HTTP_IF_MATCH='"deadlineextension-1-v9"'), 412)
    rejected = office.post(url, {"reason": "不同意。"}, format="json",
                           HTTP_IF_MATCH=office.get(f"/api/v1/extensions/{extension.pk}/")["ETag"])
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"
    world.task.refresh_from_db()
    assert world.task.deadline == D(2026, 12, 31)
    assert logged(extension) == [AuditAction.SUBMIT, AuditAction.RETURN]


# ------------------------------------------------------------------------------------ leader instructions


def test_the_office_records_an_instruction_the_units_reply_and_the_office_closes_it(as_role, world):
    office = as_role("supervisor")
    created = office.post("/api/v1/instructions/", {
        "task": world.task.pk, "leader_name": "张区长", "given_on": "2026-11-20", "text": "加快老旧小区改造。",
        "units": [world.lead.pk, world.resp.pk], "reply_deadline": "2026-11-30",
    }, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["plan"] == world.plan.pk and body["state"] == "open"
    assert {u["unit"]: (u["replies"], u["overdue"]) for u in body["units"]} == {
        world.lead.pk: ([], False), world.resp.pk: ([], False)}
    url = f"/api/v1/instructions/{body['id']}/"

    replied = as_role("lead_staff").post(url + "replies/", {"text": "已制定方案。"}, format="json")  # one unit: implied
    assert replied.status_code == 201, replied.json()
    lead_row = next(row for row in replied.json()["units"] if row["unit"] == world.lead.pk)
    assert lead_row["replies"][0]["text"] == "已制定方案。" and lead_row["replies"][0]["unit_name"] == world.lead.name

    error(office.post(url + "close/", {"version": 99}, format="json"), 409, "version_conflict")
    assert Instruction.objects.get().state == InstructionState.OPEN
    closed = office.post(url + "close/", {"note": "已落实。"}, format="json", HTTP_IF_MATCH=replied["ETag"])
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    error(as_role("resp_staff").post(url + "replies/", {"text": "迟到的回复。"}, format="json"), 409, "wrong_state")
    error(office.post(url + "close/", {"version": closed.json()["version"]}, format="json"), 409, "wrong_state")
    instruction = Instruction.objects.get()
    assert logged(instruction) == [AuditAction.CREATE, AuditAction.ACCEPT]
    assert logged(InstructionReply.objects.get()) == [AuditAction.CREATE]


@pytest.mark.parametrize("change, field", [
    ({"units": []}, "units"),
    ({"units": [99999]}, "units"),
    ({"leader_name": ""}, "leader_name"),
    ({"given_on": "昨天"}, "given_on"),
    ({"task": None, "plan": None}, "plan"),
    ({"plan": 99999}, "plan"),  # not the task's plan
])
def test_an_instruction_is_checked_by_the_pages_form(as_role, world, change, field):
    data = {"task": world.task.pk, "leader_name": "张区长", "given_on": "2026-11-20", "text": "加快。",
            "units": [world.lead.pk], "reply_deadline": "2026-11-30", **change}
    data = {key: value for key, value in data.items() if value is not None}
    body = error(as_role("supervisor").post("/api/v1/instructions/", data, format="json"), 400, "invalid")
    assert field in body["fields"], body
    assert not Instruction.objects.exists()


def test_the_services_rules_refuse_with_their_own_words(as_role, world):
    data = {"leader_name": "张区长", "given_on": "2026-11-20", "text": "加快。", "units": [world.lead.pk],
            "reply_deadline": "2026-11-01", "plan": world.plan.pk}
    body = error(as_role("supervisor").post("/api/v1/instructions/", data, format="json"), 400, "refused")
    assert body["detail"]
    assert not Instruction.objects.exists()


def test_a_reply_is_for_one_of_your_units_that_the_instruction_names(as_role, world):
    instruction = an_instruction(world)
    url = f"/api/v1/instructions/{instruction.pk}/replies/"
    body = error(as_role("lead_staff").post(url, {"unit": world.resp.pk, "text": "代答。"}, format="json"), 400)
    assert "unit" in body["fields"]
    assert "text" in error(as_role("lead_staff").post(url, {"text": " "}, format="json"), 400)["fields"]
    error(as_role("street_staff").post(url, {"text": "已落实。"}, format="json"), 403, "permission_denied")
    error(as_role("other_staff").post(url, {"text": "已落实。"}, format="json"), 404, "not_found")
    error(as_role("supervisor").post(url, {"text": "已落实。"}, format="json"), 403)
    assert not InstructionReply.objects.exists()


def test_an_instruction_on_a_whole_plan_is_seen_by_the_units_it_names(as_role, world):
    on_plan = an_instruction(world, units=[world.other], task=None)
    on_task = an_instruction(world)
    assert [row["id"] for row in as_role("other_staff").get("/api/v1/instructions/").json()["results"]] == [
        on_plan.pk]
    assert [row["id"] for row in as_role("street_staff").get("/api/v1/instructions/").json()["results"]] == [
        on_task.pk]
    assert as_role("leader").get("/api/v1/instructions/?state=open").json()["count"] == 2
    error(as_role("street_staff").get(f"/api/v1/instructions/{on_plan.pk}/"), 404)


def test_an_overdue_reply_is_flagged(as_role, world, monkeypatch):
    instruction = an_instruction(world)
    monkeypatch.setattr("tasks.periods.today", lambda: D(2026, 12, 5))
    row = as_role("supervisor").get(f"/api/v1/instructions/{instruction.pk}/").json()
    assert row["overdue"] is True and all(unit["overdue"] for unit in row["units"])


# ------------------------------------------------------------------------------------------ notices


def test_a_notice_is_issued_replied_to_returned_and_accepted(as_role, world):
    office = as_role("supervisor")
    issued = office.post("/api/v1/notices/", {
        "task": world.task.pk, "level": "red", "problem": "连续两个月未报送进展。", "required_action": "报送整改措施。",
        "reply_deadline": "2026-11-30", "units": [world.lead.pk, world.resp.pk],
    }, format="json")
    assert issued.status_code == 201, issued.json()
    body = issued.json()
    assert body["number"] == "2026-001" and body["state"] == "issued"
    assert {unit["id"] for unit in body["units"]} == {world.lead.pk, world.resp.pk}
    url = f"/api/v1/notices/{body['id']}/"

    assert as_role("lead_staff").post(url + "replies/", {"text": "已整改。"}, format="json").status_code == 201
    both = as_role("resp_staff").post(url + "replies/", {"text": "已配合。"}, format="json")
    assert both.status_code == 201 and both.json()["state"] == "replied"

    assert "comment" in error(office.post(url + "return/", {"version": both.json()["version"]}, format="json"),
                              400)["fields"]
    returned = office.post(url + "return/", {"comment": "缺时间表。"}, format="json", HTTP_IF_MATCH=both["ETag"])
    assert returned.status_code == 200 and returned.json()["state"] == "issued"
    error(office.post(url + "accept/", {"version": returned.json()["version"]}, format="json"), 409, "wrong_state")

    as_role("lead_staff").post(url + "replies/", {"text": "补充时间表。"}, format="json")
    again = as_role("resp_staff").post(url + "replies/", {"text": "补充。"}, format="json")
    assert again.json()["state"] == "replied"
    error(office.post(url + "accept/", {"version": again.json()["version"] - 1}, format="json"), 409,
          "version_conflict")
    accepted = office.post(url + "accept/", {"version": again.json()["version"], "comment": "同意。"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "closed"
    assert accepted.json()["closed_on"] == "2026-11-22"
    error(as_role("lead_staff").post(url + "replies/", {"text": "又一条。"}, format="json"), 409, "wrong_state")
    notice = Notice.objects.get()
    assert logged(notice) == [AuditAction.CREATE, AuditAction.RETURN, AuditAction.ACCEPT]
    assert NoticeReply.objects.count() == 4


@pytest.mark.parametrize("change, status, field", [
    ({"units": [99999]}, 400, "units"),  # not a unit the task names
    ({"level": "blue"}, 400, "level"),
    ({"problem": ""}, 400, "problem"),
    ({"reply_deadline": "2026-11-22"}, 400, None),  # not after today: the service's rule
])
def test_a_notice_is_checked(as_role, world, change, status, field):
    data = {"task": world.task.pk, "level": "yellow", "problem": "滞后。", "required_action": "整改。",
            "reply_deadline": "2026-11-30", "units": [world.resp.pk], **change}
    body = error(as_role("supervisor").post("/api/v1/notices/", data, format="json"), status)
    if field:
        assert field in body["fields"]
    else:
        assert body["code"] == "refused"
    assert not Notice.objects.exists()


def test_deciding_a_notice_is_the_offices_and_names_the_version(as_role, world):
    notice = replied_notice(world)
    url = f"/api/v1/notices/{notice.pk}/accept/"
    error(as_role("lead_staff").post(url, {"version": notice.version}, format="json"), 403)
    error(as_role("other_staff").post(url, {"version": notice.version}, format="json"), 404)
    error(as_role("supervisor").post(url, {}, format="json"), 428)
    error(as_role("supervisor").post(url, {}, format="json", HTTP_IF_MATCH=f'"notice-{notice.pk}-v99"'), 412)
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPLIED


def test_the_notice_pdf(as_role, world, monkeypatch):
    notice = a_notice(world)
    monkeypatch.setattr("api.views.notices.missing_requirements", lambda: None)
    monkeypatch.setattr("supervision.notices.notice_pdf", lambda n: PDF + str(n).encode())
    response = as_role("resp_staff").get(f"/api/v1/notices/{notice.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == PDF + b"2026-001"
    error(as_role("other_staff").get(f"/api/v1/notices/{notice.pk}/pdf/"), 404)
    monkeypatch.setattr("api.views.notices.missing_requirements", lambda: "install fonts")
    error(as_role("resp_staff").get(f"/api/v1/notices/{notice.pk}/pdf/"), 503, "pdf_unavailable")


# --------------------------------------------------------------------------------------- assessment


def test_the_ranking_is_the_assessments(as_role, world):
    completed_task(world)
    response = as_role("leader").get("/api/v1/assessment/2026/?as_of=2026-11-22")
    assert response.status_code == 200, response.json()
    body = response.json()
    expected = assess_units(2026, TODAY)
    assert body["year"] == 2026 and body["as_of"] == "2026-11-22"
    assert [(row["unit"], row["rank"], row["score"]) for row in body["scores"]] == [
        (score.unit.pk, score.rank, f"{score.score:.2f}") for score in expected.scores]
    assert {s["kind"] for s in body["scores"][0]["subtotals"]} >= {"completed_on_time", "missing_report"}


def test_unit_staff_read_their_own_units_breakdown_only(as_role, world):
    staff = as_role("resp_staff")
    error(staff.get("/api/v1/assessment/2026/"), 403)
    mine = staff.get(f"/api/v1/assessment/2026/units/{world.resp.pk}/")
    assert mine.status_code == 200 and mine.json()["unit"] == world.resp.pk
    assert mine.json()["lines"] and all(line["record"] for line in mine.json()["lines"])
    error(staff.get(f"/api/v1/assessment/2026/units/{world.lead.pk}/"), 404)


def test_the_assessment_checks_its_parameters(as_role, world):
    office = as_role("supervisor")
    assert "as_of" in error(office.get("/api/v1/assessment/2026/?as_of=昨天"), 400)["fields"]
    error(office.get("/api/v1/assessment/1999/"), 404)
    assert office.get("/api/v1/assessment/2026/?as_of=2027-02-01").json()["as_of"] == "2026-12-31"


# ------------------------------------------------------------------------------------------- lists


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(queries)


def _workflow_records(world, tasks):
    for task in tasks:
        pending_closing(world, task)
        pending_extension(world, task)
        instructions.record_instruction(fresh(world["supervisor"]), InstructionInput(
            "张区长", TODAY, "抓紧。", D(2026, 11, 30), [world.lead, world.resp]), plan=world.plan, task=task)
        instruction = Instruction.objects.latest("pk")
        instructions.reply_to_instruction(fresh(world["lead_staff"]), instruction, world.lead, "已落实。")
        notice = Notice.objects.create(task=task, year=2026, serial=Notice.objects.count() + 1, level="red",
                                       problem="滞后。", required_action="整改。", reply_deadline=D(2026, 11, 30),
                                       issued_on=TODAY)
        notice.units.set([world.lead, world.resp])
        NoticeReply.objects.create(notice=notice, unit=world.lead, text="已整改。")


LIST_URLS = ["/api/v1/closing-requests/", "/api/v1/extensions/", "/api/v1/instructions/", "/api/v1/notices/"]


@pytest.mark.parametrize("role", ["lead_staff", "supervisor"])
@pytest.mark.parametrize("url", LIST_URLS)
def test_lists_do_not_query_per_row(as_role, world, role, url):
    _workflow_records(world, [world.task])
    client = as_role(role)
    small = _count(client, url)
    grow_tasks(world, 12)
    more = list(Task.objects.exclude(pk=world.task.pk).order_by("pk")[:8])
    for task in more:
        task.deadline = D(2026, 12, 31)
        task.save()
        TaskUnit.objects.get_or_create(task=task, role=UnitRole.LEAD, unit=world.lead)
    _workflow_records(world, more)
    assert client.get(url).json()["count"] == 9
    large = _count(client, url)
    assert large == small, f"{url} as {role}: {small} queries with one record, {large} with nine"
    assert small <= 12


def test_lists_are_paginated(as_role, world):
    for units in ([world.lead], [world.resp], [world.lead, world.resp]):  # three instructions, not one three times
        an_instruction(world, units)
    page = as_role("supervisor").get("/api/v1/instructions/?page_size=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert InstructionState.OPEN == page["results"][0]["state"]


def test_a_notice_for_a_task_that_is_not_red_today_is_a_conflict_not_bad_input(as_role, world):
    from tests.progress.conftest import LAST_MONTH, make_update

    make_update(world.task, world.lead, period=LAST_MONTH, percent_complete=95)  # reported on time: green
    data = {"task": world.task.pk, "level": "yellow", "problem": "滞后。", "required_action": "整改。",
            "reply_deadline": "2026-11-30", "units": [world.resp.pk]}
    body = error(as_role("supervisor").post("/api/v1/notices/", data, format="json"), 409, "wrong_state")
    assert "not red today" in body["messages"]["en"] and "红" in body["messages"]["zh-hans"]  # both languages
    assert not Notice.objects.exists()


def test_approving_an_extension_after_the_deadline_moved_is_a_conflict(as_role, world):
    extension = pending_extension(world)
    Task.objects.filter(pk=world.task.pk).update(deadline=D(2027, 1, 31))
    response = as_role("supervisor").post(f"/api/v1/extensions/{extension.pk}/approve/",
                                          {"version": extension.version}, format="json")
    body = error(response, 409, "wrong_state")
    assert "deadline changed" in body["messages"]["en"] and "时限已变更" in body["messages"]["zh-hans"]
    extension.refresh_from_db()
    assert extension.state == RequestState.PENDING


def test_two_applications_racing_both_get_already_exists_with_the_waiting_ones_id(as_role, world, monkeypatch):
    """The view's check saw none waiting, but one was saved a moment later: the database's unique check catches
    it, and the answer is the same 409 `already_exists`, naming the one waiting."""
    first = closing.apply_to_close(fresh(world["lead_staff"]), world.task, "已全部完成。")
    real = closing.pending_request
    calls = {"n": 0}

    def not_yet_then_real(task):
        calls["n"] += 1
        return None if calls["n"] <= 2 else real(task)  # the view's and the service's checks miss it

    monkeypatch.setattr(closing, "pending_request", not_yet_then_real)
    body = error(as_role("lead_staff").post(f"/api/v1/tasks/{world.task.pk}/close/", {"summary": "完成。"},
                                            format="json"), 409, "already_exists")
    assert body["id"] == first.pk and CompletionRequest.objects.count() == 1


def test_a_refusal_with_a_value_in_it_is_given_in_both_languages(as_role, world):
    body = error(as_role("lead_staff").post(f"/api/v1/tasks/{world.task.pk}/extensions/",
                                            {"new_deadline": "2026-12-01", "reason": "需要时间。"}, format="json"),
                 400, "refused")
    assert "2026-12-31" in body["messages"]["en"] and "2026-12-31" in body["messages"]["zh-hans"]
    assert body["messages"]["en"] != body["messages"]["zh-hans"]

