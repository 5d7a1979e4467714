"""Progress reports: list, read with their content, build, and ask for and download Excel, PDF or Word files.

The same rules as the report pages (tasks/permissions.py): the supervision office builds; unit staff read
final reports only; everybody who may read a report may ask for a file of it."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from reports.content import load_content
from reports.exports import download_name
from reports.exports.pdf import missing_requirements
from reports.forms import BuildForm
from reports.models import ExportFormat, ReportStatus
from reports.tasks import build_now, export_later
from safe_text.downloads import name_download
from tasks import permissions

from ..errors import ApiError, form_errors
from ..filters import ReportFilter
from ..renderers import FileDownloads
from ..serializers.reports import (
    ReportBuildSerializer,
    ReportContentSerializer,
    ReportExportRequestSerializer,
    ReportExportSerializer,
    ReportSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="List reports", description=(
        "Monthly, quarterly, half-year and annual progress reports. The supervision office, leaders and "
        "administrators see drafts too; unit staff see final reports of plans that name their units.")),
    retrieve=extend_schema(summary="One report with its content", description=(
        "The summary, the figures of the snapshot and the rows — what the report page and its files show.")),
)
class ReportViewSet(FileDownloads, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    filterset_class = ReportFilter
    file_actions = ("download",)

    def get_queryset(self):
        return permissions.visible_reports(self.request.user).order_by("-period_end", "kind", "pk")

    def get_serializer_class(self):
        return ReportContentSerializer if self.action == "retrieve" else ReportSerializer

    def retrieve(self, request, pk=None):
        report = self.get_object()
        # Hidden rows only for those who may edit the report, as on its page.
        content = load_content(report, include_hidden=permissions.can_edit_report(request.user, report))
        rows = [row for section in content.sections for row in section.rows]
        return Response(ReportContentSerializer(report, context={"rows": rows}).data)

    @extend_schema(summary="Build a report", request=ReportBuildSerializer, responses={
        202: OpenApiResponse(ReportSerializer, description="The build is queued; poll the report until "
                                                           "build_state is done."),
        409: OpenApiResponse(description="The report for that period is final; reopen it on its page first."),
    })
    def create(self, request):
        if not permissions.can_build_reports(request.user):
            raise PermissionDenied
        shape = ReportBuildSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        # The report page's own form decides what may be built (the period's spelling, an issued plan).
        form = BuildForm({key: value for key, value in shape.validated_data.items() if value is not None})
        if not form.is_valid():
            raise form_errors(form)
        period, plan = form.cleaned_data["report_period"], form.cleaned_data["plan"]
        report = build_now(period, plan, request.user)
        if report.status == ReportStatus.FINAL:
            raise ApiError(_("This report is final. Reopen it to build it again."), code="report_final",
                           status_code=status.HTTP_409_CONFLICT, extra={"report": report.pk})
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="Files made of this report", responses=ReportExportSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="exports", pagination_class=None)
    def exports(self, request, pk=None):
        report = self.get_object()
        exports = permissions.visible_exports(request.user, report).order_by("-created_at", "-pk")[:20]
        return Response(ReportExportSerializer(exports, many=True).data)

    @extend_schema(summary="Ask for an Excel, PDF or Word file", request=ReportExportRequestSerializer, responses={
        202: OpenApiResponse(ReportExportSerializer, description="Queued; poll the report's exports until its "
                                                                 "state is done, then follow download."),
        503: OpenApiResponse(description="PDFs cannot be made on this server; the message says what to install."),
    })
    @exports.mapping.post
    def request_export(self, request, pk=None):
        report = self.get_object()
        if not permissions.can_export_report(request.user, report):
            raise PermissionDenied
        serializer = ReportExportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["format"] == ExportFormat.PDF:
            problem = missing_requirements()
            if problem:
                raise ApiError(problem, code="pdf_unavailable", status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
        export = export_later(report, data["format"], data["paper"], request.user)
        return Response(ReportExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="Download a finished file", responses={
        (200, "application/octet-stream"): OpenApiResponse(description="The file (xlsx, pdf or docx)."),
    })
    @action(detail=True, methods=["get"], url_path=r"exports/(?P<export_pk>[0-9]+)/download", url_name="download")
    def download(self, request, pk=None, export_pk=None):
        report = self.get_object()
        export = get_object_or_404(permissions.visible_exports(request.user, report), pk=export_pk)
        if not export.is_ready:
            raise Http404
        return name_download(FileResponse(export.file.open("rb")), download_name(export),
                             fallback=export.file.name.rsplit("/", 1)[-1])
