"""A task change's lists of units, targets and milestones, given to the task editor's own formsets
(tasks/forms.py), so the API and the page accept exactly the same changes.

A list that is sent is the task's new list: an item with an `id` changes that record, an item without one
adds a record, and a record whose id is not in the list is deleted. A list that is left out changes nothing.
"""

from django.db import models
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from tasks.forms import MilestoneFormSet, TargetFormSet, TaskUnitFormSet, task_part_formsets
from tasks.models import Task

# The API's name of each list → the task editor's formset for it.
PARTS = {"units": TaskUnitFormSet, "targets": TargetFormSet, "milestones": MilestoneFormSet}


def part_formsets(task: Task, changes: dict) -> list:
    """Bound, valid formsets for the lists in `changes`; raises ValidationError naming the item and field."""
    data, positions, names = {}, {}, {}
    for name, formset in PARTS.items():
        prefix = formset.get_default_prefix()
        names[prefix] = name
        if name not in changes:
            data.update(_management(prefix, total=0, initial=0))
            continue
        current = list(getattr(task, prefix).order_by("pk"))
        data_for_part, positions[prefix] = _formset_data(name, formset, current, changes[name])
        data.update(data_for_part)
    formsets = task_part_formsets(task, data)
    for formset in formsets.values():
        for form in formset.extra_forms:
            # An item sent without an id is meant to be added: checked even if it looks like an empty form
            # (the page may leave its blank extra forms empty; a client's item may not vanish silently).
            form.empty_permitted = False
    errors = {}
    for prefix, formset in formsets.items():
        if formset.is_valid():
            continue
        name = names[prefix]
        for error in formset.non_form_errors():
            errors.setdefault(name, []).append(str(error))
        for form, item in zip(formset.forms, positions[prefix], strict=True):
            if formset._should_delete_form(form):
                continue  # a deleted record's values are not checked
            for field, messages in form.errors.items():
                key = f"{name}.{item}" if field == "__all__" else f"{name}.{item}.{field}"
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return list(formsets.values())


def _formset_data(name: str, formset, current: list, items: list[dict]) -> tuple[dict, list[int | None]]:
    """The formset's POST data for the new list `items`, and for each form the index of its item in the list."""
    prefix = formset.get_default_prefix()
    # A new item starts from what the page's empty form shows (model defaults), placed where the list puts it.
    defaults = {name: _form_value(field.initial) for name, field in formset.form.base_fields.items()
                if field.initial is not None}
    by_id = {obj.pk: obj for obj in current}
    unknown = sorted({item["id"] for item in items if item.get("id") is not None} - set(by_id))
    if unknown:
        raise ValidationError({name: [
            _("These ids are not this task's: %(ids)s. Leave “id” out to add a new one.")
            % {"ids": ", ".join(map(str, unknown))}
        ]})
    sent: dict[int, int] = {}
    for index, item in enumerate(items):
        if item.get("id") is not None:
            if item["id"] in sent:
                raise ValidationError({f"{name}.{index}.id": [
                    _("This id is already in the list (item %(first)s): give each record once.")
                    % {"first": sent[item["id"]]}
                ]})
            sent[item["id"]] = index
    data, positions = {}, []
    form = 0
    for obj in current:  # the existing records first, as a formset wants them: changed or deleted
        index = sent.get(obj.pk)
        fields = dict(_values(obj))
        if index is None:
            fields["DELETE"] = "on"
        else:
            fields.update({key: _form_value(value) for key, value in items[index].items() if key != "id"})
        fields["id"] = str(obj.pk)
        data.update({f"{prefix}-{form}-{key}": value for key, value in fields.items()})
        positions.append(index)
        form += 1
    for index, item in enumerate(items):
        if item.get("id") is None:
            fields = defaults | {"position": str(index)} | {
                key: _form_value(value) for key, value in item.items() if key != "id"}
            data.update({f"{prefix}-{form}-{key}": value for key, value in fields.items()})
            positions.append(index)
            form += 1
    data.update(_management(prefix, total=form, initial=len(current)))
    return data, positions


def _values(obj: models.Model):
    for field in obj._meta.concrete_fields:
        if field.name not in ("id", "task"):
            yield field.name, _form_value(getattr(obj, field.attname))


def _form_value(value) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)  # dates as ISO, decimals exactly


def _management(prefix: str, *, total: int, initial: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}
