"""Report pages under /reports/: list and build, the report with its per-field editing, finalise and reopen,
exports. Thin: access through tasks/permissions.py, work in building.py, editing.py, exports and jobs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from safe_text.downloads import name_download
from tasks import permissions

from .. import editing
from ..content import load_content, report_charts
from ..exports import download_name
from ..exports.pdf import missing_requirements
from ..forms import BuildForm, ExportForm
from ..models import ExportFormat, JobState, Report, ReportRow
from ..tasks import build_now, export_later, rebuild_later


def get_report_for_user(user, pk: int) -> Report:
    """The report if the person may read it; 404 otherwise (its existence is not revealed)."""
    return get_object_or_404(permissions.visible_reports(user).select_related("plan", "built_by", "finalised_by"),
                             pk=pk)


@require_GET
def report_list(request):
    reports = permissions.visible_reports(request.user).select_related("plan").order_by("-period_end", "kind", "pk")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    form = BuildForm() if permissions.can_build_reports(request.user) else None
    return render(request, "reports/report_list.html", {"page": page, "form": form})


@require_POST
def report_build(request):
    if not permissions.can_build_reports(request.user):
        raise PermissionDenied
    form = BuildForm(request.POST)
    if not form.is_valid():
        reports = permissions.visible_reports(request.user).select_related("plan")
        page = Paginator(reports, 50).get_page(1)
        return render(request, "reports/report_list.html", {"page": page, "form": form}, status=400)
    report = build_now(form.cleaned_data["report_period"], form.cleaned_data["plan"], request.user)
    if report.is_final:
        messages.info(request, _("This report is final. Reopen it to build it again."))
    return redirect(report)


def _detail_context(request, report: Report, **extra) -> dict:
    may_edit = permissions.can_edit_report(request.user, report)
    content = load_content(report, include_hidden=may_edit)
    exports = list(permissions.visible_exports(request.user, report).select_related("requested_by")
                   .order_by("-created_at", "-pk")[:20])
    return {
        "report": report, "content": content, "charts": report_charts(report), "may_edit": may_edit,
        "may_reopen": permissions.can_reopen_report(request.user, report),
        "may_export": permissions.can_export_report(request.user, report),
        "exports": exports, "export_form": ExportForm(), "pdf_problem": missing_requirements(),
        "building": report.build_state in (JobState.QUEUED, JobState.RUNNING),
        "exporting": any(e.state in (JobState.QUEUED, JobState.RUNNING) for e in exports),
        "edit_count": report.edits.count(),
        **extra,
    }


@require_GET
def report_detail(request, pk: int):
    report = get_report_for_user(request.user, pk)
    return render(request, "reports/report_detail.html", _detail_context(request, report))


@require_POST
def report_rebuild(request, pk: int):
    report = get_report_for_user(request.user, pk)
    if not permissions.can_edit_report(request.user, report):
        raise PermissionDenied
    rebuild_later(report, request.user)
    return redirect(report)


def _version(request, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return -1


@require_POST
def report_summary(request, pk: int):
    report = get_report_for_user(request.user, pk)
    text = request.POST.get("summary", "")
    try:
        editing.save_summary(request.user, report, text, _version(request, "version"))
    except editing.EditError as error:
        report.refresh_from_db()
        return render(request, "reports/report_detail.html",
                      _detail_context(request, report, summary_error=str(error), summary_mine=text), status=409)
    messages.success(request, _("Summary saved."))
    return redirect(report.get_absolute_url() + "#summary")


@require_POST
def report_row(request, pk: int, row_pk: int):
    report = get_report_for_user(request.user, pk)
    row = get_object_or_404(ReportRow, pk=row_pk, report=report)
    values = {"progress": request.POST.get("progress", ""), "remark": request.POST.get("remark", ""),
              "hidden": request.POST.get("hidden") == "1"}
    try:
        saved = editing.save_row(request.user, row, values, _version(request, "version"))
    except editing.EditError as error:
        row.refresh_from_db()
        return render(request, "reports/report_detail.html",
                      _detail_context(request, report, row_error=str(error), conflict_row=row.pk, row_mine=values),
                      status=409)
    if saved:
        messages.success(request, _("Row %(number)s saved.") % {"number": row.number})
    return redirect(f"{report.get_absolute_url()}#row-{row.pk}")


@require_POST
def report_finalise(request, pk: int):
    report = get_report_for_user(request.user, pk)
    try:
        editing.finalise(request.user, report)
    except editing.EditError as error:
        messages.error(request, str(error))
    return redirect(report)


@require_POST
def report_reopen(request, pk: int):
    report = get_report_for_user(request.user, pk)
    try:
        editing.reopen(request.user, report, request.POST.get("reason", ""))
    except editing.EditError as error:
        messages.error(request, str(error))
    return redirect(report)


@require_POST
def report_export(request, pk: int):
    report = get_report_for_user(request.user, pk)
    if not permissions.can_export_report(request.user, report):
        raise PermissionDenied
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose Excel, PDF or Word."))
        return redirect(report)
    file_format = form.cleaned_data["format"]
    if file_format == ExportFormat.PDF:
        problem = missing_requirements()
        if problem:
            messages.error(request, problem)
            return redirect(report)
    export_later(report, file_format, form.cleaned_data["paper"], request.user)
    return redirect(report.get_absolute_url() + "#exports")


@require_GET
def export_download(request, pk: int, export_pk: int):
    report = get_report_for_user(request.user, pk)
    export = get_object_or_404(permissions.visible_exports(request.user, report), pk=export_pk)
    if not export.is_ready:
        raise Http404
    return name_download(FileResponse(export.file.open("rb")), download_name(export),
                         fallback=export.file.name.rsplit("/", 1)[-1])
