from rest_framework import serializers

from units.models import Unit, UnitGroup


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "parent", "is_active", "display_order"]
        extra_kwargs = {"parent": {"help_text": "The unit this one belongs to, if any."}}


class UnitGroupSerializer(serializers.ModelSerializer):
    members = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the listed member units (for groups of listed members)."
    )

    class Meta:
        model = UnitGroup
        fields = ["id", "name", "membership", "member_kinds", "members", "display_order"]
        extra_kwargs = {"member_kinds": {"help_text": "Unit kinds whose units all belong (for groups by kind)."}}
