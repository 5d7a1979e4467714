"""The one rule for control characters in text that people type, paste or import.

Clerks paste from Word every day: Word's manual line break arrives as a vertical tab, a page break as a form
feed, and text copied from web pages brings U+2028. These are line breaks and are kept as "\\n". Every other
control character (ESC, BEL, NUL …, and the C1 range) has no meaning in a plan or a progress report and breaks
the Excel, Word and XML files the text later travels into, so it is dropped. Tabs stay: ledgers use them.
"""

import re

# Line breaks in all the forms text arrives in: Windows and old Mac endings, vertical tab (Word's manual line
# break), form feed (page break), NEL, and the Unicode line and paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls but tab and newline, DEL, C1 controls, lone surrogates (from JSON "\\ud800" escapes: they cannot
# be encoded, so the database or the file writer would fail) and the two XML non-characters.
_DROPPED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` with every line break as "\\n" and the control characters that have no place in it removed."""
    if not text:
        return text
    return _DROPPED.sub("", _LINE_BREAKS.sub("\n", text))


def is_clean(text: str) -> bool:
    return not (_LINE_BREAKS.search(text) or _DROPPED.search(text))


def clean_data(value):
    """`value` with `clean_text` applied to every string in it, through lists and dicts (parsed JSON)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(key) if isinstance(key, str) else key: clean_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_data(item) for item in value)
    return value


def clean_query_dict(query):
    """A mutable-then-frozen copy of a QueryDict (GET or POST) with every value cleaned, or `query` itself when
    nothing in it needs cleaning (the common case costs no copy)."""
    if all(is_clean(key) and all(is_clean(v) for v in values) for key, values in query.lists()):
        return query
    cleaned = query.copy()
    for key, values in query.lists():
        del cleaned[key]
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned
