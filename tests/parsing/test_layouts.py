"""Our own 云溪区 fixtures, one per layout family, plus full-width, GB18030, Word and Excel versions."""

from datetime import date
from decimal import Decimal

import pytest

from plans.parsing import parse, read_document, read_text
from plans.parsing.unit_names import UnitName

from .conftest import FIXTURES


def names(units):
    return [unit.name for unit in units]


def test_labels_on_lines_reads_the_cover_notice_into_plan_fields(fixture_plan):
    plan = fixture_plan("labels_on_lines.txt")
    assert plan.title == "云溪区2024年重点工作任务分解方案"
    assert plan.doc_number == "云政发〔2024〕5号"
    assert plan.issuer == "云溪区人民政府"
    assert plan.issued_on == date(2024, 2, 20)
    assert (plan.period_start, plan.period_end) == (date(2024, 1, 1), date(2024, 12, 31))


def test_labels_on_lines_builds_sections_and_tasks(fixture_plan):
    plan = fixture_plan("labels_on_lines.txt")
    assert [(s.number, s.title) for s in plan.sections] == [("一", "主要预期目标"), ("二", "推进城市更新")]
    assert [s.title for s in plan.sections[1].sections] == ["加快老旧小区改造", "提升公共服务"]
    assert [t.number for t in plan.tasks()] == ["1", "2", "3", "4", "5", "6", "7"]


def test_labels_on_lines_reads_every_label(fixture_plan):
    tasks = {t.number: t for t in fixture_plan("labels_on_lines.txt").tasks()}
    # 配合单位 are responsible units, after the 责任单位.
    assert names(tasks["3"].responsible_units) == ["属地街道", "区财政局", "云溪城投公司"]
    assert tasks["4"].lead_units == [UnitName("区住建委", "绿化"), UnitName("区城管委", "环卫")]
    assert (tasks["4"].deadline, tasks["4"].deadline_text) == (date(2024, 10, 31), "2024年10月底前")
    assert tasks["6"].lead_units == [] and names(tasks["6"].responsible_units) == ["各街道"]
    assert names(tasks["7"].responsible_units) == ["区水务局", "区住建委", "各街道"]
    assert tasks["7"].leader == "分管副区长"


def test_a_deadline_in_the_task_text_takes_the_plan_year(fixture_plan):
    third = fixture_plan("labels_on_lines.txt").tasks()[2]
    assert (third.deadline, third.deadline_text) == (date(2024, 6, 30), "6月底前")


def test_closing_remarks_after_the_last_task_are_noise(fixture_plan):
    plan = fixture_plan("labels_on_lines.txt")
    assert plan.noise[-1] == "各单位要切实加强组织领导,确保各项任务按时完成。"
    assert plan.tasks()[-1].text == "做好防汛防台工作。"


def test_labels_inline_sub_items_inherit_their_tasks_units_when_they_name_none(fixture_plan):
    plan = fixture_plan("labels_inline.txt")
    first, _second, third = plan.tasks()
    retail = first.subtasks[1]
    assert retail.text == "社会消费品零售总额增长6%左右。"
    assert names(retail.lead_units) == ["区发改委", "区统计局"] and retail.responsible_units == []
    # A sub-item naming only the units that carry it out is still led by its task's lead units.
    assert first.lead_units and first.subtasks[0].lead_units == first.lead_units
    assert names(first.subtasks[0].responsible_units) == ["区财政局", "区税务局"]
    dredging = third.subtasks[0]
    assert (names(dredging.lead_units), names(dredging.responsible_units)) == (["区水务局"], ["属地街道"])
    assert not any(w.code == "missing_units" for w in plan.warnings)


def test_labels_inline_reads_qualifiers_in_angle_brackets_and_chinese_dates(fixture_plan):
    plan = fixture_plan("labels_inline.txt")
    assert plan.tasks()[0].subtasks[2].responsible_units == [UnitName("区经信委", "节能"), UnitName("各街道")]
    assert plan.issued_on == date(2024, 1, 15)
    assert plan.doc_number == "云府办〔2024〕3号"
    assert plan.tasks()[2].deadline == date(2024, 12, 31)


def test_inline_items_are_split_in_sequence(fixture_plan):
    plan = fixture_plan("inline_items.txt")
    assert [len(s.tasks) for s in plan.sections] == [3, 4, 2]
    second = plan.sections[0].tasks[1]
    assert second.text == "实现社会消费品零售总额达到300亿元(以市统计局最终数据为准)。"


def test_inline_items_ignore_a_next_number_inside_quotes(fixture_plan):
    quoted = fixture_plan("inline_items.txt").sections[1].tasks[1]
    assert quoted.number == "(二)"
    assert quoted.text == "开展“文明楼道”创建,倡导“楼道整洁。(三)无楼道”理念。"


def test_inline_items_flag_livelihood_projects_and_drop_the_notes(fixture_plan):
    plan = fixture_plan("inline_items.txt")
    assert [t.number for t in plan.tasks() if "livelihood" in t.flags] == ["(一)", "(三)"]
    assert plan.noise[-4:] == [
        "注:1.标★号项目同时被列为区政府实事项目。",
        "2.各项重点工作由区政府分管领导按照分工牵头实施。",
        "相关文档",
        "使用说明",
    ]


def test_prose_plan_marks_context_sections_untracked(fixture_plan):
    plan = fixture_plan("prose_plan.txt")
    assert [(s.title, s.tracked) for s in plan.sections] == [
        ("总体要求", False),
        ("重点任务", True),
        ("保障措施", False),
    ]
    assert (plan.period_start, plan.period_end) == (date(2024, 1, 1), date(2026, 12, 31))
    service = plan.sections[1].sections[0]
    assert [t.number for t in service.tasks] == ["1", "2"]
    assert service.tasks[1].deadline == date(2025, 6, 30)
    # The introduction under (一) is that section's text, not noise and not a task.
    assert service.body == "围绕企业和群众需求,推进政务服务标准化。"
    assert "围绕企业和群众需求,推进政务服务标准化。" not in plan.noise
    assert plan.noise[-2:] == ["温馨提示:本页面信息来源于云溪区政府网站", "© 2024 云溪区人民政府 版权所有"]
    assert plan.warnings == []


def test_full_width_punctuation_parses_like_half_width_and_stays_as_written(fixture_plan):
    plan = fixture_plan("full_width.txt")
    assert plan.title == "云溪区２０２４年民生实事项目任务分解"
    assert (plan.period_start, plan.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    first, second, third = plan.tasks()
    assert first.text == "新建幼儿园２所，新增学位５４０个。"
    assert names(first.responsible_units) == ["属地街道", "区住建委"]
    assert (names(second.lead_units), names(second.responsible_units)) == (["区民政局"], ["各街道"])
    assert second.text == "新增养老床位１２０张。"
    assert third.lead_units == [UnitName("区消防救援支队", "技术指导")]
    assert (third.deadline, third.deadline_text) == (date(2024, 9, 30), "９月底前")
    assert [(t.value, t.measure_unit) for t in first.targets] == [(Decimal("2"), "所"), (Decimal("540"), "个")]
    assert [t.text for t in first.targets] == ["新建幼儿园２所", "新增学位５４０个"]
    # Numbers are the one field given in a standard form, whatever the document's width.
    assert [t.number for t in plan.tasks()] == ["1", "2", "3"]
    assert plan.sections[1].sections[0].number == "(一)"


def test_gb18030_file_parses_like_the_utf8_original(gb18030_bytes, fixture_plan):
    from_gb = parse(read_document(gb18030_bytes, "plan.txt"))
    assert from_gb.to_json() == fixture_plan("labels_on_lines.txt").to_json()


def test_pasted_text_parses_like_the_file(fixture_plan):
    text = (FIXTURES / "labels_inline.txt").read_text(encoding="utf-8")
    assert parse(read_text(text)).to_json() == fixture_plan("labels_inline.txt").to_json()


def test_word_file_mixes_paragraph_tasks_and_a_task_table(task_table_docx):
    plan = parse(read_document(task_table_docx, "清单.docx"))
    assert plan.title == "云溪区2024年重点项目任务清单"
    assert [(s.number, s.title) for s in plan.sections] == [("一", "重点工作"), ("二", "重点项目")]
    assert [(s.number, s.title) for s in plan.sections[1].sections] == [("(一)", "交通建设"), ("(二)", "公共服务")]
    assert [t.number for t in plan.tasks()] == ["1", "2", "3", "4"]
    first, road, bus, clinic = plan.tasks()
    assert names(first.lead_units) == ["区发改委"]
    assert names(road.responsible_units) == ["属地街道", "区规划资源局"]
    assert (road.deadline, road.deadline_text) == (date(2024, 12, 31), "2024年12月底前")
    assert names(bus.responsible_units) == ["区交通公司", "各街道"]
    assert names(clinic.responsible_units) == ["各街道", "区财政局", "区住建委"]
    assert clinic.deadline == date(2024, 9, 30)
    assert plan.noise == ["各单位每月5日前报送进展。"]
    assert plan.warnings == []


def test_excel_ledger_with_merged_section_rows(ledger_xlsx):
    plan = parse(read_document(ledger_xlsx, "台账.xlsx"))
    assert plan.title == "云溪区2024年重点工作任务台账"
    assert [(s.number, s.title) for s in plan.sections] == [("一", "经济发展"), ("二", "社会民生")]
    growth, projects, jobs, fitness = plan.tasks()
    assert names(projects.lead_units) == ["区经信委"]  # merged down from the row above
    assert names(projects.responsible_units) == ["区投促中心", "区发改委"]
    assert (growth.deadline, projects.deadline, jobs.deadline) == (
        date(2024, 12, 31),
        date(2024, 9, 30),
        date(2024, 12, 31),
    )
    assert (fitness.deadline, fitness.deadline_text) == (None, "持续推进")
    assert [t.line for t in plan.tasks()] == [5, 6, 8, 9]
    assert growth.targets[0].comparator == "about"
    assert plan.noise == ["本台账每月更新一次。"]


@pytest.mark.parametrize(
    "name",
    [
        "labels_on_lines.txt",
        "labels_inline.txt",
        "inline_items.txt",
        "prose_plan.txt",
        "full_width.txt",
        "as_written.txt",
    ],
)
def test_fixtures_parse_without_warnings(fixture_plan, name):
    assert fixture_plan(name).warnings == []


def test_word_heading_styles_open_sections_without_numbers():
    import io

    from docx import Document as new_docx

    word = new_docx()
    word.add_paragraph("云溪区2024年营商环境工作要点")
    word.add_heading("优化政务服务", level=1)
    word.add_paragraph("1.推行“一件事一次办”,年底前上线30项。")
    word.add_paragraph("2.压缩企业开办时间至1个工作日。")
    word.add_heading("保障措施", level=1)
    word.add_paragraph("加强督查考核。")
    buffer = io.BytesIO()
    word.save(buffer)
    plan = parse(read_document(buffer.getvalue(), "要点.docx"))
    assert [(s.title, s.tracked, len(s.tasks)) for s in plan.sections] == [
        ("优化政务服务", True, 2),
        ("保障措施", False, 1),
    ]
    assert plan.tasks()[0].deadline == date(2024, 12, 31)


def test_a_heading_line_may_carry_its_inline_items():
    plan = parse(
        read_text("2024年目标\n一、稳增长 (一)收入增长3%。(二)投资增长5%。\n二、惠民生\n(一)新增托位200个。\n")
    )
    assert [(s.title, [t.number for t in s.tasks]) for s in plan.sections] == [
        ("稳增长", ["(一)", "(二)"]),
        ("惠民生", ["(一)"]),
    ]
