"""The plan's own fields, read from the paragraphs before its first heading.

A plan usually arrives inside its cover notice: the issuer's letterhead ("鞍山市立山区人民政府文件"), a
document number (鞍立政发〔2023〕2号), addressees ("各镇人民政府,各街道办事处:"), a short letter, the
signature and date, and only then the plan's title and preamble. The title, number, issuer and dates
become plan fields; the rest of that front matter is noise, kept out of the tree. Lines are matched
folded (see text.py) and fields are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tasks.calendar_window import FIRST_YEAR, LAST_YEAR, in_window

from .text import chinese_to_int, fold, squeeze_cjk_spaces

_CN = "〇零○OoＯ一二三四五六七八九十"
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*第?\s*\d{1,4}\s*号")
_DATE_DIGITS = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_DATE_CHINESE = re.compile(rf"(?P<y>[{_CN}]{{4}})\s*年\s*(?P<m>[{_CN}]{{1,3}})\s*月\s*(?P<d>[{_CN}]{{1,3}})\s*日")
_DATE_ISO = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
_DATE_LABEL = re.compile(r"(?:发布|成文|印发|发文)(?:日期|时间)\s*:\s*")
_ISSUER_LABEL = re.compile(r"(?:发布机构|发文机关|发文单位|来源)\s*:\s*(?P<name>[^\s:]+)")
_GOVERNMENT = re.compile(r"[\u4e00-\u9fff]{2,16}?人民政府(?:办公室|办公厅)?")
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff]{2,24}(?:人民政府(?:办公室|办公厅)?|委员会|办公室)$")
_ADDRESSEES = re.compile(r"^(?:各|区政府|市政府|县政府).*:$|:$")
_NOTICE = re.compile(r"关于印发|的通知$|印发给你们|现将|印发《|转发")
_TITLE_WORDS = re.compile(r"方案|计划|安排|分解|要点|规划|任务|清单|台账|意见|目标|措施|重点工作")
_BOOK_TITLE = re.compile(r"《([^《》]{4,80})》")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_MAX_TITLE_LINE = 50
_MAX_TITLE_LINES = 4


@dataclass
class PlanFields:
    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    issued_on: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    noise: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The plan's year, when its period is a single year: deadlines without a year take it."""
        if self.period_start and self.period_end and self.period_start.year == self.period_end.year:
            return self.period_start.year
        return None


def _date(match: re.Match[str] | None) -> date | None:
    if match is None:
        return None
    year, month, day = (chinese_to_int(match.group(name)) for name in ("y", "m", "d"))
    try:
        found = date(year, month, day) if year and month and day else None
    except ValueError:
        return None
    return found if found and in_window(found) else None


def find_date(text: str) -> date | None:
    """The first full date in `text`: 2023年3月28日, 二OO八年二月二十六日 or 2018-11-12."""
    text = fold(text)
    for pattern in (_DATE_DIGITS, _DATE_CHINESE, _DATE_ISO):
        found = _date(pattern.search(text))
        if found:
            return found
    return None


def is_date_line(text: str) -> bool:
    """A paragraph holding nothing but a date, as under a signature: "(二OO八年二月二十六日)"."""
    bare = fold(text).strip(" ()")
    return any(pattern.fullmatch(bare) for pattern in (_DATE_DIGITS, _DATE_CHINESE, _DATE_ISO))


def is_signature_line(text: str) -> bool:
    """A paragraph holding nothing but the name of an issuing body: "立山区人民政府"."""
    return bool(_SIGNATURE.match(text.replace(" ", ""))) and not text.startswith("各")


def _issuer_from(text: str) -> str:
    for match in _GOVERNMENT.finditer(text):
        if not match.group(0).startswith("各"):
            return match.group(0)
    return ""


def _title_candidate(text: str) -> bool:
    text = fold(text)
    return (
        len(text) <= _MAX_TITLE_LINE
        and not text.endswith(("。", ";", ":", ","))
        and not DOC_NUMBER.search(text)
        and not is_date_line(text)
        and not is_signature_line(text)
        and not _NOTICE.search(text)
        and not text.endswith("文件")
        and not _DATE_LABEL.search(text)
    )


def _title(lines: list[str]) -> tuple[str, set[int]]:
    """The last run of short title-like lines that names a plan, joined; and their indexes."""
    best: tuple[str, set[int]] = ("", set())
    index = 0
    while index < len(lines):
        if not _title_candidate(lines[index]):
            index += 1
            continue
        end = index
        while end < len(lines) and _title_candidate(lines[end]) and end - index < _MAX_TITLE_LINES:
            end += 1
        joined = squeeze_cjk_spaces("".join(lines[index:end]))
        if _TITLE_WORDS.search(joined):
            best = (joined, set(range(index, end)))
        index = end
    return best


def period_of(title: str) -> tuple[date | None, date | None]:
    """The period a title names: "2018-2020年" → 2018-01-01..2020-12-31, "2023年" → that year."""
    title = fold(title)
    found = _YEAR_RANGE.search(title)
    if found:
        start, end = int(found.group(1)), int(found.group(2))
    else:
        single = _YEAR.search(title)
        if not single:
            return None, None
        start = end = int(single.group(1))
    if end < start or not FIRST_YEAR <= start <= end <= LAST_YEAR:  # "0000年" names no period Duban keeps
        return None, None
    return date(start, 1, 1), date(end, 12, 31)


def read_front_matter(lines: list[str], noise: re.Pattern[str] | None = None) -> PlanFields:
    """Plan fields from the cleaned paragraphs before the first heading; the rest becomes noise.

    Paragraphs matching `noise` (web footers, "(此件公开发布)") are noise whatever they say.
    """
    fields = PlanFields()
    folded_lines = [fold(line) for line in lines]
    is_noise = [bool(noise and noise.search(folded)) for folded in folded_lines]
    # Noise lines stay in place as separators, so a title never runs across them.
    title, title_lines = _title(["。" if flagged else line for line, flagged in zip(lines, is_noise, strict=True)])
    signature = letterhead = notice_issuer = labelled_issuer = ""
    for index, (line, folded) in enumerate(zip(lines, folded_lines, strict=True)):
        if index in title_lines:
            continue
        if is_noise[index]:
            fields.noise.append(line)
            continue
        number = DOC_NUMBER.search(folded)
        if number:
            fields.doc_number = fields.doc_number or re.sub(r"\s+", "", line[number.start() : number.end()])
        labelled_date = _DATE_LABEL.search(folded)
        if labelled_date and not fields.issued_on:
            fields.issued_on = find_date(line[labelled_date.end() :])
        labelled = _ISSUER_LABEL.search(folded)
        if labelled:
            labelled_issuer = labelled_issuer or line[labelled.start("name") : labelled.end("name")]
        if is_date_line(line):
            fields.issued_on = fields.issued_on or find_date(line)
            continue
        if is_signature_line(line):
            signature = signature or line.replace(" ", "")
            continue
        if line.endswith("文件") and not letterhead:
            letterhead = _issuer_from(line)
        if _NOTICE.search(line) and not _ADDRESSEES.search(folded):
            notice_issuer = notice_issuer or _issuer_from(line.split("印发")[0])
            if not title:
                book = _BOOK_TITLE.search(line)
                title = squeeze_cjk_spaces(book.group(1)) if book else ""
        if number or labelled_date or labelled or (line.endswith("文件") and letterhead):
            continue
        fields.noise.append(line)
    fields.title = title
    fields.issuer = signature or notice_issuer or letterhead or labelled_issuer
    fields.period_start, fields.period_end = period_of(title)
    return fields
