"""One number for every task and ▲ sub-item: a ▲ sub-item is numbered by its task's number, ▲ and its place
among the task's ▲ sub-items (三(一)11▲2), and that number is what every page, export, report and the API print
— never three sub-items all called 三(一)11▲."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from plans.importing import ImportChoices, import_plan, read_source
from plans.models import Plan, PlanStatus, Section
from reports.building import build_report
from reports.content import load_content
from reports.periods import ReportPeriod
from tasks.models import Target, Task, TaskUnit, UnitRole
from tests.conftest import make_user
from units.models import GlobalRole

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
SUB_ITEMS = ["三(一)11▲1", "三(一)11▲2", "三(一)11▲3"]


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr("tasks.periods.today", lambda: TODAY)


@pytest.fixture
def plan(unit):
    plan = Plan.objects.create(title="2026年重点工作", status=PlanStatus.ACTIVE,
                               period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    top = Section.objects.create(plan=plan, number="三、", title="民生保障", position=1)
    section = Section.objects.create(plan=plan, parent=top, number="（一）", title="城市更新", position=2)
    task = Task.objects.create(plan=plan, section=section, number="11", position=3, text="推进城市更新。")
    TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=unit, name=unit.name)
    for n, text in enumerate(["完成青岚片区改造。", "完成东湖片区改造。", "完成白云片区改造。"], start=4):
        Task.objects.create(plan=plan, section=section, parent=task, number="▲", position=n, text=text)
    return plan


def sub_items(plan):
    return Task.objects.filter(plan=plan, parent__isnull=False).order_by("position")


def test_each_sub_item_has_a_number_of_its_own(plan):
    assert [task.number_path for task in sub_items(plan)] == SUB_ITEMS
    assert Task.objects.get(plan=plan, number="11").number_path == "三(一)11"


def test_a_sub_item_added_later_takes_the_next_number(plan):
    task = Task.objects.get(plan=plan, number="11")
    Task.objects.filter(pk=sub_items(plan)[1].pk).delete()
    added = Task.objects.create(plan=plan, parent=task, number="▲", position=9, text="完成西城片区改造。")
    # a number once given is never given to another: a meeting's ▲3 stays ▲3
    assert [t.number_path for t in sub_items(plan)] == ["三(一)11▲1", "三(一)11▲3", "三(一)11▲4"]
    assert added.number_path == "三(一)11▲4"


DOCUMENT = """关于印发2026年重点工作任务分解的通知
三、民生保障
（一）城市更新
11. 推进城市更新。（牵头单位：区住建委）
▲完成青岚片区改造。
▲完成东湖片区改造。
12. 做好招商。（牵头单位：区商务局）
（1）引进企业10家。
（2）签约项目5个。
（二）公园建设
▲ 新建口袋公园5个。（牵头单位：区住建委）
▲ 改造老旧小区3个。（牵头单位：区住建委）
"""


def test_an_imported_document_numbers_its_sub_items_and_unnumbered_tasks(db):
    plan = import_plan(read_source(text=DOCUMENT), choices=ImportChoices(plan_fields={"title": "2026年重点工作"}))
    paths = [task.number_path for task in Task.objects.filter(plan=plan).order_by("position")]
    # 12. has numbered items of its own, so the parser reads it as a heading with two tasks
    assert paths == ["三(一)11", "三(一)11▲1", "三(一)11▲2", "三(一)12(1)", "三(一)12(2)", "三(二)▲1", "三(二)▲2"]


def test_the_task_list_its_export_and_the_api_print_the_sub_items_numbers(client, plan):
    client.force_login(make_user("office", GlobalRole.SUPERVISOR))
    page = client.get(reverse("tasks:list"), {"plan": plan.pk}).content.decode()
    for number in SUB_ITEMS:
        assert f">{number}<" in page
    export = client.get(reverse("tasks:list"), {"plan": plan.pk, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["三(一)11", *SUB_ITEMS]
    listed = client.get("/api/v1/tasks/", {"plan": plan.pk}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert sorted(row["number_path"] for row in rows) == sorted(["三(一)11", *SUB_ITEMS])


def test_a_report_numbers_its_sub_item_rows_and_names_them_in_the_summary(plan):
    supervisor = make_user("office", GlobalRole.SUPERVISOR)
    report = build_report(ReportPeriod("monthly", datetime.date(2026, 10, 1)), plan, actor=supervisor,
                          today=TODAY).report
    assert [row.number for row in report.rows.order_by("position")] == ["三(一)11", *SUB_ITEMS]
    # none of them has reported: all red, each named by its own number
    assert "三(一)11▲1、三(一)11▲2、三(一)11▲3" in report.summary


def test_a_reports_target_table_names_a_sub_items_target_by_its_number(plan):
    Target.objects.create(task=sub_items(plan)[1], text="改造面积12万平方米", value=12, measure_unit="万平方米")
    supervisor = make_user("office", GlobalRole.SUPERVISOR)
    report = build_report(ReportPeriod("monthly", datetime.date(2026, 10, 1)), plan, actor=supervisor,
                          today=TODAY).report
    assert [target["task"] for target in load_content(report).targets] == ["三(一)11▲2 完成东湖片区改造。"]


def test_the_plan_page_shows_each_sub_items_place_under_its_task(client, plan):
    client.force_login(make_user("office", GlobalRole.SUPERVISOR))
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    places = [html.index(f'<span class="number">▲{n}</span>') for n in (1, 2, 3)]
    assert places == sorted(places) and html.index('<span class="number">11</span>') < places[0]
