"""Filters for the API's lists. The task list uses the task list page's own FilterSet (tasks/filters.py), so
the parameters are the same everywhere; this module only gives it the day to judge health and overdue by."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend

from plans.models import Section
from reports.models import Report, ReportKind, ReportStatus
from tasks import periods, permissions
from tasks.filters import MonthFilter, as_of_from
from tasks.models import ProgressUpdate, ReviewState, Urge
from units.models import Unit, UnitKind


class TaskFilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        today = as_of_from(request.query_params, periods.today())
        return {**super().get_filterset_kwargs(request, queryset, view), "today": today}


class UpdateFilter(django_filters.FilterSet):
    task = django_filters.NumberFilter(field_name="task_id", help_text="Only this task's updates.")
    unit = django_filters.NumberFilter(field_name="unit_id", help_text="Only this unit's updates.")
    # A month that is not one, or outside the calendar window, is a 400 saying so (not an empty list).
    period = MonthFilter(field_name="period", help_text="Only this month's updates, YYYY-MM.")
    review_state = django_filters.ChoiceFilter(choices=ReviewState.choices)
    reviewable = django_filters.BooleanFilter(
        method="filter_reviewable", help_text="true: only updates waiting for your decision (your review queue)."
    )

    class Meta:
        model = ProgressUpdate
        fields = ["task", "unit", "period", "review_state", "reviewable"]

    def filter_reviewable(self, queryset, name, value):
        waiting = permissions.reviewable_updates(self.request.user).values("pk")
        return queryset.filter(pk__in=waiting) if value else queryset.exclude(pk__in=waiting)


class UrgeFilter(django_filters.FilterSet):
    task = django_filters.NumberFilter(field_name="task_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    open = django_filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull",
                                        help_text="true: not yet answered by a submitted update.")

    class Meta:
        model = Urge
        fields = ["task", "unit", "open"]


class UnitFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="Part of the name.")

    class Meta:
        model = Unit
        fields = ["kind", "is_active", "q"]


class SectionFilter(django_filters.FilterSet):
    class Meta:
        model = Section
        fields = ["plan", "is_tracked"]


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    plan = django_filters.NumberFilter(field_name="plan_id", help_text="Only this plan's reports.")
    all_plans = django_filters.BooleanFilter(field_name="plan", lookup_expr="isnull",
                                             help_text="true: only reports on all active plans together.")

    class Meta:
        model = Report
        fields = ["kind", "status", "plan", "all_plans"]
