"""Files made from a report: Excel (xlsx.py), PDF (pdf.py), Word (docx.py)."""

import os
import tempfile

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files import File
from django.utils import timezone

from reports.jobs import took_too_long
from reports.models import ExportFormat, JobState, Report, ReportExport


def write_file(report: Report, file_format: str, path, paper: str = "a4") -> None:
    """Write the report in the format to `path` (the command line and the export job both come here)."""
    if file_format == ExportFormat.XLSX:
        from .xlsx import write_xlsx

        write_xlsx(report, path)
    elif file_format == ExportFormat.PDF:
        from .pdf import write_pdf

        write_pdf(report, path, paper)
    elif file_format == ExportFormat.DOCX:
        from .docx import write_docx

        write_docx(report, path)
    else:
        raise ValueError(f"unknown export format: {file_format}")


def file_name(export: ReportExport) -> str:
    """The stored file's name, plain ASCII: also the download's fallback name (safe_text.downloads)."""
    report = export.report
    stamp = timezone.localtime(export.created_at or timezone.now()).strftime("%Y%m%d-%H%M")
    return f"report-{report.pk}-{report.kind}-{report.period.code}-{stamp}.{export.format}"


def download_name(export: ReportExport) -> str:
    """The name a person saves the file under: the report's title."""
    return f"{export.report.title}.{export.format}"


def produce(export_id: int) -> ReportExport:
    """Make the file of an export its job has claimed (reports/jobs.py)."""
    export = ReportExport.objects.select_related("report").get(pk=export_id)
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, file_name(export))
            write_file(export.report, export.format, path, export.paper or "a4")
            with open(path, "rb") as handle:
                export.file.save(f"{export.report_id}/{file_name(export)}", File(handle), save=False)
        export.state = JobState.DONE
        export.error = ""
    except SoftTimeLimitExceeded:
        export.state = JobState.FAILED
        export.error = took_too_long()
    except Exception as error:  # the person sees why and can try again; the job itself must not crash
        export.state = JobState.FAILED
        export.error = str(error)[:2000]
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "state", "error", "finished_at"])
    return export
