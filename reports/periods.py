"""The period a report covers: a month, quarter, half-year or year, written "2023-03", "2023Q1", "2023H1"
or "2023"."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tasks.calendar_window import FIRST_YEAR, LAST_YEAR
from tasks.periods import next_period, period_end

MONTHS_IN = {"monthly": 1, "quarterly": 3, "half_year": 6, "annual": 12}
_PATTERNS = {
    "monthly": re.compile(r"^(\d{4})-(\d{1,2})$"),
    "quarterly": re.compile(r"^(\d{4})[Qq]([1-4])$"),
    "half_year": re.compile(r"^(\d{4})[Hh]([12])$"),
    "annual": re.compile(r"^(\d{4})$"),
}


class PeriodError(ValueError):
    """The text names no period of the kind; str() says what to write instead."""


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    start: datetime.date

    @classmethod
    def parse(cls, kind: str, text: str) -> "ReportPeriod":
        pattern = _PATTERNS.get(kind)
        match = pattern.match(text.strip()) if pattern else None
        if not match:
            examples = {"monthly": "2023-03", "quarterly": "2023Q1", "half_year": "2023H1", "annual": "2023"}
            message = _("Write the period like %(example)s.") % {"example": examples.get(kind, "2023-03")}
            raise PeriodError(message)
        year = int(match.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            message = _("Choose a period from %(first)s to %(last)s.")
            raise PeriodError(message % {"first": FIRST_YEAR, "last": LAST_YEAR})
        number = int(match.group(2)) if kind != "annual" else 1
        if kind == "monthly" and not 1 <= number <= 12:
            raise PeriodError(_("A month is from 01 to 12."))
        first_month = 1 + (number - 1) * MONTHS_IN[kind] if kind != "monthly" else number
        return cls(kind, datetime.date(year, first_month, 1))

    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> "ReportPeriod":
        size = MONTHS_IN[kind]
        first_month = 1 + (day.month - 1) // size * size
        return cls(kind, datetime.date(day.year, first_month, 1))

    @classmethod
    def previous(cls, kind: str, day: datetime.date) -> "ReportPeriod":
        """The last whole period of the kind before the one `day` falls in."""
        current = cls.containing(kind, day)
        return cls.containing(kind, current.start - datetime.timedelta(days=1))

    @property
    def months(self) -> list[datetime.date]:
        months = [self.start]
        while len(months) < MONTHS_IN[self.kind]:
            months.append(next_period(months[-1]))
        return months

    @property
    def end(self) -> datetime.date:
        return period_end(self.months[-1])

    @property
    def code(self) -> str:
        """The period as the command line writes it."""
        size = MONTHS_IN[self.kind]
        number = (self.start.month - 1) // size + 1
        return {
            "monthly": f"{self.start:%Y-%m}", "quarterly": f"{self.start.year}Q{number}",
            "half_year": f"{self.start.year}H{number}", "annual": f"{self.start.year}",
        }[self.kind]

    @property
    def label(self) -> str:
        """"2023年3月", "2023年第一季度", "2023年上半年", "2023年"."""
        year = self.start.year
        if self.kind == "monthly":
            return _("%(year)s-%(month)s") % {"year": year, "month": self.start.month}
        if self.kind == "quarterly":
            quarter = (self.start.month - 1) // 3 + 1
            return _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
        if self.kind == "half_year":
            label = _("%(year)s first half") if self.start.month == 1 else _("%(year)s second half")
            return label % {"year": year}
        return _("Year %(year)s") % {"year": year}
