"""Seed 004 (Jing'an 2020 targets): each section one paragraph of items "(一)…(二)…", ★ for 实事项目."""

from decimal import Decimal

import pytest


@pytest.fixture
def plan(seed_plan):
    return seed_plan("004")


def test_004_plan_fields(plan):
    assert plan.title == "2020年区政府重点工作目标安排"
    assert plan.period_start.year == plan.period_end.year == 2020


def test_004_has_9_sections(plan):
    assert [section.number for section in plan.sections] == list("一二三四五六七八九")
    assert plan.sections[8].title == "推进区域重点工程建设"


def test_004_splits_129_inline_items(plan):
    assert [len(section.tasks) for section in plan.sections] == [6, 16, 10, 19, 14, 10, 13, 7, 34]
    assert len(plan.tasks()) == 129
    assert plan.sections[8].tasks[-1].number == "(三十四)"


def test_004_numbers_each_sections_items_from_one(plan):
    from plans.parsing.text import int_to_chinese

    for section in plan.sections:
        assert [item.number for item in section.tasks] == [
            f"({int_to_chinese(n)})" for n in range(1, len(section.tasks) + 1)
        ]


def test_004_does_not_split_on_a_bracket_that_is_not_the_next_number(plan):
    third = plan.sections[1].tasks[2]
    assert third.text.endswith("能耗总量增长率力争控制在2.5%以下(以市政府正式下达指标为准)。")


def test_004_marks_25_livelihood_items(plan):
    flagged = [item for item in plan.tasks() if "livelihood" in item.flags]
    assert len(flagged) == 25
    assert not any(item.text.startswith("★") for item in plan.tasks())


def test_004_reads_targets_from_inline_items(plan):
    retail = plan.sections[1].tasks[1].targets[0]
    assert (retail.comparator, retail.value, retail.measure_unit) == ("gte", Decimal("800"), "亿元")
    energy = plan.sections[1].tasks[2].targets
    assert [(t.comparator, t.value) for t in energy] == [("lte", Decimal("-2")), ("lte", Decimal("2.5"))]


def test_004_notes_and_web_page_noise_stay_out_of_the_tree(plan):
    assert any(line.startswith("注:1.标★号项目") for line in plan.noise)
    assert "留言咨询" in plan.noise and "使用说明" in plan.noise
    assert not any("错误类" in item.text or "分管领导按照分工" in item.text for item in plan.all_tasks())
    assert plan.warnings == []
