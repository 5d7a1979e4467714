"""The charts module draws SVG that can be checked as XML: these tests parse it and read it like a page."""

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from reports.charts import (
    GREEN,
    GREY,
    RED,
    YELLOW,
    Item,
    Series,
    StackedRow,
    bar_chart,
    donut_chart,
    format_number,
    health_items,
    health_series,
    progress_bar,
    progress_ratio,
    sparkline,
    stacked_bar_chart,
)


@pytest.fixture(autouse=True)
def _in_english():
    """These tests read the charts' English words; a page requested by an earlier test leaves its thread
    in Chinese, the site's default."""
    with translation.override("en"):
        yield

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def find(root: ET.Element, tag: str, css_class: str | None = None) -> list[ET.Element]:
    return [node for node in root.iter(SVG + tag) if css_class is None or node.get("class") == css_class]


def shown(node: ET.Element) -> str:
    """The text a reader sees: without the <title> that keeps a truncated label whole."""
    return (node.text or "") + "".join(child.tail or "" for child in node)


def printed(root: ET.Element) -> list[str]:
    return [shown(node) for node in find(root, "text")]


def links(root: ET.Element) -> list[str]:
    return [node.get("href") for node in find(root, "a")]


def heading(node: ET.Element) -> str:
    return node.find(SVG + "title").text


def number_of(root: ET.Element, shape: ET.Element) -> ET.Element:
    """The printed number that belongs to a shape: the text in the same link or group."""
    (container,) = [node for node in [*find(root, "a"), *find(root, "g")] if shape in list(node)]
    (number,) = find(container, "text")
    return number


ALL_KINDS = [
    lambda **kw: bar_chart([("甲", 1), ("乙", 2)], **kw),
    lambda **kw: stacked_bar_chart([StackedRow("甲", {"red": 1})], health_series(), **kw),
    lambda **kw: donut_chart([("甲", 1), ("乙", 3)], **kw),
    lambda **kw: progress_bar(5, 10, **kw),
    lambda **kw: sparkline([("1月", 1), ("2月", 2)], **kw),
]


@pytest.mark.parametrize("draw", ALL_KINDS, ids=["bar", "stacked", "donut", "progress", "sparkline"])
def test_every_chart_is_an_svg_image_named_by_its_title(draw):
    root = parse(draw(title="任务状态 <总览>", description="截至10月底"))
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    title = root.find(SVG + "title")
    assert title.get("id") == root.get("aria-labelledby") and title.text == "任务状态 <总览>"
    desc = root.find(SVG + "desc")
    assert desc.get("id") == root.get("aria-describedby") and desc.text == "截至10月底"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert "Noto Sans CJK SC" in root.get("font-family") and root.get("font-family").endswith("sans-serif")


@pytest.mark.parametrize("draw", ALL_KINDS, ids=["bar", "stacked", "donut", "progress", "sparkline"])
def test_every_chart_renders_the_same_bytes_for_the_same_input(draw):
    assert draw(title="甲") == draw(title="甲")
    assert parse(draw(title="甲")).get("id") != parse(draw(title="乙")).get("id")


def test_description_is_optional():
    root = parse(bar_chart([("甲", 1)], title="任务"))
    assert root.find(SVG + "desc") is None and root.get("aria-describedby") is None


def test_a_title_is_required():
    with pytest.raises(ValueError):
        bar_chart([("甲", 1)], title="")


def test_a_chart_with_links_is_a_group_so_that_its_links_stay_reachable():
    root = parse(bar_chart([("甲", 1, "/tasks/?unit=1")], title="任务"))
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == root.find(SVG + "title").get("id")


def test_numbers_are_printed_without_float_noise():
    assert format_number(100 / 3) == "33.3"
    assert format_number(2 / 3, decimals=2) == "0.67"
    assert format_number(5.0) == "5"
    assert format_number(Decimal("12.50")) == "12.5"
    assert format_number(0.05) == "0.1"  # half up, in decimal
    assert format_number(-0.04) == "0"
    assert format_number(1234567) == "1234567"
    assert format_number(None) == "—"
    assert format_number(float("nan")) == "—"


def test_coordinates_have_at_most_two_decimals():
    svg = str(donut_chart([("甲", 1), ("乙", 2), ("丙", 4)], title="任务"))
    assert not re.search(r"\d\.\d{3}", svg)


class TestBarChart:
    def test_it_draws_one_bar_per_item_with_its_number_beside_it(self):
        root = parse(bar_chart([("区发改委", 12), ("区住建委", 8.3333), ("青岚街道", 0)], title="任务数", unit="项"))
        bars = find(root, "rect", "bar")
        assert len(bars) == 3
        assert float(bars[0].get("width")) > float(bars[1].get("width")) > float(bars[2].get("width")) == 0
        assert printed(root) == ["区发改委", "12项", "区住建委", "8.3项", "青岚街道", "0项"]

    def test_each_item_with_an_href_is_a_link_titled_with_its_label_and_number(self):
        root = parse(bar_chart([("区发改委", 12, "/tasks/?unit=1&status=open"), ("区住建委", 8)], title="任务数"))
        assert links(root) == ["/tasks/?unit=1&status=open"]
        link = find(root, "a")[0]
        assert heading(link) == "区发改委: 12"
        assert {node.tag for node in link} == {SVG + "title", SVG + "text", SVG + "rect"}

    def test_a_missing_value_prints_a_dash_and_draws_no_bar(self):
        root = parse(bar_chart([("甲", None), ("乙", 4)], title="任务"))
        assert find(root, "rect", "bar")[0].get("width") == "0"
        assert "—" in printed(root)

    def test_a_negative_value_grows_left_of_the_zero_line(self):
        root = parse(bar_chart([("增长", 5), ("下降", -5)], title="增速", unit="%"))
        up, down = find(root, "rect", "bar")
        zero = float(find(root, "line")[0].get("x1"))
        assert float(up.get("x")) == pytest.approx(zero)
        assert float(down.get("x")) + float(down.get("width")) == pytest.approx(zero, abs=0.01)
        assert "-5%" in printed(root)

    def test_maximum_fixes_the_scale(self):
        half = find(parse(bar_chart([("甲", 50)], title="率", maximum=100)), "rect", "bar")[0]
        full = find(parse(bar_chart([("甲", 100)], title="率", maximum=100)), "rect", "bar")[0]
        assert float(half.get("width")) == pytest.approx(float(full.get("width")) / 2, abs=0.01)

    def test_no_items_says_there_is_no_data(self):
        root = parse(bar_chart([], title="任务"))
        assert find(root, "rect", "bar") == [] and len(find(root, "text", "empty")) == 1

    def test_items_may_be_dataclasses_or_tuples(self):
        assert bar_chart([Item("甲", 1, "/a", RED)], title="任务") == bar_chart([("甲", 1, "/a", RED)], title="任务")


class TestText:
    def test_markup_in_labels_is_escaped(self):
        svg = str(bar_chart([("<script>alert(1)</script>", 1, "/tasks/?a=1&b=2")], title="<b>标题</b>",
                            description='"引号" & <i>'))
        assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
        root = parse(svg)
        assert find(root, "script") == []
        assert "<script>alert(1)</script>" in heading(find(root, "a")[0])
        assert root.find(SVG + "title").text == "<b>标题</b>"
        assert links(root) == ["/tasks/?a=1&b=2"]

    def test_a_javascript_link_is_refused(self):
        with pytest.raises(ValueError):
            bar_chart([("甲", 1, "javascript:alert(1)")], title="任务")

    def test_a_long_chinese_label_is_cut_with_an_ellipsis_and_kept_whole_in_its_title(self):
        label = "区住房和城乡建设管理委员会（区人民防空办公室）"
        root = parse(bar_chart([(label, 3)], title="任务", label_width=120))
        text = find(root, "text")[0]
        assert shown(text).endswith("…") and label.startswith(shown(text)[:-1])
        assert len(shown(text)) < len(label)
        assert heading(text) == label

    def test_a_short_chinese_label_is_kept_as_it_is(self):
        root = parse(bar_chart([("青岚街道", 3)], title="任务"))
        text = find(root, "text")[0]
        assert shown(text) == "青岚街道" and text.find(SVG + "title") is None


class TestStackedBarChart:
    SERIES = [Series("red", "红灯", RED, "/tasks/?health=red"), Series("green", "绿灯", GREEN)]

    def test_it_draws_one_segment_per_non_zero_value_in_series_order(self):
        rows = [StackedRow("一、经济", {"red": 2, "green": 9}), StackedRow("二、民生", {"red": 0, "green": 5})]
        root = parse(stacked_bar_chart(rows, self.SERIES, title="状态"))
        segments = find(root, "rect", "segment")
        assert [(s.get("data-series"), s.get("fill")) for s in segments] == [("red", RED), ("green", GREEN),
                                                                             ("green", GREEN)]
        first, second = segments[:2]
        assert float(first.get("x")) + float(first.get("width")) == pytest.approx(float(second.get("x")), abs=0.01)

    def test_it_prints_segment_numbers_row_totals_and_series_totals_in_the_legend(self):
        rows = [StackedRow("一、经济", {"red": 2, "green": 9}), StackedRow("二、民生", {"green": 5})]
        texts = printed(parse(stacked_bar_chart(rows, self.SERIES, title="状态")))
        assert texts[:2] == ["红灯 2", "绿灯 14"]  # the legend says what each colour means
        assert texts[2:] == ["一、经济", "11", "2", "9", "二、民生", "5", "5"]

    def test_segments_rows_and_legend_entries_link_to_their_task_lists(self):
        rows = [StackedRow("一、经济", {"red": 2, "green": 9}, {"red": "/tasks/?s=1&health=red"}, "/tasks/?s=1")]
        root = parse(stacked_bar_chart(rows, self.SERIES, title="状态"))
        assert links(root) == ["/tasks/?health=red", "/tasks/?s=1", "/tasks/?s=1&health=red"]
        segment_link = find(root, "a")[2]
        assert heading(segment_link) == "一、经济 · 红灯: 2"

    def test_a_narrow_segment_prints_its_number_below_the_bar(self):
        rows = [StackedRow("一、经济", {"red": 1, "green": 99})]
        root = parse(stacked_bar_chart(rows, self.SERIES, title="状态"))
        red, green = find(root, "rect", "segment")
        assert float(number_of(root, red).get("y")) > float(red.get("y")) + float(red.get("height"))
        assert float(number_of(root, green).get("y")) < float(green.get("y")) + float(green.get("height"))

    def test_numbers_are_never_printed_in_low_contrast_on_the_grey(self):
        root = parse(stacked_bar_chart([StackedRow("甲", {"grey": 50})], health_series(), title="状态"))
        grey = find(root, "rect", "segment")[0]
        number = number_of(root, grey)
        assert shown(number) == "50"
        assert float(number.get("y")) > float(grey.get("y")) + float(grey.get("height"))

    def test_negative_parts_are_refused(self):
        with pytest.raises(ValueError):
            stacked_bar_chart([StackedRow("甲", {"red": -1})], self.SERIES, title="状态")

    def test_rows_of_zeros_draw_no_segments_and_print_zero_totals(self):
        root = parse(stacked_bar_chart([StackedRow("甲", {"red": 0}), StackedRow("乙", {})], self.SERIES, title="状态"))
        assert find(root, "rect", "segment") == []
        assert printed(root)[2:] == ["甲", "0", "乙", "0"]

    def test_no_rows_keeps_the_legend_and_says_there_is_no_data(self):
        root = parse(stacked_bar_chart([], self.SERIES, title="状态"))
        assert len(find(root, "text", "empty")) == 1 and printed(root)[:2] == ["红灯 0", "绿灯 0"]


def arc_angle(x: float, y: float, cx: float, cy: float) -> float:
    """Degrees clockwise from twelve o'clock, as the donut measures them."""
    return math.degrees(math.atan2(x - cx, cy - y)) % 360


class TestDonutChart:
    def test_segment_angles_add_up_to_360_and_match_their_paths(self):
        root = parse(donut_chart([("红灯", 1), ("黄灯", 2), ("绿灯", 3), ("灰灯", 1)], title="状态", size=160))
        segments = find(root, "path", "segment")
        assert len(segments) == 4
        spans = [float(s.get("data-end")) - float(s.get("data-start")) for s in segments]
        assert sum(spans) == pytest.approx(360)
        assert spans == pytest.approx([360 / 7, 720 / 7, 1080 / 7, 360 / 7], abs=0.01)
        cx = cy = None
        for segment in segments:
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", segment.get("d"))]
            start_x, start_y, end_x, end_y = numbers[0], numbers[1], numbers[7], numbers[8]
            cx, cy = 4 + 80, float(root.get("height")) / 2
            assert math.hypot(start_x - cx, start_y - cy) == pytest.approx(80, abs=0.02)
            assert arc_angle(start_x, start_y, cx, cy) == pytest.approx(float(segment.get("data-start")) % 360,
                                                                        abs=0.05)
            assert arc_angle(end_x, end_y, cx, cy) == pytest.approx(float(segment.get("data-end")) % 360, abs=0.05)
        assert segments[0].get("data-start") == "0" and segments[-1].get("data-end") == "360"

    def test_it_prints_each_number_and_share_in_the_legend_and_the_total_in_the_middle(self):
        root = parse(donut_chart([("红灯", 1), ("绿灯", 2)], title="状态", centre_label="项任务"))
        assert printed(root) == ["3", "项任务", "红灯", "1", "33.3%", "绿灯", "2", "66.7%"]

    def test_a_single_item_is_a_whole_ring(self):
        root = parse(donut_chart([("绿灯", 5), ("红灯", 0)], title="状态"))
        (ring,) = find(root, "path", "segment")
        assert (ring.get("data-start"), ring.get("data-end")) == ("0", "360")
        assert ring.get("d").count("A") == 4 and ring.get("fill-rule") == "evenodd"
        assert "100%" in printed(root) and "0%" in printed(root)

    @pytest.mark.parametrize("data", [[("红灯", 0), ("绿灯", 0)], [("红灯", None)], []])
    def test_no_tasks_at_all_says_there_is_no_data(self, data):
        root = parse(donut_chart(data, title="状态"))
        assert find(root, "path", "segment") == []
        assert len(find(root, "text", "empty")) == 1

    def test_segments_and_legend_entries_link_but_only_the_legend_is_a_tab_stop(self):
        root = parse(donut_chart(health_items({"red": 2, "green": 3}, {"red": "/tasks/?health=red"}), title="状态"))
        segment_link, legend_link = find(root, "a")
        assert segment_link.get("href") == legend_link.get("href") == "/tasks/?health=red"
        assert segment_link.get("tabindex") == "-1" and segment_link.get("aria-hidden") == "true"
        assert legend_link.get("tabindex") is None
        assert heading(legend_link).endswith(": 2 (40%)")

    def test_negative_values_are_refused(self):
        with pytest.raises(ValueError):
            donut_chart([("甲", -1)], title="状态")


class TestProgressBar:
    @pytest.mark.parametrize(("actual", "target", "baseline", "ratio"), [
        (85, 100, 0, 0.85), (150, 100, 0, 1.5), (-1.5, -3, 0, 0.5), (1, -3, 0, -1 / 3), (90, 80, 100, 0.5),
        (5, None, 0, None), (5, 0, 0, None), (None, 100, 0, None), (Decimal("42.5"), Decimal("85"), 0, 0.5),
    ])
    def test_ratio_measures_the_way_from_baseline_to_target(self, actual, target, baseline, ratio):
        assert progress_ratio(actual, target, baseline) == (None if ratio is None else pytest.approx(ratio))

    def test_it_fills_the_track_up_to_the_actual_value_and_marks_the_target(self):
        root = parse(progress_bar(85, 100, title="投资", label="固定资产投资", unit="亿元", width=480))
        track, fill = find(root, "rect", "track")[0], find(root, "rect", "fill")[0]
        target = find(root, "line", "target")[0]
        width = float(track.get("width"))
        assert float(fill.get("width")) == pytest.approx(width * 0.85 / 1.2, abs=0.01)
        assert float(target.get("x1")) - float(track.get("x")) == pytest.approx(width / 1.2, abs=0.01)
        assert printed(root) == ["固定资产投资", "85亿元 / 100亿元", "85%", "Target 100亿元"]

    def test_above_target_the_fill_is_clamped_to_the_track_but_the_number_is_not(self):
        root = parse(progress_bar(300, 100, title="超额"))
        track, fill = find(root, "rect", "track")[0], find(root, "rect", "fill")[0]
        assert fill.get("width") == track.get("width")
        assert fill.get("data-ratio") == "3"
        assert len(find(root, "polyline", "overflow")) == 1
        assert "300%" in printed(root)

    def test_a_little_above_target_goes_past_the_marker_without_being_cut(self):
        root = parse(progress_bar(110, 100, title="超额"))
        fill, target = find(root, "rect", "fill")[0], find(root, "line", "target")[0]
        assert float(fill.get("x")) + float(fill.get("width")) > float(target.get("x1"))
        assert find(root, "polyline", "overflow") == []

    def test_a_decline_target_fills_as_the_value_falls(self):
        root = parse(progress_bar(-1.5, -3, title="能耗", unit="%"))
        track, fill = find(root, "rect", "track")[0], find(root, "rect", "fill")[0]
        assert float(fill.get("width")) == pytest.approx(float(track.get("width")) * 0.5 / 1.2, abs=0.01)
        assert printed(root) == ["-1.5% / -3%", "50%", "Target -3%"]

    def test_moving_away_from_the_target_draws_no_fill_and_prints_a_negative_share(self):
        root = parse(progress_bar(1, -2, title="能耗"))
        assert find(root, "rect", "fill")[0].get("width") == "0"
        assert "-50%" in printed(root)

    @pytest.mark.parametrize("target", [None, 0])
    def test_without_a_target_there_is_no_marker_and_no_fill(self, target):
        root = parse(progress_bar(5, target, title="无目标"))
        assert find(root, "line", "target") == [] and find(root, "rect", "fill") == []
        assert printed(root) == ["5 · no target"]

    def test_without_an_actual_value_the_target_is_still_marked(self):
        root = parse(progress_bar(None, 100, title="未报"))
        assert find(root, "rect", "fill") == [] and len(find(root, "line", "target")) == 1
        assert printed(root)[0] == "— / 100"

    def test_the_whole_bar_can_link_to_its_task(self):
        root = parse(progress_bar(5, 10, title="任务", href="/tasks/7/"))
        assert links(root) == ["/tasks/7/"] and heading(find(root, "a")[0]) == "5 / 10 50%"


class TestSparkline:
    def test_a_gap_breaks_the_line_and_every_known_value_is_a_point(self):
        data = [("1月", 90), ("2月", 95), ("3月", None), ("4月", 97), ("5月", 100)]
        root = parse(sparkline(data, title="报送率", unit="%", minimum=0, maximum=100))
        lines = find(root, "polyline", "line")
        assert [len(line.get("points").split()) for line in lines] == [2, 2]
        assert len(find(root, "circle", "point")) == 4
        assert printed(root) == ["100%"]  # the latest value
        assert [heading(group) for group in find(root, "g")] == ["1月: 90%", "2月: 95%", "4月: 97%", "5月: 100%"]

    def test_a_single_point_is_a_dot_without_a_line(self):
        root = parse(sparkline([("1月", 50)], title="报送率", unit="%"))
        assert find(root, "polyline") == [] and len(find(root, "circle", "point")) == 1
        assert printed(root) == ["50%"]

    def test_an_isolated_value_between_gaps_is_still_shown(self):
        root = parse(sparkline([("1月", 1), ("2月", None), ("3月", 2), ("4月", None)], title="率"))
        assert find(root, "polyline") == [] and len(find(root, "circle", "point")) == 2
        assert printed(root) == ["2"]

    @pytest.mark.parametrize("data", [[], [("1月", None), ("2月", None)]])
    def test_no_values_says_there_is_no_data(self, data):
        root = parse(sparkline(data, title="报送率"))
        assert find(root, "circle") == [] and len(find(root, "text", "empty")) == 1

    def test_a_flat_series_is_drawn_in_the_middle(self):
        root = parse(sparkline([("1月", 5), ("2月", 5)], title="率", height=40))
        ys = {point.get("cy") for point in find(root, "circle", "point")}
        assert ys == {"20"}

    def test_values_outside_a_fixed_scale_stay_inside_the_chart(self):
        root = parse(sparkline([("1月", -10), ("2月", 120)], title="率", minimum=0, maximum=100, height=36))
        ys = [float(point.get("cy")) for point in find(root, "circle", "point")]
        assert all(0 < y < 36 for y in ys) and ys[0] > ys[1]

    def test_points_with_an_href_are_links(self):
        root = parse(sparkline([("1月", 90, "/reports/2026-01/"), ("2月", 95)], title="率"))
        assert links(root) == ["/reports/2026-01/"] and root.get("role") == "group"


def test_health_series_and_items_use_the_health_colours_in_order():
    assert [series.colour for series in health_series()] == [RED, YELLOW, GREEN, GREY]
    assert [series.key for series in health_series()] == ["red", "yellow", "green", "grey"]
    items = health_items({"green": 4, "red": 1}, {"red": "/tasks/?health=red"})
    assert [(item.value, item.href) for item in items] == [(1, "/tasks/?health=red"), (0, None), (4, None), (0, None)]


def test_health_colours_match_the_stylesheet():
    from django.contrib.staticfiles import finders

    css = open(finders.find("duban/duban.css"), encoding="utf-8").read()
    for name, colour in (("red", RED), ("yellow", YELLOW), ("green", GREEN), ("grey", GREY)):
        assert f"--{name}: {colour};" in css
