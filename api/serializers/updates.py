from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tasks import limits, periods
from tasks.calendar_window import check_month
from tasks.models import Attachment, ProgressStatus, ProgressUpdate, TargetActual


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-11"})
class PeriodField(serializers.Field):
    """A reporting month written "YYYY-MM", in the calendar window."""

    default_validators = [check_month]
    default_error_messages = {
        "invalid": _("Write the month as YYYY-MM, e.g. 2026-11."),
        "future": _("Updates are written for this month or earlier months, not for months still to come."),
    }

    def to_representation(self, value) -> str:
        return periods.month_label(value)

    def to_internal_value(self, data):
        try:
            period = periods.parse_period(str(data))
        except ValueError:
            self.fail("invalid")
        if period > periods.month_start(periods.today()):
            self.fail("future")
        return period


class TargetActualSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetActual
        fields = ["target", "value"]
        extra_kwargs = {"target": {"help_text": "The target's id (see the task's targets)."}}


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]


class ProgressUpdateSerializer(serializers.ModelSerializer):
    period = PeriodField(help_text="The month reported on, YYYY-MM.")
    actuals = TargetActualSerializer(source="target_actuals", many=True, read_only=True,
                                     help_text="The value each target reached, as reported.")
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "task", "unit", "period", "author", "status", "percent_complete", "narrative", "problems",
                  "next_steps", "review_state", "submitted_at", "reviewer", "reviewed_at", "review_comment", "actuals",
                  "attachments", "created_at", "updated_at", "version"]
        read_only_fields = fields


class ActualInputSerializer(serializers.Serializer):
    target = serializers.IntegerField(min_value=1, help_text="The target's id (see the task's targets).")
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True,
                                     help_text="The value reached; null clears it.")


class UpdateContentSerializer(serializers.Serializer):
    """What a unit writes: the fields of the update form. Fields left out keep their current value."""

    status = serializers.ChoiceField(choices=ProgressStatus.choices, required=False)
    percent_complete = serializers.IntegerField(min_value=0, max_value=100, required=False)
    narrative = serializers.CharField(allow_blank=True, required=False, max_length=limits.UPDATE_TEXT,
                                      help_text="Progress this month; needed to submit.")
    problems = serializers.CharField(allow_blank=True, required=False, max_length=limits.UPDATE_TEXT)
    next_steps = serializers.CharField(allow_blank=True, required=False, max_length=limits.UPDATE_TEXT)
    actuals = ActualInputSerializer(many=True, required=False, help_text="Values reached, by target.")
    submit = serializers.BooleanField(default=False, help_text="Submit for review after saving.")


class UpdateCreateSerializer(UpdateContentSerializer):
    task = serializers.IntegerField(min_value=1, help_text="The task's id.")
    unit = serializers.IntegerField(min_value=1, help_text="The reporting unit's id: one of yours that the task names.")
    period = PeriodField(help_text="The month reported on, YYYY-MM: this month or an earlier one.")


class UpdateChangeSerializer(UpdateContentSerializer):
    version = serializers.IntegerField(required=False, help_text="The version you read; or send If-Match instead.")
    remove_attachments = serializers.ListField(child=serializers.IntegerField(), required=False,
                                               help_text="Ids of attached files to remove.")


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="pdf, docx, xlsx, jpg or png, checked by content; up to UPLOAD_MAX_BYTES.")
    version = serializers.IntegerField(required=False, help_text="The version you read; or send If-Match instead.")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="The version you read; or send If-Match instead.")


class DecisionSerializer(VersionSerializer):
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=limits.REVIEW_COMMENT,
                                    help_text="Shown to the unit.")


class ReturnSerializer(VersionSerializer):
    comment = serializers.CharField(max_length=limits.REVIEW_COMMENT, help_text="What the unit should fix.")


class ReopenSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=limits.REVIEW_COMMENT, help_text="Why the accepted update is reopened.")
