"""A progress bar: how far the actual value has come towards a target, with the target marked."""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from .svg import (
    FONT_SIZE,
    GREEN,
    INK,
    LINE,
    LINK,
    MUTED,
    RED,
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
                 width: float = 480, overshoot: float = 1.2, colour: str = LINK, decimals: int = 1,
                 target_text: str | None = None, band_from: Number | None = None, met: bool | None = None,
                 verdict: str = "", show_share: bool = True) -> SafeString:
    """The track runs from the baseline to `overshoot` times the target, so bars in a list share one scale
    and the target marker sits at the same place in each; the fill is clamped to the track (a chevron
    marks a bar cut short), the printed numbers are never clamped.

    A bar judged against a rule passes `met` and the `verdict` to print ("met", "not met", "no value"): the fill
    is then green or red, the verdict bold in the same colour (grey without an actual). `band_from` marks a range
    running from it
    to the target (a second marker at its near end); `target_text` is how the target is written ("≤30万吨",
    "1–2%"); `show_share` off leaves out the percentage, which reads as progress where there is none to make
    (a cap, a range)."""
    ratio = progress_ratio(actual, target, baseline)
    band_ratio = progress_ratio(band_from, target, baseline) if band_from is not None else None
    has_target = as_float(target) is not None and as_float(target) != (as_float(baseline) or 0.0)
    track_left, track_width = float(PAD), width - 2 * PAD
    track_y = PAD + FONT_SIZE + 6
    actual_text = format_value(actual, unit, decimals)
    target_text = target_text or format_value(target, unit, decimals)
    if has_target:
        summary = f"{actual_text} / {target_text}"
    else:
        no_target = pgettext("progress", "no target")
        summary = f"{actual_text} · {no_target}"
    share = f"{format_number(100 * ratio, decimals)}%" if ratio is not None and show_share else ""
    verdict = str(verdict)
    if met is not None:
        colour = GREEN if met and actual is not None else RED
    verdict_colour = MUTED if actual is None else colour
    verdict_width = text_width(verdict) + 8 if verdict else 0
    share_width = text_width(share) + 8 if share else 0
    right = width - PAD

    parts = []
    if label:
        parts.append(text(PAD, PAD + FONT_SIZE, label,
                          max_width=track_width - verdict_width - share_width - text_width(summary) - 12))
    if verdict:
        parts.append(text(right, PAD + FONT_SIZE, verdict, anchor="end", bold=True, fill=verdict_colour,
                          css_class="verdict"))
        right -= verdict_width
    parts.append(text(right - share_width, PAD + FONT_SIZE, summary, anchor="end"))
    if share:
        parts.append(text(right, PAD + FONT_SIZE, share, anchor="end", bold=True, fill=LINK if href else INK))
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
        markers = [marker_x]
        caption_x = marker_x
        if band_ratio is not None:
            near_x = track_left + track_width * min(max(band_ratio, 0.0), 1.0) / overshoot
            markers.insert(0, near_x)
            caption_x = (near_x + marker_x) / 2
            parts.append(element("rect", {"class": "band", "x": near_x, "y": float(track_y - 3),
                                          "width": marker_x - near_x, "height": TRACK_HEIGHT + 6, "fill": "none",
                                          "stroke": INK, "stroke-width": 1, "stroke-dasharray": "3 2"}))
        for x in markers:
            ends = {"x1": x, "y1": float(track_y - 3), "x2": x, "y2": float(track_y + TRACK_HEIGHT + 3)}
            # A white halo keeps the marker visible on top of a dark fill.
            parts.append(element("line", {**ends, "stroke": WHITE, "stroke-width": 4}))
            parts.append(element("line", {"class": "target", **ends, "stroke": INK, "stroke-width": 2}))
        target_caption = pgettext("progress", "Target")
        parts.append(text(caption_x, track_y + TRACK_HEIGHT + 3 + SMALL, f"{target_caption} {target_text}",
                          size=SMALL, anchor="middle", fill=MUTED))
        height += SMALL
    heading = " ".join(piece for piece in (summary, share, verdict) if piece)
    body = linked(href, f"{label}: {heading}" if label else heading, *parts)
    return document("progress", mark_safe(body), title=title, description=description, width=width,
                    height=height + PAD, interactive=bool(href))
