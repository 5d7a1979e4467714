from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from audit.admin_mixins import AuditedAdminMixin

from . import limits
from .attachments import RejectedFile, check_upload
from .models import Attachment, Milestone, Notification, ProgressUpdate, Target, TargetActual, Task, TaskUnit, Urge


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0
    fields = ["role", "position", "unit", "group", "name", "qualifier"]
    autocomplete_fields = ["unit", "group"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["position", "text", "metric", "comparator", "value", "upper_value", "measure_unit", "kind", "baseline"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["due_on", "description", "completed_on"]


@admin.register(Task)
class TaskAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "section", "deadline", "work_status", "is_livelihood", "is_key"]
    list_filter = ["work_status", "is_livelihood", "is_key", "plan"]
    search_fields = ["text", "title", "number", "task_units__unit__name", "task_units__name"]
    list_select_related = ["plan", "section"]
    autocomplete_fields = ["plan", "section", "parent"]
    readonly_fields = ["version"]
    inlines = [TaskUnitInline, TargetInline, MilestoneInline]
    # The text column has no limit: the admin keeps to the one the task editor, the API and the import keep.
    formfield_overrides = {models.TextField: {"max_length": limits.TASK_TEXT}}


class TargetActualInline(admin.TabularInline):
    model = TargetActual
    extra = 0
    autocomplete_fields = ["target"]


class AttachmentAdminForm(forms.ModelForm):
    """A file added in the admin passes the pages' check by content (tasks/attachments.py), and is stored as
    they store it: its type and size read from the file, under a name of our own. The file name shown is the
    one typed, or the uploaded file's."""

    class Meta:
        model = Attachment
        fields = ["update", "file", "original_name", "uploaded_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "original_name" in self.fields:
            self.fields["original_name"].required = False
        self.checked = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # not the file already stored
            try:
                self.checked = check_upload(upload)
            except RejectedFile as refusal:
                raise forms.ValidationError(str(refusal)) from None
            upload.name = self.checked.storage_name
        return upload

    def clean(self):
        data = super().clean()
        if self.checked:
            self.instance.content_type = self.checked.file_type.content_type
            self.instance.size = self.checked.size
            data["original_name"] = data.get("original_name") or self.checked.original_name
        return data


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentAdminForm
    extra = 0
    fields = ["file", "original_name", "content_type", "size", "uploaded_by"]
    readonly_fields = ["content_type", "size", "uploaded_by"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["period", "unit", "task", "status", "percent_complete", "review_state"]
    list_filter = ["review_state", "status", "period", "unit"]
    search_fields = ["narrative", "problems", "task__text", "unit__name"]
    list_select_related = ["unit", "task"]
    autocomplete_fields = ["task", "unit", "author", "reviewer"]
    readonly_fields = ["version", "created_at", "updated_at"]
    date_hierarchy = "period"
    inlines = [TargetActualInline, AttachmentInline]
    # Progress, problems, next steps and the review comment: no longer than the update page takes.
    formfield_overrides = {models.TextField: {"max_length": limits.UPDATE_TEXT}}


@admin.register(Target)
class TargetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["text", "task", "comparator", "value", "measure_unit", "kind"]
    list_filter = ["kind", "comparator"]
    search_fields = ["text", "metric", "task__text"]
    list_select_related = ["task"]
    autocomplete_fields = ["task"]


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["description", "task", "due_on", "completed_on"]
    list_filter = ["due_on"]
    search_fields = ["description", "task__text"]
    list_select_related = ["task"]
    autocomplete_fields = ["task"]


@admin.register(TaskUnit)
class TaskUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["display_name", "task", "role", "unit", "group", "name"]
    list_filter = ["role"]
    search_fields = ["name", "unit__name", "group__name", "task__text"]
    list_select_related = ["task", "unit", "group"]
    autocomplete_fields = ["task", "unit", "group"]


@admin.register(TargetActual)
class TargetActualAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["target", "update", "value"]
    search_fields = ["target__text"]
    list_select_related = ["target", "update"]
    autocomplete_fields = ["target", "update"]


@admin.register(Attachment)
class AttachmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = AttachmentAdminForm
    list_display = ["original_name", "update", "content_type", "size", "uploaded_at"]
    search_fields = ["original_name"]
    list_select_related = ["update"]
    autocomplete_fields = ["update"]
    readonly_fields = ["content_type", "size"]


@admin.register(Urge)
class UrgeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["task", "unit", "urged_by", "created_at", "resolved_at"]
    list_filter = ["resolved_at", "unit"]
    search_fields = ["message", "task__text", "unit__name"]
    list_select_related = ["task", "unit", "urged_by"]
    autocomplete_fields = ["task", "unit", "urged_by"]
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "task", "created_at", "read_at"]
    list_filter = ["kind", "read_at"]
    search_fields = ["text", "recipient__username", "recipient__display_name"]
    list_select_related = ["recipient", "task"]
    autocomplete_fields = ["recipient", "task"]
    date_hierarchy = "created_at"
