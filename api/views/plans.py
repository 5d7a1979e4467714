"""Plans and their sections: readable by every signed-in person, as the plan pages are."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from plans.models import Plan, Section
from tasks import counting

from ..filters import SectionFilter
from ..serializers.plans import PlanSerializer, SectionSerializer


@extend_schema_view(list=extend_schema(summary="List plans"), retrieve=extend_schema(summary="One plan"))
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plan documents the district tracks (重点工作任务分解, 三年行动计划, 目标安排)."""

    lookup_value_regex = "[0-9]+"
    queryset = Plan.objects.annotate(**counting.plan_counts()).order_by(
        "-period_start", "-issued_on", "-id"
    )
    serializer_class = PlanSerializer


@extend_schema_view(list=extend_schema(summary="List sections"), retrieve=extend_schema(summary="One section"))
class SectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Headings of a plan (一、 and (一)); untracked ones are context such as 指导思想."""

    lookup_value_regex = "[0-9]+"
    queryset = Section.objects.order_by("plan_id", "position", "pk")
    serializer_class = SectionSerializer
    filterset_class = SectionFilter
