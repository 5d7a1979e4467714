"""The numbers Word draws in front of automatically numbered paragraphs (一、 （一） 1. ▲), which are not in
the paragraph's text: python-docx gives "推进城市更新", the reader sees "一、推进城市更新". Rebuilt here from
the document's numbering definitions so that the outline parser finds sections and tasks as printed.

Word keeps one counter per list and level: numbering a paragraph at a level counts it and restarts the levels
below. A level's text (w:lvlText, e.g. "（%1）" or "%1.%2") names the counters it shows, each written in its
level's format (w:numFmt). Lists that share an abstract definition share their counters unless the list
restarts them (w:startOverride), as Word does.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

from .text import BULLET_MARKERS, int_to_chinese

_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    # Word's letter lists go a … z, aa … zz.
    return chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, number_format: str) -> str:
    """A counter as a level's w:numFmt writes it."""
    if number_format in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
                         "taiwaneseCountingThousand", "japaneseCounting"):
        return int_to_chinese(number)
    if number_format in ("ideographTraditional",) and 1 <= number <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[number - 1]
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= number <= len(_CIRCLED):
        return _CIRCLED[number - 1]
    if number_format == "decimalFullWidth":
        return "".join(chr(ord(digit) - ord("0") + ord("０")) for digit in str(number))
    if number_format == "upperRoman":
        return _roman(number)
    if number_format == "lowerRoman":
        return _roman(number).lower()
    if number_format == "upperLetter":
        return _letters(number)
    if number_format == "lowerLetter":
        return _letters(number).lower()
    if number_format == "none":
        return ""
    return str(number)  # decimal, decimalZero and anything else: as digits


@dataclass(frozen=True)
class _Level:
    number_format: str
    text: str
    start: int


# Word numbers a list from 0 to 32767 at most; a larger start in the file would make a letter label of millions
# of characters (A … Z, AA … ZZ, AAA …), enough to exhaust memory from a small document.
WORD_MAX_LIST_NUMBER = 32767


def _int_attribute(element, name: str, default: int) -> int:
    if element is None:
        return default
    try:
        return min(max(int(element.get(qn("w:val"))), 0), WORD_MAX_LIST_NUMBER)
    except (TypeError, ValueError):
        return default


class WordNumbering:
    """Gives each numbered paragraph, in body order, the label Word prints before it."""

    def __init__(self, document):
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._lists: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, restarts)
        self._counters: dict[str, dict[int, int]] = {}
        self._styles = document.styles.element if document is not None else None
        try:
            numbering = document.part.numbering_part.element
        except (AttributeError, KeyError, NotImplementedError):
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            self._abstract[abstract.get(qn("w:abstractNumId"))] = self._levels(abstract)
        for num in numbering.findall(qn("w:num")):
            abstract_id = num.find(qn("w:abstractNumId"))
            restarts = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    restarts[int(override.get(qn("w:ilvl"), "0"))] = _int_attribute(start, "val", 1)
            if abstract_id is not None:
                self._lists[num.get(qn("w:numId"))] = (abstract_id.get(qn("w:val")), restarts)

    @staticmethod
    def _levels(abstract) -> dict[int, _Level]:
        levels = {}
        for level in abstract.findall(qn("w:lvl")):
            number_format = level.find(qn("w:numFmt"))
            text = level.find(qn("w:lvlText"))
            levels[int(level.get(qn("w:ilvl"), "0"))] = _Level(
                number_format.get(qn("w:val")) if number_format is not None else "decimal",
                text.get(qn("w:val")) if text is not None else "",
                _int_attribute(level.find(qn("w:start")), "val", 1),
            )
        return levels

    def _numbering_of(self, paragraph_element) -> tuple[str, int] | None:
        """(numId, level) from the paragraph's own properties, else from its style's."""
        properties = paragraph_element.pPr
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        style_id = None
        if properties is not None and properties.find(qn("w:pStyle")) is not None:
            style_id = properties.find(qn("w:pStyle")).get(qn("w:val"))
        if num_pr is None and style_id and self._styles is not None:
            for style in self._styles.findall(qn("w:style")):
                if style.get(qn("w:styleId")) == style_id:
                    style_properties = style.find(qn("w:pPr"))
                    num_pr = style_properties.find(qn("w:numPr")) if style_properties is not None else None
                    break
        if num_pr is None:
            return None
        num_id = num_pr.find(qn("w:numId"))
        if num_id is None or num_id.get(qn("w:val")) in (None, "0"):
            return None  # numId 0 switches numbering off
        return num_id.get(qn("w:val")), _int_attribute(num_pr.find(qn("w:ilvl")), "val", 0)

    def label(self, paragraph_element) -> str:
        """The label Word prints before this paragraph ("" when it is not numbered); counts it."""
        found = self._numbering_of(paragraph_element)
        if found is None or found[0] not in self._lists:
            return ""
        num_id, level = found
        abstract_id, restarts = self._lists[num_id]
        levels = self._abstract.get(abstract_id, {})
        if level not in levels:
            return ""
        key = f"num-{num_id}" if restarts else f"abstract-{abstract_id}"
        counters = self._counters.setdefault(key, {})
        start = restarts.get(level, levels[level].start)
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [n for n in counters if n > level]:
            del counters[deeper]
        if levels[level].number_format == "bullet":
            # Only a marker the outline parser knows (▲ …): Word's default bullets are Symbol or Wingdings glyphs
            # stored as private-use or plain letters ("\uf0b7", "l", "§"), which would only soil the text.
            marker = levels[level].text.strip()
            return marker if len(marker) == 1 and marker in BULLET_MARKERS else ""
        text = levels[level].text
        for shown in range(level, -1, -1):  # %10 is not a thing: levels run 0–8, written %1–%9
            if f"%{shown + 1}" in text:
                value = counters.get(shown, levels[shown].start if shown in levels else 1)
                number_format = levels[shown].number_format if shown in levels else "decimal"
                text = text.replace(f"%{shown + 1}", format_number(value, number_format))
        return text
