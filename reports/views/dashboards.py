"""Dashboards (/dashboard/): overview, by section, by unit, trend, and the leader's printable page.

Each view reads the plan and month asked for, has reports/figures compute the numbers and
reports/dashboard_charts draw them; every count links to the task list that shows its tasks."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from reports import dashboard_charts, figures
from reports.forms import DEFAULT_REPORTING_PERIODS, DashboardForm, UnitsForm
from tasks import periods, permissions

TREND_MONTHS = 12


@dataclass
class Selection:
    form: DashboardForm
    scope: figures.Scope
    as_of: figures.AsOf
    plan: Plan | None


def _select(request, form_class=DashboardForm) -> Selection:
    if not permissions.can_view_dashboards(request.user):
        raise PermissionDenied
    today = periods.today()
    form = form_class(request.GET or None, initial={"period": today})
    data = form.cleaned_data if form.is_valid() else {}
    plan = data.get("plan")
    as_of = figures.AsOf.for_period(data.get("period") or today, today)
    return Selection(form, figures.scope_for(request.user, plan), as_of, plan)


def _context(selection: Selection, **extra) -> dict:
    return {"form": selection.form, "as_of": selection.as_of, "plan": selection.plan, **extra}


def _render(request, template: str, context: dict):
    """The page; a 400 when the plan or month asked for cannot be read (a month outside the calendar window,
    say), the form saying why above the figures of the default month."""
    return render(request, template, context, status=400 if context["form"].errors else 200)


def overview(request):
    selection = _select(request)
    figures_now = figures.overview(selection.scope, selection.as_of)
    targets = figures.target_rows(selection.scope, selection.as_of, limit=20)
    return _render(request, "reports/dashboard_overview.html", _context(
        selection, o=figures_now,
        health_chart=dashboard_charts.health_donut(figures_now.health, str(_("Tasks by health"))),
        livelihood_chart=dashboard_charts.health_donut(figures_now.livelihood, str(_("★ livelihood projects"))),
        status_chart=dashboard_charts.status_bars(figures_now),
        targets=[(row, dashboard_charts.target_bar(row)) for row in targets],
    ))


def sections(request):
    selection = _select(request)
    rows = figures.section_figures(selection.scope, selection.as_of)
    return _render(request, "reports/dashboard_sections.html", _context(
        selection, sections=rows,
        chart=dashboard_charts.section_bars(rows, str(_("Tasks by section and health"))),
    ))


def units(request):
    selection = _select(request, UnitsForm)
    data = selection.form.cleaned_data if selection.form.is_bound and selection.form.is_valid() else {}
    months = data.get("months") or DEFAULT_REPORTING_PERIODS
    sort = data.get("sort") or "on_time"
    rows = figures.unit_figures(selection.scope, selection.as_of, periods=months)
    allowed = permissions.dashboard_unit_ids(request.user)
    if allowed is not None:
        rows = [row for row in rows if row.unit_id in allowed]
    ranking = sorted(rows, key=figures.UNIT_ORDERS["-on_time"])[:15]
    query = request.GET.copy()
    query.pop("sort", None)
    return _render(request, "reports/dashboard_units.html", _context(
        selection, units=sorted(rows, key=figures.UNIT_ORDERS[sort]), sort=sort, months=months,
        reporting_months=selection.as_of.months_back(months, last=selection.as_of.closed_period),
        sort_query=query.urlencode(),
        ranking_chart=dashboard_charts.timeliness_bars(ranking, str(_("Least timely units: on-time reporting rate"))),
    ))


def trend(request):
    selection = _select(request)
    points = figures.trend(selection.scope, selection.as_of, months=TREND_MONTHS)
    return _render(request, "reports/dashboard_trend.html", _context(
        selection, points=points, charts=dashboard_charts.trend_lines(points),
    ))


def leader(request):
    """The overview for a meeting: large type, read only, one A4 landscape page when printed."""
    selection = _select(request)
    figures_now = figures.overview(selection.scope, selection.as_of)
    rows = figures.section_figures(selection.scope, selection.as_of)
    return _render(request, "reports/dashboard_leader.html", _context(
        selection, o=figures_now, sections=rows,
        health_chart=dashboard_charts.health_donut(figures_now.health, str(_("Tasks by health"))),
        section_chart=dashboard_charts.section_bars(rows, str(_("Tasks by section and health"))),
    ))
