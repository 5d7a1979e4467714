"""The dashboards' charts: figures (reports/figures) drawn with our SVG charts (reports/charts), every bar
and segment linked to the task list behind its number."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tasks import target_rule
from tasks.models import Comparator, WorkStatus

from . import charts
from .figures import Figure, HealthCounts, Overview, SectionFigures, TargetRow, TrendPoint, UnitFigures


def task_list_url(figure: Figure) -> str:
    return f"{reverse('tasks:list')}?{figure.query}"


def health_donut(counts: HealthCounts, title: str):
    hrefs = {health: task_list_url(count) for health, count in counts.items()}
    return charts.donut_chart(charts.health_items(counts.values(), hrefs), title=title,
                              centre_label=_("tasks"))


def status_bars(overview: Overview):
    labels = dict(WorkStatus.choices)
    return charts.bar_chart(
        [charts.Item(str(labels[status]), count.value, task_list_url(count)) for status, count in
         overview.status.items()],
        title=_("Tasks by work status"), decimals=0, width=360, label_width=90, bar_height=22,
    )


def section_label(section: SectionFigures, with_plan: bool) -> str:
    """The section's heading, after its plan's title when several plans are shown together."""
    return f"{section.plan_title[:10]}·{section.label}" if with_plan else section.label


def section_bars(sections: list[SectionFigures], title: str):
    with_plan = len({section.plan_id for section in sections}) > 1
    rows = [
        charts.StackedRow(
            section_label(section, with_plan), section.health.values(),
            hrefs={health: task_list_url(count) for health, count in section.health.items()},
            href=task_list_url(section.health.total),
        )
        for section in sections
    ]
    return charts.stacked_bar_chart(rows, charts.health_series(), title=title, decimals=0,
                                    label_width=240 if with_plan else 160)


def target_bar(row: TargetRow):
    """A target's bar, judged as the report judges it (row.is_met, tasks/target_rule.py).

    How full it is depends on what the target asks. A figure to reach (≥ 50, ≈ 6.2 %, a decline of 3 %)
    fills with the way covered towards it. A cap (≤ 30) fills with the share of the cap used — 23.7 of 30
    is most of the bar and met — and prints no percentage, which would read as progress. A range fills to
    the actual value with both ends marked."""
    target, band_from, show_share = row.value, None, not _is_limit(row)
    if row.comparator == Comparator.RANGE and row.upper_value is not None:
        # The bar runs away from zero: towards the upper end of a rise, the lower end of a decline.
        declining = row.upper_value <= 0
        target, band_from = (row.value, row.upper_value) if declining else (row.upper_value, row.value)
        show_share = False
    return charts.progress_bar(
        row.actual, target, title=row.text, label=row.text, unit=row.measure_unit,
        href=reverse("tasks:detail", args=[row.task_id]), width=420, band_from=band_from, show_share=show_share,
        target_text=target_rule.wording(row.comparator, row.value, row.upper_value, row.measure_unit),
        met=row.is_met, verdict=target_rule.verdict(row.is_met, row.actual),
    )


def _is_limit(row: TargetRow) -> bool:
    """A target met by staying on the near side of its value: a cap above zero (控制在30以下), or a floor
    below it (增速不低于-3%); the others are met by getting at least as far from zero as their value."""
    return (row.comparator == Comparator.AT_MOST and row.value > 0) or (
        row.comparator == Comparator.AT_LEAST and row.value < 0)


def timeliness_bars(units: list[UnitFigures], title: str):
    """On-time reporting rate per unit, as ranked; a unit with nothing owed is left out."""
    return charts.bar_chart(
        [charts.Item(unit.name, unit.on_time_rate, task_list_url(unit.missing_last_period))
         for unit in units if unit.on_time_rate is not None],
        title=title, unit="%", maximum=100, decimals=1, label_width=220,
    )


def trend_lines(points: list[TrendPoint]) -> dict:
    def label(point: TrendPoint) -> str:
        return f"{point.period:%Y-%m}"

    return {
        "completed": charts.sparkline(
            [charts.Item(label(p), p.completed.value, task_list_url(p.completed)) for p in points],
            title=_("Completed tasks"), width=320, height=60, minimum=0, decimals=0),
        "red": charts.sparkline(
            [charts.Item(label(p), p.red.value, task_list_url(p.red)) for p in points],
            title=_("Red tasks"), width=320, height=60, minimum=0, colour=charts.RED, decimals=0),
        "reporting": charts.sparkline(
            [(label(p), p.reporting_rate) for p in points],
            title=_("Reporting rate"), width=320, height=60, unit="%", minimum=0, maximum=100),
    }
