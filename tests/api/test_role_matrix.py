"""Every role × every API action, with a token: the same answers as the pages' matrix
(tests/progress/test_role_matrix.py) — 404 for what the person may not see, 403 for what they see but may
not do — because both ask tasks/permissions.py."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reports.models import Report, ReportStatus
from supervision.closing import confirm_closing
from supervision.notices import reply_to_notice
from tasks.models import Attachment, ReviewState

from ..progress.conftest import LAST_MONTH, TODAY, fresh, make_update
from ..progress.test_role_matrix import ROLES
from ..supervision.test_role_matrix import _instruction, _notice, _pending_closing, _pending_extension

pytestmark = pytest.mark.django_db


def _write(unit_name, submit=False):
    def act(client, world):
        unit = getattr(world, unit_name)
        data = {"task": world.task.pk, "unit": unit.pk, "period": "2026-11", "narrative": "本月进展。",
                "percent_complete": 30, "submit": submit}
        return client.post("/api/v1/updates/", data, format="json")
    return act


def _change_draft(client, world):
    update = make_update(world.task, world.resp, ReviewState.DRAFT)
    return client.patch(f"/api/v1/updates/{update.pk}/", {"percent_complete": 60, "version": update.version},
                        format="json")


def _submit_draft(client, world):
    update = make_update(world.task, world.resp, ReviewState.DRAFT)
    return client.post(f"/api/v1/updates/{update.pk}/submit/", {"version": update.version}, format="json")


def _attach_to_draft(client, world):
    update = make_update(world.task, world.resp, ReviewState.DRAFT)
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    return client.post(f"/api/v1/updates/{update.pk}/attachments/", {"file": upload, "version": update.version},
                       format="multipart")


def _decide(decision):
    def act(client, world):
        update = make_update(world.task, world.resp)
        return client.post(f"/api/v1/updates/{update.pk}/{decision}/",
                           {"comment": "请补充数据。", "version": update.version}, format="json")
    return act


def _reopen(client, world):
    update = make_update(world.task, world.resp, ReviewState.ACCEPTED)
    return client.post(f"/api/v1/updates/{update.pk}/reopen/", {"reason": "数据有误。", "version": update.version},
                       format="json")


def _download(client, world):
    update = make_update(world.task, world.resp)
    attachment = Attachment(update=update, original_name="a.pdf", content_type="application/pdf", size=9)
    attachment.file.save("a.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.7\n"), save=False)
    attachment.save()
    return client.get(f"/api/v1/attachments/{attachment.pk}/")


def _read_submitted(client, world):
    update = make_update(world.task, world.resp)
    return client.get(f"/api/v1/updates/{update.pk}/")


def _report(status):
    def make(world):
        from reports.building import build_report
        from reports.periods import ReportPeriod

        report = build_report(ReportPeriod("monthly", LAST_MONTH), world.plan).report
        Report.objects.filter(pk=report.pk).update(status=status)
        return report
    return make


def _read_report(status):
    def act(client, world):
        return client.get(f"/api/v1/reports/{_report(status)(world).pk}/")
    return act


def _export_final_report(client, world):
    report = _report(ReportStatus.FINAL)(world)
    return client.post(f"/api/v1/reports/{report.pk}/exports/", {"format": "xlsx"}, format="json")


def _closing_decision(decision):
    def act(client, world):
        request = _pending_closing(world)
        return client.post(f"/api/v1/closing-requests/{request.pk}/{decision}/",
                           {"version": request.version, "reason": "缺材料。"}, format="json")
    return act


def _approve_extension(client, world):
    extension = _pending_extension(world)
    return client.post(f"/api/v1/extensions/{extension.pk}/approve/", {"version": extension.version}, format="json")


def _reopen_task(client, world):
    request = _pending_closing(world)
    confirm_closing(fresh(world["supervisor"]), request, expected_version=request.version, today=TODAY)
    world.task.refresh_from_db()
    return client.post(f"/api/v1/tasks/{world.task.pk}/reopen/",
                       {"reason": "复查不合格。", "version": world.task.version}, format="json")


def _record_instruction(client, world):
    return client.post("/api/v1/instructions/", {
        "task": world.task.pk, "leader_name": "张区长", "given_on": "2026-11-20", "text": "抓紧推进。",
        "units": [world.lead.pk], "reply_deadline": "2026-11-30"}, format="json")


def _on_instruction(step, data):
    def act(client, world):
        instruction = _instruction(world)
        return client.post(f"/api/v1/instructions/{instruction.pk}/{step}/", {"version": instruction.version, **data},
                           format="json")
    return act


def _issue_notice(client, world):
    return client.post("/api/v1/notices/", {
        "task": world.task.pk, "level": "red", "problem": "滞后。", "required_action": "整改。",
        "reply_deadline": "2026-11-30", "units": [world.resp.pk]}, format="json")


def _reply_to_notice(client, world):
    return client.post(f"/api/v1/notices/{_notice(world).pk}/replies/", {"text": "已整改。"}, format="json")


def _accept_notice(client, world):
    notice = _notice(world)
    reply_to_notice(fresh(world["lead_staff"]), notice, world.lead, "已整改。")
    reply_to_notice(fresh(world["resp_staff"]), notice, world.resp, "已配合。")
    notice.refresh_from_db()
    return client.post(f"/api/v1/notices/{notice.pk}/accept/", {"version": notice.version}, format="json")


WRITERS_OF_RESP = dict.fromkeys(ROLES, 403) | {"resp_staff": 201, "resp_head": 201, "other_staff": 404}
READ_EVERYTHING = {"supervisor": 200, "leader": 200, "administrator": 200}
ONLY_RESP_UNIT = dict.fromkeys(ROLES, 404) | {"resp_staff": 200, "resp_head": 200}  # a draft is the unit's own
ONLY_OFFICE = dict.fromkeys(ROLES, 403) | {"supervisor": 200, "other_staff": 404}
# an instruction or notice on the task naming the lead and the responsible unit
NAMED_UNITS_REPLY = ONLY_OFFICE | {"resp_staff": 201, "resp_head": 201, "lead_staff": 201, "supervisor": 403}

ACTIONS = {
    "list tasks": (lambda c, w: c.get("/api/v1/tasks/"), dict.fromkeys(ROLES, 200)),
    "export tasks": (lambda c, w: c.get("/api/v1/tasks/?format=xlsx"), dict.fromkeys(ROLES, 200)),
    "read a task": (
        lambda c, w: c.get(f"/api/v1/tasks/{w.task.pk}/"), dict.fromkeys(ROLES, 200) | {"other_staff": 404},
    ),
    "change a task": (
        lambda c, w: c.patch(f"/api/v1/tasks/{w.task.pk}/", {"deadline_text": "年内", "version": 1}, format="json"),
        dict.fromkeys(ROLES, 403) | {"supervisor": 200, "other_staff": 404},
    ),
    "read a submitted update": (_read_submitted, dict.fromkeys(ROLES, 200) | {"other_staff": 404}),
    "write the responsible unit's update": (_write("resp"), WRITERS_OF_RESP),
    "write and submit the responsible unit's update": (_write("resp", submit=True), WRITERS_OF_RESP),
    "submit the lead unit's (consolidated) update": (
        _write("lead", submit=True), dict.fromkeys(ROLES, 403) | {"lead_staff": 201, "other_staff": 404},
    ),
    "submit a street's update through its group": (
        _write("street", submit=True), dict.fromkeys(ROLES, 403) | {"street_staff": 201, "other_staff": 404},
    ),
    "change the responsible unit's draft": (_change_draft, ONLY_RESP_UNIT),
    "submit the responsible unit's draft": (_submit_draft, ONLY_RESP_UNIT),
    "attach a file to the responsible unit's draft": (_attach_to_draft, ONLY_RESP_UNIT),
    "accept a submitted update": (
        _decide("accept"), dict.fromkeys(ROLES, 403) | {"lead_staff": 200, "supervisor": 200, "other_staff": 404},
    ),
    "return a submitted update": (
        _decide("return"), dict.fromkeys(ROLES, 403) | {"lead_staff": 200, "supervisor": 200, "other_staff": 404},
    ),
    "reopen an accepted update": (_reopen, dict.fromkeys(ROLES, 403) | {"supervisor": 200, "other_staff": 404}),
    "urge a unit": (
        lambda c, w: c.post("/api/v1/urges/", {"task": w.task.pk, "unit": w.resp.pk, "message": "请报送。"},
                            format="json"),
        dict.fromkeys(ROLES, 403) | {"supervisor": 201, "other_staff": 404},
    ),
    "list urges": (lambda c, w: c.get("/api/v1/urges/"), dict.fromkeys(ROLES, 200)),
    "download an attachment": (_download, dict.fromkeys(ROLES, 200) | {"other_staff": 404}),
    "list notifications": (lambda c, w: c.get("/api/v1/notifications/"), dict.fromkeys(ROLES, 200)),
    "list units": (lambda c, w: c.get("/api/v1/units/"), dict.fromkeys(ROLES, 200)),
    "list plans": (lambda c, w: c.get("/api/v1/plans/"), dict.fromkeys(ROLES, 200)),
    "who am I": (lambda c, w: c.get("/api/v1/me/"), dict.fromkeys(ROLES, 200)),
    "list reports": (lambda c, w: c.get("/api/v1/reports/"), dict.fromkeys(ROLES, 200)),
    "read a draft report": (_read_report(ReportStatus.DRAFT), dict.fromkeys(ROLES, 404) | READ_EVERYTHING),
    "read a final report": (_read_report(ReportStatus.FINAL), dict.fromkeys(ROLES, 200) | {"other_staff": 404}),
    "build a report": (
        lambda c, w: c.post("/api/v1/reports/", {"kind": "monthly", "period": "2026-10"}, format="json"),
        dict.fromkeys(ROLES, 403) | {"supervisor": 202},
    ),
    "ask for a file of a final report": (
        _export_final_report, dict.fromkeys(ROLES, 202) | {"other_staff": 404},
    ),
    # the supervision workflow (supervision/): the same answers as the pages' matrix, tests/supervision/
    "apply to close a task": (
        lambda c, w: c.post(f"/api/v1/tasks/{w.task.pk}/close/", {"summary": "全部完成。"}, format="json"),
        ONLY_OFFICE | {"supervisor": 403, "lead_staff": 201},
    ),
    "request a deadline extension": (
        lambda c, w: c.post(f"/api/v1/tasks/{w.task.pk}/extensions/", {"new_deadline": "2027-03-31",
                                                                       "reason": "拆迁滞后。"}, format="json"),
        ONLY_OFFICE | {"supervisor": 403, "lead_staff": 201},
    ),
    "confirm closing": (_closing_decision("approve"), ONLY_OFFICE),
    "reject closing": (_closing_decision("reject"), ONLY_OFFICE),
    "approve an extension": (_approve_extension, ONLY_OFFICE),
    "reopen a completed task": (_reopen_task, ONLY_OFFICE),
    "record an instruction": (_record_instruction, dict.fromkeys(ROLES, 403) | {"supervisor": 201}),
    "reply to an instruction": (_on_instruction("replies", {"text": "已落实。"}), NAMED_UNITS_REPLY),
    "close an instruction": (_on_instruction("close", {}), ONLY_OFFICE),
    "issue a notice": (_issue_notice, ONLY_OFFICE | {"supervisor": 201}),
    "reply to a notice": (_reply_to_notice, NAMED_UNITS_REPLY),
    "accept a notice's replies": (_accept_notice, ONLY_OFFICE),
    "list applications to close": (lambda c, w: c.get("/api/v1/closing-requests/"), dict.fromkeys(ROLES, 200)),
    "list extensions": (lambda c, w: c.get("/api/v1/extensions/"), dict.fromkeys(ROLES, 200)),
    "list instructions": (lambda c, w: c.get("/api/v1/instructions/"), dict.fromkeys(ROLES, 200)),
    "list notices": (lambda c, w: c.get("/api/v1/notices/"), dict.fromkeys(ROLES, 200)),
    "assessment ranking": (
        lambda c, w: c.get("/api/v1/assessment/2026/"), dict.fromkeys(ROLES, 403) | READ_EVERYTHING,
    ),
    "a unit's assessment": (
        lambda c, w: c.get(f"/api/v1/assessment/2026/units/{w.resp.pk}/"),
        dict.fromkeys(ROLES, 404) | READ_EVERYTHING | {"resp_staff": 200, "resp_head": 200},
    ),
    # dashboards: the office, leaders, administrators, and unit heads (over their own units' tasks)
    "dashboard overview": (
        lambda c, w: c.get("/api/v1/dashboard/"), dict.fromkeys(ROLES, 403) | READ_EVERYTHING | {"resp_head": 200},
    ),
    "dashboard by unit": (
        lambda c, w: c.get("/api/v1/dashboard/units/"),
        dict.fromkeys(ROLES, 403) | READ_EVERYTHING | {"resp_head": 200},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_may_or_may_not(as_role, world, action, role):
    request, expected = ACTIONS[action]
    response = request(as_role(role), world)
    assert response.status_code == expected[role], f"{role} → {action}: {getattr(response, 'data', '')}"


@pytest.mark.parametrize("action", list(ACTIONS))
def test_anonymous_callers_must_authenticate(world, action):
    request, _expected = ACTIONS[action]
    response = request(APIClient(), world)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "not_authenticated"


def test_the_session_of_a_signed_in_page_user_works_too(client, world):
    client.force_login(world["resp_staff"])
    assert client.get("/api/v1/tasks/").json()["count"] == 1
    assert client.get(f"/api/v1/tasks/{world.other_task.pk}/").status_code == 404


def test_unit_staff_see_only_their_units_tasks_and_urges(as_role, world):
    from tasks.models import Urge

    Urge.objects.create(task=world.task, unit=world.resp, message="请报送。")
    Urge.objects.create(task=world.task, unit=world.street, message="请报送。")
    resp_client = as_role("resp_staff")
    assert [t["id"] for t in resp_client.get("/api/v1/tasks/").json()["results"]] == [world.task.pk]
    assert [u["unit"] for u in resp_client.get("/api/v1/urges/").json()["results"]] == [world.resp.pk]
    assert as_role("other_staff").get("/api/v1/tasks/").json()["count"] == 0
    assert as_role("leader").get("/api/v1/tasks/").json()["count"] == 3
    assert as_role("supervisor").get("/api/v1/urges/").json()["count"] == 2
