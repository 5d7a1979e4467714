"""Seed 003 (Baoshan 2008 work targets): tasks "N、" ending in "(牵头单位:…;责任单位:…)", with ▲ items."""

import re
from collections import Counter
from datetime import date

import pytest

from plans.parsing.unit_names import UnitName

from .conftest import seed_bytes


@pytest.fixture
def plan(seed_plan):
    return seed_plan("003")


def names(units):
    return [unit.name for unit in units]


def task(plan, number):
    return next(item for item in plan.tasks() if item.number == str(number))


def test_003_plan_fields(plan):
    assert plan.title == "2008年政府工作目标任务分解"
    assert plan.doc_number == "宝府办〔2008〕18号"
    assert plan.issued_on == date(2008, 2, 26)
    assert (plan.period_start, plan.period_end) == (date(2008, 1, 1), date(2008, 12, 31))


def test_003_has_7_sections(plan):
    assert [section.number for section in plan.sections] == list("一二三四五六七")
    assert plan.sections[0].title == "促进经济又好又快发展"
    assert all(not section.sections for section in plan.sections)


def test_003_has_tasks_1_to_80_in_order(plan):
    assert [item.number for item in plan.tasks()] == [str(n) for n in range(1, 81)]
    assert [len(section.tasks) for section in plan.sections] == [14, 11, 9, 15, 3, 18, 10]


def test_003_has_134_sub_items_under_the_right_tasks(plan):
    text = seed_bytes("003").decode("utf-8")
    # Independent count from the raw text: each ▲ line belongs to the last "N、" line above it.
    expected: Counter[str] = Counter()
    current = None
    for line in text.splitlines():
        numbered = re.match(r"(\d+)、", line)
        if numbered:
            current = numbered.group(1)
        elif line.startswith("▲"):
            expected[current] += 1
    found = Counter({item.number: len(item.subtasks) for item in plan.tasks() if item.subtasks})
    assert sum(found.values()) == 134
    assert found == expected
    assert (found["1"], found["4"], found["35"], found["72"]) == (4, 10, 10, 4)
    assert all(sub.number == "▲" for item in plan.tasks() for sub in item.subtasks)


def test_003_units_at_the_end_of_a_task_are_read_and_removed_from_its_text(plan):
    second = task(plan, 2)
    assert second.text == "优化投资结构,保持固定资产投资适度增长,重点推进一批“两个优先”项目建设。"
    assert names(second.lead_units) == ["发改委"]
    assert names(second.responsible_units) == ["相关委办局", "各街镇", "工业园区"]


def test_003_sub_items_keep_the_units_they_name(plan):
    first = task(plan, 1)
    assert names(first.lead_units) == ["发改委", "统计局"]
    assert names(first.subtasks[0].responsible_units) == ["发改委", "统计局", "经委"]
    assert first.subtasks[3].lead_units == [UnitName("发改委")]
    assert first.subtasks[3].responsible_units == [UnitName("新农村建设办公室", "农委"), UnitName("各街镇")]


def test_003_every_sub_item_names_units(plan):
    # In this document every ▲ names its own units, so none needs its task's (see labels_inline.txt
    # for inheritance).
    assert all(sub.names_units for item in plan.tasks() for sub in item.subtasks)


def test_003_keeps_names_that_contain_a_conjunction_whole(plan):
    assert names(task(plan, 20).lead_units) == ["老镇及旧房改造指挥部"]
    assert names(task(plan, 5).responsible_units) == ["宝山工业园区", "城市工业园区", "有关镇", "相关委办局"]


def test_003_cover_letter_and_subject_words_are_noise(plan):
    assert "特此通知" in plan.noise
    assert plan.noise[-1].startswith("主题词")
    assert plan.warnings == []
