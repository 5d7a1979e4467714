"""Chart data for task health (红黄绿灯), in the order and with the labels and colours used everywhere."""

from collections.abc import Mapping

from tasks.health import HEALTH_ORDER

from .bars import Series
from .svg import HEALTH_COLOURS, Item


def health_series(hrefs: Mapping[str, str] | None = None) -> list[Series]:
    """The four health series for a stacked bar; `hrefs` by health value link the legend entries."""
    hrefs = hrefs or {}
    return [Series(health.value, health.label, HEALTH_COLOURS[health.value], hrefs.get(health.value))
            for health in HEALTH_ORDER]


def health_items(counts: Mapping[str, int], hrefs: Mapping[str, str] | None = None) -> list[Item]:
    """Counts by health value (missing ones are 0) as donut items, red first."""
    hrefs = hrefs or {}
    return [Item(health.label, counts.get(health.value, 0), hrefs.get(health.value), HEALTH_COLOURS[health.value])
            for health in HEALTH_ORDER]
