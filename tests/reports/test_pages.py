"""The report pages: who may see and do what (404 for reports a person may not see, 403 for actions they
may not take), build now, per-field editing with conflicts, finalise and reopen, exports."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AuditEntry
from reports.building import build_report
from reports.models import JobState, Report, ReportEdit, ReportExport, ReportStatus
from reports.periods import ReportPeriod
from tests.conftest import make_user

from .conftest import OCT, OCTOBER, TODAY


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def final(october, supervisor):
    from reports.editing import finalise

    return finalise(supervisor, october)


@pytest.fixture
def winter_final(district, supervisor):
    """A final report on the winter plan, which names only 发改委."""
    from reports.editing import finalise

    report = build_report(OCTOBER, district.winter, today=TODAY).report
    return finalise(supervisor, report)


@pytest.fixture
def qinglan_staff(district):
    return make_user("qinglan_staff", unit=district.units["qinglan"])


def actions(report):
    row = report.rows.first()
    return {
        "rebuild": (reverse("reports:rebuild", args=[report.pk]), {}),
        "summary": (reverse("reports:summary", args=[report.pk]), {"summary": "改", "version": report.summary_version}),
        "row": (reverse("reports:row", args=[report.pk, row.pk]), {"progress": "改", "version": row.version}),
        "finalise": (reverse("reports:finalise", args=[report.pk]), {}),
    }


@pytest.mark.parametrize("role", ["supervisor", "leader", "administrator"])
def test_the_office_leaders_and_administrators_read_drafts(client, district, october, role):
    response = login(client, district.users[role]).get(october.get_absolute_url())
    assert response.status_code == 200
    assert october.title in response.text
    assert reverse("reports:rebuild", args=[october.pk]) in response.text if role == "supervisor" else \
        reverse("reports:rebuild", args=[october.pk]) not in response.text


@pytest.mark.parametrize("role", ["fgw_staff", "nobody"])
def test_drafts_are_not_shown_outside_the_office(client, district, october, role):
    login(client, district.users[role])
    assert client.get(october.get_absolute_url()).status_code == 404
    for url, data in actions(october).values():
        assert client.post(url, data).status_code == 404
    assert october.title not in client.get(reverse("reports:list")).text


def test_unit_staff_read_final_reports_of_plans_naming_their_unit(client, district, final, winter_final,
                                                                  qinglan_staff):
    login(client, district.users["fgw_staff"])
    assert client.get(final.get_absolute_url()).status_code == 200
    assert client.get(winter_final.get_absolute_url()).status_code == 200
    login(client, qinglan_staff)
    assert client.get(final.get_absolute_url()).status_code == 200  # all active plans: issued to every unit
    assert client.get(winter_final.get_absolute_url()).status_code == 404  # names no street


@pytest.mark.parametrize("role", ["leader", "administrator"])
@pytest.mark.parametrize("action", ["rebuild", "summary", "row", "finalise"])
def test_readers_may_not_change_a_report(client, district, october, role, action):
    url, data = actions(october)[action]
    assert login(client, district.users[role]).post(url, data).status_code == 403
    october.refresh_from_db()
    assert october.status == ReportStatus.DRAFT and october.summary_version == 1
    assert not ReportEdit.objects.exists()


def test_unit_staff_may_not_change_a_final_report(client, district, final):
    login(client, district.users["fgw_staff"])
    for url, data in actions(final).values():
        assert client.post(url, data).status_code == 403
    final.refresh_from_db()
    assert final.status == ReportStatus.FINAL and not ReportEdit.objects.exists()
    reopen = reverse("reports:reopen", args=[final.pk])
    assert client.post(reopen).status_code == 403


@pytest.mark.parametrize("role", ["leader", "fgw_staff", "nobody"])
def test_only_the_office_builds(client, district, role):
    response = login(client, district.users[role]).post(reverse("reports:build"),
                                                        {"kind": "monthly", "period": "2026-10"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_build_now_runs_the_job_and_shows_the_report(client, district, supervisor,
                                                     django_capture_on_commit_callbacks):
    login(client, supervisor)
    with django_capture_on_commit_callbacks(execute=True):  # the job is queued once the request commits
        response = client.post(reverse("reports:build"), {"kind": "monthly", "period": "2026-10",
                                                          "plan": district.plan.pk})
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert (report.build_state, report.built_by) == (JobState.DONE, supervisor)  # the job ran in-process
    page = client.get(report.get_absolute_url()).text
    assert "任务1" in page and "<svg" in page and 'http-equiv="refresh"' not in page


def test_the_office_rebuilds_a_draft_and_sees_what_changed(client, district, october, supervisor,
                                                           django_capture_on_commit_callbacks):
    task = district.tasks["t1"]
    task.deadline, task.deadline_text = datetime.date(2027, 3, 31), "2027年3月底"
    task.save()
    login(client, supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:rebuild", args=[october.pk]))
    assert response.status_code == 302
    october.refresh_from_db()
    assert october.build_state == JobState.DONE and october.built_by == supervisor
    assert october.rows.get(task_key=task.pk).deadline_text == "2027年3月底"
    assert any(change.get("field") == "deadline" for change in october.changes)  # the page lists them


def test_a_queued_build_shows_its_progress_and_the_page_refreshes(client, october, supervisor):
    Report.objects.filter(pk=october.pk).update(build_state=JobState.QUEUED)
    page = login(client, supervisor).get(october.get_absolute_url()).text
    assert 'http-equiv="refresh"' in page and "任务1" in page  # the last build stays readable meanwhile


def test_a_bad_period_is_refused_with_what_to_write(client, supervisor):
    response = login(client, supervisor).post(reverse("reports:build"), {"kind": "quarterly", "period": "2026-10"})
    assert response.status_code == 400 and "2023Q1" in response.text
    assert not Report.objects.exists()


def test_editing_a_row_then_a_stale_form_is_refused_and_both_texts_shown(client, october, supervisor, district):
    row = october.rows.get(task_id=district.tasks["t1"].pk)
    url = reverse("reports:row", args=[october.pk, row.pk])
    login(client, supervisor)
    first = client.post(url, {"progress": "第一人的文字", "remark": "甲", "version": row.version})
    assert first.status_code == 302
    second = client.post(url, {"progress": "第二人的文字", "remark": "乙", "version": row.version})
    assert second.status_code == 409
    assert "第一人的文字" in second.text and "第二人的文字" in second.text  # theirs and mine
    row.refresh_from_db()
    assert (row.shown_progress, row.remark, row.version) == ("第一人的文字", "甲", 2)
    edits = ReportEdit.objects.filter(row=row).order_by("field")
    assert [(e.field, e.value, e.version, e.author) for e in edits] == [
        ("progress", "第一人的文字", 2, supervisor), ("remark", "甲", 2, supervisor)]
    assert AuditEntry.objects.filter(object_id=row.pk, action="update").count() == 1


def test_editing_the_summary_is_versioned(client, october, supervisor):
    url = reverse("reports:summary", args=[october.pk])
    login(client, supervisor)
    assert client.post(url, {"summary": "新概况", "version": 1}).status_code == 302
    stale = client.post(url, {"summary": "旧表单", "version": 1})
    assert stale.status_code == 409 and "旧表单" in stale.text and "新概况" in stale.text
    october.refresh_from_db()
    assert (october.summary, october.summary_version, october.summary_edited) == ("新概况", 2, True)


def test_a_final_report_is_locked_until_a_supervisor_reopens_it(client, october, supervisor):
    login(client, supervisor)
    client.post(reverse("reports:finalise", args=[october.pk]))
    october.refresh_from_db()
    assert october.is_final
    response = client.post(reverse("reports:summary", args=[october.pk]), {"summary": "改", "version": 1})
    assert response.status_code == 409 and october.summary != "改"
    client.post(reverse("reports:reopen", args=[october.pk]), {"reason": "数据更正"})
    october.refresh_from_db()
    assert october.status == ReportStatus.DRAFT
    entry = AuditEntry.objects.get(object_id=october.pk, action="reopen")
    assert entry.actor == supervisor and "数据更正" in entry.note


def test_exports_are_made_by_a_job_and_downloaded(client, october, district, django_capture_on_commit_callbacks):
    login(client, district.users["leader"])  # reading is enough to take a copy
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export", args=[october.pk]), {"format": "xlsx"})
    assert response.status_code == 302
    export = ReportExport.objects.get()
    assert export.state == JobState.DONE and export.is_ready
    page = client.get(october.get_absolute_url()).text
    download = reverse("reports:download", args=[october.pk, export.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.worksheets) == 2
    login(client, district.users["nobody"])
    assert client.get(download).status_code == 404


def test_the_pdf_button_says_what_to_install_when_pdfs_cannot_be_made(client, october, supervisor, monkeypatch):
    message = "PDF export needs a Chinese font: apt-get install fonts-noto-cjk"
    monkeypatch.setattr("reports.views.progress_reports.missing_requirements", lambda: message)
    login(client, supervisor)
    page = client.get(october.get_absolute_url()).text
    assert "fonts-noto-cjk" in page and 'value="pdf"' not in page
    assert 'value="xlsx"' in page and 'value="docx"' in page  # everything else still works
    response = client.post(reverse("reports:export", args=[october.pk]), {"format": "pdf"}, follow=True)
    assert "fonts-noto-cjk" in response.text and not ReportExport.objects.exists()


def test_the_report_page_runs_a_bounded_number_of_queries(client, district, supervisor,
                                                         django_assert_max_num_queries):
    from .test_building import _add_tasks

    login(client, supervisor)
    report = build_report(ReportPeriod("monthly", OCT), district.plan, today=TODAY).report
    client.get(report.get_absolute_url())  # the session's first request records its activity once
    with django_assert_max_num_queries(20) as small:
        assert client.get(report.get_absolute_url()).status_code == 200
    _add_tasks(district.plan, district.top2, district.units["fgw"], 40, 300)
    report = build_report(ReportPeriod("monthly", OCT), district.plan, today=TODAY).report
    with django_assert_max_num_queries(20) as large:
        assert client.get(report.get_absolute_url()).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_list_shows_reports_to_readers(client, district, october):
    page = login(client, district.users["leader"]).get(reverse("reports:list")).text
    assert october.title in page and reverse("reports:build") not in page
