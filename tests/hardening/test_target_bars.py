"""The dashboard's target bars say met / not met the way the rule (tasks/target_rule.py) and the report do, for
every comparator: a target capped at 30 with 23.7 is met and drawn as met, not as "79 %" of the way; a range
shows its band; a decline that fell far enough is met; nothing reported reads "no value", never "0 %"."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from plans.models import Plan, PlanStatus, Section
from reports import dashboard_charts, figures
from reports.charts import GREEN, RED
from tasks.models import Comparator, ProgressUpdate, ReviewState, Target, TargetActual, Task
from tests.conftest import make_user
from units.models import GlobalRole

pytestmark = pytest.mark.django_db

PERIOD = datetime.date(2026, 10, 1)
TODAY = datetime.date(2026, 11, 22)
SVG = "{http://www.w3.org/2000/svg}"

# (as written, comparator, value, upper value, unit, actual or None)
TARGETS = {
    "at most, under the cap": ("控制在30以下", Comparator.AT_MOST, "30", None, "万吨", "23.7"),
    "at most, over the cap": ("控制在30以下", Comparator.AT_MOST, "30", None, "万吨", "31"),
    "range, inside": ("增长1%至2%", Comparator.RANGE, "1", "2", "%", "1.5"),
    "range, above": ("增长1%至2%", Comparator.RANGE, "1", "2", "%", "2.5"),
    "decline, reached": ("下降3%左右", Comparator.ABOUT, "-3", None, "%", "-2.9"),
    "decline, short": ("下降3%左右", Comparator.ABOUT, "-3", None, "%", "-2.5"),
    "decline capped, reached": ("能耗下降2%", Comparator.AT_MOST, "-2", None, "%", "-2.4"),
    "about, reached": ("增长6.2%左右", Comparator.ABOUT, "6.2", None, "%", "6"),
    "at least, short": ("不低于50家", Comparator.AT_LEAST, "50", None, "家", "40"),
    "figure, passed": ("新建10个", Comparator.EQUAL, "10", None, "个", "12"),
    "nothing reported": ("完成45万平方米", Comparator.AT_LEAST, "45", None, "万平方米", None),
}


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def make_targets(unit) -> Plan:
    """An active plan holding each target on a task of its own, in TARGETS' order, its value reported for
    October."""
    plan = Plan.objects.create(title="目标测试", status=PlanStatus.ACTIVE, period_start=datetime.date(2026, 1, 1),
                               period_end=datetime.date(2026, 12, 31))
    section = Section.objects.create(plan=plan, number="一、", title="目标", position=1)
    for position, (written, comparator, value, upper, measure_unit, actual) in enumerate(TARGETS.values()):
        task = Task.objects.create(plan=plan, section=section, number=str(position + 1), position=position,
                                   text=written)
        target = Target.objects.create(task=task, text=written, comparator=comparator, value=Decimal(value),
                                       upper_value=Decimal(upper) if upper else None, measure_unit=measure_unit)
        if actual is not None:
            update = ProgressUpdate.objects.create(task=task, unit=unit, period=PERIOD,
                                                   review_state=ReviewState.SUBMITTED)
            TargetActual.objects.create(update=update, target=target, value=Decimal(actual))
    return plan


@pytest.fixture
def bars(unit) -> dict:
    """The bars as the overview draws them, by case name."""
    make_targets(unit)
    scope = figures.scope_for(make_user("supervisor", GlobalRole.SUPERVISOR))
    rows = figures.target_rows(scope, figures.AsOf.for_period(PERIOD, TODAY))
    return {name: (row, ET.fromstring(str(dashboard_charts.target_bar(row))))
            for name, row in zip(TARGETS, rows, strict=True)}


def find(root, tag, css_class=None):
    return [node for node in root.iter(SVG + tag) if css_class is None or node.get("class") == css_class]


def printed(root) -> list[str]:
    return [(node.text or "") + "".join(child.tail or "" for child in node) for node in find(root, "text")]


def verdict(root) -> str:
    (node,) = find(root, "text", "verdict")
    return node.text


def fill_colour(root) -> str | None:
    fills = find(root, "rect", "fill")
    return fills[0].get("fill") if fills else None


MET = ["at most, under the cap", "range, inside", "decline, reached", "decline capped, reached", "about, reached",
       "figure, passed"]
NOT_MET = ["at most, over the cap", "range, above", "decline, short", "at least, short"]


@pytest.mark.parametrize("name", MET)
def test_a_met_target_is_drawn_and_labelled_met(bars, name):
    row, bar = bars[name]
    assert row.is_met  # the report says so too
    assert verdict(bar) == "met"
    assert fill_colour(bar) == GREEN


@pytest.mark.parametrize("name", NOT_MET)
def test_a_target_not_met_is_drawn_and_labelled_not_met(bars, name):
    row, bar = bars[name]
    assert not row.is_met
    assert verdict(bar) == "not met"
    assert fill_colour(bar) == RED


def test_a_capped_target_fills_with_the_share_of_the_cap_used_and_prints_no_progress_share(bars):
    _row, bar = bars["at most, under the cap"]
    track, fill = find(bar, "rect", "track")[0], find(bar, "rect", "fill")[0]
    cap = find(bar, "line", "target")[0]
    used = (float(fill.get("width"))) / (float(cap.get("x1")) - float(track.get("x")))
    assert used == pytest.approx(23.7 / 30, abs=0.001)
    assert "23.7万吨 / ≤30万吨" in printed(bar)
    assert not any(text.endswith("%") for text in printed(bar))  # no "79%" to read as "79 % done"


def test_a_range_marks_both_ends_and_prints_them(bars):
    _row, bar = bars["range, inside"]
    low, high = sorted(float(line.get("x1")) for line in find(bar, "line", "target"))
    track, fill = find(bar, "rect", "track")[0], find(bar, "rect", "fill")[0]
    end = float(track.get("x")) + float(fill.get("width"))
    assert low < end < high  # 1.5 sits inside the band
    assert "1.5% / 1–2%" in printed(bar)


def test_a_decline_that_fell_far_enough_prints_its_progress(bars):
    _row, bar = bars["decline, reached"]
    assert "-2.9% / ≈-3%" in printed(bar)
    assert "96.7%" in printed(bar)


def test_nothing_reported_reads_no_value_not_zero(bars):
    row, bar = bars["nothing reported"]
    assert row.actual is None and not row.is_met
    assert verdict(bar) == "no value"
    assert find(bar, "rect", "fill") == []
    assert not any("0%" in text for text in printed(bar))


def test_every_bar_agrees_with_the_report(bars):
    for name, (row, bar) in bars.items():
        expected = "no value" if row.actual is None else "met" if row.is_met else "not met"
        assert verdict(bar) == expected, name
