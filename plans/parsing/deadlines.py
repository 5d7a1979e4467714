"""Deadlines as plans write them: "2023年6月底前", "年底前", "三季度", "上半年", "持续推进".

A deadline is the last day the phrase allows: 6月底 → June 30, 三季度 → September 30, 上半年 → June 30,
2020年 → December 31, 6月中旬 → June 20. A phrase without a year takes the plan's year; without one
the date stays empty and the words are kept. Open-ended phrases (持续推进, 长期) have no date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from tasks.calendar_window import FIRST_YEAR, LAST_YEAR

from .text import chinese_to_int, clean, fold

_CN_DIGITS = "〇零○OoＯ一二三四五六七八九"
_YEAR = rf"(?:(?P<year>\d{{4}}|[{_CN_DIGITS}]{{4}})\s*年)"
_MONTH = r"(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_BEFORE = r"(?P<before>前|之前|以前|内|止)?"

# Order matters: the most precise reading of a phrase is tried first.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(rf"{_YEAR}?{_MONTH}\s*月\s*{_DAY}\s*[日号]{_BEFORE}")),
    (
        "iso",
        re.compile(
            r"(?P<year>\d{4})\s*[-/.]\s*(?P<month>1[0-2]|0?[1-9])\s*[-/.]\s*"
            r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)"
        ),
    ),
    ("month", re.compile(rf"{_YEAR}?{_MONTH}\s*月(?:份)?(?P<part>上旬|中旬|下旬|底|末|中)?{_BEFORE}")),
    ("quarter", re.compile(rf"{_YEAR}?第?(?P<quarter>[一二三四1-4])\s*季度(?P<part>末|底)?{_BEFORE}")),
    ("half", re.compile(rf"{_YEAR}?(?P<half>上半年|下半年|年中)(?P<part>末|底)?{_BEFORE}")),
    # "三年内" is a duration, not this year: 年内 must not follow a numeral.
    (
        "year_end",
        re.compile(
            rf"{_YEAR}?(?P<yearend>(?<![一二三四五六七八九十两几\d])年(?:底|末|内|度内)|全年)"
            rf"{_BEFORE}"
        ),
    ),
    ("year", re.compile(rf"{_YEAR}(?P<part>底|末|内|度)?{_BEFORE}")),
)
# A pattern can only match text that holds one of its words; checking them first skips most patterns.
_NEEDLES = {
    "day": ("日", "号"),
    "iso": ("-", "/", "."),
    "month": ("月",),
    "quarter": ("季度",),
    "half": ("半年", "年中"),
    "year_end": ("年底", "年末", "年内", "年度内", "全年"),
    "year": ("年",),
}
_ONGOING = re.compile(r"持续推进|持续开展|长期坚持|长期|持续|常态化|常年|每年|每季度|每月|定期|逐年|按季度|按月")
# Every pattern above needs one of these; most task texts have none, and skip the scan.
_ANY_TIME_WORD = re.compile(r"月|季度|年|\d{4}\s*[-/.]")
# Inside a task's text only phrases that bound the work count ("6月底前完成"), not any mention of a
# month or year ("到2020年,区域总部经济…", "2008年专利申请量").
_BOUNDED = {"day", "iso"}


@dataclass(frozen=True)
class Deadline:
    """The last day a deadline phrase allows (None when it names none) and the phrase as written."""

    date: date | None
    text: str


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _resolve(kind: str, groups: dict[str, str | None], plan_year: int | None) -> date | None:
    year = chinese_to_int(groups["year"]) if groups.get("year") else plan_year
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:  # outside the calendar Duban accepts: words only
        return None
    month = chinese_to_int(groups["month"]) if groups.get("month") else None
    try:
        if kind in ("day", "iso"):
            return date(year, month, chinese_to_int(groups["day"]))
        if kind == "month":
            part = groups.get("part")
            if part == "上旬":
                return date(year, month, 10)
            if part == "中旬":
                return date(year, month, 20)
            if part == "中":
                return date(year, month, 15)
            return _month_end(year, month)
        if kind == "quarter":
            quarter = chinese_to_int(groups["quarter"])
            return _month_end(year, quarter * 3)
        if kind == "half":
            return date(year, 12, 31) if groups["half"] == "下半年" else date(year, 6, 30)
    except (TypeError, ValueError):
        return None
    return date(year, 12, 31)


def _is_bounded(kind: str, groups: dict[str, str | None]) -> bool:
    if kind in _BOUNDED:
        return True
    if kind == "year_end":
        # 全年 describes the year's volume ("全年计划净地91.54万平"), not when the work ends.
        return groups["yearend"] != "全年"
    return bool(groups.get("before") or groups.get("part") in ("底", "末", "内", "下旬", "上旬", "中旬"))


def _scan(written: str, plan_year: int | None, bounded_only: bool) -> list[tuple[int, Deadline]]:
    """Every deadline phrase in `written` with its position; overlapping readings keep the most precise.
    Phrases are found on the folded text ("２０２３年" is a year) and kept as written."""
    text = fold(written)
    if not _ANY_TIME_WORD.search(text):
        return []
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Deadline]] = []
    for kind, pattern in _PATTERNS:
        if not any(needle in text for needle in _NEEDLES[kind]):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < high and low < end for low, high in taken):
                continue
            groups = match.groupdict()
            if bounded_only and not _is_bounded(kind, groups):
                continue
            following = text[end : end + 1]
            if kind == "year" and following and following in "度季月" and not groups.get("part"):
                continue
            taken.append((start, end))
            found.append((start, Deadline(_resolve(kind, groups, plan_year), written[start:end].strip())))
    return sorted(found, key=lambda item: item[0])


def _latest(found: list[tuple[int, Deadline]]) -> Deadline | None:
    dated = [deadline for _, deadline in found if deadline.date]
    if dated:
        return max(dated, key=lambda deadline: deadline.date)
    return found[0][1] if found else None


def parse_deadline(text: str, year: int | None) -> Deadline:
    """Read a deadline written on its own, as in a 完成时限 column or a 完成时限: label.

    `year` is the plan's year, used when the phrase gives none. With several phrases
    ("6月底前完成方案,12月底前建成") the latest date wins. The text is kept as written.
    """
    written = clean(text)
    best = _latest(_scan(written, year, bounded_only=False))
    return Deadline(best.date if best else None, written)


def find_deadline(text: str, year: int | None = None) -> Deadline | None:
    """The deadline a task's text sets for itself ("…,6月底前完成"), or None.

    Only phrases that bound the work count: a date, 年底 / 年内, or a month, quarter, half-year or
    year followed by 前 / 底 / 末 / 内. An open-ended phrase counts when it is the whole text, as a
    column value ("持续推进").
    """
    written = clean(text)
    best = _latest(_scan(written, year, bounded_only=True))
    if best is not None:
        return best
    if written and _ONGOING.fullmatch(written.rstrip("。")):
        return Deadline(None, written)
    return None
