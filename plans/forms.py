import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from paper.dates import chinese_date
from tasks.calendar_window import DayField
from units.models import Unit, UnitGroup, UnitKind

from .importing import CONTEXT, KEEP, NEW, SKIP, TRACKED, iter_sections, proposed_status
from .models import PlanKind, PlanStatus
from .parsing.vocabulary import load_vocabulary


class ImportUploadForm(forms.Form):
    """A file to upload, or text pasted from the document: one of the two."""

    file = forms.FileField(label=_("Document file"), required=False,
                           help_text=_("Word (.docx), Excel (.xlsx) or text (.txt) file."))
    text = forms.CharField(label=_("Or paste the document's text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10}))

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        if not upload and not text:
            raise forms.ValidationError(_("Choose a file to upload, or paste the document's text."))
        if upload and upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Remove pictures from the document or split it, "
                  "then upload it again.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
            )
        data["text"] = text
        return data


class DateInput(forms.DateInput):
    """A browser date picker where there is one, a plain YYYY-MM-DD box elsewhere."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


SECTION_CHOICES = [(TRACKED, _("Track")), (CONTEXT, _("Keep as context")), (SKIP, _("Leave out"))]


class ImportConfirmForm(forms.Form):
    """The preview's choices: the plan's fields, each section's fate, and what unknown names mean."""

    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"size": 60}))
    doc_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    issued_on = DayField(label=_("Issue date"), required=False, widget=DateInput)
    period_start = DayField(label=_("Period start"), required=False, widget=DateInput)
    period_end = DayField(label=_("Period end"), required=False, widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    allow_duplicate = forms.BooleanField(label=_("Import again although it was imported before"), required=False)

    def __init__(self, *args, parsed: dict, unknown_names: list[str], **kwargs):
        plan = parsed["plan"]
        status = proposed_status(plan.get("period_end"))
        kwargs.setdefault("initial", {**plan, "kind": _guess_kind(plan), "status": status})
        super().__init__(*args, **kwargs)
        if status == PlanStatus.CLOSED:  # the question the preview asks of a plan whose period is over
            self.fields["status"].help_text = _(
                "The plan's period ended on %(day)s, so it is proposed as closed: dashboards, reports on all "
                "active plans and reminders leave it out. Choose active only if its tasks are still followed up."
            ) % {"day": chinese_date(datetime.date.fromisoformat(plan["period_end"]))}
        self.section_paths = []
        for path, section in iter_sections(parsed):
            name = f"section_{path}"
            self.fields[name] = forms.ChoiceField(
                label=f"{section['number']} {section['title']}", choices=SECTION_CHOICES,
                initial=TRACKED if section["tracked"] else CONTEXT,
            )
            self.section_paths.append((path, name))
        targets = [(KEEP, _("Keep the name as written")), (NEW, _("Create a new unit"))]
        targets += [(f"unit:{u.pk}", u.name) for u in Unit.objects.filter(is_active=True)]
        targets += [(f"group:{g.pk}", _("%(name)s (group)") % {"name": g.name}) for g in UnitGroup.objects.all()]
        self.unknown_names = unknown_names
        for index, unit_name in enumerate(unknown_names):
            self.fields[f"name_{index}"] = forms.ChoiceField(label=unit_name, choices=targets, initial=KEEP)
            self.fields[f"kind_{index}"] = forms.ChoiceField(
                label=_("kind of the new unit"), choices=UnitKind.choices, initial=_guess_unit_kind(unit_name)
            )

    PLAN_FIELDS = ("title", "doc_number", "issuer", "issued_on", "period_start", "period_end", "kind", "status")
    DATE_FIELDS = ("issued_on", "period_start", "period_end")

    def plan_fields(self):
        return [self[name] for name in self.PLAN_FIELDS]

    def section_fields(self):
        return [(path, self[name]) for path, name in self.section_paths]

    def name_fields(self):
        return [(name, self[f"name_{i}"], self[f"kind_{i}"]) for i, name in enumerate(self.unknown_names)]

    def choices(self):
        from .importing import ImportChoices

        data = self.cleaned_data
        return ImportChoices(
            plan_fields={key: data[key] for key in self.PLAN_FIELDS},
            sections={path: data[name] for path, name in self.section_paths},
            names={name: data[f"name_{i}"] for i, name in enumerate(self.unknown_names)},
            new_unit_kinds={name: data[f"kind_{i}"] for i, name in enumerate(self.unknown_names)},
            allow_duplicate=data["allow_duplicate"],
        )


def _guess_kind(plan: dict) -> str:
    title, vocabulary = plan.get("title", ""), load_vocabulary()
    if any(word in title for word in vocabulary.action_plan_titles):
        return PlanKind.ACTION_PLAN
    if any(word in title for word in vocabulary.target_arrangement_titles):
        return PlanKind.TARGET_ARRANGEMENT
    return PlanKind.TASK_BREAKDOWN


def _guess_unit_kind(name: str) -> str:
    return load_vocabulary().unit_kind_for(name) or UnitKind.OTHER
