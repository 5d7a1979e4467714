"""Field extractors: unit lists, targets, deadlines and labels."""

from datetime import date
from decimal import Decimal

import pytest

from plans.parsing import load_vocabulary
from plans.parsing.fields import (
    Deadline,
    UnitName,
    find_deadline,
    find_targets,
    parse_deadline,
    parse_labels,
    split_trailing_labels,
    split_units,
)


def names(text):
    return [(unit.name, unit.qualifier) if unit.qualifier else unit.name for unit in split_units(text)]


# --- split_units ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("立山经济开发区,全区经济运行各专班", ["立山经济开发区", "全区经济运行各专班"]),
        ("立山经济开发区,各街道、区直各部门", ["立山经济开发区", "各街道", "区直各部门"]),
        ("区工信局(闲置厂房)", [("区工信局", "闲置厂房")]),
        ("区工信局（闲置厂房），区住建局（停缓建工程）", [("区工信局", "闲置厂房"), ("区住建局", "停缓建工程")]),
        ("新农村建设办公室<农委>及各街镇", [("新农村建设办公室", "农委"), "各街镇"]),
        ("相关委办局及街镇", ["相关委办局", "街镇"]),
        ("相关委办局和街镇", ["相关委办局", "街镇"]),
        ("宝山工业园区、城市工业园区及有关镇、相关委办局", ["宝山工业园区", "城市工业园区", "有关镇", "相关委办局"]),
        ("相关委办局、各街镇及工业园区", ["相关委办局", "各街镇", "工业园区"]),
        ("农委及相关镇", ["农委", "相关镇"]),
        ("区水务局、区住建委和各街道", ["区水务局", "区住建委", "各街道"]),
        ("区卫健委和区医保局", ["区卫健委", "区医保局"]),
        ("老镇及旧房改造指挥部", ["老镇及旧房改造指挥部"]),
        ("区住房和城乡建设局", ["区住房和城乡建设局"]),
        ("区人力资源和社会保障局、区发展和改革委员会", ["区人力资源和社会保障局", "区发展和改革委员会"]),
        ("区政府系统各单位、各部门", ["区政府系统各单位", "各部门"]),
        ("各街道,区财政局等有关单位", ["各街道", "区财政局", "有关单位"]),
        ("区工信局(闲置厂房、楼宇)", [("区工信局", "闲置厂房、楼宇")]),
        ("中国(上海)人力资源服务产业园区", ["中国(上海)人力资源服务产业园区"]),
        ("区交通公司\n各街道", ["区交通公司", "各街道"]),
        ("区发改委 区住建委", ["区发改委", "区住建委"]),
        ("区 发改委", ["区发改委"]),
        ("属地街道,,区司法局;", ["属地街道", "区司法局"]),
        ("各街道、各街道", ["各街道"]),
        ("", []),
    ],
)
def test_split_units(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区工信局（闲置厂房，楼宇）；区住建局", [("区工信局", "闲置厂房，楼宇"), "区住建局"]),
        ("中国（上海）人力资源服务产业园区，各街道", ["中国（上海）人力资源服务产业园区", "各街道"]),
        ("区发改委／区财政局．", ["区发改委", "区财政局"]),
        ("区水务局（河长办）和各街道", [("区水务局", "河长办"), "各街道"]),
    ],
)
def test_full_width_unit_lists_split_like_half_width_and_keep_their_brackets(text, expected):
    assert names(text) == expected


def test_unit_names_carry_their_qualifier():
    assert split_units("区住建局(停缓建工程)") == [UnitName("区住建局", "停缓建工程")]
    assert UnitName("区住建局", "停缓建工程").to_json() == {"name": "区住建局", "qualifier": "停缓建工程"}


# --- find_targets -----------------------------------------------------------------------------


def target(text, index=0):
    found = find_targets(text)[index]
    return (found.comparator, found.value, found.upper_value, found.measure_unit, found.kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("努力实现地区生产总值增长6.2%左右。", ("about", Decimal("6.2"), None, "%", "growth")),
        ("万元生产总值综合能耗下降5%左右。", ("about", Decimal("-5"), None, "%", "growth")),
        ("实现单位地区生产总值能耗降低3.5%。", ("lte", Decimal("-3.5"), None, "%", "growth")),
        ("实际到位内资增长20%。", ("gte", Decimal("20"), None, "%", "growth")),
        ("社会消费品零售总额达到800亿元。", ("gte", Decimal("800"), None, "亿元", "absolute")),
        ("能耗总量增长率力争控制在2.5%以下", ("lte", Decimal("2.5"), None, "%", "growth")),
        ("交流比例不低于10%", ("gte", Decimal("10"), None, "%", "ratio")),
        ("实现新增城镇就业4500人。", ("eq", Decimal("4500"), None, "人", "absolute")),
        ("计划建设口袋公园50个。", ("eq", Decimal("50"), None, "个", "absolute")),
        ("市科技小巨人工程计划企业1-2户", ("range", Decimal("1"), Decimal("2"), "户", "absolute")),
        ("新增示范点1—2个", ("range", Decimal("1"), Decimal("2"), "个", "absolute")),
        ("服务业税收比重达到95%以上", ("gte", Decimal("95"), None, "%", "ratio")),
        ("第三产业增加值增速提高1-2个百分点", ("range", Decimal("1"), Decimal("2"), "个百分点", "growth")),
        ("城镇登记失业率下降1-2个百分点", ("range", Decimal("-2"), Decimal("-1"), "个百分点", "growth")),
        ("城镇登记失业人数控制在3万人以内", ("lte", Decimal("3"), None, "万人", "absolute")),
        # A decline is stored below zero: "falls 3 % or more" is at most -3, "falls 5 % at most" at least -5.
        ("单位地区生产总值能耗下降3%以上", ("lte", Decimal("-3"), None, "%", "growth")),
        ("亏损企业亏损额下降5%以内", ("gte", Decimal("-5"), None, "%", "growth")),
        ("建成区绿化覆盖率从40.5%提高到41%。", ("gte", Decimal("41"), None, "%", "ratio")),
        ("覆盖面达23 .13万人", ("gte", Decimal("23.13"), None, "万人", "absolute")),
    ],
)
def test_find_targets(text, expected):
    assert target(text) == expected


def test_targets_keep_the_phrase_and_the_metric():
    found = find_targets("努力实现地区生产总值增长6.2%左右。")[0]
    assert (found.text, found.metric) == ("地区生产总值增长6.2%左右", "地区生产总值")
    assert found.to_json() == {
        "text": "地区生产总值增长6.2%左右",
        "metric": "地区生产总值",
        "comparator": "about",
        "value": "6.2",
        "upper_value": None,
        "measure_unit": "%",
        "kind": "growth",
    }


def test_full_width_targets_keep_the_phrase_and_metric_as_written():
    found = find_targets("努力实现地区生产总值增长６．２％左右。")[0]
    assert (found.text, found.metric) == ("地区生产总值增长６．２％左右", "地区生产总值")
    assert (found.comparator, found.value, found.measure_unit, found.kind) == ("about", Decimal("6.2"), "%", "growth")
    counted = find_targets("新建２个全民健身中心、２处社区公共运动场（含改建）。")
    assert [(t.text, t.metric) for t in counted] == [
        ("新建２个全民健身中心", "新建全民健身中心"),
        ("２处社区公共运动场", "社区公共运动场"),
    ]
    baseline = find_targets("建成区绿化覆盖率从４０．５％提高到４１％。")[0]
    assert (baseline.text, baseline.metric, baseline.value) == (
        "建成区绿化覆盖率从４０．５％提高到４１％",
        "建成区绿化覆盖率",
        Decimal("41"),
    )


def test_a_figure_listed_after_another_shares_its_comparator_and_metric():
    first, second = find_targets("确保义务教育阶段教师、骨干教师交流比例分别不低于10%、20%。")
    assert (second.comparator, second.value, second.metric) == ("gte", Decimal("20"), first.metric)


def test_counted_things_after_the_figure_become_the_metric():
    assert [t.metric for t in find_targets("新建2个全民健身中心、2处社区公共运动场、6个农民健身家园。")] == [
        "新建全民健身中心",
        "社区公共运动场",
        "农民健身家园",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "经2008年2月18日区政府第38次常务会议研究同意",
        "鞍立政发〔2023〕2号",
        "开展区“十四五”规划编制。",
        "推进“15分钟社区生活圈”建设。",
        "落实上海市“人才新政30条”。",
        "深入实施《“健康徐汇2030”规划纲要》。",
        "努力实现PM2.5浓度持续下降,推动A20增设匝道。",
        "畅通12345、信访平台等群众诉求渠道。",
        "到2020年,区域总部经济集聚度达到国际较高水平。",
    ],
)
def test_no_false_targets(text):
    assert find_targets(text) == []


# --- deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2023年6月底前", None, date(2023, 6, 30)),
        ("6月底", 2023, date(2023, 6, 30)),
        ("6月底", None, None),
        ("年底前", 2023, date(2023, 12, 31)),
        ("年内", 2023, date(2023, 12, 31)),
        ("三季度", 2023, date(2023, 9, 30)),
        ("第三季度", 2023, date(2023, 9, 30)),
        ("一季度末", 2024, date(2024, 3, 31)),
        ("上半年", 2023, date(2023, 6, 30)),
        ("下半年", 2023, date(2023, 12, 31)),
        ("2020年", 2023, date(2020, 12, 31)),
        ("2023年3月15日", None, date(2023, 3, 15)),
        ("2024-06-30", None, date(2024, 6, 30)),
        ("二〇二三年六月底", None, date(2023, 6, 30)),
        ("2月底前", 2024, date(2024, 2, 29)),
        ("6月中旬", 2023, date(2023, 6, 20)),
        ("6月底前完成方案,12月底前建成", 2023, date(2023, 12, 31)),
        ("持续推进", 2023, None),
        ("长期", 2023, None),
    ],
)
def test_parse_deadline(text, year, expected):
    deadline = parse_deadline(text, year)
    assert deadline.date == expected
    assert deadline.text == text


def test_full_width_deadlines_are_read_and_kept_as_written():
    assert parse_deadline("２０２３年６月底前（第一批）", None) == Deadline(
        date(2023, 6, 30), "２０２３年６月底前（第一批）"
    )
    assert find_deadline("完成老旧小区改造１２个，６月底前完成方案设计。", 2024) == Deadline(
        date(2024, 6, 30), "６月底前"
    )
    assert find_deadline("２０２４－０６－３０前完成", None) == Deadline(date(2024, 6, 30), "２０２４－０６－３０")


def test_find_deadline_in_task_text():
    assert find_deadline("完成老旧小区改造12个,6月底前完成方案设计。", 2024) == Deadline(date(2024, 6, 30), "6月底前")
    assert find_deadline("年内建成并投用。", 2024) == Deadline(date(2024, 12, 31), "年内")
    assert find_deadline("持续推进") == Deadline(None, "持续推进")


@pytest.mark.parametrize(
    "text",
    [
        "全年计划净地91.54万平。",
        "近三年内完成改造。",
        "到2020年,区域总部经济集聚度显著提升。",
        "每季度召开一次招商项目推进会。",
        "持续推进国资国企改革。",
        "2008年专利申请量达1800件。",
    ],
)
def test_find_deadline_ignores_mentions_that_set_no_deadline(text):
    assert find_deadline(text, 2023) is None


# --- labels -----------------------------------------------------------------------------------


def test_label_lines_and_bracketed_label_groups():
    vocabulary = load_vocabulary()
    labels = parse_labels("牵头单位:区发改委 责任单位:各街道、区财政局", vocabulary)
    assert ([u.name for u in labels.lead], [u.name for u in labels.responsible]) == (
        ["区发改委"],
        ["各街道", "区财政局"],
    )
    assert parse_labels("(责任单位:区民宗局)", vocabulary).responsible == [UnitName("区民宗局")]
    assert parse_labels("牵头单位要统筹抓总。", vocabulary) is None
    assert parse_labels("牵头单位:", vocabulary).empty == ["牵头单位"]


def test_trailing_label_groups_are_split_from_the_task_text():
    vocabulary = load_vocabulary()
    text, labels = split_trailing_labels(
        "推进上海智力产业园建设。(牵头单位:发改委、庙行镇;责任单位:相关委办局)(完成时限:9月底)", vocabulary
    )
    assert text == "推进上海智力产业园建设。"
    assert [u.name for u in labels.lead] == ["发改委", "庙行镇"]
    assert labels.deadline == "9月底"
    text, labels = split_trailing_labels("做好民族宗教工作。牵头单位:区民宗局", vocabulary)
    assert (text, labels.lead) == ("做好民族宗教工作。", [UnitName("区民宗局")])
    assert split_trailing_labels("推进吴淞炮台湾湿地森林公园(二期)建设", vocabulary)[1] is None


def test_full_width_labels_are_read_and_their_values_kept_as_written():
    vocabulary = load_vocabulary()
    text, labels = split_trailing_labels(
        "推进智力产业园（二期）建设。（牵头单位：发改委（综合）、庙行镇；责任单位：相关委办局）（完成时限：９月底）",
        vocabulary,
    )
    assert text == "推进智力产业园（二期）建设。"
    assert labels.lead == [UnitName("发改委", "综合"), UnitName("庙行镇")]
    assert labels.deadline == "９月底"
    text, labels = split_trailing_labels("做好民族宗教工作。牵头单位：区民宗局；牵头领导：副区长（分管）", vocabulary)
    assert (text, labels.lead, labels.leader) == ("做好民族宗教工作。", [UnitName("区民宗局")], "副区长（分管）")
    line = parse_labels("（责任单位：区民宗局，各街道）", vocabulary)
    assert line.responsible == [UnitName("区民宗局"), UnitName("各街道")]


def test_a_comma_between_the_metric_and_its_figure_is_not_part_of_the_metric():
    assert [t.metric for t in find_targets("新建社区养老服务中心,2处。")] == ["新建社区养老服务中心"]
    assert [t.metric for t in find_targets("新建社区养老服务中心，2处。")] == ["新建社区养老服务中心"]


@pytest.mark.parametrize(("text", "task", "lead", "responsible"), [
    # a full stop ends the labels: the deadline sentence after them is the task's again
    ("建设口袋公园50个。牵头单位：区住建委。2026年10月底前完成。", "建设口袋公园50个。2026年10月底前完成。",
     ["区住建委"], []),
    ("建设口袋公园50个。牵头单位:区住建委;责任单位:各街道。2026年底前完成。", "建设口袋公园50个。2026年底前完成。",
     ["区住建委"], ["各街道"]),
    # labels separated by full stops stay labels
    ("建设口袋公园50个。牵头单位：区发改委。责任单位：区财政局。", "建设口袋公园50个。", ["区发改委"], ["区财政局"]),
    # a full stop inside brackets belongs to the unit's note
    ("建设口袋公园50个。责任单位：区住建委（负责设计。）、区财政局", "建设口袋公园50个。", [],
     ["区住建委", "区财政局"]),
    # labels after a space: the sentence after them is set off by a space again
    ("建设口袋公园50个 牵头单位：区住建委。2026年底前完成。", "建设口袋公园50个 2026年底前完成。", ["区住建委"], []),
])
def test_a_sentence_after_the_trailing_labels_stays_with_the_task(text, task, lead, responsible):
    rest, labels = split_trailing_labels(text, load_vocabulary())
    assert rest == task
    assert ([u.name for u in labels.lead], [u.name for u in labels.responsible]) == (lead, responsible)
