"""Writing and reviewing progress updates through the API: the same rules as the update form, the
conflict rule (ETag / If-Match or `version`), the audit log, and error bodies in both languages."""

import pytest

from audit.models import AuditAction, AuditEntry
from tasks.models import ProgressUpdate, ReviewState, WorkStatus

from ..progress.conftest import make_update

pytestmark = pytest.mark.django_db


def _new(world, **fields):
    return {"task": world.task.pk, "unit": world.resp.pk, "period": "2026-11", "narrative": "完成改造5万平方米。",
            "percent_complete": 30, **fields}


def test_a_unit_writes_submits_and_gets_its_update_accepted(as_role, world):
    staff = as_role("resp_staff")
    created = staff.post("/api/v1/updates/", _new(world, actuals=[{"target": world.target.pk, "value": "5"}]),
                         format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["review_state"] == "draft" and body["version"] == 1
    assert body["actuals"] == [{"target": world.target.pk, "value": "5.0000"}]
    assert created["Location"] == f"/api/v1/updates/{body['id']}/"
    etag = created["ETag"]

    submitted = staff.post(f"/api/v1/updates/{body['id']}/submit/", {}, format="json", HTTP_IF_MATCH=etag)
    assert submitted.status_code == 200 and submitted.json()["review_state"] == "submitted"

    accepted = as_role("lead_staff").post(f"/api/v1/updates/{body['id']}/accept/", {"comment": "好"}, format="json",
                                          HTTP_IF_MATCH=submitted["ETag"])
    assert accepted.status_code == 200 and accepted.json()["review_state"] == "accepted"
    update = ProgressUpdate.objects.get(pk=body["id"])
    actions = list(AuditEntry.objects.filter(object_id=update.pk, content_type__model="progressupdate")
                   .order_by("id").values_list("action", flat=True))
    assert actions == [AuditAction.CREATE, AuditAction.SUBMIT, AuditAction.ACCEPT]


def test_with_head_approval_the_unit_head_passes_a_submission_on(as_role, world, settings):
    """DUBAN_HEAD_APPROVAL on: a staff submission waits for the unit's head, who approves it through the same
    accept call as the review page's button; only then may the lead unit accept it."""
    settings.DUBAN_HEAD_APPROVAL = True
    staff = as_role("resp_staff")
    created = staff.post("/api/v1/updates/", _new(world, submit=True), format="json")
    assert created.status_code == 201 and created.json()["review_state"] == "awaiting_head"
    update_url = f"/api/v1/updates/{created.json()['id']}/"
    version = {"version": created.json()["version"]}
    # not yet passed on: other units do not see it at all
    assert as_role("lead_staff").post(update_url + "accept/", version, format="json").status_code == 404
    assert staff.post(update_url + "accept/", version, format="json").status_code == 403  # not their own
    approved = as_role("resp_head").post(update_url + "accept/", {**version, "comment": "同意报送"}, format="json")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["review_state"] == "submitted"
    accepted = as_role("lead_staff").post(update_url + "accept/", {"version": approved.json()["version"]},
                                          format="json")
    assert accepted.status_code == 200 and accepted.json()["review_state"] == "accepted"


def test_with_head_approval_the_head_returns_a_submission_with_a_comment(as_role, world, settings):
    settings.DUBAN_HEAD_APPROVAL = True
    created = as_role("resp_staff").post("/api/v1/updates/", _new(world, submit=True), format="json").json()
    head = as_role("resp_head")
    url = f"/api/v1/updates/{created['id']}/return/"
    assert head.post(url, {"version": created["version"], "comment": " "}, format="json").status_code == 400
    returned = head.post(url, {"version": created["version"], "comment": "补充数据"}, format="json")
    assert returned.status_code == 200 and returned.json()["review_state"] == "returned"


def test_a_consolidated_update_accepted_by_the_office_moves_the_task_on(as_role, world):
    lead = as_role("lead_staff")
    created = lead.post("/api/v1/updates/", _new(world, unit=world.lead.pk, submit=True), format="json").json()
    as_role("supervisor").post(f"/api/v1/updates/{created['id']}/accept/", {"version": created["version"]},
                               format="json")
    world.task.refresh_from_db()
    assert world.task.work_status == WorkStatus.IN_PROGRESS


def test_the_update_forms_rules_apply(as_role, world):
    staff = as_role("resp_staff")
    completed_at_half = staff.post("/api/v1/updates/", _new(world, status="completed", percent_complete=50),
                                   format="json")
    assert completed_at_half.status_code == 400
    assert "percent_complete" in completed_at_half.json()["fields"]
    no_text = staff.post("/api/v1/updates/", _new(world, narrative="", submit=True), format="json")
    assert no_text.status_code == 400 and "narrative" in no_text.json()["fields"]
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"percent_complete": 101}, "percent_complete"),
    ({"status": "finished"}, "status"),
    ({"period": "2026-12"}, "period"),  # a month still to come
    ({"period": "November"}, "period"),
    ({"actuals": [{"target": 99999, "value": "1"}]}, "actuals"),
    ({"unit": 99999}, "unit"),
    ({"actuals": [{"target": 1, "value": "many"}]}, "actuals.0.value"),
])
def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(as_role, world, change, field):
    response = as_role("resp_staff").post("/api/v1/updates/", _new(world, **change), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["fields"]
    assert set(body["messages"]) == {"zh-hans", "en"}
    assert not ProgressUpdate.objects.exists()


def test_a_second_update_for_the_same_month_is_a_conflict_naming_the_first(as_role, world):
    existing = make_update(world.task, world.resp, ReviewState.DRAFT)
    response = as_role("resp_staff").post("/api/v1/updates/", _new(world), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "already_exists"
    assert response.json()["id"] == existing.pk and response.json()["current_version"] == existing.version


def test_a_stale_etag_is_refused_with_412_and_nothing_changes(as_role, world):
    update = make_update(world.task, world.resp, ReviewState.DRAFT, percent_complete=10)
    staff, head = as_role("resp_staff"), as_role("resp_head")
    etag = staff.get(f"/api/v1/updates/{update.pk}/")["ETag"]
    assert head.patch(f"/api/v1/updates/{update.pk}/", {"percent_complete": 20}, format="json",
                      HTTP_IF_MATCH=etag).status_code == 200
    late = staff.patch(f"/api/v1/updates/{update.pk}/", {"percent_complete": 90}, format="json", HTTP_IF_MATCH=etag)
    assert late.status_code == 412
    assert late.json()["code"] == "precondition_failed" and late.json()["current_version"] == 2
    update.refresh_from_db()
    assert update.percent_complete == 20


def test_a_stale_version_in_the_body_is_refused_with_409(as_role, world):
    update = make_update(world.task, world.resp, ReviewState.DRAFT, percent_complete=10)
    staff = as_role("resp_staff")
    assert staff.patch(f"/api/v1/updates/{update.pk}/", {"percent_complete": 20, "version": 1},
                       format="json").status_code == 200
    late = staff.patch(f"/api/v1/updates/{update.pk}/", {"percent_complete": 90, "version": 1}, format="json")
    assert late.status_code == 409
    body = late.json()
    assert body["code"] == "version_conflict" and body["current_version"] == 2
    assert body["detail"] == body["messages"]["zh-hans"] and body["messages"]["en"].startswith("Someone else")
    update.refresh_from_db()
    assert update.percent_complete == 20


def test_a_change_that_names_no_version_is_refused_with_428(as_role, world):
    update = make_update(world.task, world.resp, ReviewState.DRAFT)
    response = as_role("resp_staff").patch(f"/api/v1/updates/{update.pk}/", {"percent_complete": 20}, format="json")
    assert response.status_code == 428 and response.json()["code"] == "version_required"


def test_a_decision_on_a_changed_update_is_refused(as_role, world):
    update = make_update(world.task, world.resp)
    stale_version = update.version
    as_role("resp_staff").post(f"/api/v1/updates/{update.pk}/submit/", {"version": update.version}, format="json")
    response = as_role("supervisor").post(f"/api/v1/updates/{update.pk}/accept/", {"version": stale_version},
                                          format="json")
    assert response.status_code == 409 and response.json()["code"] == "version_conflict"
    update.refresh_from_db()
    assert update.review_state == ReviewState.SUBMITTED


def test_an_accepted_update_is_locked(as_role, world):
    update = make_update(world.task, world.resp, ReviewState.ACCEPTED)
    response = as_role("resp_staff").patch(f"/api/v1/updates/{update.pk}/", {"narrative": "改", "version": 1},
                                           format="json")
    assert response.status_code == 409 and response.json()["code"] == "locked"


def test_deciding_an_update_already_decided_says_so(as_role, world):
    update = make_update(world.task, world.resp, ReviewState.ACCEPTED)
    response = as_role("supervisor").post(f"/api/v1/updates/{update.pk}/accept/", {"version": update.version},
                                          format="json")
    assert response.status_code == 409 and response.json()["code"] == "wrong_state"


def test_returning_needs_a_comment(as_role, world):
    update = make_update(world.task, world.resp)
    response = as_role("supervisor").post(f"/api/v1/updates/{update.pk}/return/", {"version": update.version},
                                          format="json")
    assert response.status_code == 400 and "comment" in response.json()["fields"]
    update.refresh_from_db()
    assert update.review_state == ReviewState.SUBMITTED


def test_reopening_hands_the_update_back_to_its_unit(as_role, world):
    update = make_update(world.task, world.resp, ReviewState.ACCEPTED)
    response = as_role("supervisor").post(f"/api/v1/updates/{update.pk}/reopen/",
                                          {"reason": "数据有误。", "version": update.version}, format="json")
    assert response.status_code == 200 and response.json()["review_state"] == "returned"
    assert as_role("resp_staff").get("/api/v1/notifications/").json()["results"][0]["kind"] == "reopened"


def test_the_review_queue_filter_lists_what_waits_for_me(as_role, world):
    waiting = make_update(world.task, world.resp)
    make_update(world.task, world.lead)  # the consolidated update: the office's to review, not the lead unit's
    ids = [u["id"] for u in as_role("lead_staff").get("/api/v1/updates/?reviewable=true").json()["results"]]
    assert ids == [waiting.pk]
    assert as_role("supervisor").get("/api/v1/updates/?reviewable=true").json()["count"] == 2


def test_update_filters(as_role, world):
    make_update(world.task, world.resp)
    make_update(world.task, world.street, ReviewState.ACCEPTED)
    client = as_role("supervisor")
    assert client.get(f"/api/v1/updates/?unit={world.street.pk}").json()["count"] == 1
    assert client.get("/api/v1/updates/?review_state=submitted").json()["count"] == 1
    assert client.get("/api/v1/updates/?period=2026-11").json()["count"] == 2
    assert client.get("/api/v1/updates/?period=2026-10").json()["count"] == 0


def test_error_messages_come_in_chinese_by_default_and_in_english(as_role, world):
    body = as_role("resp_staff").get("/api/v1/tasks/99999/").json()
    assert body["code"] == "not_found"
    assert body["detail"] == body["messages"]["zh-hans"]
    assert body["messages"]["en"].startswith("Not found")


def test_urging_names_a_unit_the_task_names(as_role, world):
    client = as_role("supervisor")
    refused = client.post("/api/v1/urges/", {"task": world.task.pk, "unit": world.other.pk}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "refused"
    urged = client.post("/api/v1/urges/", {"task": world.task.pk, "unit": world.resp.pk, "message": "请报送。"},
                        format="json")
    assert urged.status_code == 201
    inbox = as_role("resp_staff").get("/api/v1/notifications/?read_at__isnull=true").json()
    assert inbox["count"] == 1 and inbox["results"][0]["kind"] == "urged"


def test_marking_notifications_read(as_role, world):
    as_role("supervisor").post("/api/v1/urges/", {"task": world.task.pk, "unit": world.resp.pk}, format="json")
    staff = as_role("resp_staff")
    first = staff.get("/api/v1/notifications/").json()["results"][0]
    assert staff.post(f"/api/v1/notifications/{first['id']}/read/").json()["read_at"] is not None
    assert as_role("resp_head").post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    # someone else's notification is not there for them
    assert as_role("resp_head").post(f"/api/v1/notifications/{first['id']}/read/").status_code == 404


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_files_are_attached_checked_downloaded_and_removed(as_role, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    update = make_update(world.task, world.resp, ReviewState.DRAFT)
    staff = as_role("resp_staff")
    url = f"/api/v1/updates/{update.pk}/attachments/"
    attached = staff.post(url, {"file": SimpleUploadedFile("进展.pdf", PDF_BYTES), "version": update.version},
                          format="multipart")
    assert attached.status_code == 200, attached.json()
    files = attached.json()["attachments"]
    assert [f["original_name"] for f in files] == ["进展.pdf"]
    download = staff.get(f"/api/v1/attachments/{files[0]['id']}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    as_pdf = staff.get(f"/api/v1/attachments/{files[0]['id']}/", HTTP_ACCEPT="application/pdf")
    assert as_pdf.status_code == 200 and as_pdf["Content-Type"] == "application/pdf"
    missing = staff.get("/api/v1/attachments/999999/", HTTP_ACCEPT="application/octet-stream")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"

    disguised = staff.post(url, {"file": SimpleUploadedFile("报告.pdf", b"MZ\x90\x00not a pdf"),
                                 "version": attached.json()["version"]}, format="multipart")
    assert disguised.status_code == 400 and "file" in disguised.json()["fields"]

    removed = staff.patch(f"/api/v1/updates/{update.pk}/", {"remove_attachments": [files[0]["id"]],
                                                             "version": attached.json()["version"]}, format="json")
    assert removed.status_code == 200 and removed.json()["attachments"] == []


def test_attaching_to_a_stale_version_is_refused(as_role, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    update = make_update(world.task, world.resp, ReviewState.DRAFT)
    response = as_role("resp_staff").post(
        f"/api/v1/updates/{update.pk}/attachments/", {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
        format="multipart", HTTP_IF_MATCH=f'"progressupdate-{update.pk}-v7"',
    )
    assert response.status_code == 412
    assert not update.attachments.exists()
