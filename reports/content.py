"""What a report shows, read from its snapshot: the figures, the rows grouped by section, the overdue and
red tasks, the targets and the units' reporting — the same for the page and for every export."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tasks import target_rule
from tasks.health import Health

from . import charts
from .models import Report, ReportRow


@dataclass
class SectionRows:
    label: str
    rows: list[ReportRow] = field(default_factory=list)


@dataclass
class ReportContent:
    report: Report
    figures: dict
    sections: list[SectionRows]
    problem_rows: list[ReportRow]  # overdue or red, with their problems
    targets: list[dict]
    units: list[dict]  # units owing updates in the period, worst reporting first

    @property
    def rows(self) -> list[ReportRow]:
        return [row for section in self.sections for row in section.rows]


def status_text(row: ReportRow) -> str:
    return row.status_text


def load_content(report: Report, *, include_hidden: bool = False) -> ReportContent:
    """One query for the rows; the rest is in the report's figures."""
    rows = report.rows.order_by("position")
    if not include_hidden:
        rows = rows.filter(hidden=False)
    sections: list[SectionRows] = []
    for row in rows:
        label = row.section or _("Other tasks")
        if not sections or sections[-1].label != label:
            sections.append(SectionRows(label))
        sections[-1].rows.append(row)
    all_rows = [row for section in sections for row in section.rows]
    problem_rows = [row for row in all_rows if row.is_overdue or row.health == Health.RED]
    units = sorted(report.figures.get("units", []),
                   key=lambda u: (-(u["missing"] + u["late"]), u["on_time_rate"] or 0))
    return ReportContent(report, report.figures, sections, problem_rows, _targets(report.figures), units)


def _targets(figures: dict) -> list[dict]:
    """The report's targets, each with how it reads (≤30万吨, 1–2%) and what is said of it (达标 / 未达标 /
    未报数值), worded by tasks/target_rule.py as the dashboard's bars are."""
    return [
        {**t, "wording": target_rule.wording(t["comparator"], t["value"], t.get("upper_value"), t["measure_unit"]),
         "verdict": target_rule.verdict(t["is_met"], t["actual"])}
        for t in figures.get("targets_list", [])
    ]


def report_charts(report: Report) -> list[dict]:
    """The charts page: health overall, health by section, completion, reporting by unit (SVG)."""
    f = report.figures
    result = [{"caption": _("Tasks by health"),
               "svg": charts.donut_chart(charts.health_items(f.get("health", {})), title=_("Tasks by health"),
                                         width=420)}]
    if f.get("sections"):
        result.append({"caption": _("Health by section"), "svg": charts.stacked_bar_chart(
            [charts.StackedRow(s["label"], s["health"]) for s in f["sections"]], charts.health_series(),
            title=_("Health by section"), width=640, label_width=220)})
    result.append({"caption": _("Completion"), "svg": charts.progress_bar(
        f.get("completed", 0), f.get("total", 0) or 1, unit=_("tasks"), title=_("Tasks completed"), width=640)})
    late_units = [u for u in f.get("units", []) if u["expected"]][:30]
    if late_units:
        result.append({"caption": _("On-time reporting by unit"), "svg": charts.bar_chart(
            [(u["name"], u["on_time_rate"] or 0) for u in late_units], title=_("On-time reporting by unit"),
            unit="%", maximum=100, width=640, label_width=220)})
    return result
