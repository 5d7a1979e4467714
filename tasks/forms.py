"""Forms for the progress pages. They parse and check input; the rules of what happens next are in
tasks/progress.py."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from . import limits
from .attachments import ACCEPT_ATTRIBUTE, MAX_FILES_PER_UPDATE, RejectedFile, check_upload
from .calendar_window import DayField
from .editing import TargetReported
from .models import Milestone, ProgressStatus, Target, Task, TaskUnit, WorkStatus
from .progress import UpdateInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class UpdateForm(forms.Form):
    """One unit's update on one task for one month, with a field per target."""

    status = forms.ChoiceField(
        label=_("Status"), choices=ProgressStatus.choices, widget=forms.RadioSelect,
        initial=ProgressStatus.ON_TRACK,
    )
    percent_complete = forms.IntegerField(
        label=_("Percent complete (0–100)"), min_value=0, max_value=100, initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    narrative = forms.CharField(
        label=_("Progress this month"), required=False, max_length=limits.UPDATE_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    problems = forms.CharField(
        label=_("Problems"), required=False, max_length=limits.UPDATE_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, max_length=limits.UPDATE_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(
        label=_("Attach files"), required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    remove_attachments = forms.MultipleChoiceField(
        label=_("Remove attached files"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, targets=(), attachments=(), submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.targets = list(targets)
        for target in self.targets:
            self.fields[self.target_field(target)] = forms.DecimalField(
                label=target.text, required=False, max_digits=18, decimal_places=4,
                help_text=target.measure_unit, widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            )
        self.existing_attachments = list(attachments)
        self.fields["remove_attachments"].choices = [(str(a.pk), a.original_name) for a in self.existing_attachments]

    @staticmethod
    def target_field(target) -> str:
        return f"target_{target.pk}"

    @property
    def target_fields(self):
        return [(target, self[self.target_field(target)]) for target in self.targets]

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        kept = len(self.existing_attachments) - len(self.data.getlist("remove_attachments", []))
        if files and kept + len(files) > MAX_FILES_PER_UPDATE:
            raise forms.ValidationError(
                _("An update can have at most %(count)d files.") % {"count": MAX_FILES_PER_UPDATE}
            )
        checked, problems = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload))
            except RejectedFile as rejected:
                problems.append(str(rejected))
        if problems:
            raise forms.ValidationError(problems)
        return checked

    def clean(self):
        data = super().clean()
        if data.get("status") == ProgressStatus.COMPLETED and data.get("percent_complete") not in (None, 100):
            self.add_error("percent_complete", _("When the status is completed, the percent complete must be 100."))
        if self.submitting and not (data.get("narrative") or "").strip():
            self.add_error("narrative", _("Describe this month's progress before submitting."))
        return data

    def to_input(self) -> UpdateInput:
        data = self.cleaned_data
        return UpdateInput(
            status=data["status"],
            percent_complete=data["percent_complete"],
            narrative=data["narrative"].strip(),
            problems=data["problems"].strip(),
            next_steps=data["next_steps"].strip(),
            actuals={target.pk: data.get(self.target_field(target)) for target in self.targets},
            new_files=data.get("attachments") or [],
            remove_attachment_ids=[int(pk) for pk in data.get("remove_attachments") or []],
        )


class DecisionForm(forms.Form):
    """Accept or return an update; the button pressed says which."""

    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(choices=[(ACCEPT, ACCEPT), (RETURN, RETURN)])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=limits.REVIEW_COMMENT,
                              widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField()


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen it"), max_length=limits.REVIEW_COMMENT,
                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField()


class UrgeForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    message = forms.CharField(
        label=_("Message"), required=False, max_length=limits.URGE_MESSAGE, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]


class TaskForm(forms.ModelForm):
    """What the supervision office may change on a task."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Task
        fields = ["text", "title", "deadline", "deadline_text", "work_status", "is_livelihood", "is_key",
                  "leader_post"]
        field_classes = {"deadline": DayField}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The column has no limit; this is the one a task's text has everywhere (the import's too).
        self.fields["text"].max_length = limits.TASK_TEXT
        self.fields["text"].validators.append(MaxLengthValidator(limits.TASK_TEXT))

    def clean_work_status(self):
        # Completion has its own steps with their own record (supervision/closing.py): applying to close,
        # the office's confirmation, reopening with a reason.
        status = self.cleaned_data["work_status"]
        was = self.instance.work_status
        if status != was and WorkStatus.COMPLETED in (status, was):
            raise forms.ValidationError(_(
                "A task is completed only by confirming its unit's application to close, and reopened with the "
                "“Reopen task” button on the task page."
            ))
        return status


TaskUnitFormSet = inlineformset_factory(
    Task, TaskUnit, fields=["role", "unit", "group", "name", "qualifier", "position"], extra=2, can_delete=True
)


class BaseTargetFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Deleting a target would delete the values units have reported against it (cascade): refuse, so
        # that reported figures are never lost by an edit.
        reported = [form.instance for form in self.deleted_forms
                    if form.instance.pk and form.instance.actuals.exists()]
        if reported:
            raise forms.ValidationError(str(TargetReported(reported[0].text)), code="target_reported")


TargetFormSet = inlineformset_factory(
    Task, Target, formset=BaseTargetFormSet, extra=1, can_delete=True,
    fields=["text", "metric", "comparator", "value", "upper_value", "measure_unit", "kind", "baseline", "position"],
)

MilestoneFormSet = inlineformset_factory(
    Task, Milestone, fields=["description", "due_on", "completed_on", "position"], extra=1, can_delete=True,
    field_classes={"due_on": DayField, "completed_on": DayField},
    widgets={"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
             "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
)

# The parts of a task that the task editor changes together with it; each formset's default prefix is the
# task's related name for them (task_units, targets, milestones), which the pages' and the API's data use.
TASK_PART_FORMSETS = (TaskUnitFormSet, TargetFormSet, MilestoneFormSet)


def task_part_formsets(task: Task, data=None) -> dict:
    """The task editor's formsets for `task`'s units, targets and milestones by prefix, bound to `data` if given."""
    formsets = [formset(data, instance=task) if data is not None else formset(instance=task)
                for formset in TASK_PART_FORMSETS]
    return {formset.prefix: formset for formset in formsets}
