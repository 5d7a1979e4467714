"""An API request's update content, checked by the update page's own form (tasks/forms.py UpdateForm), so
the API and the page accept exactly the same updates."""

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from tasks.forms import UpdateForm
from tasks.models import ProgressStatus, ProgressUpdate, Task
from tasks.progress import EDITABLE_FIELDS, UpdateInput

NEW_UPDATE_DEFAULTS = {"status": ProgressStatus.ON_TRACK, "percent_complete": 0, "narrative": "", "problems": "",
                       "next_steps": ""}


def update_input(task: Task, data: dict, current: ProgressUpdate | None, *, submitting: bool,
                 files: list | None = None) -> UpdateInput:
    """Merge the fields sent with the update's current values (or a new update's defaults), then check them
    as the page does, with any files to attach and attachments to remove. Raises ValidationError with the
    page's messages."""
    targets = list(task.targets.all())
    known = {target.pk for target in targets}
    values = {
        name: data[name] if name in data else (getattr(current, name) if current else NEW_UPDATE_DEFAULTS[name])
        for name in EDITABLE_FIELDS
    }
    actuals = {a.target_id: a.value for a in current.target_actuals.all()} if current else {}
    unknown = []
    for actual in data.get("actuals", []):
        if actual["target"] not in known:
            unknown.append(actual["target"])
        actuals[actual["target"]] = actual["value"]
    if unknown:
        message = _("These are not targets of this task: %(ids)s. The task's targets are listed with the task.")
        raise ValidationError({"actuals": [message % {"ids": ", ".join(map(str, unknown))}]})
    form_data = MultiValueDict({name: [str(value)] for name, value in values.items()})
    for target in targets:
        value = actuals.get(target.pk)
        form_data[UpdateForm.target_field(target)] = "" if value is None else str(value)
    existing = list(current.attachments.all()) if current else []
    known_files = {attachment.pk for attachment in existing}
    removing = data.get("remove_attachments", [])
    if set(removing) - known_files:
        message = _("These are not files of this update: %(ids)s.")
        raise ValidationError({"remove_attachments": [
            message % {"ids": ", ".join(map(str, sorted(set(removing) - known_files)))}
        ]})
    form_data.setlist("remove_attachments", [str(pk) for pk in removing])
    form = UpdateForm(form_data, MultiValueDict({"attachments": files or []}), targets=targets,
                      attachments=existing, submitting=submitting)
    if not form.is_valid():
        errors = {}
        for field, messages in form.errors.items():
            name = ("actuals" if field.startswith("target_") else "non_field_errors" if field == "__all__"
                    else "file" if field == "attachments" else field)
            errors.setdefault(name, []).extend(messages)
        raise ValidationError(errors)
    return form.to_input()
