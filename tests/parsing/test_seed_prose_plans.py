"""Seeds 000 and 002 (three-year action plans): prose, 一、/(一)/1. headings, context parts untracked."""

from datetime import date

import pytest


@pytest.fixture
def jingan(seed_plan):
    return seed_plan("000")


@pytest.fixture
def xuhui(seed_plan):
    return seed_plan("002")


def numbered(section):
    return [item.number for item in section.tasks if item.number]


def test_000_plan_fields(jingan):
    assert jingan.title == "静安区全力打响“上海服务”品牌加快建设“国际静安”三年行动计划(2018—2020年)"
    assert (jingan.period_start, jingan.period_end) == (date(2018, 1, 1), date(2020, 12, 31))


def test_000_sections_and_context_parts(jingan):
    assert [(s.number, s.title, s.tracked) for s in jingan.sections] == [
        ("一", "总体要求", False),
        ("二", "重点任务", True),
        ("三", "专项行动", True),
        ("四", "保障措施", False),
    ]
    assert [s.title for s in jingan.sections[0].sections] == ["指导思想", "基本原则", "主要目标"]
    assert not any(s.tracked for s in jingan.sections[0].walk_sections())
    assert not any(s.tracked for s in jingan.sections[3].walk_sections())


def test_000_numbered_items_of_the_special_actions(jingan):
    actions = jingan.sections[2].sections
    assert [s.number for s in actions] == ["(一)", "(二)", "(三)", "(四)", "(五)"]
    assert [len(numbered(s)) for s in actions] == [4, 9, 6, 7, 3]
    assert actions[1].tasks[0].text.startswith("提升总部经济发展能级。")
    assert numbered(jingan.sections[0].sections[1]) == ["1", "2", "3", "4"]


def test_000_prose_under_a_heading_becomes_an_unnumbered_task(jingan):
    key_tasks = jingan.sections[1].sections
    assert [len(s.tasks) for s in key_tasks] == [1, 1, 1, 1]
    assert key_tasks[0].tasks[0].number == ""
    assert key_tasks[0].tasks[0].text.startswith("立足上海大局")


def test_000_the_notice_line_is_noise_and_introductions_are_section_text(jingan):
    assert any("党政混合信息公开" in line for line in jingan.noise)
    assert jingan.sections[2].body.startswith("为深入推进全力打响")
    assert not any(line.startswith("为深入推进全力打响") for line in jingan.noise)
    assert jingan.warnings == []


def test_002_each_key_task_keeps_its_introduction(xuhui):
    key_tasks = xuhui.sections[1].sections
    assert all(section.body for section in key_tasks)
    assert not any(line in xuhui.noise for section in key_tasks for line in section.body.split("\n"))


def test_002_plan_fields(xuhui):
    assert xuhui.title == "徐汇区打响“上海服务”品牌增强科技服务新优势三年行动计划"
    assert xuhui.issued_on == date(2018, 11, 12)
    assert xuhui.issuer == "徐汇区发展和改革委员会"


def test_002_sections_and_context_parts(xuhui):
    assert [(s.number, s.title, s.tracked) for s in xuhui.sections] == [
        ("一", "总体要求", False),
        ("二", "重点任务", True),
        ("三", "支撑要素及保障举措", False),
    ]
    assert [s.title for s in xuhui.sections[0].sections] == ["指导思想", "基本原则", "总体目标"]


def test_002_numbered_items_of_the_key_tasks(xuhui):
    key_tasks = xuhui.sections[1].sections
    assert [len(numbered(s)) for s in key_tasks] == [4, 4, 4, 4, 3]
    assert all(len(s.tasks) == len(numbered(s)) for s in key_tasks)
    assert key_tasks[4].tasks[2].text.startswith("推动实施“标准化+”战略")


def test_002_page_footer_is_noise_not_in_the_tree(xuhui):
    footer = [line for line in xuhui.noise if "版权所有" in line or "温馨提示" in line]
    assert len(footer) == 2
    texts = [item.text for item in xuhui.all_tasks()]
    assert not any("版权所有" in text or "温馨提示" in text or "ICP" in text for text in texts)
    assert xuhui.warnings == []
