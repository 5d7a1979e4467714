"""How fast reports are built and exported, on a district-scale data set.

Goals (issue: progress reports): a 500-task monthly report builds in under 5 s, its Excel in under 3 s, its
PDF in under 30 s; a 5,000-task Excel in under 15 s in bounded memory. `*_goal_ratio` is time / goal.

The data are made here with bulk_create (plans/load_data.py was not on this branch): per plan, sections of
50 tasks, 30 units, a lead and a responsible unit per task, the lead unit's updates for the last three
months (a tenth missing), a target on every fifth task with its actual.
"""

import datetime
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.utils import timezone
from django.utils.translation import override

from plans.models import Plan, PlanStatus, Section
from reports.building import build_report
from reports.exports import write_file
from reports.exports.pdf import missing_requirements
from reports.periods import ReportPeriod
from tasks.models import ProgressUpdate, Target, TargetActual, Task, TaskUnit, UnitRole
from units.models import Unit, UnitKind

PERIOD = ReportPeriod("monthly", datetime.date(2026, 10, 1))
TODAY = datetime.date(2026, 11, 22)
MONTHS = [datetime.date(2026, 8, 1), datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)]


def make_plan(name: str, tasks: int, units: list[Unit]) -> Plan:
    plan = Plan.objects.create(title=f"{name}重点工作任务分解方案", status=PlanStatus.ACTIVE,
                               period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    sections = Section.objects.bulk_create(
        Section(plan=plan, number=f"{n + 1}、", title=f"第{n + 1}部分重点工作", position=n)
        for n in range((tasks + 49) // 50))
    rows = Task.objects.bulk_create(
        Task(plan=plan, section=sections[n // 50], number=str(n % 50 + 1), position=n,
             text=f"推进第{n + 1}项重点工作，新建口袋公园{n % 40 + 1}个，年底前完成主体工程建设并投入使用。",
             deadline=datetime.date(2026, 6 + n % 7, 28), work_status="in_progress")
        for n in range(tasks))
    TaskUnit.objects.bulk_create(
        [TaskUnit(task=t, role=UnitRole.LEAD, unit=units[n % len(units)], name=units[n % len(units)].name)
         for n, t in enumerate(rows)]
        + [TaskUnit(task=t, role=UnitRole.RESPONSIBLE, unit=units[(n + 7) % len(units)], position=1,
                    name=units[(n + 7) % len(units)].name) for n, t in enumerate(rows)])
    submitted = timezone.make_aware(datetime.datetime(2026, 10, 20, 10))
    updates = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(task=t, unit=units[n % len(units)], period=month, percent_complete=min(100, 30 + 10 * m),
                       status="behind" if n % 13 == 0 else "on_track", review_state="submitted",
                       submitted_at=submitted, narrative=f"第{n + 1}项工作{month.month}月完成投资{n % 90 + 10}亿元，"
                       "完成总进度的一半以上，已召开专题推进会协调解决用地问题。",
                       problems="资金拨付进度偏慢。" if n % 5 == 0 else "")
        for n, t in enumerate(rows) for m, month in enumerate(MONTHS) if n % 10 != 9)
    targets = Target.objects.bulk_create(
        Target(task=t, text=f"新建口袋公园{n % 40 + 1}个", metric="口袋公园", comparator="gte", value=n % 40 + 1,
               measure_unit="个") for n, t in enumerate(rows) if n % 5 == 0)
    by_task = {u.task_id: u for u in updates if u.period == MONTHS[-1]}
    TargetActual.objects.bulk_create(
        TargetActual(update=by_task[t.task_id], target=t, value=t.value - 1 + (t.pk % 3))
        for t in targets if t.task_id in by_task)
    return plan


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run() -> dict[str, float]:
    units = list(Unit.objects.bulk_create(
        Unit(name=f"测试单位{n:02d}", kind=UnitKind.STREET if n % 4 == 0 else UnitKind.BUREAU, display_order=n)
        for n in range(30)))
    units = list(Unit.objects.filter(name__startswith="测试单位").order_by("display_order"))
    results: dict[str, float] = {}
    folder = Path(tempfile.mkdtemp(prefix="duban-report-bench-"))
    with override("zh-hans"):
        small = make_plan("五百项", 500, units)
        results["report_build_500_tasks_s"] = _seconds(lambda: build_report(PERIOD, small, today=TODAY))
        results["report_rebuild_500_tasks_s"] = _seconds(lambda: build_report(PERIOD, small, today=TODAY))
        report = build_report(PERIOD, small, today=TODAY).report
        results["report_xlsx_500_tasks_s"] = _seconds(lambda: write_file(report, "xlsx", folder / "500.xlsx"))
        results["report_docx_500_tasks_s"] = _seconds(lambda: write_file(report, "docx", folder / "500.docx"))
        if missing_requirements() is None:
            results["report_pdf_500_tasks_s"] = _seconds(lambda: write_file(report, "pdf", folder / "500.pdf"))
            results["report_pdf_500_tasks_goal_ratio"] = results["report_pdf_500_tasks_s"] / 30
        results["report_build_500_tasks_goal_ratio"] = results["report_build_500_tasks_s"] / 5
        results["report_xlsx_500_tasks_goal_ratio"] = results["report_xlsx_500_tasks_s"] / 3

        large = make_plan("五千项", 5000, units)
        results["report_build_5000_tasks_s"] = _seconds(lambda: build_report(PERIOD, large, today=TODAY))
        big = build_report(PERIOD, large, today=TODAY).report
        results["report_xlsx_5000_tasks_s"] = _seconds(lambda: write_file(big, "xlsx", folder / "5000.xlsx"))
        results["report_xlsx_5000_tasks_goal_ratio"] = results["report_xlsx_5000_tasks_s"] / 15
        tracemalloc.start()
        write_file(big, "xlsx", folder / "5000-again.xlsx")
        results["report_xlsx_5000_tasks_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return results
