"""Horizontal bars (one number per row) and stacked bars (a row split into series, e.g. by health)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from .svg import (
    FONT_SIZE,
    INK,
    LINE,
    LINK,
    SMALL,
    WHITE,
    Item,
    Number,
    as_float,
    as_items,
    contrast,
    document,
    element,
    empty_state,
    format_value,
    legend,
    linked,
    text,
    text_colour_on,
    text_width,
)

PAD = 4


@dataclass(frozen=True)
class Series:
    """One part of a stacked bar, e.g. the red tasks. `href` links its legend entry (all red tasks)."""

    key: str
    label: str
    colour: str
    href: str | None = None


@dataclass(frozen=True)
class StackedRow:
    """One bar: `values` and `hrefs` by series key; `href` links the row's label and total."""

    label: str
    values: Mapping[str, Number | None]
    hrefs: Mapping[str, str] = field(default_factory=dict)
    href: str | None = None


def _baseline(y: float, height: float) -> float:
    """Where text sits to look centred on a bar `height` high at `y`."""
    return y + height / 2 + FONT_SIZE * 0.35


def bar_chart(data: Iterable[Item | tuple], *, title: str, description: str | None = None, width: float = 640,
              label_width: float = 160, bar_height: float = 18, gap: float = 10, unit: str = "",
              maximum: Number | None = None, colour: str = LINK, decimals: int = 1) -> SafeString:
    """One bar per item, its number printed beside it; negative values grow left of the zero line."""
    items = as_items(data)
    if not items:
        return document("bar", empty_state(width / 2, 24), title=title, description=description, width=width,
                        height=40)
    values = [as_float(item.value) for item in items]
    known = [value for value in values if value is not None]
    high = max([0.0, *known, as_float(maximum) or 0.0])
    low = min([0.0, *known])
    value_texts = [format_value(item.value, unit, decimals) for item in items]
    # Room for the widest number, the maximum's included, so that charts sharing a maximum share a scale.
    value_space = max(text_width(value) for value in [*value_texts, format_value(maximum, unit, decimals)]) + 8
    area_left = label_width + (value_space if low < 0 else 0)
    area_right = width - PAD - (value_space if high > 0 or not known else 0)
    scale = (area_right - area_left) / (high - low) if high > low else 0.0
    zero_x = area_left - low * scale

    rows = []
    for index, (item, value, value_text) in enumerate(zip(items, values, value_texts, strict=True)):
        y = PAD + index * (bar_height + gap)
        length, negative = abs(value or 0.0) * scale, (value or 0.0) < 0
        bar_x = zero_x - length if negative else zero_x
        number = text(bar_x - 4 if negative else bar_x + length + 4, _baseline(y, bar_height), value_text,
                      anchor="end" if negative else "start", fill=_number_colour(item.href))
        rows.append(linked(
            item.href, f"{item.label}: {value_text}",
            text(label_width - 8, _baseline(y, bar_height), item.label, max_width=label_width - 12, anchor="end"),
            element("rect", {"class": "bar", "x": bar_x, "y": float(y),
                             "width": float(length), "height": bar_height, "fill": item.colour or colour}),
            number,
        ))
    height = PAD * 2 + len(items) * (bar_height + gap) - gap
    axis = element("line", {"x1": zero_x, "y1": float(PAD - 2), "x2": zero_x, "y2": float(height - PAD + 2),
                            "stroke": LINE, "stroke-width": 1})
    return document("bar", mark_safe(axis + "".join(rows)), title=title, description=description, width=width,
                    height=height, interactive=any(item.href for item in items))


def stacked_bar_chart(rows: Sequence[StackedRow], series: Sequence[Series], *, title: str,
                      description: str | None = None, width: float = 640, label_width: float = 160,
                      bar_height: float = 20, gap: float = 12, unit: str = "", maximum: Number | None = None,
                      decimals: int = 1) -> SafeString:
    """Rows split into series, with a legend of series totals. A segment's number is printed inside it
    when it fits, otherwise just below it; each row's total follows the bar."""
    totals = [sum(_part(row, part.key) for part in series) for row in rows]
    series_totals = [sum(_part(row, part.key) for row in rows) for part in series]
    legend_markup, legend_height = legend(
        ((part.colour, f"{part.label} {format_value(total, unit, decimals)}", part.href)
         for part, total in zip(series, series_totals, strict=True)), PAD, PAD, width - 2 * PAD)
    top = PAD + legend_height + 6
    if not rows:
        return document("stacked", mark_safe(legend_markup + empty_state(width / 2, top + 16)), title=title,
                        description=description, width=width, height=top + 28)
    total_texts = [format_value(total, unit, decimals) for total in totals]
    area_right = width - PAD - max(text_width(total) for total in total_texts) - 8
    high = max([*totals, as_float(maximum) or 0.0])
    scale = (area_right - label_width) / high if high > 0 else 0.0

    parts, y = [], top
    for row, total_text in zip(rows, total_texts, strict=True):
        x, segments, below_end = float(label_width), [], float("-inf")
        for part in series:
            value = _part(row, part.key)
            if value == 0:
                continue
            length = value * scale
            number = format_value(row.values[part.key], unit, decimals)
            ink = text_colour_on(part.colour)
            if text_width(number, SMALL) + 6 <= length and contrast(ink, part.colour) >= 4.5:
                label = text(x + length / 2, _baseline(y, bar_height), number, size=SMALL, anchor="middle", fill=ink)
            else:  # too narrow or too low in contrast (the grey): below the bar, clear of the previous number
                start = max(x + length / 2 - text_width(number, SMALL) / 2, below_end + 4)
                below_end = start + text_width(number, SMALL)
                label = text(start, y + bar_height + SMALL + 1, number, size=SMALL, fill=INK)
            segment = element("rect", {"class": "segment", "data-series": part.key, "x": x, "y": float(y),
                                       "width": float(length), "height": bar_height, "fill": part.colour,
                                       "stroke": WHITE, "stroke-width": 0.5})
            segments.append(linked(row.hrefs.get(part.key), f"{row.label} · {part.label}: {number}", segment,
                                   label))
            x += length
        parts.append(linked(
            row.href, f"{row.label}: {total_text}",
            text(label_width - 8, _baseline(y, bar_height), row.label, max_width=label_width - 12, anchor="end"),
            text(x + 6, _baseline(y, bar_height), total_text, bold=True, fill=_number_colour(row.href)),
        ))
        parts.extend(segments)
        y += bar_height + gap + (SMALL + 4 if below_end > float("-inf") else 0)
    height = y - gap + PAD
    interactive = any(row.href or any(row.hrefs.values()) for row in rows) or any(part.href for part in series)
    return document("stacked", mark_safe(legend_markup + "".join(parts)), title=title, description=description,
                    width=width, height=height, interactive=interactive)


def _number_colour(href: str | None) -> str:
    return LINK if href else INK


def _part(row: StackedRow, key: str) -> float:
    value = as_float(row.values.get(key)) or 0.0
    if value < 0:
        raise ValueError(f"stacked bars add up parts; {row.label!r} has {value} for {key!r}")
    return value
