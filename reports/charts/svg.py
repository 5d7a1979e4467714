"""The pieces every chart is built from: colours, number and text formatting, links, legends, the <svg>.

Charts use SVG presentation attributes only — no CSS, no script, no web font — so that a browser and
WeasyPrint draw the same thing. All markup is built by `element`, which escapes every attribute value and
every piece of text that is not already markup; the output is deterministic (same input, same bytes).
"""

import hashlib
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

Number = int | float | Decimal

# Health colours, the same as duban.css (--red, --yellow, --green, --grey).
RED = "#c62828"
YELLOW = "#c98a00"
GREEN = "#2e7d32"
GREY = "#7a8290"
HEALTH_COLOURS = {"red": RED, "yellow": YELLOW, "green": GREEN, "grey": GREY}

INK = "#1d2330"
MUTED = "#5b6475"
LINE = "#d8dde6"
TRACK = "#eef1f5"
LINK = "#1f4e9c"
WHITE = "#ffffff"
# For series that are not health; each has at least 3:1 contrast with white, as graphics need.
PALETTE = (LINK, "#00796b", "#6a1b9a", "#ad1457", "#5d4037", "#455a64", "#e65100", "#283593")

# Local fonts only: intranet machines have no internet, and WeasyPrint must find the same fonts.
FONT_FAMILY = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", '
               "sans-serif")
FONT_SIZE = 12
SMALL = 11
ELLIPSIS = "…"


@dataclass(frozen=True)
class Item:
    """One number in a chart: a bar, a donut segment, a point of a sparkline. `href` makes it a link."""

    label: str
    value: Number | None
    href: str | None = None
    colour: str | None = None


def as_items(data: Iterable[Item | tuple]) -> list[Item]:
    """Accept Items or plain tuples: (label, value), (label, value, href) or (label, value, href, colour)."""
    return [entry if isinstance(entry, Item) else Item(*entry) for entry in data]


def as_float(value: Number | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def format_number(value: Number | None, decimals: int = 1) -> str:
    """33.3333 → "33.3", 5.0 → "5", None → "—": rounded half up in decimal, so no float noise."""
    if value is None or as_float(value) is None:
        return "—"
    number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    text = format(number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_value(value: Number | None, unit: str = "", decimals: int = 1) -> str:
    text = format_number(value, decimals)
    return text if text == "—" else f"{text}{unit}"


def coordinate(value: float) -> str:
    """Coordinates with at most two decimals, so output is short and stable."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate good enough for layout: CJK characters are one em wide, others about 0.6 em."""
    return size * sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.6 for char in str(text))


def truncate(text: str, max_width: float, size: float = FONT_SIZE) -> str:
    text = str(text)
    if text_width(text, size) <= max_width:
        return text
    while text and text_width(text + ELLIPSIS, size) > max_width:
        text = text[:-1]
    return text + ELLIPSIS


def contrast(colour_a: str, colour_b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour_a), luminance(colour_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str) -> str:
    """White or ink, whichever reads better on `fill` (white on the health yellow would not)."""
    return WHITE if contrast(WHITE, fill) >= contrast(INK, fill) else INK


def element(tag: str, attributes: Mapping[str, object] | None = None, *children: str) -> SafeString:
    """One SVG element. Attribute values and plain-string children are escaped; None attributes are left out."""
    parts = [f"<{tag}"]
    for name, value in (attributes or {}).items():
        if value is not None:
            text = coordinate(value) if isinstance(value, float) else str(value)
            parts.append(f' {name}="{escape(text)}"')
    if not children:
        return mark_safe("".join(parts) + "/>")
    inner = "".join(conditional_escape(child) for child in children)
    return mark_safe("".join(parts) + ">" + inner + f"</{tag}>")


def text(x: float, y: float, content: str, *, max_width: float | None = None, size: float = FONT_SIZE,
         anchor: str = "start", fill: str = INK, bold: bool = False, css_class: str | None = None) -> SafeString:
    """A line of text; cut to `max_width` with an ellipsis, the full text then kept in its <title>."""
    content = str(content)
    shown = content if max_width is None else truncate(content, max_width, size)
    children = [element("title", None, content), shown] if shown != content else [shown]
    attributes = {"x": float(x), "y": float(y), "font-size": size, "fill": fill,
                  "text-anchor": None if anchor == "start" else anchor,
                  "font-weight": "bold" if bold else None, "class": css_class}
    return element("text", attributes, *children)


def checked_href(href: str | None) -> str | None:
    """Links come from reverse(); refuse a javascript: or data: URL should one ever slip through."""
    if href and urlsplit(href).scheme not in ("", "http", "https"):
        raise ValueError(f"chart links must be http(s) or relative, not {href!r}")
    return href or None


def linked(href: str | None, title: str, *children: str, focusable: bool = True) -> SafeString:
    """Wrap a chart item in a link to its filtered task list, or in a group; either way with a <title>.

    A shape whose number is also a link in the legend is not a second tab stop (focusable=False)."""
    heading = element("title", None, str(title))
    href = checked_href(href)
    if not href:
        return element("g", None, heading, *children)
    attributes = {"href": href} if focusable else {"href": href, "tabindex": "-1", "aria-hidden": "true"}
    return element("a", attributes, heading, *children)


def legend(entries: Iterable[tuple[str, str, str | None]], x: float, y: float,
           width: float) -> tuple[SafeString, float]:
    """Swatches with text, flowing left to right and wrapping: (colour, text, href) each. Returns the
    markup and the height used. The text carries the meaning; the colour only repeats it."""
    parts, line_x, line_y, line_height = [], x, y, FONT_SIZE + 8
    for colour, label, href in entries:
        shown = truncate(label, width - 16)
        entry_width = 14 + text_width(shown) + 16
        if line_x > x and line_x + entry_width > x + width:
            line_x, line_y = x, line_y + line_height
        swatch = element("rect", {"x": float(line_x), "y": float(line_y + 2), "width": 10, "height": 10,
                                  "fill": colour, "class": "swatch"})
        label_text = text(line_x + 14, line_y + 11, label, max_width=width - 16, fill=LINK if href else INK)
        parts.append(linked(href, label, swatch, label_text))
        line_x += entry_width
    return mark_safe("".join(parts)), (line_y - y + line_height) if parts else 0


def empty_state(x: float, y: float, anchor: str = "middle") -> SafeString:
    return text(x, y, gettext("No data"), fill=MUTED, anchor=anchor, css_class="empty")


def document(kind: str, body: str, *, title: str, description: str | None, width: float, height: float,
             interactive: bool = False) -> SafeString:
    """The <svg> element: sized in user units with a viewBox, named by its <title> and described by <desc>.

    A chart with links is role="group", not role="img": an image's children are hidden from assistive
    technology, and the links must stay reachable. The id is derived from the content, so it is stable."""
    title, description = str(title), (str(description) if description else None)
    if not title:
        raise ValueError("a chart needs a title")
    digest = hashlib.sha1("\0".join((kind, title, description or "", body)).encode()).hexdigest()[:10]
    chart_id = f"chart-{digest}"
    heading = element("title", {"id": f"{chart_id}-title"}, title)
    desc = element("desc", {"id": f"{chart_id}-desc"}, description) if description else ""
    attributes = {
        "xmlns": "http://www.w3.org/2000/svg", "class": f"chart chart-{kind}", "id": chart_id,
        "width": float(width), "height": float(height), "viewBox": f"0 0 {coordinate(width)} {coordinate(height)}",
        "role": "group" if interactive else "img", "aria-labelledby": f"{chart_id}-title",
        "aria-describedby": f"{chart_id}-desc" if description else None,
        "font-family": FONT_FAMILY, "font-size": FONT_SIZE,
    }
    return element("svg", attributes, heading, desc, mark_safe(body))
