from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin

from .models import Plan, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "number", "title", "parent", "is_tracked"]
    ordering = ["position"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only this plan's sections as parents, not every section in the district.
        if db_field.name == "parent":
            plan_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(plan_id=plan_id) if plan_id else Section.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Plan)
class PlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "doc_number", "kind", "status", "period_start", "period_end"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "doc_number", "issuer"]
    date_hierarchy = "issued_on"
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "position", "is_tracked"]
    list_filter = ["is_tracked", "plan"]
    search_fields = ["title", "plan__title"]
    list_select_related = ["plan"]
    autocomplete_fields = ["plan", "parent"]
