"""Input for the supervision workflow's pages. The rules live in the services; these check shapes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from tasks import limits
from tasks.attachments import ACCEPT_ATTRIBUTE
from tasks.calendar_window import DayField
from units.models import Unit

from .models import NoticeLevel, ScoringScheme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplyToCloseForm(forms.Form):
    summary = forms.CharField(label=_("Closing summary"), max_length=limits.CLOSING_SUMMARY,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What was done, and what shows it is done."))
    evidence = forms.FileField(label=_("Evidence (optional)"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))


class ExtensionRequestForm(forms.Form):
    new_deadline = DayField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=limits.REASON, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note or reason"), required=False, max_length=limits.REASON,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=limits.REASON, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("How it was carried out"), required=False, max_length=limits.REASON,
                           widget=forms.Textarea(attrs={"rows": 2}))


class InstructionForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.all())
    leader_name = forms.CharField(label=_("Leader"), max_length=100)
    given_on = DayField(label=_("Given on"), widget=DATE)
    text = forms.CharField(label=_("The leader's words"), max_length=limits.INSTRUCTION_TEXT,
                           widget=forms.Textarea(attrs={"rows": 4}))
    units = forms.ModelMultipleChoiceField(label=_("Units to carry it out"), queryset=Unit.objects.filter(
        is_active=True), widget=forms.SelectMultiple(attrs={"size": 8}))
    reply_deadline = DayField(label=_("Reply due"), widget=DATE)

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["plan"].queryset = Plan.objects.filter(pk=task.plan_id)
            self.fields["plan"].initial = task.plan_id
            self.fields["plan"].widget = forms.HiddenInput()


class ReplyForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("For"), coerce=int)
    text = forms.CharField(label=_("Reply"), max_length=limits.REPLY_TEXT, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]


class NoticeForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=NoticeLevel.choices, widget=forms.RadioSelect)
    problem = forms.CharField(label=_("Problem"), max_length=limits.NOTICE_TEXT,
                              widget=forms.Textarea(attrs={"rows": 3}))
    required_action = forms.CharField(label=_("Required action"), max_length=limits.NOTICE_TEXT,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    reply_deadline = DayField(label=_("Reply due"), widget=DATE)
    units = forms.TypedMultipleChoiceField(label=_("Units"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["units"].choices = [(unit.pk, unit.name) for unit in units]


class NoticeDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("accept", _("Accept and close")), ("return", _("Return"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=limits.REASON,
                              widget=forms.Textarea(attrs={"rows": 2}))


class SchemeForm(forms.ModelForm):
    class Meta:
        model = ScoringScheme
        fields = ["base_score", "completed_on_time", "late_report", "missing_report", "overdue_task", "extension",
                  "returned_update", "unanswered_notice", "lead_weight", "responsible_weight"]


class AdjustmentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(is_active=True))
    points = forms.DecimalField(label=_("Points (negative to deduct)"), max_digits=6, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), max_length=limits.REASON, widget=forms.Textarea(attrs={"rows": 2}))
