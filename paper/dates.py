"""Dates as government documents write them: 2026年12月15日, no leading zeros (GB/T 9704 writes the 成文日期
in Arabic numerals, year in full, month and day without a leading zero)."""

import datetime

# The same form as an Excel number format, for cells that stay dates a person can sort by.
EXCEL_DATE_FORMAT = 'yyyy"年"m"月"d"日"'


def chinese_date(day: datetime.date | datetime.datetime | None) -> str:
    """`day` as 2026年12月15日 ("" for none). A datetime is taken as it is given: pass a local one."""
    if not isinstance(day, datetime.date):  # nothing, or words ("年底前") where a date might be
        return "" if day is None else str(day)
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_month(period: datetime.date) -> str:
    """A month as 2026年10月 (a reporting period, say)."""
    return f"{period.year}年{period.month}月"


def chinese_date_time(moment: datetime.datetime | None) -> str:
    """A moment as 2026年12月15日 09:30, for "generated at" lines."""
    if moment is None:
        return ""
    return f"{chinese_date(moment)} {moment:%H:%M}"
