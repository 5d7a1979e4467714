"""HTML to PDF with WeasyPrint, in a child process that is stopped when it takes too long.

WeasyPrint has no time limit of its own, and a long enough report (thousands of tasks, each at the longest
text a task may have) keeps it busy for many minutes. Celery's time limits stop a job in the worker, but
`make run` builds files in the web process, where nothing would stop it. The child process bounds both the
time (DUBAN_PDF_SECONDS) and the memory (DUBAN_PDF_MEMORY_MB) of every PDF the project makes: the report,
the 督办单 and the assessment.
"""

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

CHILD = Path(__file__).with_name("pdf_child.py")


class PdfNotMade(Exception):
    """The PDF could not be made; str() says why and what to do instead."""


class PdfTooSlow(PdfNotMade):
    """The PDF was not finished within the time allowed."""


class PdfFailed(PdfNotMade):
    """WeasyPrint stopped with an error (or ran out of the memory allowed); str() says what happened."""


def html_to_pdf(html: str) -> bytes:
    seconds = settings.DUBAN_PDF_SECONDS
    try:
        result = subprocess.run(
            [sys.executable, str(CHILD), str(settings.DUBAN_PDF_MEMORY_MB)],
            input=html.encode("utf-8"), capture_output=True, timeout=seconds, check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfTooSlow(_(
            "Making the PDF took longer than %(seconds)d seconds and was stopped. Export a smaller part (one plan "
            "or one section), or use the Excel or Word file."
        ) % {"seconds": seconds}) from None
    if result.returncode != 0 or not result.stdout.startswith(b"%PDF"):
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(result.returncode)]
        raise PdfFailed(_("The PDF could not be made (%(reason)s). Try again, or use the Excel or Word file.")
                        % {"reason": reason[0][:300]})
    return result.stdout
