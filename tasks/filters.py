"""The task list's filters. Their parameter names (plan, plan_status, section, unit, lead_unit,
responsible_unit, status, completed, health, livelihood, overdue, due_after, due_before, missing_update,
urged, completed_by, targets_met, as_of, q, sort) are shared with the dashboards' links and the API.

Build the queryset given with `tasks_as_of(queryset, params, today)`, which reads `as_of` (a past day: health,
overdue and targets as they stood then, reading only updates for the months up to it; else today), and give
the rows shown their health with `add_health(rows, params, today)`.
"""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from plans.models import Plan, PlanStatus, Section
from units.groups import groups_including
from units.models import Unit

from . import health_sql, periods, reporting
from .calendar_window import DayField, MonthField, in_window
from .health import Health
from .models import UnitRole, WorkStatus
from .periods import month_start
from .widgets import QuickSelect


def as_of_from(params, today: datetime.date) -> datetime.date:
    """The day the filters judge by: `as_of` when it is a valid day not after today, else today. A day that
    is not one, or outside the calendar window, is refused by the filter form (TaskFilter.as_of); today only
    stands in so that the list can be built to show that form's error."""
    try:
        day = datetime.date.fromisoformat((params or {}).get("as_of") or "")
    except ValueError:
        return today
    return min(day, today) if in_window(day) else today


# Sorts that order by health or percent: only they need the health annotations on every task of the list.
HEALTH_SORTS = {"health", "-health", "percent", "-percent"}


def _judged_on(params, today: datetime.date) -> tuple[datetime.date, datetime.date | None]:
    as_of = as_of_from(params, today)
    return as_of, (month_start(as_of) if as_of < today else None)


def tasks_as_of(queryset, params, today: datetime.date, *, every_row: bool = False):
    """`queryset` to filter as of the requested day (see as_of_from), and that day.

    Health and the latest update's figures are annotated on every task only when the sort orders by them or
    `every_row` asks (an export): the annotation is a large statement to compile and run, while the fifty
    rows of a page get theirs from add_health in one small query."""
    as_of, through = _judged_on(params, today)
    sort = set(((params or {}).get("sort") or "").split(","))
    if every_row or sort & HEALTH_SORTS:
        queryset = queryset.with_health(as_of, updates_through=through)
    return queryset, as_of


def add_health(rows, params, today: datetime.date) -> list:
    """`rows` (tasks of a list built by tasks_as_of) as a list, each with `health`, `latest_status`,
    `latest_percent` and `latest_period` as of the requested day."""
    rows = list(rows)
    as_of, through = _judged_on(params, today)
    health_sql.add_health(rows, as_of, through)
    return rows


class AllYesNo(django_filters.widgets.BooleanWidget):
    """"All / yes / no" rather than Django's "unknown / yes / no": an unset filter means all tasks."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


class SortFilter(django_filters.OrderingFilter):
    """Tasks without a value (no deadline) last in either direction, on every database; ties in document
    order so that pages are stable."""

    def get_ordering_value(self, param: str):
        descending = param.startswith("-")
        name = self.param_map.get(param.lstrip("-"), param.lstrip("-"))
        return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "plan_id", "position", "pk")


def section_label(parent_id: int | None, number: str, title: str) -> str:
    indent = "　" if parent_id else ""
    return f"{indent}{number}{title}"[:60]


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, section: Section) -> str:
        return section_label(section.parent_id, section.number, section.title)


class ChoicesReadOnce(BaseChoiceIterator):
    """A widget's choices, read from the database when first shown (so a form that is only validated — the
    API's — reads none) and shared by the widgets given the same instance. A BaseChoiceIterator, which Django
    keeps as it is instead of reading it when it is assigned."""

    def __init__(self, read):
        self.read, self.rows = read, None

    def __iter__(self):
        if self.rows is None:
            self.rows = list(self.read())
        return iter(self.rows)


class TaskFilterForm(forms.Form):
    """The task list's filter form. Its long lists are read as plain rows, once: the three unit lists share
    one query, and no list builds a model instance per option."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = ("", _("All"))
        units = ChoicesReadOnce(lambda: [everything, *Unit.objects.filter(is_active=True).values_list("pk", "name")])
        for name in ("unit", "lead_unit", "responsible_unit"):
            self.fields[name].widget.choices = units
        sections = (Section.objects.filter(is_tracked=True).order_by("plan", "position")
                    .values_list("pk", "parent_id", "number", "title"))
        self.fields["section"].widget.choices = ChoicesReadOnce(
            lambda: [everything, *((pk, section_label(*label)) for pk, *label in sections)]
        )


class SectionFilter(django_filters.ModelChoiceFilter):
    field_class = SectionChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit, given by its id (filtered through a method, so the API schema is told the id's type)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-10"})
class MonthFilter(django_filters.Filter):
    """A month written year-month (the API schema cannot guess it from a method filter)."""

    field_class = MonthField


def date_input():
    return forms.DateInput(attrs={"type": "date"})


class DayFilter(django_filters.DateFilter):
    """A day, in the calendar window (tasks/calendar_window.py)."""

    field_class = DayField


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_keyword", label=_("Keyword"))
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), label=_("Plan"), empty_label=_("All"),
                                            widget=QuickSelect)
    plan_status = django_filters.ChoiceFilter(field_name="plan__status", choices=PlanStatus.choices,
                                              label=_("Plan status"), empty_label=_("All"))
    unit = UnitFilter(
        queryset=Unit.objects.filter(is_active=True), method="filter_unit", label=_("Unit (lead or responsible)"),
        empty_label=_("All"),
    )
    section = SectionFilter(
        queryset=Section.objects.filter(is_tracked=True).order_by("plan", "position"), method="filter_section",
        label=_("Section"), empty_label=_("All"),
    )
    lead_unit = UnitFilter(
        queryset=Unit.objects.filter(is_active=True), method="filter_lead_unit", label=_("Lead unit"),
        empty_label=_("All"),
    )
    responsible_unit = UnitFilter(
        queryset=Unit.objects.filter(is_active=True), method="filter_responsible_unit",
        label=_("Responsible unit"), empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(method="filter_status", choices=WorkStatus.choices, label=_("Status"),
                                         empty_label=_("All"))
    health = django_filters.ChoiceFilter(method="filter_health", choices=Health.choices, label=_("Health"),
                                         empty_label=_("All"))
    completed = django_filters.BooleanFilter(method="filter_completed", label=_("Completed"), widget=AllYesNo)
    livelihood = django_filters.BooleanFilter(field_name="is_livelihood", label=_("★ livelihood projects"),
                                             widget=AllYesNo)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"), widget=AllYesNo)
    due_after = DayFilter(field_name="deadline", lookup_expr="gte", label=_("Due from"),
                                          widget=forms.DateInput(attrs={"type": "date"}))
    due_before = DayFilter(field_name="deadline", lookup_expr="lte", label=_("Due by"),
                                           widget=forms.DateInput(attrs={"type": "date"}))
    missing_update = MonthFilter(method="filter_missing_update", label=_("No update reported for month"))
    urged = django_filters.BooleanFilter(method="filter_urged", label=_("Urged, not yet answered"),
                                         widget=AllYesNo)
    completed_by = DayFilter(method="filter_completed_by", label=_("Completed by"),
                                             widget=date_input())
    targets_met = django_filters.BooleanFilter(method="filter_targets_met", label=_("All targets met"),
                                               widget=AllYesNo)
    # Applied by tasks_as_of, which annotates health for the day; declared so that forms show and keep it.
    as_of = DayFilter(method="filter_as_of", label=_("As of"), widget=date_input())
    sort = SortFilter(
        fields=(
            ("position", "number"),
            ("deadline", "deadline"),
            ("health_rank", "health"),
            ("latest_percent", "percent"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "position": _("Document order"),
            "-number": _("Document order, reversed"),
            "deadline": _("Deadline, earliest first"),
            "-deadline": _("Deadline, latest first"),
            "health_rank": _("Health, red first"),
            "-health": _("Health, grey first"),
            "latest_percent": _("Percent complete, lowest first"),
            "-percent": _("Percent complete, highest first"),
            "updated_at": _("Last changed, oldest first"),
            "-updated": _("Last changed, newest first"),
        },
        empty_label=_("Document order"),
        label=_("Sort by"),
    )

    class Meta:
        form = TaskFilterForm

    def __init__(self, *args, today: datetime.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def filter_keyword(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(Q(text__icontains=word) | Q(title__icontains=word) | Q(number=word))
        return queryset

    def filter_section(self, queryset, name, section):
        return queryset.filter(
            Q(section=section) | Q(section__parent=section) | Q(parent__section=section)
            | Q(parent__section__parent=section)
        )

    def _filter_unit(self, queryset, unit, role):
        groups = groups_including({unit.pk: unit.kind})
        return queryset.naming_units([unit.pk], groups, role=role)

    def filter_unit(self, queryset, name, unit):
        return self._filter_unit(queryset, unit, None)

    def filter_lead_unit(self, queryset, name, unit):
        return self._filter_unit(queryset, unit, UnitRole.LEAD)

    def filter_responsible_unit(self, queryset, name, unit):
        return self._filter_unit(queryset, unit, UnitRole.RESPONSIBLE)

    def filter_overdue(self, queryset, name, value):
        overdue = reporting.overdue(self.today)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_health(self, queryset, name, value):
        """By the rule of the `health` annotation, counted in one pass (tasks/health_sql.py): asking each task's
        latest update for five thousand tasks takes seconds."""
        through = month_start(self.today) if self.today < periods.today() else None
        return queryset.filter(pk__in=health_sql.ids_with_health(value, self.today, through))

    def filter_status(self, queryset, name, value):
        """The work status on the day judged by: a task completed after it was still in progress then."""
        completed = reporting.completed_on(self.today)
        if value == WorkStatus.COMPLETED:
            return queryset.filter(completed)
        if value == WorkStatus.IN_PROGRESS:
            return queryset.filter(Q(work_status=value) | (Q(work_status=WorkStatus.COMPLETED) & ~completed))
        return queryset.filter(work_status=value)

    def filter_completed(self, queryset, name, value):
        completed = reporting.completed_on(self.today)
        return queryset.filter(completed) if value else queryset.exclude(completed)

    def filter_missing_update(self, queryset, name, period):
        """Tasks that owed an update for the month and have none reported: from the unit chosen in `unit`
        when one is, else from any unit."""
        unit = self.form.cleaned_data.get("unit")
        return queryset.filter(reporting.missing_update(month_start(period), unit.pk if unit else None))

    def filter_urged(self, queryset, name, value):
        """Tasks with an urge still open on the day judged by: to the unit chosen in `unit` when one is."""
        unit = self.form.cleaned_data.get("unit")
        urged = reporting.open_urge(self.today, unit.pk if unit else None)
        return queryset.filter(urged) if value else queryset.exclude(urged)

    def filter_completed_by(self, queryset, name, day):
        return queryset.filter(reporting.completed_by(day))

    def filter_targets_met(self, queryset, name, value):
        met = reporting.targets_met(month_start(self.today))
        return queryset.filter(met) if value else queryset.exclude(met)

    def filter_as_of(self, queryset, name, value):
        return queryset
