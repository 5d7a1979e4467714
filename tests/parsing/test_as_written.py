"""The parser matches on folded text but returns every text field as the document wrote it."""

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document as new_docx

from plans.parsing import parse, read_document, read_text
from plans.parsing.text import fold
from plans.parsing.unit_names import UnitName

from .conftest import FIXTURES


def folded(data):
    """A JSON value with every string folded to half-width."""
    if isinstance(data, str):
        return fold(data)
    if isinstance(data, list):
        return [folded(item) for item in data]
    if isinstance(data, dict):
        return {key: folded(value) for key, value in data.items()}
    return data


@pytest.fixture
def plan(fixture_plan):
    return fixture_plan("as_written.txt")


def test_plan_fields_keep_their_full_width_characters(plan):
    assert plan.title == "云溪区２０２４年优化营商环境行动方案（试行）"
    assert plan.doc_number == "云府办发（２０２４）７号"
    assert plan.issuer == "云溪区人民政府办公室"
    assert plan.issued_on == date(2024, 3, 5)
    assert (plan.period_start, plan.period_end) == (date(2024, 1, 1), date(2024, 12, 31))


def test_section_titles_keep_their_punctuation(plan):
    assert [(s.number, s.title) for s in plan.sections] == [
        ("一", "坚持创新驱动，推动经济高质量发展"),
        ("二", "保障措施"),
    ]
    assert [(s.number, s.title) for s in plan.sections[0].sections] == [
        ("(一)", "提升政务服务效能"),
        ("(二)", "优化市场环境"),
    ]


def test_task_text_units_leader_and_deadline_are_as_written(plan):
    first, second, third, _context = plan.tasks()
    assert first.text == "推行“一件事一次办”，年内上线３０项。"
    assert first.lead_units == [UnitName("区政务服务中心", "窗口科")]
    assert first.responsible_units == [
        UnitName("区市场监管局"),
        UnitName("中国（上海）自由贸易试验区云溪片区管委会"),
        UnitName("各街道"),
    ]
    assert first.leader == "分管副区长（常务）"
    assert (first.deadline, first.deadline_text) == (date(2024, 6, 30), "２０２４年６月底前（第一批）")
    assert second.text == "实现地区生产总值增长６．５％左右。"
    assert second.responsible_units == [UnitName("区统计局", "数据核定")]
    assert (third.deadline, third.deadline_text) == (date(2024, 12, 31), "１２月底前")


def test_targets_keep_the_phrase_as_written_and_read_the_figure(plan):
    growth = plan.tasks()[1].targets[0]
    assert (growth.text, growth.metric) == ("地区生产总值增长６．５％左右", "地区生产总值")
    assert (growth.comparator, growth.value, growth.measure_unit, growth.kind) == (
        "about",
        Decimal("6.5"),
        "%",
        "growth",
    )
    assert plan.tasks()[2].targets[0].text == "新增市场主体５０００户"


def test_front_matter_noise_is_as_written(plan):
    assert "各街道办事处，区政府各委、办、局：" in plan.noise


def test_the_full_width_document_parses_like_its_half_width_twin(plan):
    half_width = fold((FIXTURES / "as_written.txt").read_text(encoding="utf-8"))
    assert folded(plan.to_json()) == parse(read_text(half_width, "as_written.txt")).to_json()


def test_the_example_from_the_bug_report_keeps_its_comma():
    data = parse(read_text("一、坚持创新驱动，推动经济高质量发展\n１．坚持创新驱动，推动经济高质量发展。\n")).to_json()
    assert data["sections"][0]["title"] == "坚持创新驱动，推动经济高质量发展"
    assert data["sections"][0]["tasks"][0]["text"] == "坚持创新驱动，推动经济高质量发展。"


def test_zero_width_characters_and_non_breaking_spaces_are_not_kept():
    plan = parse(
        read_text("一、任务\n1.推动\u200b经济\u00a0发展，\ufeff年底前完成。\n牵头单位：区\u200d发改委\u00a0\n")
    )
    task = plan.tasks()[0]
    assert task.text == "推动经济 发展，年底前完成。"
    assert task.lead_units == [UnitName("区发改委")]


# --- section introductions -------------------------------------------------------------------


def test_prose_between_a_heading_and_its_first_item_is_the_sections_body():
    plan = parse(
        read_text(
            "云溪区2024年工作要点\n一、优化营商环境\n围绕企业需求，推出改革举措。\n各单位要逐项落实。\n"
            "1.推行一网通办。\n牵头单位：区政务服务中心\n"
        )
    )
    section = plan.to_json()["sections"][0]
    assert section["body"] == "围绕企业需求，推出改革举措。\n各单位要逐项落实。"
    assert [task["text"] for task in section["tasks"]] == ["推行一网通办。"]
    assert plan.noise == []


def test_prose_under_a_heading_without_items_stays_a_task():
    plan = parse(read_text("云溪区2024年工作要点\n一、任务\n1.建设新城。\n二、保障措施\n加强督查考核。\n"))
    context = plan.to_json()["sections"][1]
    assert context["body"] == ""
    assert [(task["number"], task["text"]) for task in context["tasks"]] == [("", "加强督查考核。")]


# --- Word tables ------------------------------------------------------------------------------


@pytest.fixture
def word_table_plan() -> bytes:
    """Two paragraphs, a four-row task table (written full-width), then a heading and a paragraph."""
    word = new_docx()
    word.add_paragraph("云溪区２０２４年重点项目清单")  # line 1
    word.add_paragraph("一、重点项目")  # line 2
    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],  # line 3
        [
            "1",
            "建成云溪大道（一期），年底前通车。",
            "区建交委（工程科）",
            "属地街道，区规划资源局",
            "２０２４年１２月底前",
        ],
        ["2", "新辟公交线路３条。", "", "", ""],  # line 5: names no unit
        ["3", "新建停车位５００个。", "区交通公司", "各街道", "三季度"],  # line 6
    ]
    table = word.add_table(rows=len(rows), cols=5)
    for row_index, values in enumerate(rows):
        for column, value in enumerate(values):
            table.cell(row_index, column).text = value
    word.add_paragraph("二、保障措施")  # line 7
    word.add_paragraph("各单位每月５日前报送进展。")  # line 8
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def test_each_word_table_row_has_its_own_line(word_table_plan):
    document = read_document(word_table_plan, "清单.docx")
    assert document.blocks[2].lines == [3, 4, 5, 6]
    assert [block.line for block in document.paragraphs] == [1, 2, 7, 8]


def test_a_warning_on_a_table_row_points_at_that_row(word_table_plan):
    plan = parse(read_document(word_table_plan, "清单.docx"))
    assert [task.line for task in plan.sections[0].tasks] == [4, 5, 6]
    assert [(warning.line, warning.code) for warning in plan.warnings] == [(5, "missing_units")]
    assert [task.line for task in plan.sections[1].tasks] == [8]


def test_table_cells_are_returned_as_written(word_table_plan):
    plan = parse(read_document(word_table_plan, "清单.docx"))
    road = plan.tasks()[0]
    assert plan.title == "云溪区２０２４年重点项目清单"
    assert road.text == "建成云溪大道（一期），年底前通车。"
    assert road.lead_units == [UnitName("区建交委", "工程科")]
    assert road.responsible_units == [UnitName("属地街道"), UnitName("区规划资源局")]
    assert (road.deadline, road.deadline_text) == (date(2024, 12, 31), "２０２４年１２月底前")
