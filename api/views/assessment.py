"""The annual assessment (考核) as JSON: the ranking of every unit for a plan year as the records stood at the
end of a day, and one unit's breakdown — computed by supervision/assessment.py, for the same people as the
pages (tasks/permissions.py). Editing the year's scheme and adjusting scores stay on the pages."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from supervision.assessment import LineKind, assess_units, default_as_of
from tasks import periods, permissions
from units.models import Unit

from ..serializers.supervision import AssessmentQuerySerializer, AssessmentSerializer, UnitBreakdownSerializer
from .updates import _checked

AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description=(
    "Score the records as they stood at the end of this day, YYYY-MM-DD; default today (or the year's last day)."))


def _as_of(request, year: int) -> datetime.date:
    """The day asked for, within the year; the years the pages accept (2000–2100), else 404."""
    if not 2000 <= year <= 2100:
        raise Http404
    as_of = _checked(AssessmentQuerySerializer, request.query_params).get("as_of")
    return min(as_of or default_as_of(year, periods.today()), datetime.date(year, 12, 31))


@extend_schema(summary="Annual assessment ranking", parameters=[AS_OF], responses=AssessmentSerializer,
               description=("Every unit's score for the plan year, ranked, with subtotals per kind of line — the "
                            "ranking page. The supervision office, leaders and administrators; unit staff read "
                            "their own units' breakdown at …/units/{unit_id}/."))
@api_view(["GET"])
def ranking(request, year: int):
    if not permissions.can_view_assessment(request.user):
        raise PermissionDenied
    assessment = assess_units(year, _as_of(request, year))
    return Response(AssessmentSerializer(assessment, context={"year": year}).data)


@extend_schema(summary="One unit's assessment, line by line", parameters=[AS_OF], responses=UnitBreakdownSerializer,
               description="Each line traced to its record. Those who read everything, and the unit's own people.")
@api_view(["GET"])
def unit_breakdown(request, year: int, unit_id: int):
    if not permissions.can_view_unit_score(request.user, unit_id):
        raise Http404
    as_of = _as_of(request, year)
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    score = assess_units(year, as_of).for_unit(unit_id)
    return Response(UnitBreakdownSerializer({
        "year": year, "as_of": as_of, "unit": unit,
        "rank": score.rank if score else None, "score": score.score if score else None,
        "subtotals": [{"kind": kind, "label": str(LineKind.LABELS[kind]), "points": points}
                      for kind, points in score.subtotals] if score else [],
        "lines": score.lines if score else [],
    }).data)
