from django import forms
from django.contrib import admin
from django.db import models

from audit.admin_mixins import AuditedAdminMixin

from .models import Delivery, UnitWebhook


@admin.register(UnitWebhook)
class UnitWebhookAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "platform", "is_active"]
    list_filter = ["platform", "is_active"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit"]
    # Robot addresses are always https; a bare host is not guessed to be http.
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: what was sent, what failed and why. Deliveries are written only by the sweep."""

    list_display = ["key", "channel", "recipient", "unit", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "channel", "rule"]
    search_fields = ["key", "recipient__username", "unit__name", "last_error"]
    list_select_related = ["recipient", "unit"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
