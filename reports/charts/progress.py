"""A progress bar: how far the actual value has come towards a target, with the target marked."""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from .svg import (
    FONT_SIZE,
    INK,
    LINE,
    LINK,
    MUTED,
    SMALL,
    TRACK,
    WHITE,
    Number,
    as_float,
    coordinate,
    document,
    element,
    format_number,
    format_value,
    linked,
    text,
    text_width,
)

PAD = 4
TRACK_HEIGHT = 12


def progress_ratio(actual: Number | None, target: Number | None, baseline: Number = 0) -> float | None:
    """How much of the way from baseline to target has been covered: 0.5 is halfway, 1.2 is 20% beyond.

    Works for declines too: from 0 towards -3 (a 3% fall), -1.5 is 0.5; going the wrong way is negative.
    None when there is nothing to measure against (no actual, no target, or a target equal to the baseline)."""
    actual, target, start = as_float(actual), as_float(target), as_float(baseline) or 0.0
    if actual is None or target is None or target == start:
        return None
    return (actual - start) / (target - start)


def progress_bar(actual: Number | None, target: Number | None, *, title: str, description: str | None = None,
                 label: str | None = None, baseline: Number = 0, unit: str = "", href: str | None = None,
                 width: float = 480, overshoot: float = 1.2, colour: str = LINK, decimals: int = 1) -> SafeString:
    """The track runs from the baseline to `overshoot` times the target, so bars in a list share one scale
    and the target marker sits at the same place in each; the fill is clamped to the track (a chevron
    marks a bar cut short), the printed numbers are never clamped."""
    ratio = progress_ratio(actual, target, baseline)
    has_target = as_float(target) is not None and as_float(target) != (as_float(baseline) or 0.0)
    track_left, track_width = float(PAD), width - 2 * PAD
    track_y = PAD + FONT_SIZE + 6
    actual_text, target_text = format_value(actual, unit, decimals), format_value(target, unit, decimals)
    if has_target:
        summary = f"{actual_text} / {target_text}"
    else:
        no_target = pgettext("progress", "no target")
        summary = f"{actual_text} · {no_target}"
    share = f"{format_number(100 * ratio, decimals)}%" if ratio is not None else ""
    share_width = text_width(share) + 8 if share else 0

    parts = []
    if label:
        parts.append(text(PAD, PAD + FONT_SIZE, label, max_width=track_width - share_width - text_width(summary) - 12))
    parts.append(text(width - PAD - share_width, PAD + FONT_SIZE, summary, anchor="end"))
    if share:
        parts.append(text(width - PAD, PAD + FONT_SIZE, share, anchor="end", bold=True, fill=LINK if href else INK))
    parts.append(element("rect", {"class": "track", "x": track_left, "y": float(track_y), "width": track_width,
                                  "height": TRACK_HEIGHT, "fill": TRACK, "stroke": LINE}))
    height = track_y + TRACK_HEIGHT + 6
    if ratio is not None:
        fill_width = track_width * min(max(ratio, 0.0), overshoot) / overshoot
        parts.append(element("rect", {"class": "fill", "x": track_left, "y": float(track_y), "width": fill_width,
                                      "height": TRACK_HEIGHT, "fill": colour, "data-ratio": format_number(ratio, 4)}))
        if ratio > overshoot:
            tip, middle = track_left + fill_width, track_y + TRACK_HEIGHT / 2
            points = " ".join(f"{coordinate(x)},{coordinate(y)}" for x, y in (
                (tip - 9, track_y + 2), (tip - 4, middle), (tip - 9, track_y + TRACK_HEIGHT - 2)))
            parts.append(element("polyline", {"class": "overflow", "points": points, "fill": "none",
                                              "stroke": WHITE, "stroke-width": 1.5}))
    if has_target:
        marker_x = track_left + track_width / overshoot
        ends = {"x1": marker_x, "y1": float(track_y - 3), "x2": marker_x, "y2": float(track_y + TRACK_HEIGHT + 3)}
        # A white halo keeps the marker visible on top of a dark fill.
        parts.append(element("line", {**ends, "stroke": WHITE, "stroke-width": 4}))
        parts.append(element("line", {"class": "target", **ends, "stroke": INK, "stroke-width": 2}))
        target_caption = pgettext("progress", "Target")
        parts.append(text(marker_x, track_y + TRACK_HEIGHT + 3 + SMALL, f"{target_caption} {target_text}",
                          size=SMALL, anchor="middle", fill=MUTED))
        height += SMALL
    heading = f"{label}: {summary} {share}".strip() if label else f"{summary} {share}".strip()
    body = linked(href, heading, *parts)
    return document("progress", mark_safe(body), title=title, description=description, width=width,
                    height=height + PAD, interactive=bool(href))
