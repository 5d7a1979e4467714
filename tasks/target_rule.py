"""Target met: whether the value a unit reported fulfils a quantitative target — the one rule behind the task
page, the task list's "all targets met" filter, the report's target rows and the dashboards' counts and bars.

The rule, for a target's comparator, value and upper value (all as stored, a decline as a negative value:
下降3%左右 is ABOUT −3) and the latest reported `actual`:

- no actual reported → not met, whatever the comparator (and shown as "no value", never as 0);
- AT_LEAST (不低于50)  → actual ≥ value;
- AT_MOST (控制在30以下, 下降2% stored as ≤ −2) → actual ≤ value;
- RANGE (提高1-2个百分点) → value ≤ actual ≤ upper value, both ends included;
- EQUAL, a bare figure (新建10个) → the figure is reached: a measured number is never exactly equal, and
  building 12 fulfils "build 10". A figure below zero (减少3家, −3) is reached by going down to it:
  actual ≥ value when value ≥ 0, actual ≤ value when value < 0;
- ABOUT (增长6.2%左右) → like EQUAL, but 95 % of the figure is enough: actual ≥ 95 % of value when value ≥ 0
  (6.2 → 5.89 is met, 5.88 is not); for a decline (value < 0) the fall must reach 95 % of it, actual ≤ 95 %
  of value (−3 → −2.9 and −2.85 are met, −2.5 is not, and neither is a rise);
- any other comparator → not met.

The rule has three forms, side by side below: `is_met` (Python, for one target in hand), `met_condition` (a Q
over Target rows annotated with the actual, for querysets) and `met_sql` (a fragment for raw SQL over a
`tasks_target` row). tests/hardening/test_target_rule.py feeds the same cases to every form. Below them,
`wording` and `verdict` say a target and its judgement the same way on the dashboard's bars and in reports.

"About" is compared as actual × 100 − value × 95, rounded to two decimals, against zero: values have four
decimals, so the difference is exact in decimal arithmetic (Python, PostgreSQL's numeric), and SQLite, which
computes in binary floating point (1.14 × 100 − 1.2 × 95 comes out just below zero there), lands on the same
side once rounded — for any value below ten thousand million.
"""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Round
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Comparator(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"
    ABOUT = "about", "≈"
    EQUAL = "eq", "="
    RANGE = "range", _("range")


ABOUT_PERCENT = 95  # "about" a figure: 95 % of it is enough
# The decimals actual × 100 − value × 95 can have (both stored with four): rounding there makes SQLite's binary
# floating point exact again and never moves a real difference to zero.
_PLACES = 4


def _number(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def is_met(comparator: str, value, upper_value, actual) -> bool:
    """The rule for one target (Target.is_met_by)."""
    if actual is None or value is None:
        return False
    actual, value = _number(actual), _number(value)
    if comparator == Comparator.AT_LEAST:
        return actual >= value
    if comparator == Comparator.AT_MOST:
        return actual <= value
    if comparator == Comparator.RANGE:
        return upper_value is not None and value <= actual <= _number(upper_value)
    if comparator == Comparator.EQUAL:
        return actual >= value if value >= 0 else actual <= value
    if comparator == Comparator.ABOUT:
        gap = actual * 100 - value * ABOUT_PERCENT
        return gap >= 0 if value >= 0 else gap <= 0
    return False


def met_condition(actual: str = "actual") -> Q:
    """The rule as a Q over Target rows with the reported value annotated as `actual` (a NULL one matches
    nothing, so a target without a value is not met)."""
    gap = Round(F(actual) * Value(100) - F("value") * Value(ABOUT_PERCENT), _PLACES)
    zero = Value(Decimal(0), output_field=models.DecimalField())
    return (
        Q(comparator=Comparator.AT_LEAST, **{f"{actual}__gte": F("value")})
        | Q(comparator=Comparator.AT_MOST, **{f"{actual}__lte": F("value")})
        | Q(comparator=Comparator.RANGE, **{f"{actual}__gte": F("value"), f"{actual}__lte": F("upper_value")})
        | Q(comparator=Comparator.EQUAL, value__gte=0, **{f"{actual}__gte": F("value")})
        | Q(comparator=Comparator.EQUAL, value__lt=0, **{f"{actual}__lte": F("value")})
        | Q(GreaterThanOrEqual(gap, zero), comparator=Comparator.ABOUT, value__gte=0)
        | Q(LessThanOrEqual(gap, zero), comparator=Comparator.ABOUT, value__lt=0)
    )


def met_sql(target: str = "tg", actual: str = "actual") -> tuple[str, list]:
    """The rule as a boolean SQL expression over the `tasks_target` row aliased `target` and the reported
    value `actual` (an SQL expression; NULL makes the whole expression not true). Valid on SQLite and
    PostgreSQL; returns the fragment and its parameters, in order."""
    value, upper, comparator = f"{target}.value", f"{target}.upper_value", f"{target}.comparator"
    gap = f"ROUND({actual} * 100 - {value} * %s, {_PLACES})"
    sql = f"""(({comparator} = %s AND {actual} >= {value})
     OR ({comparator} = %s AND {actual} <= {value})
     OR ({comparator} = %s AND {actual} >= {value} AND {actual} <= {upper})
     OR ({comparator} = %s AND (({value} >= 0 AND {actual} >= {value}) OR ({value} < 0 AND {actual} <= {value})))
     OR ({comparator} = %s AND (({value} >= 0 AND {gap} >= 0) OR ({value} < 0 AND {gap} <= 0))))"""
    params = [Comparator.AT_LEAST.value, Comparator.AT_MOST.value, Comparator.RANGE.value, Comparator.EQUAL.value,
              Comparator.ABOUT.value, ABOUT_PERCENT, ABOUT_PERCENT]
    return sql, params


_SIGNS = {Comparator.AT_LEAST: "≥", Comparator.AT_MOST: "≤", Comparator.ABOUT: "≈"}


def wording(comparator: str, value, upper_value, measure_unit: str = "") -> str:
    """The target as a page, a bar or a document prints it: ≤30万吨, ≥50家, ≈-3%, 1–2% (both ends of a
    range), or a bare figure (10个)."""
    if comparator == Comparator.RANGE and upper_value is not None:
        return f"{_plain(value)}–{_plain(upper_value)}{measure_unit}"
    return f"{_SIGNS.get(comparator, '')}{_plain(value)}{measure_unit}"


def verdict(is_met: bool, actual) -> str:
    """What is said of a target: met, not met, or — with nothing reported — no value (not "0 %", not "no")."""
    if actual is None:
        return pgettext_lazy("target", "no value")
    return pgettext_lazy("target", "met") if is_met else pgettext_lazy("target", "not met")


def _plain(value) -> str:
    """30.0000 → 30, -2.50 → -2.5: as written, without the stored decimals."""
    text = format(_number(value).normalize(), "f")
    return "0" if text == "-0" else text
