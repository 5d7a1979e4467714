"""Seed 001 (Lishan 2023 task breakdown): tasks "N." followed by 牵头单位 / 责任单位 lines."""

from datetime import date
from decimal import Decimal

import pytest

from plans.parsing.unit_names import UnitName


@pytest.fixture
def plan(seed_plan):
    return seed_plan("001")


def names(units):
    return [unit.name for unit in units]


def task(plan, number):
    return next(item for item in plan.tasks() if item.number == str(number))


def test_001_plan_fields_come_from_the_cover_notice(plan):
    assert plan.title == "立山区政府2023年重点工作任务分解和责任分工方案"
    assert plan.doc_number == "鞍立政发〔2023〕2号"
    assert plan.issuer == "立山区人民政府"
    assert plan.issued_on == date(2023, 3, 28)
    assert (plan.period_start, plan.period_end) == (date(2023, 1, 1), date(2023, 12, 31))


def test_001_has_8_top_sections_and_26_subsections(plan):
    assert [section.number for section in plan.sections] == list("一二三四五六七八")
    assert [len(section.sections) for section in plan.sections] == [0, 4, 4, 4, 2, 5, 3, 4]
    assert plan.sections[1].sections[0].title == "深化“放管服”改革"
    assert all(section.tracked for section in plan.all_sections())


def test_001_has_86_tasks_in_order(plan):
    assert [item.number for item in plan.tasks()] == [str(n) for n in range(1, 87)]
    assert plan.tasks()[0].text == "努力实现地区生产总值增长6.2%左右。"
    assert plan.tasks()[-1].text.startswith("坚持深入推进政府系统党风廉政建设")


def test_001_tasks_sit_under_their_headings(plan):
    assert [item.number for item in plan.sections[0].tasks] == [str(n) for n in range(1, 8)]
    assert [item.number for item in plan.sections[1].sections[2].tasks] == [str(n) for n in range(15, 21)]
    assert [item.number for item in plan.sections[7].sections[3].tasks] == ["86"]


def test_001_82_tasks_have_lead_units(plan):
    without_lead = [item.number for item in plan.tasks() if not item.lead_units]
    assert len(plan.tasks()) - len(without_lead) == 82
    assert without_lead == ["46", "79", "80", "83"]


def test_001_tasks_with_only_responsible_units_keep_them(plan):
    assert names(task(plan, 79).responsible_units) == ["区民宗局"]
    assert names(task(plan, 46).responsible_units) == [
        "立山经济开发区",
        "各街道",
        "区政府系统各单位",
        "各部门",
        "市生态环境局立山分局",
        "市自然资源局三分局",
    ]


def test_001_task_1_units(plan):
    first = task(plan, 1)
    assert names(first.lead_units) == ["区发改局"]
    assert names(first.responsible_units) == ["立山经济开发区", "全区经济运行各专班"]


@pytest.mark.parametrize(
    ("number", "lead", "responsible"),
    [
        (3, ["区发改局"], ["立山经济开发区", "各街道", "区直各部门"]),
        (9, ["区营商局"], ["各街道", "区政府系统各单位", "各部门", "各相关单位"]),
        (14, ["区财政局", "区工信局", "区教育局", "区文旅局", "区卫健局"], ["各相关单位"]),
        (27, ["区工信局"], ["立山经济开发区", "区发改局", "市生态环境局立山分局"]),
        (43, ["区住建局", "恒洁公司"], ["属地街道", "区综合执法局"]),
        (59, ["区卫健局", "区民政局"], ["各街道", "各相关单位", "区人民医院"]),
        (63, ["区民政局"], ["各街道", "区财政局", "有关单位"]),
        (70, ["市自然资源局三分局", "区农业农村局"], ["属地街道", "各相关单位"]),
        (76, ["公安立山分局", "区司法局"], ["各街道"]),
        (81, ["督查室"], ["立山经济开发区", "各街道", "区政府系统各单位", "各部门"]),
    ],
)
def test_001_units_are_read_as_the_text_gives_them(plan, number, lead, responsible):
    assert names(task(plan, number).lead_units) == lead
    assert names(task(plan, number).responsible_units) == responsible


def test_001_task_75_names_twelve_responsible_units(plan):
    assert len(task(plan, 75).responsible_units) == 12
    assert task(plan, 75).responsible_units[-1] == UnitName("立山经济开发区")


def test_001_task_16_separates_qualifiers_from_unit_names(plan):
    assert task(plan, 16).lead_units == [
        UnitName("区工信局", "闲置厂房"),
        UnitName("区住建局", "停缓建工程"),
        UnitName("区商务局", "闲置楼宇"),
        UnitName("区国资局", "区属国有企业闲置资产"),
    ]


def test_001_task_1_promises_gdp_growth_of_about_6_2_percent(plan):
    target = task(plan, 1).targets[0]
    assert (target.metric, target.comparator, target.value, target.measure_unit, target.kind) == (
        "地区生产总值",
        "about",
        Decimal("6.2"),
        "%",
        "growth",
    )


def test_001_task_58_promises_4500_new_urban_jobs(plan):
    target = task(plan, 58).targets[-1]
    assert (target.metric, target.comparator, target.value, target.measure_unit) == (
        "新增城镇就业",
        "eq",
        Decimal("4500"),
        "人",
    )


def test_001_cover_letter_and_closing_remarks_are_noise_not_tasks(plan):
    assert any(line.startswith("立山经济开发区,各街道办事处") for line in plan.noise)
    assert "(此件公开发布)" in plan.noise
    assert any(line.startswith("四是严格督查考核") for line in plan.noise)
    assert not any("严格督查考核" in item.text for item in plan.all_tasks())


def test_001_raises_no_warnings(plan):
    assert plan.warnings == []
