"""Deciding how an uploaded text file is encoded, and naming the encoding for the person who uploaded it.

Strict UTF-8 is tried first: bytes in another encoding practically never pass it. For the rest, trying
GB18030 first was wrong: Big5 bytes (Traditional Chinese from Taiwan or Hong Kong) nearly always decode
"successfully" as GB18030, into nonsense, and so does Korean EUC-KR. So a maintained detector
(charset-normalizer) chooses, and its choice is only taken when the text it gives looks like Chinese: at
least PLAUSIBLE_SHARE of its characters beyond ASCII are Chinese characters of GB2312 or Big5 (the
characters in use) or punctuation, numbers and symbols; mojibake is rich in kana, bopomofo, Greek, box
drawing and rare characters. When the detector names an encoding that is not Chinese, or its choice
fails that test, the encoding is in doubt and the file is refused rather than saved as mojibake.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from charset_normalizer import from_bytes
from django.utils.translation import gettext_lazy as _

PLAUSIBLE_SHARE = 0.9

# What the preview and import_plan call each encoding we read.
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-32": "UTF-32",
    "gb18030": _("GB18030 (Simplified Chinese)"),
    "big5": _("Big5 (Traditional Chinese)"),
    "big5hkscs": _("Big5-HKSCS (Traditional Chinese, Hong Kong)"),
}

# The detector's names, by the reading we make of them: GB18030 covers GBK and GB2312; Windows' cp950 covers
# Big5 and is tried first, then Big5-HKSCS for Hong Kong's own characters.
_FAMILIES = {
    "gb18030": ("gb18030",),
    "gbk": ("gb18030",),
    "gb2312": ("gb18030",),
    "hz": ("hz",),
    "big5": ("cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "big5hkscs": ("big5hkscs",),
    "utf_16": ("utf-16",),
    "utf_16_be": ("utf-16-be",),
    "utf_16_le": ("utf-16-le",),
    "utf_32": ("utf-32",),
    "utf_32_be": ("utf-32-be",),
    "utf_32_le": ("utf-32-le",),
}
_REPORTED_AS = {"cp950": "big5", "hz": "gb18030", "utf-16-be": "utf-16", "utf-16-le": "utf-16",
                "utf-32-be": "utf-32", "utf-32-le": "utf-32"}


class DoubtfulEncoding(ValueError):
    """The bytes decode as Chinese text, but which encoding they are in cannot be told for sure."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # a key of ENCODING_NAMES

    @property
    def encoding_name(self) -> str:
        return str(ENCODING_NAMES[self.encoding])


def encoding_name(encoding: str) -> str:
    """The name to show for an encoding key ("" for a document that is not a text file)."""
    return str(ENCODING_NAMES.get(encoding, encoding))


@cache
def _common_hanzi() -> frozenset[str]:
    """Every Chinese character of GB2312 (Simplified) and of Big5 (Traditional): the characters in use."""
    characters = set()
    for lead in range(0xB0, 0xF8):  # GB2312 rows 16–87: its 6,763 characters
        for trail in range(0xA1, 0xFF):
            characters.update(bytes((lead, trail)).decode("gb2312", "ignore"))
    for lead in list(range(0xA4, 0xC7)) + list(range(0xC9, 0xFA)):  # Big5's frequent and less frequent characters
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            characters.update(bytes((lead, trail)).decode("big5", "ignore"))
    return frozenset(character for character in characters if unicodedata.category(character) == "Lo")


def _plausible(character: str) -> bool:
    if character.isascii() or character.isspace() or character in _common_hanzi():
        return True
    code = ord(character)
    if 0xFF01 <= code <= 0xFFEF:  # full-width forms: （）：；，Ａ１ …
        return True
    if 0x2500 <= code <= 0x257F:  # box drawing, frequent in mojibake and not in plans
        return False
    # Letters that are not common Chinese characters (kana, bopomofo, Greek, rare characters), private use
    # and unassigned code points are what mojibake is made of; punctuation, numbers and symbols are not.
    return unicodedata.category(character)[0] not in "LC"


def plausibility(text: str) -> float:
    """The share of the characters beyond ASCII that a Chinese plan would use; 1.0 for ASCII text."""
    # Each distinct character judged once: a 20 MB file has millions of characters but a few thousand kinds.
    beyond_ascii = {character: count for character, count in Counter(text).items() if not character.isascii()}
    if not beyond_ascii:
        return 1.0
    plausible = sum(count for character, count in beyond_ascii.items() if _plausible(character))
    return plausible / sum(beyond_ascii.values())


def _strict(data: bytes, codecs: tuple[str, ...]) -> tuple[str, str] | None:
    for codec in codecs:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def decode_text(data: bytes) -> DecodedText | None:
    """The text of `data` and the encoding it was read in; None when no encoding we read decodes it.

    Raises DoubtfulEncoding when it decodes, but the detector's choice is not a Chinese encoding or does not
    give text that looks like Chinese.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    chinese = _strict(data, ("gb18030",)) or _strict(data, ("cp950", "big5hkscs"))
    best = from_bytes(data).best()
    reading = _strict(data, _FAMILIES[best.encoding]) if best is not None and best.encoding in _FAMILIES else None
    if reading is not None and "\ufffd" not in reading[0] and plausibility(reading[0]) >= PLAUSIBLE_SHARE:
        text, codec = reading
        return DecodedText(text, _REPORTED_AS.get(codec, codec))
    if chinese is None:
        return None  # not Chinese, and nothing else we read: not text at all, as far as we can tell
    raise DoubtfulEncoding(best.encoding if best is not None else "")
