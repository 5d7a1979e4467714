"""The task list's Excel file prints as the other workbooks do: header frozen and repeated on every page,
landscape one page wide, page numbers at the foot, deadlines shown as 2026年12月31日 (and still dates)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.progress import conftest as progress

pytestmark = pytest.mark.django_db

# The progress tests' small district and its fixed day, shared rather than copied.
world = progress.world
_fixed_today = progress._fixed_today


def test_the_task_list_workbook_is_laid_out_to_print(client, world):
    client.force_login(world["supervisor"])
    response = client.get(reverse("tasks:list") + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and "&P" in sheet.oddFooter.center.text
    deadlines = [row[6] for row in sheet.iter_rows(min_row=2) if row[6].value]
    assert deadlines and all(isinstance(cell.value, datetime.datetime) for cell in deadlines)
    assert {cell.number_format for cell in deadlines} == {'yyyy"年"m"月"d"日"'}
