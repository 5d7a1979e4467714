"""Workflow records are read here, not changed: their states move only through the services, which check
who may act and write the audit log. The scoring schemes may be edited (logged, as every admin change)."""

from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin

from .models import (
    CompletionRequest,
    DeadlineExtension,
    Instruction,
    InstructionReply,
    Notice,
    NoticeReply,
    ScoreAdjustment,
    ScoringScheme,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CompletionRequest)
class CompletionRequestAdmin(ReadOnlyAdmin):
    list_display = ["task", "unit", "state", "requested_at", "decided_on", "reopened_on"]
    list_filter = ["state"]
    list_select_related = ["task", "unit"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ReadOnlyAdmin):
    list_display = ["task", "unit", "previous_deadline", "requested_deadline", "state", "decided_on", "overdue_days"]
    list_filter = ["state"]
    list_select_related = ["task", "unit"]


@admin.register(Instruction)
class InstructionAdmin(ReadOnlyAdmin):
    list_display = ["leader_name", "given_on", "task", "plan", "reply_deadline", "state"]
    list_filter = ["state"]
    list_select_related = ["task", "plan"]


@admin.register(InstructionReply)
class InstructionReplyAdmin(ReadOnlyAdmin):
    list_display = ["instruction", "unit", "replied_at"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "level", "task", "reply_deadline", "state"]
    list_filter = ["level", "state"]
    list_select_related = ["task"]


@admin.register(NoticeReply)
class NoticeReplyAdmin(ReadOnlyAdmin):
    list_display = ["notice", "unit", "replied_at"]


@admin.register(ScoreAdjustment)
class ScoreAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["year", "unit", "points", "reason", "made_on"]
    list_filter = ["year"]


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "base_score", "lead_weight", "responsible_weight"]
    readonly_fields = ["version"]
