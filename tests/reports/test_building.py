"""Building a report: its figures are the dashboards' figures for the period's end, each task becomes a row
with the period's progress, the report is a snapshot, and a rebuild keeps the office's edits."""

import datetime

import pytest

from audit.models import AuditEntry
from reports import figures
from reports.building import ReportLocked, build_report, rebuild, scope_of_report
from reports.editing import finalise, save_row, save_summary
from reports.models import Report, ReportStatus
from reports.periods import PeriodError, ReportPeriod
from tasks.models import ProgressUpdate, Task, TaskUnit, UnitRole

from .conftest import OCT, OCTOBER, TODAY, at


def rows_by_task(report):
    return {row.task_id: row for row in report.rows.all()}


def test_figures_are_the_dashboards_as_of_the_months_end(october, district):
    f = october.figures
    assert f["as_of"] == "2026-10-31"
    assert f["health"] == {"red": 5, "yellow": 1, "green": 1, "grey": 1}  # tests/dashboards: end of October
    assert (f["total"], f["completed"], f["completion_rate"], f["overdue"]) == (8, 1, 12.5, 0)
    assert (f["reporting"]["expected"], f["reporting"]["on_time"] + f["reporting"]["late"]) == (10, 5)
    assert f["reporting_rate"] == 50.0
    # and they agree with what the dashboard computes for the same scope and day
    overview = figures.overview(scope_of_report(None), figures.AsOf.for_period(OCT, TODAY))
    assert f["health"] == overview.health.values()


def test_reporting_timeliness_by_unit_names_who_was_late_or_silent(october):
    units = {u["name"]: u for u in october.figures["units"]}
    zjw = units["区住房和城乡建设管理委员会"]
    assert (zjw["expected"], zjw["on_time"], zjw["late"], zjw["missing"]) == (2, 0, 1, 1)  # t1 on 10-28; t2 none
    fgw = units["区发展和改革委员会"]
    assert (fgw["expected"], fgw["on_time"], fgw["missing"]) == (3, 2, 1)  # the ▲ t4 it leads: nothing


def test_each_task_is_a_row_with_the_lead_units_update_or_the_responsible_units(october, district):
    rows = rows_by_task(october)
    t = district.tasks
    assert t["t7"].pk not in rows  # a draft plan's task is in no active-plans report
    assert len(rows) == 8
    t1 = rows[t["t1"].pk]
    assert t1.lead_units == "区发展和改革委员会" and t1.responsible_units == "区住房和城乡建设管理委员会"
    assert t1.number == "一(一)1" and t1.section == "2026年重点工作 一、 经济发展"
    assert t1.deadline == datetime.date(2026, 12, 31) and t1.percent_complete == 70
    # The ▲ sub-item has no lead update: its responsible unit's would be shown with the unit's name
    ProgressUpdate.objects.create(task=t["t4"], unit=district.units["qinglan"], period=OCT, narrative="完成摸排。",
                                  problems="资金未到位。", review_state="submitted", submitted_at=at(2026, 10, 20))
    report = rebuild(october, today=TODAY).report
    t4 = rows_by_task(report)[t["t4"].pk]
    assert t4.lead_units == "区发展和改革委员会"  # inherited from its task
    assert "青岚街道办事处" in t4.source_progress and "完成摸排。" in t4.source_progress
    assert "资金未到位。" in t4.source_problems
    # t2 was due on the day the report looks from: not yet overdue, and under 80 % so yellow
    assert (rows[t["t2"].pk].health, rows[t["t2"].pk].is_overdue) == ("yellow", False)


def test_a_finished_report_does_not_change_when_tasks_do(october, district):
    t1 = district.tasks["t1"]
    before = rows_by_task(october)[t1.pk]
    Task.objects.filter(pk=t1.pk).update(text="改过的任务", deadline=datetime.date(2027, 6, 30))
    ProgressUpdate.objects.filter(task=t1, period=OCT).update(narrative="后来改的进展")
    october.refresh_from_db()
    after = rows_by_task(october)[t1.pk]
    assert (after.text, after.deadline, after.source_progress) == (before.text, before.deadline,
                                                                    before.source_progress)


def test_a_rebuild_keeps_the_offices_edits_and_says_what_changed(october, district, supervisor):
    t1, t6 = district.tasks["t1"], district.tasks["t6"]
    row = rows_by_task(october)[t1.pk]
    save_row(supervisor, row, {"progress": "督查室改写的进展", "remark": "已核实", "hidden": False}, row.version)
    hidden = rows_by_task(october)[t6.pk]
    save_row(supervisor, hidden, {"hidden": True}, hidden.version)
    save_summary(supervisor, october, "督查室写的概况。", october.summary_version)
    # meanwhile the records move on: t1's October update is rewritten, t2 is deleted, a new task appears
    ProgressUpdate.objects.filter(task=t1, unit=district.units["fgw"], period=OCT).update(narrative="新的进展")
    gone = district.tasks["t2"].pk
    district.tasks["t2"].delete()
    new = Task.objects.create(plan=district.plan, section=district.top2, number="9", position=9, text="新任务")
    TaskUnit.objects.create(task=new, role=UnitRole.LEAD, unit=district.units["fgw"], name="区发展和改革委员会")

    result = build_report(OCTOBER, None, actor=supervisor, today=TODAY)
    report = result.report
    rows = rows_by_task(report)
    kept = rows[t1.pk]
    # submitted and not yet reviewed: the report says so before its words
    assert kept.source_progress.endswith("新的进展") and kept.source_progress != "新的进展"
    assert (kept.shown_progress, kept.remark) == ("督查室改写的进展", "已核实")
    assert rows[t6.pk].hidden
    assert report.summary == "督查室写的概况。"
    assert gone not in {row.task_key for row in report.rows.all()} and new.pk in rows
    what = {(c["what"], c.get("field")) for c in result.changes}
    assert {("added", None), ("removed", None), ("changed", "source_progress")} <= what
    assert any(c.get("kept_edit") for c in result.changes)
    assert report.changes == result.changes  # the page shows them


def test_a_final_report_is_not_rebuilt(october, supervisor):
    finalise(supervisor, october)
    with pytest.raises(ReportLocked):
        build_report(OCTOBER, None, today=TODAY)
    assert Report.objects.get(pk=october.pk).status == ReportStatus.FINAL


def test_building_is_audited(october):
    assert AuditEntry.objects.filter(object_id=october.pk, action="create", note="built").exists()


def test_a_quarterly_report_reads_the_whole_quarter(district):
    report = build_report(ReportPeriod.parse("quarterly", "2026Q3"), district.plan, today=TODAY).report
    assert report.period_end == datetime.date(2026, 9, 30)
    assert report.figures["as_of"] == "2026-09-30"
    t2 = rows_by_task(report)[district.tasks["t2"].pk]
    assert t2.percent_complete == 40  # its September update


@pytest.mark.parametrize(("kind", "text", "start"), [
    ("monthly", "2023-03", datetime.date(2023, 3, 1)), ("quarterly", "2023Q2", datetime.date(2023, 4, 1)),
    ("half_year", "2023H2", datetime.date(2023, 7, 1)), ("annual", "2023", datetime.date(2023, 1, 1)),
])
def test_periods_are_written_as_people_write_them(kind, text, start):
    period = ReportPeriod.parse(kind, text)
    assert period.start == start and period.code == text


@pytest.mark.parametrize(("kind", "text"), [("monthly", "2023-13"), ("quarterly", "2023Q5"), ("monthly", "March")])
def test_a_period_that_does_not_exist_is_refused(kind, text):
    with pytest.raises(PeriodError):
        ReportPeriod.parse(kind, text)


def _add_tasks(plan, section, unit, count, start):
    tasks = Task.objects.bulk_create(
        Task(plan=plan, section=section, number=str(n), position=n, text=f"批量任务{n}") for n in
        range(start, start + count))
    TaskUnit.objects.bulk_create(TaskUnit(task=t, role=UnitRole.LEAD, unit=unit, name=unit.name) for t in tasks)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(task=t, unit=unit, period=OCT, narrative="进展", review_state="submitted",
                       submitted_at=at(2026, 10, 20)) for t in tasks)


def test_a_build_runs_a_bounded_number_of_queries(district, django_assert_max_num_queries):
    _add_tasks(district.plan, district.top2, district.units["fgw"], 5, 100)
    with django_assert_max_num_queries(40) as small:
        build_report(OCTOBER, district.plan, today=TODAY)
    _add_tasks(district.plan, district.top2, district.units["fgw"], 60, 200)
    with django_assert_max_num_queries(40) as large:
        build_report(OCTOBER, district.plan, today=TODAY)
    assert len(large.captured_queries) <= len(small.captured_queries) + 4  # batches of 500, not per row


def test_a_task_completed_after_the_month_is_an_open_row_in_that_months_report(district):
    """t2 (due 10-31) is confirmed completed on 11-10: October's report, built in November, shows it in
    progress and (on 10-31, its last day) not yet overdue; its figures say the same."""
    from tasks.models import WorkStatus

    t2 = district.tasks["t2"]
    Task.objects.filter(pk=t2.pk).update(work_status=WorkStatus.COMPLETED, completed_on=datetime.date(2026, 11, 10),
                                         deadline=datetime.date(2026, 10, 15))
    report = build_report(ReportPeriod("monthly", OCT), None, today=TODAY).report
    row = rows_by_task(report)[t2.pk]
    assert (row.work_status, row.health, row.is_overdue) == (WorkStatus.IN_PROGRESS, "red", True)
    assert report.figures["completed"] == 1  # only t3, completed in September
    assert report.figures["overdue"] == 1
