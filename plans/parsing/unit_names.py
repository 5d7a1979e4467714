"""Splitting a list of units as a plan writes it ("立山经济开发区,各街道、区直各部门") into names.

Names are kept as written, full-width brackets and all; matching them to the units in the database
happens elsewhere. A qualifier in brackets at the end ("区工信局(闲置厂房)", "新农村建设办公室<农委>") is
separated from the name. Separators and brackets are found on the folded text (see text.py), so
"（" opens a bracket like "(", and the pieces are cut from the text as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import both_widths, clean, fold
from .vocabulary import Vocabulary, load_vocabulary

_OPENING = "(<〈【《[「"
_HAS_BRACKET = re.compile(r"[(<〈【《\[「)>〉】》\]」]")
_CLOSING = ")>〉】》]」"
_QUALIFIER = re.compile(r"^(?P<name>.+?)\s*[(<〈【\[](?P<qualifier>[^()<>〈〉【】\[\]]+)[)>〉】\]]$")
# "区财政局等有关单位": the group after 等 is a second name, not part of the first.
_ETC_GROUP = re.compile(r"等(?=(?:各|有关|相关)?(?:单位|部门)$)")
_TRIM = both_widths(" .。:;,、\t")


@dataclass(frozen=True)
class UnitName:
    """One unit as the document names it, with the qualifier it gives in brackets."""

    name: str
    qualifier: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "qualifier": self.qualifier}


@lru_cache(maxsize=32)
def _separator_regex(separators: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(sep) for sep in sorted(set(separators), key=len, reverse=True)))


def _split_outside_brackets(text: str, separators: tuple[str, ...]) -> list[str]:
    """Split on any separator that is not inside brackets."""
    folded = fold(text)
    pattern = _separator_regex(separators)
    if folded == text and not _HAS_BRACKET.search(text):
        return pattern.split(text)  # Nothing to fold and no brackets: the common case, done in C.
    bracketed = bool(_HAS_BRACKET.search(folded))
    pieces: list[str] = []
    start = 0
    for match in pattern.finditer(folded):
        if not bracketed or _depth(folded, match.start()) == 0:
            pieces.append(text[start : match.start()])
            start = match.end()
    pieces.append(text[start:])
    return pieces


def _depth(text: str, position: int) -> int:
    """How many brackets are open at `position` (unbalanced closings count as none)."""
    depth = 0
    for ch in text[:position]:
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING and depth:
            depth -= 1
    return depth


def _looks_like_unit(name: str, vocabulary: Vocabulary) -> bool:
    bare = _QUALIFIER.sub(r"\g<name>", fold(name))
    return bare.endswith(vocabulary.unit_suffixes)


def _split_conjunctions(text: str, vocabulary: Vocabulary) -> list[str]:
    """Split "农委及相关镇" in two, but keep "老镇及旧房改造指挥部" and "区住房和城乡建设局" whole.

    The right side must be a group ("各街镇", "相关委办局") or both sides must end like a unit, and a
    left side of two characters only counts when the right side is a group: short left sides such
    as 老镇 are usually part of a longer name.
    """
    pattern = _separator_regex(vocabulary.unit_conjunctions)
    folded = fold(text)
    bracketed = bool(_HAS_BRACKET.search(folded))
    for match in pattern.finditer(folded):
        if bracketed and _depth(folded, match.start()):
            continue
        left, right = text[: match.start()].strip(), text[match.end() :].strip()
        if not left or not right:
            continue
        right_is_group = right.startswith(vocabulary.group_prefixes)
        left_is_unit = _looks_like_unit(left, vocabulary)
        if right_is_group and left_is_unit:
            return [left, *_split_conjunctions(right, vocabulary)]
        if len(left) >= 3 and left_is_unit:
            rest = _split_conjunctions(right, vocabulary)
            if _looks_like_unit(rest[0], vocabulary):
                return [left, *rest]
        # Only the first conjunction that could separate names is considered: "A和B及各街镇" is
        # split further inside the right side by the recursive call.
        break
    return [text]


def _split_spaces(text: str) -> list[str]:
    """Split on spaces, but rejoin one-character fragments: "区 发改委" is one badly spaced name."""
    words: list[str] = []
    for word in _split_outside_brackets(text, (" ",)):
        if not word:
            continue
        if words and (len(words[-1]) < 2 or len(word) < 2):
            words[-1] += word
        else:
            words.append(word)
    return words


def _unit(piece: str) -> UnitName | None:
    piece = piece.strip(_TRIM)
    if piece.endswith("等") and len(piece) > 2:
        piece = piece[:-1]
    if not piece:
        return None
    found = _QUALIFIER.match(fold(piece))
    if found:
        name = piece[found.start("name") : found.end("name")].strip(_TRIM)
        if name:
            return UnitName(name, piece[found.start("qualifier") : found.end("qualifier")].strip())
    return UnitName(piece)


def split_units(text: str, vocabulary: Vocabulary | None = None) -> list[UnitName]:
    """The units named in `text`, in order, without duplicates.

    Splits on 、 , ; /, spaces and line breaks outside brackets, and on 和 / 及 / 以及 only between two
    names that each look like a unit. Groups ("各街道", "属地街道", "各相关单位") stay names.
    """
    vocabulary = vocabulary or load_vocabulary()
    text = clean(text, keep_newlines=True)
    units: list[UnitName] = []
    seen: set[UnitName] = set()
    for piece in _split_outside_brackets(text, vocabulary.unit_separators):
        piece = piece.strip(_TRIM)
        if not piece:
            continue
        piece = _ETC_GROUP.sub("、", piece)
        for part in _split_outside_brackets(piece, ("、",)):
            for word in _split_spaces(part.strip(_TRIM)):
                for name in _split_conjunctions(word, vocabulary):
                    unit = _unit(name)
                    if unit and unit not in seen:
                        seen.add(unit)
                        units.append(unit)
    return units
