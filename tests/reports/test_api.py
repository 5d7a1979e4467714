"""Reports through the API (/api/v1/reports/): list and filter, read the content the page shows, build,
ask for files and download them — under the report pages' rules."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api.tokens import create_token
from reports.building import build_report
from reports.models import JobState, Report, ReportExport, ReportRow, ReportStatus
from reports.periods import ReportPeriod

from .conftest import OCT, SEP, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.DUBAN_API_RATE = ""


def api_client(user) -> APIClient:
    _token, text = create_token(user, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


def test_the_content_is_what_the_page_shows(client, district, october):
    supervisor = district.users["supervisor"]
    client.force_login(supervisor)
    page = client.get(october.get_absolute_url()).context["content"]
    data = api_client(supervisor).get(f"/api/v1/reports/{october.pk}/").json()
    assert data["title"] == october.title and data["status"] == "draft"
    assert [row["text"] for row in data["rows"]] == [row.text for row in page.rows]
    assert data["figures"]["total"] == october.figures["total"]
    assert data["figures"]["health"] == october.figures["health"]


def test_rows_the_office_hid_are_left_out_for_readers(district, october):
    hidden = october.rows.order_by("position").first()
    ReportRow.objects.filter(pk=hidden.pk).update(hidden=True)
    as_office = api_client(district.users["supervisor"]).get(f"/api/v1/reports/{october.pk}/").json()
    as_leader = api_client(district.users["leader"]).get(f"/api/v1/reports/{october.pk}/").json()
    assert hidden.pk in [row["id"] for row in as_office["rows"]]
    assert hidden.pk not in [row["id"] for row in as_leader["rows"]]
    assert len(as_leader["rows"]) == len(as_office["rows"]) - 1


def test_lists_are_filtered_and_paged(district, october):
    september = build_report(ReportPeriod("monthly", SEP), district.plan, today=TODAY).report
    client = api_client(district.users["supervisor"])
    assert [r["id"] for r in client.get("/api/v1/reports/").json()["results"]] == [october.pk, september.pk]
    assert [r["id"] for r in client.get(f"/api/v1/reports/?plan={district.plan.pk}").json()["results"]] == [
        september.pk]
    assert [r["id"] for r in client.get("/api/v1/reports/?all_plans=true").json()["results"]] == [october.pk]
    first = client.get("/api/v1/reports/?page_size=1").json()
    assert first["count"] == 2 and len(first["results"]) == 1 and first["next"]
    assert client.get("/api/v1/reports/?kind=weekly").status_code == 400


def test_unit_staff_list_only_final_reports(district, october):
    client = api_client(district.users["fgw_staff"])
    assert client.get("/api/v1/reports/").json()["count"] == 0
    Report.objects.filter(pk=october.pk).update(status=ReportStatus.FINAL)
    assert [r["id"] for r in client.get("/api/v1/reports/").json()["results"]] == [october.pk]
    assert api_client(district.users["nobody"]).get(f"/api/v1/reports/{october.pk}/").status_code == 404


def test_the_office_builds_a_report_and_the_job_fills_it(district, django_capture_on_commit_callbacks):
    client = api_client(district.users["supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/reports/", {"kind": "quarterly", "period": "2026Q3",
                                                    "plan": district.plan.pk}, format="json")
    assert response.status_code == 202, response.json()
    report = Report.objects.get(pk=response.json()["id"])
    assert (report.kind, report.period_start.isoformat(), report.plan) == ("quarterly", "2026-07-01", district.plan)
    assert report.build_state == JobState.DONE and report.rows.exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "monthly", "period": "2026-13"}, "period"),
    ({"kind": "monthly", "period": "十月"}, "period"),
    ({"kind": "weekly", "period": "2026-10"}, "kind"),
    ({"kind": "monthly", "period": "2026-10", "plan": 999999}, "plan"),
    ({"kind": "monthly"}, "period"),
])
def test_a_bad_build_request_names_its_field_and_builds_nothing(district, body, field):
    response = api_client(district.users["supervisor"]).post("/api/v1/reports/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Report.objects.exists()


def test_a_final_report_is_not_rebuilt(district, october):
    Report.objects.filter(pk=october.pk).update(status=ReportStatus.FINAL)
    response = api_client(district.users["supervisor"]).post(
        "/api/v1/reports/", {"kind": "monthly", "period": f"{OCT:%Y-%m}"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "report_final" and body["report"] == october.pk
    assert set(body["messages"]) == {"zh-hans", "en"}


def test_a_reader_asks_for_a_file_and_downloads_it(district, october, django_capture_on_commit_callbacks):
    client = api_client(district.users["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/reports/{october.pk}/exports/", {"format": "xlsx"}, format="json")
    assert response.status_code == 202, response.json()
    export = ReportExport.objects.get(pk=response.json()["id"])
    assert export.state == JobState.DONE
    listed = client.get(f"/api/v1/reports/{october.pk}/exports/").json()
    assert [e["id"] for e in listed] == [export.pk] and listed[0]["download"]
    download = client.get(listed[0]["download"])
    assert download.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert len(workbook.worksheets) == 2
    assert api_client(district.users["nobody"]).get(listed[0]["download"]).status_code == 404
    # clients that ask for the file's own type, or any binary, get it; a refusal is still JSON
    for accept in ("application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
        assert client.get(listed[0]["download"], HTTP_ACCEPT=accept).status_code == 200
    refused = api_client(district.users["nobody"]).get(listed[0]["download"], HTTP_ACCEPT="application/octet-stream")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"


def test_a_file_not_yet_made_cannot_be_downloaded(district, october):
    client = api_client(district.users["supervisor"])
    response = client.post(f"/api/v1/reports/{october.pk}/exports/", {"format": "docx"}, format="json")
    assert response.status_code == 202 and response.json()["state"] == "queued"
    assert response.json()["download"] is None
    assert client.get(f"/api/v1/reports/{october.pk}/exports/{response.json()['id']}/download/").status_code == 404


def test_pdf_requests_say_what_to_install_when_pdfs_cannot_be_made(district, october, monkeypatch):
    message = "PDF export needs a Chinese font: apt-get install fonts-noto-cjk"
    monkeypatch.setattr("api.views.reports.missing_requirements", lambda: message)
    response = api_client(district.users["supervisor"]).post(f"/api/v1/reports/{october.pk}/exports/",
                                                             {"format": "pdf"}, format="json")
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.json()["detail"] and not ReportExport.objects.exists()


def test_a_bad_format_is_refused(district, october):
    response = api_client(district.users["supervisor"]).post(f"/api/v1/reports/{october.pk}/exports/",
                                                             {"format": "odt"}, format="json")
    assert response.status_code == 400 and "format" in response.json()["fields"]


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_reading_reports_takes_the_same_few_queries_however_many_there_are(district, october):
    from .test_building import _add_tasks

    client = api_client(district.users["supervisor"])
    small = (_queries(client, "/api/v1/reports/"), _queries(client, f"/api/v1/reports/{october.pk}/"))
    _add_tasks(district.plan, district.top2, district.units["fgw"], 40, 300)
    bigger = build_report(ReportPeriod("monthly", OCT), None, today=TODAY).report
    build_report(ReportPeriod("monthly", SEP), district.plan, today=TODAY)
    large = (_queries(client, "/api/v1/reports/"), _queries(client, f"/api/v1/reports/{bigger.pk}/"))
    assert large == small and max(large) <= 12


def test_unit_staff_get_only_files_made_of_the_final_report(client, district, october,
                                                            django_capture_on_commit_callbacks):
    """A file made while the report was a draft may hold what the office had not let out: pages and API alike
    keep it from those who may not read drafts."""
    from reports.editing import finalise

    office = api_client(district.users["supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        draft_file = office.post(f"/api/v1/reports/{october.pk}/exports/", {"format": "xlsx"}, format="json").json()
    finalise(district.users["supervisor"], october)
    with django_capture_on_commit_callbacks(execute=True):
        final_file = office.post(f"/api/v1/reports/{october.pk}/exports/", {"format": "xlsx"}, format="json").json()
    staff = api_client(district.users["fgw_staff"])
    listed = staff.get(f"/api/v1/reports/{october.pk}/exports/").json()
    assert [e["id"] for e in listed] == [final_file["id"]]
    assert staff.get(f"/api/v1/reports/{october.pk}/exports/{draft_file['id']}/download/").status_code == 404
    assert staff.get(f"/api/v1/reports/{october.pk}/exports/{final_file['id']}/download/").status_code == 200
    assert {e["id"] for e in office.get(f"/api/v1/reports/{october.pk}/exports/").json()} == {
        draft_file["id"], final_file["id"]}
    client.force_login(district.users["fgw_staff"])
    page = client.get(october.get_absolute_url())
    assert [e.pk for e in page.context["exports"]] == [final_file["id"]]
    assert client.get(f"/reports/{october.pk}/exports/{draft_file['id']}/").status_code == 404


def test_after_a_report_is_reopened_and_made_final_again_unit_staff_get_only_the_new_files(
        district, october, django_capture_on_commit_callbacks):
    """A file of the first final version may differ from the report as it stands now: only files asked for
    since it was last made final are shown to those who may not read drafts."""
    import datetime

    from django.utils import timezone

    from reports.editing import finalise, reopen

    office, supervisor = api_client(district.users["supervisor"]), district.users["supervisor"]
    finalise(supervisor, october)
    with django_capture_on_commit_callbacks(execute=True):
        first = office.post(f"/api/v1/reports/{october.pk}/exports/", {"format": "xlsx"}, format="json").json()
    ReportExport.objects.filter(pk=first["id"]).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    october.refresh_from_db()
    reopen(supervisor, october, "补充数据")
    october.refresh_from_db()
    finalise(supervisor, october)
    with django_capture_on_commit_callbacks(execute=True):
        second = office.post(f"/api/v1/reports/{october.pk}/exports/", {"format": "xlsx"}, format="json").json()
    staff = api_client(district.users["fgw_staff"])
    assert [e["id"] for e in staff.get(f"/api/v1/reports/{october.pk}/exports/").json()] == [second["id"]]
    assert staff.get(f"/api/v1/reports/{october.pk}/exports/{first['id']}/download/").status_code == 404
