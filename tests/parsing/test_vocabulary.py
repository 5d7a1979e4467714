"""The vocabulary table: defaults, a district's extension file, the setting that names it."""

import dataclasses

import pytest
from django.core.exceptions import ImproperlyConfigured

from plans.parsing import load_vocabulary, parse, read_text


def test_default_vocabulary_has_the_documented_words():
    vocabulary = load_vocabulary()
    assert {"牵头单位", "牵头部门", "主办单位"} <= set(vocabulary.lead_labels)
    assert {"责任单位", "主要责任单位", "责任部门"} <= set(vocabulary.responsible_labels)
    assert {"配合单位", "协办单位"} <= set(vocabulary.cooperating_labels)
    assert {"牵头领导", "分管领导", "责任领导"} <= set(vocabulary.leader_labels)
    assert {"指导思想", "基本原则", "主要目标", "总体要求", "保障措施", "组织保障", "工作要求", "发展目标"} <= set(
        vocabulary.context_titles
    )
    assert {"序号", "工作任务", "任务内容", "重点任务"} <= set(vocabulary.number_columns + vocabulary.task_columns)
    assert {"完成时限", "时间节点"} <= set(vocabulary.deadline_columns)
    assert vocabulary.noise_regex.search("(此件公开发布)")
    assert vocabulary.tail_regex.search("注:1.标★号项目")


def test_vocabulary_is_frozen_and_cached():
    vocabulary = load_vocabulary()
    with pytest.raises(dataclasses.FrozenInstanceError):
        vocabulary.lead_labels = ()
    assert load_vocabulary() is vocabulary


DISTRICT_WORDS = """
[labels]
lead = ["承办单位"]
[sections]
context = ["背景情况"]
[flags]
key = ["◆"]
"""


def test_a_district_file_extends_the_defaults(tmp_path):
    extra = tmp_path / "district.toml"
    extra.write_text(DISTRICT_WORDS, encoding="utf-8")
    vocabulary = load_vocabulary(extra)
    assert vocabulary.lead_labels[-1] == "承办单位"
    assert "牵头单位" in vocabulary.lead_labels
    plan = parse(
        read_text("一、背景情况\n(一)概况\n近年来发展良好。\n二、任务\n1.◆建设新城。\n承办单位:区住建委\n"), vocabulary
    )
    assert [section.tracked for section in plan.sections] == [False, True]
    task = plan.sections[1].tasks[0]
    assert ([u.name for u in task.lead_units], task.flags, task.text) == (["区住建委"], ["key"], "建设新城。")


def test_the_setting_names_the_district_file(tmp_path, settings):
    extra = tmp_path / "district.toml"
    extra.write_text(DISTRICT_WORDS, encoding="utf-8")
    settings.DUBAN_PARSER_VOCABULARY = str(extra)
    assert "承办单位" in load_vocabulary().lead_labels
    settings.DUBAN_PARSER_VOCABULARY = None
    assert "承办单位" not in load_vocabulary().lead_labels


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[labels]\nleed = ["承办单位"]\n', "unknown list labels.leed"),
        ('[labels]\nlead = "承办单位"\n', "must be a list of strings"),
        ("[labels\n", "not valid TOML"),
        ('[noise]\nparagraph = ["(unclosed"]\n', "invalid"),
    ],
)
def test_a_broken_district_file_is_reported(tmp_path, content, message):
    extra = tmp_path / "broken.toml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=message):
        load_vocabulary(extra)


def test_a_missing_district_file_is_reported(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        load_vocabulary(tmp_path / "missing.toml")
