"""The annual assessment: ranking, one unit's breakdown, exports, the year's scheme and adjustments."""

import datetime
import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from paper.pdf import PdfNotMade
from safe_text.downloads import name_download
from tasks import periods, permissions
from tasks.calendar_window import FIRST_YEAR, LAST_YEAR, DayField
from units.models import Unit

from .. import scheme as scheme_service
from ..assessment import assess_units, default_as_of, tasks_of_lines
from ..assessment_export import assessment_pdf, assessment_title, assessment_workbook
from ..forms import AdjustmentForm, SchemeForm
from ..models import ScoringScheme
from ..workflow import WorkflowError


class QueryRefused(Exception):
    """The year or day asked for cannot be read; the page answers 400 with the form's errors."""

    def __init__(self, errors: list[str]):
        super().__init__(*errors)
        self.errors = errors


class AssessmentQuery(forms.Form):
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, label=gettext_lazy("Year"))
    as_of = DayField(required=False, label=gettext_lazy("As of"))


def _period(request, year: int | None = None) -> tuple[int, datetime.date]:
    """The year (from the address, else ?year=, else this year) and the day to score as of. A year in the
    address outside the assessment's years is no page (404); a bad ?year= or ?as_of= is refused (400)."""
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    query = AssessmentQuery(request.GET)
    if not query.is_valid():
        raise QueryRefused([f"{query.fields[name].label}: {message}"
                            for name, messages in query.errors.items() for message in messages])
    today = periods.today()
    year = year or query.cleaned_data["year"] or today.year
    as_of = query.cleaned_data["as_of"] or default_as_of(year, today)
    return year, min(as_of, datetime.date(year, 12, 31))


def _refuses_bad_queries(view):
    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except QueryRefused as refusal:
            return render(request, "bad_request.html", {"errors": refusal.errors}, status=400)
    return answer


@_refuses_bad_queries
def ranking(request):
    if not permissions.can_view_assessment(request.user):
        mine = sorted(permissions.units_of(request.user))
        if mine:  # unit staff see their own unit's breakdown
            return redirect("supervision:unit_score", periods.today().year, mine[0])
        raise PermissionDenied
    year, as_of = _period(request)
    assessment = assess_units(year, as_of)
    return render(request, "supervision/ranking.html", {
        "assessment": assessment, "year": year, "as_of": as_of,
        "may_configure": permissions.can_configure_assessment(request.user),
    })


@_refuses_bad_queries
def unit_score(request, year: int, unit_id: int):
    if not permissions.can_view_unit_score(request.user, unit_id):
        raise Http404
    year, as_of = _period(request, year)
    assessment = assess_units(year, as_of)
    score = assessment.for_unit(unit_id)
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    tasks = tasks_of_lines([score]) if score else {}
    return render(request, "supervision/unit_score.html", {
        "assessment": assessment, "score": score, "unit": unit, "year": year, "as_of": as_of,
        "lines": [(line, tasks.get(line.task_id)) for line in score.lines] if score else [],
        "adjustment_form": AdjustmentForm(initial={"unit": unit_id})
        if permissions.can_configure_assessment(request.user) else None,
    })


@_refuses_bad_queries
def export_excel(request, year: int):
    if not permissions.can_view_assessment(request.user):
        raise PermissionDenied
    year, as_of = _period(request, year)
    assessment = assess_units(year, as_of)
    response = HttpResponse(assessment_workbook(assessment),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return name_download(response, f"{assessment_title(assessment)}.xlsx",
                         fallback=f"assessment-{year}-{as_of:%Y%m%d}.xlsx")


@_refuses_bad_queries
def export_pdf(request, year: int):
    if not permissions.can_view_assessment(request.user):
        raise PermissionDenied
    year, as_of = _period(request, year)
    assessment = assess_units(year, as_of)
    try:
        response = HttpResponse(assessment_pdf(assessment), content_type="application/pdf")
    except PdfNotMade as error:
        messages.error(request, str(error))
        return redirect(reverse("supervision:ranking") + f"?year={year}&as_of={as_of.isoformat()}")
    return name_download(response, f"{assessment_title(assessment)}.pdf",
                         fallback=f"assessment-{year}-{as_of:%Y%m%d}.pdf")


def scheme_edit(request, year: int):
    if not permissions.can_configure_assessment(request.user):
        raise PermissionDenied
    scheme = ScoringScheme.for_year(year)
    form = SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("version", "")
        try:
            scheme_service.save_scheme(request.user, year, form.cleaned_data,
                                       expected_version=int(version) if version.isdigit() else None)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The scoring scheme for %(year)s was saved.") % {"year": year})
            return redirect(f"{request.path}")
    return render(request, "supervision/scheme_form.html", {"form": form, "year": year, "scheme": scheme})


@require_POST
def adjust(request, year: int):
    if not permissions.can_configure_assessment(request.user):
        raise PermissionDenied
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a unit, give the points and write the reason."))
        return redirect("supervision:ranking")
    unit = form.cleaned_data["unit"]
    try:
        scheme_service.adjust_score(request.user, year, unit, form.cleaned_data["points"],
                                    form.cleaned_data["reason"], today=periods.today())
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The adjustment was recorded."))
    return redirect("supervision:unit_score", year, unit.pk)
