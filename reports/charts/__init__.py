"""Duban's charts: server-rendered SVG that pages put inline and WeasyPrint prints unchanged.

Each function takes plain values and returns a SafeString holding one <svg>, ready for `{{ chart }}` in a
template. No JavaScript, no CDN, no web font. Every chart has a title (its accessible name), prints its
numbers as text, and can make each number a link to the filtered task list (`href` on an item).

    bar_chart([("区发改委", 12, "/tasks/?unit=3"), ...], title="各单位任务数")
    stacked_bar_chart([StackedRow("一、经济发展", {"red": 2, "green": 9})], health_series(), title="…")
    donut_chart(health_items({"red": 3, "green": 20}), title="任务状态")
    progress_bar(85, 100, unit="亿元", title="固定资产投资")
    sparkline([("1月", 92.5), ("2月", None), ("3月", 100)], unit="%", minimum=0, maximum=100, title="报送率")

Pages add static/duban/charts.css so that charts shrink to narrow screens.
"""

from .bars import Series, StackedRow, bar_chart, stacked_bar_chart
from .donut import donut_chart
from .health import health_items, health_series
from .progress import progress_bar, progress_ratio
from .sparkline import sparkline
from .svg import GREEN, GREY, HEALTH_COLOURS, RED, YELLOW, Item, format_number

__all__ = [
    "GREEN", "GREY", "HEALTH_COLOURS", "RED", "YELLOW", "Item", "Series", "StackedRow", "bar_chart", "donut_chart",
    "format_number", "health_items", "health_series", "progress_bar", "progress_ratio", "sparkline",
    "stacked_bar_chart",
]
