"""A task's timeline: every update, review, urge and change, and every step of the supervision workflow
(closing, extensions, instructions, notices — supervision/), read from the audit log (one query)."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from audit.models import AuditAction, AuditEntry

from .models import Attachment, ProgressUpdate, ReviewState, Task, Urge

# Record types a task's timeline shows; target values are part of their update's entries.
SHOWN_MODELS = ("task", "taskunit", "target", "milestone", "progressupdate", "attachment", "urge")
# The supervision workflow's records (supervision/models.py) name their own steps: `timeline_label`.
WORKFLOW_APP = "supervision"
# Fields that only repeat what the entry's action already says.
QUIET_FIELDS = {"submitted_at", "reviewed_at", "reviewer_id", "author_id", "review_comment", "task_id", "unit_id",
                "period", "update_id", "file", "urged_by_id", "uploaded_by_id", "resolved_at"}


@dataclass
class TimelineItem:
    entry: AuditEntry
    label: str
    subject: str
    note: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def action(self) -> str:
        return self.entry.action


def task_timeline(task: Task, visible_updates: dict[int, ProgressUpdate], hidden_update_ids: set[int]):
    """The task's audit entries, newest first, leaving out the drafts the reader may not see."""
    entries = (
        AuditEntry.objects.filter(task=task)
        .filter(Q(content_type__app_label="tasks", content_type__model__in=SHOWN_MODELS)
                | Q(content_type__app_label=WORKFLOW_APP))
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )
    items = []
    for entry in entries:
        model = entry.content_type.model
        if model == "progressupdate" and entry.object_id in hidden_update_ids:
            continue
        if model == "attachment" and _attachment_update_id(entry) in hidden_update_ids:
            continue
        items.append(_describe(entry, visible_updates))
    return items


def _attachment_update_id(entry: AuditEntry):
    change = entry.changes.get("update_id")
    return change[1] if change and change[1] is not None else (change[0] if change else None)


def _describe(entry: AuditEntry, updates: dict[int, ProgressUpdate]) -> TimelineItem:
    model = apps.get_model(entry.content_type.app_label, entry.content_type.model)
    label = entry.get_action_display()
    changes = entry.changes or {}
    if entry.content_type.app_label == WORKFLOW_APP:
        label = model.timeline_label(entry.action) or label
        return TimelineItem(entry=entry, label=str(label), subject=_workflow_subject(model, changes),
                            note=entry.note)
    if entry.action == AuditAction.ACCEPT and changes.get("review_state", [None, None])[1] == ReviewState.SUBMITTED:
        label = _("Approved by the unit head")
    if model is ProgressUpdate:
        update = updates.get(entry.object_id)
        subject = (_("Update %(period)s, %(unit)s") % {"period": f"{update.period:%Y-%m}", "unit": update.unit}
                   if update else entry.object_repr)
    elif model is Urge:
        subject = _("Urged: %(unit)s") % {"unit": entry.object_repr.split(" — ")[0]}
    elif model is Task:
        subject = str(model._meta.verbose_name)
    elif model is Attachment:
        subject = _("Attachment %(name)s") % {"name": entry.object_repr}
    else:
        subject = f"{model._meta.verbose_name}：{entry.object_repr}"
    shown_changes = []
    if entry.action == AuditAction.UPDATE or (entry.action == AuditAction.CREATE and model not in (ProgressUpdate,
                                                                                                 Urge, Attachment)):
        shown_changes = _changes(model, changes, created=entry.action == AuditAction.CREATE)
    # a creation's note says where it came from (an import, the demo), not something to read here
    note = "" if entry.action in (AuditAction.CREATE, AuditAction.IMPORT) else entry.note
    return TimelineItem(entry=entry, label=label, subject=subject, note=note, changes=shown_changes)


def _changes(model, changes: dict, created: bool) -> list[tuple[str, str | None, str | None]]:
    """(field label, before, after) for each change worth reading; before/after are None for long text."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    rows = []
    for name, (before, after) in changes.items():
        if name in QUIET_FIELDS or (created and after in (None, "", [], {})):
            continue
        if name == "actuals":
            rows.append((_("Target values"), _actuals(before), _actuals(after)))
            continue
        model_field = fields.get(name)
        if model_field is None:
            continue
        if isinstance(model_field, models.TextField):
            rows.append((str(model_field.verbose_name), None, None))  # long text: say that it changed
            continue
        rows.append((str(model_field.verbose_name), _shown(model_field, before), _shown(model_field, after)))
    return rows


def _shown(model_field, value) -> str:
    if value in (None, ""):
        return "—"
    if model_field.choices:
        value = dict(model_field.flatchoices).get(value, value)
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return Truncator(str(value)).chars(80)


def _actuals(values) -> str:
    return "、".join(f"{value}" for value in (values or {}).values()) or "—"


def _workflow_subject(model, changes: dict) -> str:
    """What a workflow step is about, beyond its label: the deadlines an extension moves between."""
    if model._meta.model_name == "deadlineextension":
        before = (changes.get("previous_deadline") or [None, None])[1]
        after = (changes.get("requested_deadline") or [None, None])[1]
        if before and after:
            return f"{before} → {after}"
    return ""
