from rest_framework import serializers

from tasks import limits
from tasks.models import Notification, Urge


class UrgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Urge
        fields = ["id", "task", "unit", "urged_by", "message", "created_at", "resolved_at"]
        read_only_fields = fields


class UrgeCreateSerializer(serializers.Serializer):
    task = serializers.IntegerField(min_value=1, help_text="The task's id.")
    unit = serializers.IntegerField(min_value=1, help_text="A unit the task names (directly or through a group).")
    message = serializers.CharField(allow_blank=True, required=False, default="", max_length=limits.URGE_MESSAGE)


class NotificationSerializer(serializers.ModelSerializer):
    headline = serializers.CharField(source="get_kind_display", read_only=True,
                                     help_text="What happened, in the request's language.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "headline", "task", "text", "url", "created_at", "read_at"]
        read_only_fields = fields
