"""A sparkline: a small monthly series (e.g. the reporting rate), gaps left where a month has no value."""

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe

from .svg import (
    FONT_SIZE,
    INK,
    LINK,
    WHITE,
    Item,
    Number,
    as_float,
    as_items,
    coordinate,
    document,
    element,
    empty_state,
    format_value,
    linked,
    text,
    text_width,
)

PAD = 3


def sparkline(points: Iterable[Item | tuple], *, title: str, description: str | None = None, width: float = 180,
              height: float = 36, unit: str = "", minimum: Number | None = None, maximum: Number | None = None,
              colour: str = LINK, decimals: int = 1) -> SafeString:
    """A line through the known values, broken at None; every known value is a dot with its label and
    number in a <title> (a link when it has an href), and the latest value is printed at the end.
    `minimum`/`maximum` fix the scale (0 and 100 for a rate); values beyond it are drawn at its edge."""
    items = as_items(points)
    values = [as_float(item.value) for item in items]
    known = [value for value in values if value is not None]
    if not known:
        return document("sparkline", empty_state(PAD, height / 2 + 4, anchor="start"), title=title,
                        description=description, width=width, height=height)
    last = max(index for index, value in enumerate(values) if value is not None)
    last_text = format_value(items[last].value, unit, decimals)
    left, right = PAD + 3.0, width - PAD - text_width(last_text) - 6
    top, bottom = PAD + 3.0, height - PAD - 3.0
    low = as_float(minimum) if minimum is not None else min(known)
    high = as_float(maximum) if maximum is not None else max(known)
    if high <= low:  # a flat series sits in the middle
        low, high = low - 1, low + 1

    def x_of(index: int) -> float:
        return (left + right) / 2 if len(items) == 1 else left + index * (right - left) / (len(items) - 1)

    def y_of(value: float) -> float:
        return bottom - (min(max(value, low), high) - low) * (bottom - top) / (high - low)

    parts, run = [], []
    for index, value in enumerate([*values, None]):  # the trailing None closes the last run
        if value is not None:
            run.append(f"{coordinate(x_of(index))},{coordinate(y_of(value))}")
            continue
        if len(run) > 1:
            parts.append(element("polyline", {"class": "line", "points": " ".join(run), "fill": "none",
                                              "stroke": colour, "stroke-width": 1.5, "stroke-linejoin": "round"}))
        run = []
    for index, (item, value) in enumerate(zip(items, values, strict=True)):
        if value is None:
            continue
        x, y = x_of(index), y_of(value)
        dot = element("circle", {"class": "point", "cx": x, "cy": y, "r": 3 if index == last else 1.8,
                                 "fill": colour, "stroke": WHITE, "stroke-width": 0.5})
        # A larger invisible target so a two-pixel dot can still be clicked.
        target = element("circle", {"cx": x, "cy": y, "r": 6, "fill": WHITE, "fill-opacity": 0}) if item.href else ""
        parts.append(linked(item.href, f"{item.label}: {format_value(item.value, unit, decimals)}", target, dot))
    parts.append(text(right + 6, (top + bottom) / 2 + FONT_SIZE * 0.35, last_text, bold=True,
                      fill=LINK if items[last].href else INK))
    return document("sparkline", mark_safe("".join(parts)), title=title, description=description, width=width,
                    height=height, interactive=any(item.href for item in items))
