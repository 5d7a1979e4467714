from rest_framework import serializers

from plans.models import Plan, Section


class PlanSerializer(serializers.ModelSerializer):
    item_count = serializers.IntegerField(read_only=True, help_text=(
        "Tasks and ▲ sub-items: what the dashboards, reports and the plan list count (tasks/counting.py)."))
    sub_item_count = serializers.IntegerField(read_only=True, help_text="Of item_count, the ▲ sub-items.")
    task_count = serializers.IntegerField(read_only=True, help_text="Numbered tasks (▲ sub-items not counted).")

    class Meta:
        model = Plan
        fields = ["id", "title", "doc_number", "issuer", "issued_on", "period_start", "period_end", "kind", "status",
                  "item_count", "sub_item_count", "task_count", "created_at", "updated_at"]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "plan", "parent", "number", "title", "position", "is_tracked", "body"]
