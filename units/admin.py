from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models

from .models import Membership, Unit, UnitAlias, UnitGroup, UnitKind, User


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    fk_name = "unit"
    extra = 1
    fields = ["name"]


class GroupAliasInline(UnitAliasInline):
    fk_name = "group"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user", "unit"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "is_active", "display_order"]
    list_filter = ["kind", "is_active"]
    list_editable = ["display_order"]
    search_fields = ["name", "aliases__name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [UnitAliasInline, MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class UnitGroupForm(forms.ModelForm):
    member_kinds = forms.MultipleChoiceField(
        choices=UnitKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = UnitGroup
        fields = ["name", "membership", "members", "member_kinds", "display_order"]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    form = UnitGroupForm
    list_display = ["name", "membership", "display_order"]
    list_filter = ["membership"]
    search_fields = ["name", "aliases__name"]
    filter_horizontal = ["members"]
    inlines = [GroupAliasInline]


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "group"]
    search_fields = ["name", "unit__name", "group__name"]
    list_select_related = ["unit", "group"]
    autocomplete_fields = ["unit", "group"]


@admin.register(User)
class DubanUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "global_role", "email", "is_active"]
    list_filter = ["global_role", "is_active", "memberships__unit__kind"]
    search_fields = ["username", "display_name", "email", "memberships__unit__name"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (None, {"fields": ["display_name", "global_role", "phone"]}),
    ]
    inlines = [MembershipInline]
