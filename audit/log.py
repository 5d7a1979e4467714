"""Writing the audit log. Called explicitly from every save path (services, admin, imports, jobs),
inside the same transaction as the change, so it works without a request and is never skipped."""

import datetime
import decimal
import hashlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditAction, AuditEntry

# Fields whose changes say nothing a reader needs to know.
IGNORED_FIELDS = {"updated_at", "version", "created_at"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name
    return value


def _hidden(value: Any) -> str:
    """A secret as the log keeps it: whether it is set, and a fingerprint that shows it changed, never the value."""
    if not value:
        return ""
    return "•••" + hashlib.sha256(str(value).encode()).hexdigest()[:6]


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's own field values, in a form the log can store. Fields a model lists in
    `audit_secret_fields` (a robot's signing secret, a URL carrying its key) are kept only as fingerprints: the
    log is read by more people than may call the robot."""
    secret = getattr(obj, "audit_secret_fields", ())
    return {
        field.attname: _hidden(getattr(obj, field.attname)) if field.attname in secret
        else _jsonable(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.attname not in IGNORED_FIELDS and not field.primary_key
    }


def diff(before: dict | None, after: dict | None) -> dict[str, list]:
    """{field: [before, after]} for each field that differs."""
    before, after = before or {}, after or {}
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    actor,
    action: str,
    obj: models.Model,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """Log one change to `obj`. `before`/`after` are snapshots; a create has no before, a delete no after."""
    if action == AuditAction.CREATE and after is None:
        after = snapshot(obj)
    task_id = getattr(obj, "audit_task_id", None)
    plan_id = getattr(obj, "audit_plan_id", None)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        plan_id=plan_id,
        task_id=task_id,
        changes=diff(before, after),
        note=note[:500],
    )


def entries_for(obj: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
    )


def record_many(actor, action: str, objects: list[models.Model], *, note: str = "") -> None:
    """Log the creation of many records at once (an import), with one insert."""
    if not objects:
        return
    content_type = ContentType.objects.get_for_model(objects[0], for_concrete_model=True)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            content_type=content_type,
            object_id=obj.pk,
            object_repr=str(obj)[:200],
            plan_id=getattr(obj, "audit_plan_id", None),
            task_id=getattr(obj, "audit_task_id", None),
            changes=diff(None, snapshot(obj)),
            note=note[:500],
        )
        for obj in objects
    )
