"""python manage.py build_report --kind monthly --period 2023-03 [--plan ID] [--xlsx PATH] [--pdf PATH]
[--docx PATH]: build (or rebuild the draft of) a report and write the files asked for."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import override

from plans.models import Plan
from reports.building import ReportLocked, build_report, find_report
from reports.exports import write_file
from reports.models import ExportFormat, ReportKind
from reports.periods import PeriodError, ReportPeriod


class Command(BaseCommand):
    help = "Build a progress report (or rebuild its draft) and write it to Excel, PDF or Word files."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument("--period", required=True, help="2023-03, 2023Q1, 2023H1 or 2023")
        parser.add_argument("--plan", type=int, help="plan id (default: all active plans)")
        parser.add_argument("--xlsx", help="write the Excel workbook here")
        parser.add_argument("--pdf", help="write the PDF here")
        parser.add_argument("--pdf-paper", choices=("a4", "a3"), default="a4",
                            help="a3: the ledger on A3 landscape")
        parser.add_argument("--docx", help="write the Word circular here")

    def handle(self, *args, **options):
        try:
            period = ReportPeriod.parse(options["kind"], options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from None
        plan = None
        if options["plan"] is not None:
            plan = Plan.objects.filter(pk=options["plan"]).first()
            if plan is None:
                raise CommandError(f"There is no plan with id {options['plan']}.")
        with override("zh-hans"):
            try:
                result = build_report(period, plan)
                report = result.report
                verb = "built" if result.created else f"rebuilt ({len(result.changes)} changes)"
            except ReportLocked:
                report = find_report(period.kind, period, plan)
                verb = "final, not rebuilt"
            self.stdout.write(f"Report {report.pk} {verb}: {report.title}")
            for file_format in ExportFormat.values:
                path = options.get(file_format)
                if path:
                    try:
                        write_file(report, file_format, path, options["pdf_paper"])
                    except Exception as error:
                        raise CommandError(f"Could not write {path}: {error}") from None
                    self.stdout.write(f"Wrote {path}")
