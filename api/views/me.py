"""Who the API is acting as: the person, their units and what their role lets them do."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from tasks import permissions

MeSerializer = inline_serializer("Me", {
    "id": serializers.IntegerField(),
    "username": serializers.CharField(),
    "display_name": serializers.CharField(),
    "global_role": serializers.CharField(help_text="supervisor, leader, administrator, or empty for unit staff."),
    "units": inline_serializer("MyUnit", {
        "id": serializers.IntegerField(), "name": serializers.CharField(), "role": serializers.CharField(),
    }, many=True),
    "may_review": serializers.BooleanField(help_text="Whether you have a review queue."),
})


@extend_schema(summary="Who am I", responses={200: MeSerializer})
@api_view(["GET"])
def me(request):
    user = request.user
    memberships = user.memberships.filter(unit__is_active=True).select_related("unit").order_by("unit__display_order")
    return Response({
        "id": user.pk,
        "username": user.username,
        "display_name": str(user),
        "global_role": user.global_role,
        "units": [{"id": m.unit_id, "name": m.unit.name, "role": m.role} for m in memberships],
        "may_review": permissions.may_review_anything(user),
    })
