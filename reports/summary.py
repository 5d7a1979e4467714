"""The summary a report opens with, generated in plain words from its figures (the office then edits it).
The wording is in the template templates/reports/summary.txt, translated like every page."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import Report

# How many late or silent units, and red tasks, the summary names before saying "and others".
NAMED_AT_MOST = 8


def as_of_label(report: Report) -> str:
    day = report.as_of_day
    if day == report.period_end:
        return _("the end of %(year)s-%(month)s") % {"year": day.year, "month": day.month}
    return _("%(year)s-%(month)s-%(day)s") % {"year": day.year, "month": day.month, "day": day.day}


def generate_summary(report: Report) -> str:
    """A few paragraphs, separated by blank lines."""
    f = report.figures
    health = f.get("health", {})
    units = f.get("units", [])
    late_units = [u["name"] for u in units if u["missing"] or u["late"]]
    red_rows = [row for row in report.rows.all() if row.health == "red"] if report.pk else []
    context = {
        "as_of": as_of_label(report),
        "period": report.period.label,
        "total": f.get("total", 0),
        "completed": health.get("grey", 0),
        "green": health.get("green", 0),
        "yellow": health.get("yellow", 0),
        "red": health.get("red", 0),
        "completion_rate": _percent(f.get("completion_rate")),
        "overdue": f.get("overdue", 0),
        "targets": f.get("targets", 0),
        "targets_met": f.get("targets_met", 0),
        "reporting": f.get("reporting", {}),
        "reporting_rate": _percent(f.get("reporting_rate")),
        "late_units": "、".join(late_units[:NAMED_AT_MOST]),
        "more_units": len(late_units) > NAMED_AT_MOST,
        "red_tasks": "、".join(row.number for row in red_rows[:NAMED_AT_MOST]),
        "more_red": len(red_rows) > NAMED_AT_MOST,
    }
    text = render_to_string("reports/summary.txt", context)
    paragraphs = [" ".join(line.strip() for line in block.splitlines() if line.strip())
                  for block in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _percent(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"
