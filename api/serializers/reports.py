"""Progress reports as the API gives them: the report, its content (the same as the page's) and its files."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.models import ExportFormat, Report, ReportExport, ReportKind, ReportRow


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "kind", "title", "period_start", "period_end", "plan", "status", "build_state",
                  "build_error", "built_at", "finalised_at", "updated_at"]
        read_only_fields = fields


class ReportRowSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task_key", read_only=True,
                                    help_text="The task's id (kept when the task itself is later deleted).")

    class Meta:
        model = ReportRow
        fields = ["id", "task", "section", "number", "text", "lead_units", "responsible_units", "deadline",
                  "deadline_text", "work_status", "health", "is_overdue", "percent_complete", "source_progress",
                  "source_problems", "progress", "remark", "hidden", "version"]
        read_only_fields = fields


class ReportContentSerializer(ReportSerializer):
    """A report with everything its page shows. The office (while it may edit) also gets hidden rows."""

    summary = serializers.CharField(read_only=True)
    figures = serializers.SerializerMethodField(help_text=(
        "The snapshot taken when the report was built: totals, health, status, sections, targets and units' "
        "reporting."))
    rows = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "summary", "figures", "rows"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_figures(self, report) -> dict:
        return report.figures

    @extend_schema_field(ReportRowSerializer(many=True))
    def get_rows(self, report) -> list:
        return ReportRowSerializer(self.context["rows"], many=True).data


class ReportBuildSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period = serializers.CharField(max_length=10, help_text=(
        "2026-10 for a month, 2026Q3 for a quarter, 2026H1 for a half-year, 2026 for a year."))
    plan = serializers.IntegerField(min_value=1, required=False, allow_null=True,
                                    help_text="A plan's id; leave out for all active plans.")


class ReportExportSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="Where to fetch the file once state is done.")

    class Meta:
        model = ReportExport
        fields = ["id", "report", "format", "paper", "state", "error", "created_at", "finished_at", "download"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri-reference", "nullable": True})
    def get_download(self, export) -> str | None:
        if not export.is_ready:
            return None
        return reverse("api:report-download", args=[export.report_id, export.pk])


class ReportExportRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=ExportFormat.choices)
    paper = serializers.ChoiceField(choices=[("a4", "A4"), ("a3", "A3 landscape ledger")], default="a4",
                                    help_text="a3 prints the ledger of tasks on A3 landscape (PDF).")
