"""Admin pages write the audit log like every other save path does."""

from django.db import transaction

from . import log
from .models import AuditAction


class AuditedAdminMixin:
    """Records every create, change and delete made through the admin, inlines included."""

    def save_model(self, request, obj, form, change):
        before = log.snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change:
                if form.has_changed():
                    log.record(request.user, AuditAction.UPDATE, obj, before=before, after=log.snapshot(obj))
            else:
                log.record(request.user, AuditAction.CREATE, obj)

    def delete_model(self, request, obj):
        with transaction.atomic():
            log.record(request.user, AuditAction.DELETE, obj, before=log.snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                log.record(request.user, AuditAction.DELETE, obj, before=log.snapshot(obj))
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        # Forms have already applied their input to the instances: read the old values from the database.
        changed_pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk and f.has_changed()]
        befores = {pk: log.snapshot(obj) for pk, obj in formset.model.objects.in_bulk(changed_pks).items()}
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                log.record(request.user, AuditAction.DELETE, obj, before=log.snapshot(obj))
                obj.delete()
            for obj in instances:
                is_new = obj.pk is None
                obj.save()
                if is_new:
                    log.record(request.user, AuditAction.CREATE, obj)
                else:
                    log.record(
                        request.user, AuditAction.UPDATE, obj, before=befores.get(obj.pk), after=log.snapshot(obj)
                    )
            formset.save_m2m()
