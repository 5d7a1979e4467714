"""Worksheets laid out to print, the same way in every workbook the site writes (the report, the assessment,
the plan ledger): column widths from their text, row heights that show every wrapped line, the header frozen
and repeated on each printed page, landscape fitted to the page width, page numbers at the foot.

Row heights are written because only Excel grows a row for wrapped text when it opens a file: LibreOffice
and WPS keep the height the file gives, and a row without one shows a single line of a long task."""

import math
from collections.abc import Iterable

from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.worksheet.page import PageMargins

PAPER_A3 = 8
PAPER_A4 = 9
FOOTER = "第 &P 页 共 &N 页"  # Excel's page-number codes; the words are the document's own
LINE_POINTS = 14  # one line of 10–11 pt text in a row, with its leading
MAX_ROW_POINTS = 409  # Excel's highest row
# The cells' looks shared by the report's and the assessment's sheets: thin grey rules, a pale blue header.
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def display_width(line: str) -> int:
    """How many columns of Excel's width a line takes: a CJK character or full-width sign counts two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)


def fit_width(texts: Iterable, low: float, high: float) -> float:
    """A column width (in characters) that fits the longest line of `texts`, within [low, high]."""
    longest = 0
    for text in texts:
        for line in str(text if text is not None else "").splitlines() or [""]:
            longest = max(longest, display_width(line))
    return max(low, min(high, longest + 2))


def row_height(values: Iterable, widths: Iterable[float], line_points: float = LINE_POINTS) -> float:
    """Points that show every line of the row's wrapped cells, for values under columns of `widths`."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        text = "" if value is None else str(value)
        room = max(width - 1, 1)
        needed = sum(max(1, math.ceil(display_width(line) / room)) for line in text.splitlines())
        lines = max(lines, needed)
    return min(MAX_ROW_POINTS, line_points * lines + 4)


def print_setup(sheet, *, paper: int = PAPER_A3, landscape: bool = True, title_rows: str | None = None) -> None:
    """Paper and orientation, one page wide however many long, centred, numbered pages; `title_rows` ("3:3")
    repeat at the top of every printed page."""
    sheet.page_setup.paperSize = paper
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    sheet.oddFooter.center.text = FOOTER
    if title_rows:
        sheet.print_title_rows = title_rows
