"""The report as a PDF (WeasyPrint): title block, summary, charts, the ledger by section with its header
repeated on every page, targets, overdue and red tasks, reporting by unit; page numbers and the generation
time in the margins; a CJK font embedded.

WeasyPrint needs Pango and a Chinese font on the machine. `missing_requirements()` says what to install
when either is absent, so the page can offer that instead of a broken button."""

import functools
import shutil
import subprocess

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from paper.dates import chinese_date_time
from paper.pdf import html_to_pdf
from reports.content import load_content, report_charts
from reports.models import Report

PAPERS = ("a4", "a3")  # a3: the ledger on A3 landscape; the rest stays A4
# Fonts the PDF asks for, Song-style first for print; WeasyPrint embeds the subset it uses.
FONT_STACK = '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "WenQuanYi Zen Hei", serif'


class PdfUnavailable(Exception):
    """WeasyPrint cannot make a PDF here; str() says what to install."""


@functools.lru_cache(maxsize=1)
def _weasyprint_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: the package is there, Pango is not
        return str(error)
    return None


@functools.lru_cache(maxsize=1)
def cjk_fonts() -> tuple[str, ...]:
    """Families of installed fonts that cover Chinese (fontconfig's answer, which WeasyPrint uses)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return ()
    result = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30)
    return tuple(sorted({line.split(",")[0].strip() for line in result.stdout.splitlines() if line.strip()}))


def missing_requirements() -> str | None:
    """None when PDFs can be made; otherwise, in plain words, what to install."""
    if _weasyprint_problem() is not None:
        return _("PDF export needs WeasyPrint's system libraries. Ask the administrator to install them "
                 "(apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0), or use the Docker image, "
                 "which has them. Excel and Word exports work meanwhile.")
    if not cjk_fonts():
        return _("PDF export needs a Chinese font. Ask the administrator to install one (apt-get install "
                 "fonts-noto-cjk fonts-wqy-zenhei), or use the Docker image, which has them. Excel and Word "
                 "exports work meanwhile.")
    return None


def render_html(report: Report, paper: str = "a4") -> str:
    content = load_content(report)
    footer = _("Page %(page)s of %(pages)s") % {"page": '" counter(page) "', "pages": '" counter(pages) "'}
    generated = chinese_date_time(timezone.localtime(timezone.now()))
    return render_to_string("reports/exports/report_pdf.html", {
        "report": report, "content": content, "charts": report_charts(report), "paper": paper,
        "font_stack": FONT_STACK, "page_footer": f'"{footer}"',
        "generated": _("Generated %(time)s") % {"time": generated},
    })


def write_pdf(report: Report, path, paper: str = "a4") -> None:
    problem = missing_requirements()
    if problem:
        raise PdfUnavailable(problem)
    with open(path, "wb") as output:
        output.write(html_to_pdf(render_html(report, paper if paper in PAPERS else "a4")))
