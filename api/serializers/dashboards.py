"""The dashboards' figures as JSON (reports/figures). Every count comes with the task list that shows exactly
its tasks, so that a big screen or the city's platform can check a number against the records."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tasks.models import WorkStatus


class FigureSerializer(serializers.Serializer):
    value = serializers.IntegerField(help_text="The number of tasks.")
    tasks = serializers.SerializerMethodField(help_text="The task list (GET) that returns exactly these tasks.")

    @extend_schema_field({"type": "string", "format": "uri-reference"})
    def get_tasks(self, figure) -> str:
        return f"{reverse('api:task-list')}?{urlencode(figure.filters)}"


class HealthCountsSerializer(serializers.Serializer):
    red = FigureSerializer()
    yellow = FigureSerializer()
    green = FigureSerializer()
    grey = FigureSerializer(help_text="Completed tasks.")
    total = FigureSerializer()


# Tasks by work status: one figure per status (not_started, in_progress, …), named as WorkStatus names them.
StatusCountsSerializer = type("StatusCountsSerializer", (serializers.Serializer,),
                              {status: FigureSerializer() for status in WorkStatus.values})


class AsOfSerializer(serializers.Serializer):
    period = serializers.DateField(help_text="The month the figures describe (its first day).")
    day = serializers.DateField(help_text="The day health is judged on: the month's last day, or today.")
    closed_period = serializers.DateField(help_text="The month whose updates should be in by that day.")


class OverviewSerializer(serializers.Serializer):
    as_of = AsOfSerializer()
    health = HealthCountsSerializer(help_text="Tasks by health (red, yellow, green, grey).")
    status = StatusCountsSerializer(help_text="Tasks by work status.")
    completed = FigureSerializer()
    completion_rate = serializers.FloatField(allow_null=True, help_text="Completed tasks in % of all.")
    overdue = FigureSerializer()
    due_soon = FigureSerializer(help_text="Not completed, due within 30 days.")
    due_soon_until = serializers.DateField()
    missing_updates = FigureSerializer(help_text="Tasks with no update reported for the closed month.")
    livelihood = HealthCountsSerializer(help_text="★ livelihood projects by health.")
    targets = serializers.IntegerField(help_text="Quantitative targets of these tasks.")
    targets_met = serializers.IntegerField(help_text="Of them, met by their latest reported value.")
    tasks_targets_met = FigureSerializer(help_text="Tasks whose every target is met.")


class SectionFiguresSerializer(serializers.Serializer):
    section_id = serializers.IntegerField()
    plan_id = serializers.IntegerField()
    plan_title = serializers.CharField()
    label = serializers.CharField(help_text="The section's heading as the document numbers it.")
    health = HealthCountsSerializer()
    completed = FigureSerializer()


class ReportingSerializer(serializers.Serializer):
    expected = serializers.IntegerField(help_text="Updates owed (tasks × months).")
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    reporting_rate = serializers.FloatField(allow_null=True, help_text="Reported in % of owed.")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="On time in % of owed.")


class UnitFiguresSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    name = serializers.CharField()
    leads = FigureSerializer(help_text="Tasks the unit leads.")
    responsible = FigureSerializer(help_text="Tasks the unit carries out.")
    red = FigureSerializer(help_text="Red tasks among them.")
    open_urges = FigureSerializer(help_text="Tasks with an urge to the unit still open.")
    missing_last_period = FigureSerializer(help_text="Tasks without the unit's update for the closed month.")
    reporting = ReportingSerializer(help_text="Over the months asked for.")

