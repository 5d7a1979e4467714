"""Units and unit groups: the directory every signed-in person may read."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from units.models import Unit, UnitGroup

from ..filters import UnitFilter
from ..serializers.units import UnitGroupSerializer, UnitSerializer


@extend_schema_view(list=extend_schema(summary="List units"), retrieve=extend_schema(summary="One unit"))
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units (单位): bureaus, street offices, parks … that lead or carry out tasks."""

    lookup_value_regex = "[0-9]+"
    queryset = Unit.objects.order_by("display_order", "name", "pk")
    serializer_class = UnitSerializer
    filterset_class = UnitFilter


@extend_schema_view(list=extend_schema(summary="List unit groups"),
                    retrieve=extend_schema(summary="One unit group"))
class UnitGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Names a document uses for several units at once (各街道, 属地街道, 各相关单位)."""

    lookup_value_regex = "[0-9]+"
    queryset = UnitGroup.objects.prefetch_related("members").order_by("display_order", "name", "pk")
    serializer_class = UnitGroupSerializer
