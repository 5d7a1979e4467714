"""The dashboards' numbers as JSON: the same figures, computed by the same code (reports/figures), for the
same people (tasks/permissions.can_view_dashboards) as the /dashboard/ pages."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from reports import figures
from reports.forms import DEFAULT_REPORTING_PERIODS, REPORTING_PERIODS, DashboardForm, UnitsForm
from tasks import periods, permissions

from ..serializers.dashboards import OverviewSerializer, SectionFiguresSerializer, UnitFiguresSerializer

PARAMETERS = [
    OpenApiParameter("plan", OpenApiTypes.INT, description="A plan's id; leave out for all active plans."),
    OpenApiParameter("period", OpenApiTypes.STR, description="The month, YYYY-MM; leave out for this month.",
                     pattern=r"^\d{4}-\d{2}$"),
]


def _select(request, form_class=DashboardForm):
    """The scope and month asked for; a 400 with the fields' errors when the parameters are wrong."""
    if not permissions.can_view_dashboards(request.user):
        raise PermissionDenied
    form = form_class(request.query_params)
    if not form.is_valid():
        raise ValidationError({field: [str(message) for message in messages]
                               for field, messages in form.errors.items()})
    today = periods.today()
    as_of = figures.AsOf.for_period(form.cleaned_data.get("period") or today, today)
    return figures.scope_for(request.user, form.cleaned_data.get("plan")), as_of, form.cleaned_data


@extend_schema(summary="Dashboard overview", parameters=PARAMETERS, responses=OverviewSerializer, description=(
    "Tasks by health and status, completion, overdue, due soon, missing updates, ★ projects and targets — the "
    "numbers of the overview page. Each count links to the task list that returns exactly its tasks."))
@api_view(["GET"])
def overview(request):
    scope, as_of, _data = _select(request)
    return Response(OverviewSerializer(figures.overview(scope, as_of)).data)


@extend_schema(summary="Dashboard by section", parameters=PARAMETERS, responses=SectionFiguresSerializer(many=True),
               description="Per top-level section, in document order: tasks by health and completed.")
@api_view(["GET"])
def sections(request):
    scope, as_of, _data = _select(request)
    return Response(SectionFiguresSerializer(figures.section_figures(scope, as_of), many=True).data)


@extend_schema(summary="Dashboard by unit", responses=UnitFiguresSerializer(many=True), parameters=[
    *PARAMETERS,
    OpenApiParameter("months", OpenApiTypes.INT, enum=list(REPORTING_PERIODS),
                     description=f"Reporting over the last N closed months (default {DEFAULT_REPORTING_PERIODS})."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(figures.UNIT_ORDERS),
                     description="Order of the units (default on_time: most timely first)."),
], description="Every unit the tasks name: tasks led and carried out, red, open urges, missing updates and "
               "reporting. A unit head sees only their own units.")
@api_view(["GET"])
def units(request):
    scope, as_of, data = _select(request, UnitsForm)
    rows = figures.unit_figures(scope, as_of, periods=data.get("months") or DEFAULT_REPORTING_PERIODS)
    allowed = permissions.dashboard_unit_ids(request.user)
    if allowed is not None:
        rows = [row for row in rows if row.unit_id in allowed]
    rows.sort(key=figures.UNIT_ORDERS[data.get("sort") or "on_time"])
    return Response(UnitFiguresSerializer(rows, many=True).data)
