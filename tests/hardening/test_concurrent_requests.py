"""The same request sent ten times at once — a double click, a script retrying, two browser tabs — makes one
record: the first request answers as usual, the others with the clear refusal a second request would get
(409 on the API, the page's own message) or the same answer as the first, and never a server error.

Real threads, released together by a barrier, call a live server over HTTP, each request on its own database
connection. PostgreSQL (DATABASE_URL=postgres://…) is used as it is. An in-memory SQLite test database would
be shared by the server's threads through one connection, which is not how a laptop's `make run` works, so
on SQLite the test copies the (empty, migrated) test database to a file for the duration of the test: the
server's threads then open their own connections to that file, as they do in production.
"""

import json
import secrets
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from django.urls import reverse

from api.tokens import create_token
from reports.building import prepare_report
from reports.models import Report, ReportExport
from reports.periods import ReportPeriod
from supervision import instructions, notices
from supervision.instructions import InstructionInput
from supervision.models import (
    CompletionRequest,
    DeadlineExtension,
    Instruction,
    InstructionReply,
    Notice,
    NoticeReply,
)
from supervision.notices import NoticeInput
from tasks.models import ProgressUpdate, Urge

from ..progress.conftest import TODAY, _fixed_today, fresh, world  # noqa: F401  (fixtures used here)

pytestmark = pytest.mark.django_db(transaction=True)

AT_ONCE = 10
SERVER_ERRORS = range(500, 600)


# ------------------------------------------------------------------------------------------- the server


@pytest.fixture
def server(transactional_db, settings, monkeypatch, tmp_path):
    """A live server whose request threads each have their own database connection; its URL."""
    default = connections["default"]
    if default.vendor == "sqlite" and default.is_in_memory_db():
        default.ensure_connection()
        path = tmp_path / "concurrent.sqlite3"
        copy = sqlite3.connect(path)
        default.connection.backup(copy)
        copy.close()
        on_file = {**connections.settings["default"], "NAME": str(path)}
        monkeypatch.setitem(connections.settings, "default", on_file)
        # This thread (the test's data and assertions) uses the file too; the in-memory connection comes back after.
        monkeypatch.setattr(connections._connections, "default", connections.create_connection("default"))
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    thread = LiveServerThread("127.0.0.1", _StaticFilesHandler, connections_override={})
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    connections["default"].close()


@pytest.fixture
def district(server, world):  # noqa: F811  (the server first: on SQLite the district is written to its file)
    world.url = server
    return world


@pytest.fixture(autouse=True)
def _jobs_wait_for_a_worker(monkeypatch):
    """Builds and exports stay queued, as when a worker is busy, instead of running inside the request (eager
    Celery): what is asked for at once is then the same waiting job, whatever the timing."""
    queued = []
    monkeypatch.setattr("reports.tasks.build_report_job.delay", lambda *args: queued.append(("build", args)))
    monkeypatch.setattr("reports.tasks.export_report_job.delay", lambda *args: queued.append(("export", args)))
    return queued


# ------------------------------------------------------------------------------------------- the requests


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a page's redirect is its answer


OPENER = urllib.request.build_opener(_NoRedirects)


@dataclass
class Answer:
    status: int
    body: bytes
    location: str | None = None

    def json(self) -> dict:
        return json.loads(self.body)


def fire(make_request: Callable[[], urllib.request.Request]) -> list[Answer]:
    """Send AT_ONCE copies of the request at the same moment; their answers."""
    barrier = threading.Barrier(AT_ONCE)
    answers: list[Answer | None] = [None] * AT_ONCE

    def send(index: int) -> None:
        request = make_request()
        barrier.wait()
        try:
            with OPENER.open(request, timeout=60) as response:
                answers[index] = Answer(response.status, response.read(), response.headers.get("Location"))
        except urllib.error.HTTPError as error:
            answers[index] = Answer(error.code, error.read(), error.headers.get("Location"))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert all(answer is not None for answer in answers), "a request got no answer"
    return answers


def api_call(district, role: str, path: str, body: dict) -> Callable[[], urllib.request.Request]:
    _token, text = create_token(district[role], "concurrency")
    data = json.dumps(body).encode()
    return lambda: urllib.request.Request(
        district.url + path, data=data, method="POST",
        headers={"Authorization": f"Bearer {text}", "Content-Type": "application/json"})


def page_post(district, role: str, path: str, fields: dict) -> Callable[[], urllib.request.Request]:
    """A signed-in person's form POST, with the CSRF cookie and field a browser would send."""
    browser = Client()
    browser.force_login(district[role])
    csrf = secrets.token_hex(16)
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": csrf}, doseq=True).encode()
    cookie = f"sessionid={browser.cookies['sessionid'].value}; csrftoken={csrf}; django_language=en"
    return lambda: urllib.request.Request(
        district.url + path, data=data, method="POST",
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})


def assert_no_server_error(answers: list[Answer]) -> None:
    statuses = sorted(answer.status for answer in answers)
    assert not [s for s in statuses if s in SERVER_ERRORS], f"server errors: {statuses}"


def assert_one_made_the_rest_refused(answers: list[Answer], made: int, created: int = 201) -> None:
    """One answer says the record was made; the others are 409 already_exists naming that record (a reply's
    answer is its notice or instruction; a refusal names the reply)."""
    assert_no_server_error(answers)
    made_answers = [answer for answer in answers if answer.status == created]
    refused = [answer for answer in answers if answer.status == 409]
    assert len(made_answers) == 1 and len(refused) == AT_ONCE - 1, sorted(a.status for a in answers)
    for answer in refused:
        assert answer.json()["code"] == "already_exists"
        assert answer.json()["id"] == made


# ------------------------------------------------------------------------------------------- API


def test_ten_identical_updates_make_one(district):
    answers = fire(api_call(district, "resp_staff", "/api/v1/updates/", {
        "task": district.task.pk, "unit": district.resp.pk, "period": f"{TODAY:%Y-%m}", "percent_complete": 60,
        "narrative": "完成改造3万平方米。"}))
    update = ProgressUpdate.objects.get(task=district.task, unit=district.resp)
    assert_one_made_the_rest_refused(answers, update.pk)


def test_ten_identical_extension_requests_make_one(district):
    answers = fire(api_call(district, "lead_staff", f"/api/v1/tasks/{district.task.pk}/extensions/",
                            {"new_deadline": "2027-03-31", "reason": "拆迁滞后。"}))
    assert_one_made_the_rest_refused(answers, DeadlineExtension.objects.get(task=district.task).pk)


def test_ten_identical_applications_to_close_make_one(district):
    answers = fire(api_call(district, "lead_staff", f"/api/v1/tasks/{district.task.pk}/close/",
                            {"summary": "改造全部完工。"}))
    assert_one_made_the_rest_refused(answers, CompletionRequest.objects.get(task=district.task).pk)


def test_ten_identical_notices_make_one(district):
    answers = fire(api_call(district, "supervisor", "/api/v1/notices/", {
        "task": district.task.pk, "level": "red", "problem": "连续两个月未报送进展。",
        "required_action": "11月30日前报送整改措施。", "reply_deadline": "2026-11-30",
        "units": [district.lead.pk, district.resp.pk]}))
    assert_one_made_the_rest_refused(answers, Notice.objects.get(task=district.task).pk)


def test_ten_identical_urges_make_one(district):
    answers = fire(api_call(district, "supervisor", "/api/v1/urges/",
                            {"task": district.task.pk, "unit": district.resp.pk, "message": "请本周内报送进展。"}))
    assert_one_made_the_rest_refused(answers, Urge.objects.get(task=district.task, unit=district.resp).pk)


def a_notice(district) -> Notice:
    return notices.issue_notice(fresh(district["supervisor"]), district.task, NoticeInput(
        "red", "连续两个月未报送进展。", "11月30日前报送整改措施。", TODAY.replace(day=30),
        [district.lead, district.resp]), today=TODAY)


def an_instruction(district) -> Instruction:
    return instructions.record_instruction(fresh(district["supervisor"]), InstructionInput(
        "张区长", TODAY, "抓紧推进。", TODAY.replace(day=30), [district.lead, district.resp]),
        plan=district.plan, task=district.task)


def test_ten_identical_notice_replies_make_one(district):
    notice = a_notice(district)
    answers = fire(api_call(district, "resp_staff", f"/api/v1/notices/{notice.pk}/replies/",
                            {"unit": district.resp.pk, "text": "已配合整改。"}))
    assert_one_made_the_rest_refused(answers, NoticeReply.objects.get(notice=notice).pk)


def test_ten_identical_instruction_replies_make_one(district):
    instruction = an_instruction(district)
    answers = fire(api_call(district, "resp_staff", f"/api/v1/instructions/{instruction.pk}/replies/",
                            {"unit": district.resp.pk, "text": "已按批示推进。"}))
    assert_one_made_the_rest_refused(answers, InstructionReply.objects.get(instruction=instruction).pk)


def test_ten_identical_instructions_make_one(district):
    answers = fire(api_call(district, "supervisor", "/api/v1/instructions/", {
        "plan": district.plan.pk, "task": district.task.pk, "leader_name": "张区长", "given_on": f"{TODAY}",
        "text": "抓紧推进。", "reply_deadline": f"{TODAY.replace(day=30)}",
        "units": [district.lead.pk, district.resp.pk]}))
    assert_one_made_the_rest_refused(answers, Instruction.objects.get(plan=district.plan).pk)


def test_ten_identical_report_builds_make_one_report_and_one_build(district, _jobs_wait_for_a_worker):
    answers = fire(api_call(district, "supervisor", "/api/v1/reports/",
                            {"kind": "monthly", "period": "2026-10", "plan": district.plan.pk}))
    assert_no_server_error(answers)
    report = Report.objects.get()
    assert [answer.status for answer in answers] == [202] * AT_ONCE
    assert {answer.json()["id"] for answer in answers} == {report.pk}
    assert [job for job, _args in _jobs_wait_for_a_worker] == ["build"]


def test_ten_identical_export_requests_make_one_file(district, _jobs_wait_for_a_worker):
    report, _created = prepare_report(ReportPeriod.parse("monthly", "2026-10"), district.plan)
    answers = fire(api_call(district, "supervisor", f"/api/v1/reports/{report.pk}/exports/",
                            {"format": "xlsx", "paper": "a4"}))
    assert_no_server_error(answers)
    export = ReportExport.objects.get()
    assert [answer.status for answer in answers] == [202] * AT_ONCE
    assert {answer.json()["id"] for answer in answers} == {export.pk}
    assert [job for job, _args in _jobs_wait_for_a_worker] == ["export"]


# ------------------------------------------------------------------------------------------- pages


def statuses(answers: list[Answer]) -> list[int]:
    return sorted(answer.status for answer in answers)


def test_ten_identical_update_forms_save_one_and_show_the_others_the_saved_one(district):
    path = reverse("tasks:update", args=[district.task.pk, district.resp.pk, f"{TODAY:%Y-%m}"])
    answers = fire(page_post(district, "resp_staff", path, {
        "status": "on_track", "percent_complete": "60", "narrative": "完成改造3万平方米。", "action": "save",
        "version": ""}))
    assert_no_server_error(answers)
    assert ProgressUpdate.objects.filter(task=district.task, unit=district.resp).count() == 1
    assert statuses(answers) == [302] + [409] * (AT_ONCE - 1)
    assert all(b"Someone else saved this update" in a.body for a in answers if a.status == 409)


@pytest.mark.parametrize("name", ["urge", "apply_to_close", "request_extension"])
def test_ten_identical_task_actions_on_the_page_make_one(district, name):
    path, role, fields, made = {
        "urge": (reverse("tasks:urge", args=[district.task.pk]), "supervisor",
                 {"unit": district.resp.pk, "message": "请本周内报送进展。"}, Urge.objects),
        "apply_to_close": (reverse("supervision:apply_to_close", args=[district.task.pk]), "lead_staff",
                           {"summary": "改造全部完工。"}, CompletionRequest.objects),
        "request_extension": (reverse("supervision:request_extension", args=[district.task.pk]), "lead_staff",
                              {"new_deadline": "2027-03-31", "reason": "拆迁滞后。"}, DeadlineExtension.objects),
    }[name]
    answers = fire(page_post(district, role, path, fields))
    assert_no_server_error(answers)
    assert made.count() == 1
    assert statuses(answers) == [302] * AT_ONCE  # back to the task page, which says what happened


@pytest.mark.parametrize("kind", ["notice", "instruction"])
def test_ten_identical_notice_and_instruction_forms_make_one(district, kind):
    units = [district.lead.pk, district.resp.pk]
    if kind == "notice":
        path = reverse("supervision:notice_new", args=[district.task.pk])
        made, refusal = Notice.objects, b"already issued"
        fields = {"level": "red", "problem": "连续两个月未报送进展。", "required_action": "11月30日前报送整改措施。",
                  "reply_deadline": "2026-11-30", "units": units}
    else:
        path = reverse("supervision:instruction_new")
        made, refusal = Instruction.objects, b"already recorded"
        fields = {"task": district.task.pk, "plan": district.plan.pk, "leader_name": "张区长",
                  "given_on": f"{TODAY}", "text": "抓紧推进。", "reply_deadline": "2026-11-30", "units": units}
    answers = fire(page_post(district, "supervisor", path, fields))
    assert_no_server_error(answers)
    assert made.count() == 1
    assert statuses(answers) == [200] * (AT_ONCE - 1) + [302]  # the form again, saying why
    assert all(refusal in a.body for a in answers if a.status == 200)


@pytest.mark.parametrize("kind", ["notice", "instruction"])
def test_ten_identical_reply_forms_send_one(district, kind):
    record = a_notice(district) if kind == "notice" else an_instruction(district)
    answers = fire(page_post(district, "resp_staff", reverse(f"supervision:{kind}", args=[record.pk]),
                             {"unit": district.resp.pk, "text": "已配合整改。"}))
    assert_no_server_error(answers)
    assert record.replies.count() == 1
    assert statuses(answers) == [200] * (AT_ONCE - 1) + [302]
    assert all(b"already sent this reply" in a.body for a in answers if a.status == 200)


def test_ten_identical_report_build_forms_make_one_report(district, _jobs_wait_for_a_worker):
    answers = fire(page_post(district, "supervisor", reverse("reports:build"),
                             {"kind": "monthly", "period": "2026-10", "plan": district.plan.pk}))
    assert_no_server_error(answers)
    report = Report.objects.get()
    assert statuses(answers) == [302] * AT_ONCE  # each to the report's page
    assert {a.location for a in answers} == {report.get_absolute_url()}
    assert [job for job, _args in _jobs_wait_for_a_worker] == ["build"]
    assert report.build_state == "queued"


def test_ten_identical_export_forms_make_one_file(district, _jobs_wait_for_a_worker):
    report, _created = prepare_report(ReportPeriod.parse("monthly", "2026-10"), district.plan)
    answers = fire(page_post(district, "supervisor", reverse("reports:export", args=[report.pk]),
                             {"format": "xlsx", "paper": "a4"}))
    assert_no_server_error(answers)
    assert ReportExport.objects.count() == 1
    assert statuses(answers) == [302] * AT_ONCE
