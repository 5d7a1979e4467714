"""Measurable commitments in a task's text: "增长6.2%左右", "新增就业4500人", "控制在2.5%以下".

Each figure followed by a unit of measure (% , 个百分点, 亿元, 个, 人 …) becomes a TargetSpec. Figures that
are not commitments are skipped: years and dates (no unit of measure follows them), ordinals (第38次),
document numbers (〔2023〕), figures inside quotes or book titles (“15分钟生活圈”, 《…2030…》), codes
glued to letters (PM2.5, A20) and baselines (从40.5%提高到41%: only 41% is the target).

Comparator choices, so that readers of the data know what they mean:
- 左右 → about; 以上 / 不低于 / 达到 / 超过 → gte; 以下 / 以内 / 不超过 / 控制在 / 降至 → lte;
  a range "1-2个" → range.
- 达到 means "reach at least", so "达到800亿元" is gte.
- A bare figure is eq, except a bare growth rate: "增长20%" is gte and "降低3.5%" is lte, because
  growing or cutting by more than promised still keeps the promise.
- Rates of decline (下降 / 降低 / 减少 …) are stored as negative values: "下降5%左右" is about -5.

Figures are read on the folded text (text.py); a target's phrase and metric are cut from the text as
written at the same offsets, so "增长６％左右" keeps its full-width digits while its value is 6.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from .text import clean, fold
from .vocabulary import Vocabulary, load_vocabulary

# Words right before a figure that say how it binds: at least, or at most.
_GTE_PREFIXES = tuple(
    "不低于 不少于 至少 超过 突破 达到 高于 大于 达 "
    "提高到 提升到 增加到 增长到 上升到 扩大到 提高至 提升至 增加至 增长至".split()
)
_LTE_PREFIXES = tuple(
    "不超过 不高于 不多于 控制在 降至 降到 低于 小于 下降到 降低到 减少到 压减到 下降至 降低至 减少至 压减至".split()
)
_SUFFIX_COMPARATORS = {
    "左右": "about",
    "以上": "gte",
    "及以上": "gte",
    "以下": "lte",
    "及以下": "lte",
    "以内": "lte",
    "之内": "lte",
}
_FLIPPED = {"gte": "lte", "lte": "gte"}
_UP_VERBS = ("增长", "提高", "提升", "增加", "上升", "增速", "增幅", "递增")
_DOWN_VERBS = ("下降", "降低", "减少", "缩减", "压减", "削减", "递减")
_RATE_NOUNS = ("增长率", "增速", "增幅", "降幅", "下降率")
# Single characters such as 并 or 共 are left out: they start real metrics too (并购, 共享).
_FILLER = tuple("努力 力争 确保 实现 全年 计划 预计 争取 完成 其中 同时 今年 进一步 累计 力求 保证 全区 年内".split())
_TRAILING_FILLER = ("分别", "力争", "努力", "同比", "可比", "累计", "确保", "保持在", "稳定在")
_CLAUSE_BREAK = re.compile(r"[,;。:!?()]")


def _ending(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")$")


_VERB_AT_END = _ending(_UP_VERBS + _DOWN_VERBS)
_PREFIX_AT_END = _ending(_GTE_PREFIXES + _LTE_PREFIXES)
# Used with match(text, pos): no "^", which would only match at the real start of the text.
_LEADING_FILLER = re.compile("(?:[ 、]|" + "|".join(map(re.escape, _FILLER)) + ")+")
_TRAILING_FILLER_RE = re.compile("(?:[ 、]|" + "|".join(map(re.escape, _TRAILING_FILLER)) + ")+$")
_AFTER_BREAK = re.compile(r"[,;。:!?()、和及\d]")
_MARKERS = "▲△★☆■□●◆◇▶►• "
_METRIC_END_PUNCTUATION = ",:;、 "
_SPACED_DECIMAL = re.compile(r"(?<=\d) +(?=[.．]\d)")
_BASELINE = re.compile(r"从[\d.]+\S{0,4}$")
_NUMBER = r"\d+(?:\.\d+)?"


@dataclass(frozen=True)
class TargetSpec:
    """A figure the task promises, as written and as data."""

    text: str
    metric: str
    comparator: str
    value: Decimal
    upper_value: Decimal | None
    measure_unit: str
    kind: str

    def to_json(self) -> dict[str, str | None]:
        return {
            "text": self.text,
            "metric": self.metric,
            "comparator": self.comparator,
            "value": str(self.value),
            "upper_value": None if self.upper_value is None else str(self.upper_value),
            "measure_unit": self.measure_unit,
            "kind": self.kind,
        }


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern(vocabulary: Vocabulary) -> re.Pattern[str]:
    key = vocabulary.measure_units
    if key not in _PATTERNS:
        units = "|".join(re.escape(unit) for unit in sorted(set(key), key=len, reverse=True))
        _PATTERNS[key] = re.compile(
            rf"(?<![A-Za-z0-9.\-])(?P<value>{_NUMBER})(?:\s*[-—–~至到]\s*(?P<upper>{_NUMBER}))?\s*"
            rf"(?P<unit>%|‰|个百分点|百分点|[万亿千]?(?:{units}))"
            r"(?P<suffix>及以上|及以下|左右|以上|以下|以内|之内)?(?![A-Za-z0-9])"
        )
    return _PATTERNS[key]


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotes, book titles and document-number brackets, where figures are names."""
    spans: list[tuple[int, int]] = []
    for opening, closing in (("“", "”"), ("《", "》"), ("〔", "〕"), ("[", "]"), ("「", "」")):
        start = text.find(opening)
        while start != -1:
            end = text.find(closing, start + 1)
            if end == -1:
                break
            spans.append((start, end))
            start = text.find(opening, end + 1)
    return spans


def _after_leading_words(text: str, start: int, end: int) -> int:
    """Where text[start:end] starts once the adverbs before a metric (努力, 实现 …) are skipped."""
    found = _LEADING_FILLER.match(text, start, end)
    return found.end() if found else start


def _metric_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the metric lies in text[start:end]: without the spaces around it, a baseline at its end
    ("从40.5%") and the verbs and adverbs around it ("努力实现…同比" → …). Offsets, not a string, so
    that the metric can be cut from the written text."""
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end = start + len(piece.strip())
    baseline = _BASELINE.search(text, start, end)
    if baseline:
        end = baseline.start()
    start = _after_leading_words(text, start, end)
    if start >= end:
        return start, start
    trailing = _TRAILING_FILLER_RE.search(text, start, end)
    if trailing and trailing.start() > start:
        end = trailing.start()
    # "新建养老服务中心,2处": the comma between a metric and its figure is not part of the metric.
    while end > start and text[end - 1] in _METRIC_END_PUNCTUATION:
        end -= 1
    return start, end


def _ends_with(text: str, pattern: re.Pattern[str]) -> str | None:
    found = pattern.search(text)
    return found.group(0) if found else None


@dataclass
class _Previous:
    end: int
    comparator: str
    kind: str
    sign: int
    metric: str
    counted_after: bool


def _clause_start(breaks: list[int], position: int) -> int:
    index = bisect_left(breaks, position)
    return breaks[index - 1] if index else 0


def _noun_after(text: str, position: int) -> tuple[int, int]:
    """Where the thing counted lies when it follows the figure: "新建2个全民健身中心" → 全民健身中心."""
    found = _AFTER_BREAK.search(text, position)
    piece = text[position : found.start() if found else len(text)]
    start = position + len(piece) - len(piece.lstrip())
    return start, start + len(piece.strip())


def find_targets(text: str, vocabulary: Vocabulary | None = None) -> list[TargetSpec]:
    """Every measurable commitment in `text`, in order of appearance."""
    vocabulary = vocabulary or load_vocabulary()
    written = _SPACED_DECIMAL.sub("", clean(text))
    text = fold(written)
    protected = _protected_spans(text)
    breaks = [match.end() for match in _CLAUSE_BREAK.finditer(text)]
    targets: list[TargetSpec] = []
    previous: _Previous | None = None
    for found in _pattern(vocabulary).finditer(text):
        start = found.start()
        if any(low < start < high for low, high in protected) or text[start - 1 : start] in ("第", "从"):
            continue
        unit = found.group("unit")
        is_rate = unit in ("%", "‰", "个百分点", "百分点")
        clause_start = _clause_start(breaks, start)
        same_clause = previous is not None and previous.end > clause_start
        if same_clause:
            # A second figure in one clause: its metric starts after the first figure.
            between = text[previous.end : start]
            clause_start = previous.end + len(between) - len(between.lstrip("、和及与 "))
        before = text[clause_start:start].rstrip()
        verb = _ends_with(before, _VERB_AT_END) if is_rate else None
        prefix = None if verb else _ends_with(before, _PREFIX_AT_END)

        if same_clause and clause_start == start and not (verb or prefix or previous.counted_after):
            # "分别不低于10%、20%": the second figure shares the first one's verb and metric.
            comparator, kind, sign, metric = previous.comparator, previous.kind, previous.sign, previous.metric
            phrase_start, noun_length = start, 0
        else:
            metric_start, metric_end = _metric_span(
                text, clause_start, clause_start + len(before) - len(verb or prefix or "")
            )
            # The written metric has the folded one's length and Chinese words, so the checks below read it.
            metric = written[metric_start:metric_end]
            sign = -1 if verb in _DOWN_VERBS else 1
            if verb or (is_rate and metric.endswith(_RATE_NOUNS)):
                kind = "growth"
            else:
                kind = "ratio" if is_rate else "absolute"
            if prefix in _GTE_PREFIXES:
                comparator = "gte"
            elif prefix in _LTE_PREFIXES:
                comparator = "lte"
            elif verb:
                comparator = "lte" if sign < 0 else "gte"
            else:
                comparator = "eq"
            noun_length = 0
            if len(metric) <= 2:
                # "新建2个全民健身中心、2处社区公共运动场": the thing counted follows the figure.
                noun_start, noun_end = _noun_after(text, found.end())
                metric += written[noun_start:noun_end]
                noun_length = noun_end - noun_start
            if not metric and same_clause:
                metric = previous.metric
            phrase_start = _after_leading_words(text, clause_start, clause_start + len(before))

        suffix = found.group("suffix")
        if suffix:
            comparator = _SUFFIX_COMPARATORS[suffix]
            if sign < 0 and comparator in _FLIPPED:
                # The suffix bounds the size of the fall, and a fall is stored below zero: 下降3%以上
                # (3 % or more) is at most -3, 下降5%以内 (5 % at most) at least -5.
                comparator = _FLIPPED[comparator]
        value = Decimal(found.group("value")) * sign
        upper_value = None
        if found.group("upper") is not None:
            upper_value = Decimal(found.group("upper")) * sign
            value, upper_value = min(value, upper_value), max(value, upper_value)
        phrase = written[phrase_start : found.end() + noun_length].strip(" 、").lstrip(_MARKERS)
        targets.append(
            TargetSpec(
                text=phrase or written[found.start() : found.end()],
                metric=metric.strip(_MARKERS),
                comparator="range" if upper_value is not None else comparator,
                value=value,
                upper_value=upper_value,
                measure_unit="个百分点" if unit == "百分点" else unit,
                kind=kind,
            )
        )
        previous = _Previous(found.end() + noun_length, comparator, kind, sign, metric, bool(noun_length))
    return targets
