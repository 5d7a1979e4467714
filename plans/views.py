from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from safe_text.downloads import name_download
from tasks import counting
from tasks.permissions import can_import_plans
from units.directory import UnitDirectory

from .forms import ImportConfirmForm, ImportUploadForm
from .importing import (
    ImportRejected,
    SourceDocument,
    duplicates_of,
    import_plan,
    match_names,
    preview_tree,
    read_source,
)
from .ledger import XLSX_CONTENT_TYPE, plan_ledger
from .models import ImportDraft, Plan
from .parsing import UnreadableDocument
from .tree import build_plan_tree


def plan_list(request):
    plans = Plan.objects.annotate(**counting.plan_counts())  # tasks and ▲ sub-items, as the dashboards count
    return render(request, "plans/plan_list.html", {"plans": plans, "may_import": can_import_plans(request.user)})


def plan_ledger_download(request, pk: int):
    """The plan as an Excel ledger in the layout the importer reads."""
    plan = get_object_or_404(Plan, pk=pk)
    response = HttpResponse(plan_ledger(plan), content_type=XLSX_CONTENT_TYPE)
    return name_download(response, f"{plan.title}.xlsx", fallback=f"plan-{plan.pk}-ledger.xlsx")


def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    return render(request, "plans/plan_detail.html", {"plan": plan, "tree": build_plan_tree(plan)})


def import_start(request):
    """Upload a document or paste its text; a good read goes on to the preview."""
    if not can_import_plans(request.user):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload:
                source = read_source(data=upload.read(), filename=upload.name, max_bytes=settings.UPLOAD_MAX_BYTES)
            else:
                source = read_source(text=form.cleaned_data["text"])
        except UnreadableDocument as error:
            form.add_error(None, str(error))
        else:
            draft = ImportDraft.objects.create(
                created_by=request.user, source_name=source.name, source_text=source.text,
                source_hash=source.fingerprint, source_encoding=source.encoding, parsed=source.parsed,
            )
            return redirect("plans:import_preview", pk=draft.pk)
    return render(request, "plans/import_start.html", {"form": form})


def import_preview(request, pk: int):
    """The whole tree as read, with warnings beside their lines and choices; confirming saves it."""
    if not can_import_plans(request.user):
        raise PermissionDenied
    draft = get_object_or_404(ImportDraft, pk=pk, created_by=request.user, plan__isnull=True)
    source = SourceDocument(name=draft.source_name, text=draft.source_text, parsed=draft.parsed)
    matches = match_names(draft.parsed, UnitDirectory())
    unknown = [name for name, match in matches.items() if not match.found]
    form = ImportConfirmForm(request.POST or None, parsed=draft.parsed, unknown_names=unknown)
    if request.method == "POST" and form.is_valid():
        try:
            plan = import_plan(source, actor=request.user, choices=form.choices())
        except ImportRejected as error:
            form.add_error(None, str(error))
        else:
            draft.plan = plan
            draft.save(update_fields=["plan"])
            counts = plan.tasks.aggregate(**counting.item_counts())
            messages.success(request, _("The plan was imported with %(count)d tasks and ▲ sub-items (of them "
                                        "%(sub_items)d ▲ sub-items).") % {"count": counts["items"],
                                                                          "sub_items": counts["sub_items"]})
            return redirect(plan)
    context = {
        "draft": draft,
        "form": form,
        "preview": preview_tree(draft.parsed, matches),
        "duplicates": duplicates_of(source),
        "unknown_count": len(unknown),
        "matched_count": len(matches) - len(unknown),
    }
    return render(request, "plans/import_preview.html", context)
