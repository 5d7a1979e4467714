"""A donut: parts of a whole (e.g. tasks by health), with a legend that prints each number and share."""

import math
from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .svg import (
    FONT_SIZE,
    INK,
    LINK,
    MUTED,
    PALETTE,
    SMALL,
    TRACK,
    WHITE,
    Item,
    as_float,
    as_items,
    coordinate,
    document,
    element,
    empty_state,
    format_number,
    format_value,
    linked,
    text,
    text_width,
)

PAD = 4
ROW = 22


def donut_chart(data: Iterable[Item | tuple], *, title: str, description: str | None = None, size: float = 160,
                width: float = 420, unit: str = "", centre_label: str | None = None, decimals: int = 1) -> SafeString:
    """Segments clockwise from twelve o'clock, the total in the middle; the legend beside it is the
    accessible copy of the chart: label, number and percentage per item, each a link if it has one."""
    items = as_items(data)
    values = [as_float(item.value) or 0.0 for item in items]
    if any(value < 0 for value in values):
        raise ValueError("a donut shows parts of a whole; values may not be negative")
    total = sum(values)
    colours = [item.colour or PALETTE[index % len(PALETTE)] for index, item in enumerate(items)]
    height = max(size, len(items) * ROW) + 2 * PAD
    cx, cy = PAD + size / 2, height / 2
    outer = size / 2
    inner = outer * 0.6

    parts = [element("circle", {"cx": cx, "cy": cy, "r": (outer + inner) / 2, "fill": "none", "stroke": TRACK,
                                "stroke-width": outer - inner})]
    if total > 0:
        parts.append(text(cx, cy + 4, format_value(total, unit, decimals), size=FONT_SIZE * 1.6, anchor="middle",
                          bold=True))
        parts.append(text(cx, cy + 22, centre_label or gettext("Total"), size=SMALL, anchor="middle", fill=MUTED,
                          max_width=inner * 1.6))
    else:
        parts.append(empty_state(cx, cy + 4))

    # Angles come from running sums, so the last segment ends at exactly 360 degrees.
    running = 0.0
    for item, value, colour in zip(items, values, colours, strict=True):
        if value == 0 or total == 0:
            continue
        start, running = 360 * running / total, running + value
        end = 360 * running / total
        segment = element("path", {"class": "segment", "d": _sector(cx, cy, outer, inner, start, end),
                                   "fill": colour, "fill-rule": "evenodd", "stroke": WHITE, "stroke-width": 1,
                                   "data-start": coordinate(start), "data-end": coordinate(end)})
        parts.append(linked(item.href, _summary(item, value, total, unit, decimals), segment, focusable=False))

    # The legend is a small table: swatch, label, number, share.
    value_texts = [format_value(value, unit, decimals) for value in values]
    shares = [f"{format_number(100 * value / total, decimals)}%" if total else "—" for value in values]
    value_width = max((text_width(value) for value in value_texts), default=0)
    share_width = max((text_width(share) for share in shares), default=0)
    legend_x = PAD + size + 20
    room = width - PAD - legend_x - 14 - 8 - value_width - 8 - share_width
    label_width = min(max((text_width(item.label) for item in items), default=0), room)
    value_x = legend_x + 14 + label_width + 8 + value_width
    top = cy - len(items) * ROW / 2
    for index, item in enumerate(items):
        y = top + index * ROW + ROW / 2 + 4
        parts.append(linked(
            item.href, _summary(item, values[index], total, unit, decimals),
            element("rect", {"class": "swatch", "x": float(legend_x), "y": y - 10, "width": 10, "height": 10,
                             "fill": colours[index]}),
            text(legend_x + 14, y, item.label, max_width=label_width),
            text(value_x, y, value_texts[index], anchor="end", bold=True, fill=LINK if item.href else INK),
            text(value_x + 8, y, shares[index], fill=MUTED),
        ))
    return document("donut", mark_safe("".join(parts)), title=title, description=description, width=width,
                    height=height, interactive=any(item.href for item in items))


def _summary(item: Item, value: float, total: float, unit: str, decimals: int) -> str:
    share = f" ({format_number(100 * value / total, decimals)}%)" if total else ""
    return f"{item.label}: {format_value(value, unit, decimals)}{share}"


def _point(cx: float, cy: float, radius: float, degrees: float) -> str:
    angle = math.radians(degrees)
    return f"{coordinate(cx + radius * math.sin(angle))} {coordinate(cy - radius * math.cos(angle))}"


def _sector(cx: float, cy: float, outer: float, inner: float, start: float, end: float) -> str:
    """A ring sector from `start` to `end` degrees, clockwise from twelve o'clock. A whole ring is two
    half-circle arcs per edge (one arc cannot end where it starts), its hole cut out by fill-rule."""
    r_out, r_in = coordinate(outer), coordinate(inner)
    if end - start >= 360:
        return (f"M {_point(cx, cy, outer, 0)} A {r_out} {r_out} 0 1 1 {_point(cx, cy, outer, 180)} "
                f"A {r_out} {r_out} 0 1 1 {_point(cx, cy, outer, 360)} Z "
                f"M {_point(cx, cy, inner, 0)} A {r_in} {r_in} 0 1 0 {_point(cx, cy, inner, 180)} "
                f"A {r_in} {r_in} 0 1 0 {_point(cx, cy, inner, 360)} Z")
    large = 1 if end - start > 180 else 0
    return (f"M {_point(cx, cy, outer, start)} A {r_out} {r_out} 0 {large} 1 {_point(cx, cy, outer, end)} "
            f"L {_point(cx, cy, inner, end)} A {r_in} {r_in} 0 {large} 0 {_point(cx, cy, inner, start)} Z")
