"""Input of the report pages: what to build, and what to export."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, PlanStatus
from tasks.calendar_window import MonthField

from .figures import UNIT_ORDERS
from .models import ExportFormat, ReportKind
from .periods import PeriodError, ReportPeriod


class BuildForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices, initial=ReportKind.MONTHLY)
    period = forms.CharField(label=_("Period"), max_length=10,
                             help_text=_("2023-03 for a month, 2023Q1 for a quarter, 2023H1 for a half-year, 2023 "
                                         "for a year."))
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.exclude(status=PlanStatus.DRAFT),
                                  required=False, empty_label=_("All active plans"),
                                  error_messages={"invalid_choice": _("There is no issued plan with this id.")})

    def clean(self):
        data = super().clean()
        if "kind" in data and "period" in data:
            try:
                data["report_period"] = ReportPeriod.parse(data["kind"], data["period"])
            except PeriodError as error:
                self.add_error("period", str(error))
        return data


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    paper = forms.ChoiceField(label=_("Paper"), required=False, initial="a4",
                              choices=[("a4", _("A4")), ("a3", _("A3 landscape ledger"))])


# The dashboards' choices (reports/views/dashboards.py and the API's dashboard endpoints).
REPORTING_PERIODS = (1, 3, 6, 12)
DEFAULT_REPORTING_PERIODS = 3


class DashboardForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=Plan.objects.filter(status=PlanStatus.ACTIVE), required=False,
                                  empty_label=_("All active plans"), label=_("Plan"))
    period = MonthField(required=False, label=_("Month"))


class UnitsForm(DashboardForm):
    months = forms.TypedChoiceField(choices=[(n, n) for n in REPORTING_PERIODS], coerce=int, required=False,
                                    initial=DEFAULT_REPORTING_PERIODS, label=_("Reporting over the last N months"))
    sort = forms.ChoiceField(choices=[(key, key) for key in UNIT_ORDERS], required=False, label=_("Sort by"))
