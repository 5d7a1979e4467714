"""Text cleaning, width folding, Chinese numerals and the numbering tokens that open a heading or an item.

Uploaded documents mix full-width punctuation (`：，（）；`) with half-width forms, and copies taken
from web pages add zero-width characters and non-breaking spaces. Text goes through two steps:

- `clean` drops the invisible characters and tidies spaces. Its result is the text as written, and
  it is what the parser carries and returns: a task reads "坚持创新驱动，推动发展" with the comma
  the document used.
- `fold` maps full-width forms to half-width ones, one character for one, and is what the parser
  matches on, so both spellings of a document parse the same way.

Because folding never changes the length, an offset found on the folded text is the same offset in
the written text: the parser matches on `fold(text)` and slices `text`. This keeps a single string
per paragraph to pass around, instead of carrying a map from normalised to original offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Full-width ASCII (U+FF01–U+FF5E) maps one-to-one onto ASCII; the ideographic comma 、 and full stop 。
# are not in that block and stay, because 、 separates enumerations differently from ",".
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e]")
# Spacing is not part of what a document says: odd spaces become plain ones, invisible characters go.
_SPACES = dict.fromkeys([0x3000, 0x00A0, 0x202F, 0x205F, 0x09, 0x0B, 0x0C, *range(0x2002, 0x200B)], " ")
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD], None)
_CLEAN_TABLE = {**_SPACES, **_INVISIBLE, 0x000D: None}

# Characters the table changes; text without them (most text) skips translate().
_NEEDS_CLEANING = re.compile("[" + "".join(re.escape(chr(code)) for code in _CLEAN_TABLE) + "]")
_SPACE_RUN = re.compile(r" {2,}")
_ANY_SPACE_RUN = re.compile(r"\s+")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’《》〔〕【】"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")


def clean(text: str, keep_newlines: bool = False) -> str:
    """The text as written, without invisible characters, with single plain spaces, trimmed.

    Newlines are folded into spaces unless `keep_newlines` is set: table cells use line breaks to
    separate unit names, so they must survive there.
    """
    if _NEEDS_CLEANING.search(text):
        text = text.translate(_CLEAN_TABLE)
    if keep_newlines:
        lines = (_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))
        return "\n".join(line for line in lines if line)
    return _ANY_SPACE_RUN.sub(" ", text).strip()


# Each paragraph is folded again by every step that reads it (numbering, labels, units, deadlines), and
# translate() is slow on Chinese text, so repeats are served from a small cache.
@lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """Full-width letters, digits and punctuation as half-width ones. Never changes the length."""
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


def normalize(text: str, keep_newlines: bool = False) -> str:
    """The form text is matched on: cleaned, then folded (for callers that never return the text)."""
    return fold(clean(text, keep_newlines))


def both_widths(chars: str) -> str:
    """`chars` plus the full-width form of each of its ASCII characters, to strip written text."""
    return chars + "".join(chr(ord(ch) + 0xFEE0) for ch in chars if "!" <= ch <= "~")


def squeeze_cjk_spaces(text: str) -> str:
    """Drop spaces between Chinese characters: PDF and web copies break titles with them."""
    return _SPACE_BETWEEN_CJK.sub("", text)


# --- Chinese numerals -------------------------------------------------------------------------

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "O": 0,
    "o": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_NUMERAL_CHARS = "〇零○一二两三四五六七八九十百千"
_DIGIT_NAMES = "〇一二三四五六七八九"


def chinese_to_int(text: str) -> int | None:
    """The value of a Chinese (or Arabic) numeral: 十一 → 11, 三十四 → 34, 二OO八 → 2008.

    Numerals without 十/百/千 are read digit by digit, which is how years are written
    (二〇〇八, or 二OO八 with the letter O). Returns None for anything that is not a numeral.
    """
    text = text.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if not any(ch in _CN_UNITS for ch in text):
        digits = [_CN_DIGITS.get(ch) for ch in text]
        if None in digits:
            return None
        return int("".join(str(d) for d in digits))
    total, current = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            # A bare 十 at the start means one ten (十一 = 11).
            total += (1 if current is None else current) * _CN_UNITS[ch]
            current = None
        else:
            return None
    return total + (current or 0)


def int_to_chinese(number: int) -> str:
    """The Chinese numeral used in headings: 11 → 十一, 20 → 二十, 105 → 一百零五 (0–9999)."""
    if not 0 <= number <= 9999:
        raise ValueError(f"{number} is outside the range of heading numerals")
    if number < 10:
        return _DIGIT_NAMES[number]
    if number < 20:
        return "十" + (_DIGIT_NAMES[number - 10] if number > 10 else "")
    parts: list[str] = []
    pending_zero = False
    for unit_value, unit_name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit_value)
        if digit:
            if pending_zero:
                parts.append("零")
            parts.append(_DIGIT_NAMES[digit] + unit_name)
            pending_zero = False
        elif parts:
            pending_zero = True
    return "".join(parts)


# --- Numbering tokens -------------------------------------------------------------------------

# The rank orders levels the way Chinese official documents nest them (GB/T 9704):
# 第一部分 > 一、 > (一) > 1. > (1) > ① > ▲. A new token closes every open level of equal or deeper rank.
RANK_PART, RANK_CHAPTER, RANK_PAREN_CN, RANK_ARABIC, RANK_PAREN_ARABIC, RANK_CIRCLED, RANK_BULLET = range(7)

BULLET_MARKERS = "▲△★☆■□●◆◇▶►•"
_N = CN_NUMERAL_CHARS

_TOKEN_PATTERNS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("part", RANK_PART, re.compile(rf"第([{_N}\d]+)(?:部分|章|篇)\s*")),
    ("chapter", RANK_CHAPTER, re.compile(rf"([{_N}]+)\s*[、.]\s*")),
    ("paren_cn", RANK_PAREN_CN, re.compile(rf"\(\s*([{_N}]+)\s*\)\s*[、.]?\s*")),
    ("arabic", RANK_ARABIC, re.compile(r"(\d{1,3})\s*[.、](?!\d)\s*")),
    ("paren_arabic", RANK_PAREN_ARABIC, re.compile(r"(?:\(\s*(\d{1,3})\s*\)|(\d{1,3})\)(?!\d))\s*[、.]?\s*")),
    ("paren_arabic", RANK_PAREN_ARABIC, re.compile(r"([\u2474-\u2487])\s*")),
    ("circled", RANK_CIRCLED, re.compile(r"([\u2460-\u2473])\s*")),
    ("bullet", RANK_BULLET, re.compile(rf"([{BULLET_MARKERS}])\s*")),
)


@dataclass(frozen=True)
class NumberToken:
    """The numbering that opens a line: its kind, rank, value and the label as written."""

    kind: str
    rank: int
    value: int | None
    label: str
    end: int

    def is_next_after(self, previous: int | None) -> bool:
        return self.value is not None and self.value == (previous or 0) + 1


def _label(kind: str, raw: str) -> str:
    if kind == "paren_cn":
        return f"({raw})"
    if kind == "paren_arabic" and raw.isdigit():
        return f"({raw})"
    if kind == "part":
        return f"第{raw}"
    return raw


def _value(kind: str, raw: str) -> int | None:
    if kind == "circled":
        return ord(raw) - 0x2460 + 1
    if kind == "paren_arabic" and not raw.isdigit():
        return ord(raw) - 0x2474 + 1
    if kind == "bullet":
        return None
    return chinese_to_int(raw)


def match_number(text: str, pos: int = 0) -> NumberToken | None:
    """The numbering token at `pos` of the text, if the text opens with one.

    Recognises 第一部分, 一、, (一), 1. / 1、, (1) / 1), ⑴, ① and the bullet markers ▲ ★ ■ ●, in either
    width: "（一）" gives the label "(一)", and `end` is where the rest starts in the text as given.
    """
    text = fold(text)
    for kind, rank, pattern in _TOKEN_PATTERNS:
        found = pattern.match(text, pos)
        if not found:
            continue
        raw = next(group for group in found.groups() if group)
        value = _value(kind, raw)
        if kind != "bullet" and value is None:
            continue
        return NumberToken(kind=kind, rank=rank, value=value, label=_label(kind, raw), end=found.end())
    return None


_HEADING_MAX_LENGTH = 40


def looks_like_heading(text: str, allow_full_stop: bool = True) -> bool:
    """Whether `text` reads as a heading rather than a sentence: short, and no full stop inside
    (one at the very end is tolerated when `allow_full_stop`: "一、促进经济又好又快发展。")."""
    text = fold(text).strip()
    if not text or len(text) > _HEADING_MAX_LENGTH:
        return False
    if allow_full_stop:
        text = text.removesuffix("。")
    return "。" not in text and not text.endswith((";", ":", ","))
