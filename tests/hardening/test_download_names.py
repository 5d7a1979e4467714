"""Every file the site sends is named in Chinese from what it is (RFC 6266: filename*=UTF-8''…), with a plain
ASCII filename="…" beside it for the odd client that reads only that; nothing in a name — a title, an uploaded
file's name — can break the header or name a path.

The reports', notices' and assessment's own downloads are tested beside them (tests/reports/test_printed_report.py,
tests/supervision/test_printed_documents.py); here: the header itself, the plan ledger, the task list and
attachments."""

import re
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from tasks.models import Attachment
from tests.progress import conftest as progress
from tests.progress.conftest import TODAY, make_update

# The progress tests' small district and its fixed day, shared rather than copied.
world = progress.world
_fixed_today = progress._fixed_today


def parse(header: str) -> tuple[str, str, str]:
    """(disposition, ASCII name, UTF-8 name) of a Content-Disposition header, as a browser reads it."""
    disposition = header.split(";")[0].strip()
    ascii_name = re.search(r'filename="([^"]*)"', header)
    utf8_name = re.search(r"filename\*=UTF-8''([^;\s]+)", header)
    assert ascii_name and utf8_name, header
    return disposition, ascii_name.group(1), unquote(utf8_name.group(1))


def content_disposition(*args, **kwargs) -> str:
    from safe_text.downloads import content_disposition

    return content_disposition(*args, **kwargs)


def test_a_chinese_title_names_the_file_with_an_ascii_fallback():
    header = content_disposition("云溪区2026年10月推进情况报告.xlsx", fallback="report-7-monthly-2026-10.xlsx")
    assert parse(header) == ("attachment", "report-7-monthly-2026-10.xlsx", "云溪区2026年10月推进情况报告.xlsx")
    assert header.isascii()  # a header is Latin-1; the Chinese travels percent-encoded


def test_a_file_to_read_in_the_browser_is_inline():
    assert parse(content_disposition("督办单2026-001.pdf", inline=True))[0] == "inline"


def test_nothing_in_a_name_breaks_the_header_or_names_a_folder():
    header = content_disposition('进展\r\nSet-Cookie: a=1; "x"/../..\\报告.pdf')
    assert "\r" not in header and "\n" not in header
    _disposition, ascii_name, name = parse(header)
    for text in (ascii_name, name):
        assert not {"/", "\\", '"', "\r", "\n"} & set(text), text
    assert name.endswith("报告.pdf") and ascii_name.endswith(".pdf")


def test_a_name_with_nothing_ascii_falls_back_to_a_plain_word_with_its_extension():
    assert parse(content_disposition("督办单.pdf"))[1] == "download.pdf"


def test_a_long_title_is_shortened_and_keeps_its_extension():
    name = parse(content_disposition("很长的文件标题" * 60 + ".docx"))[2]
    assert name.endswith(".docx") and len(name) <= 100


@pytest.mark.django_db
def test_the_plan_ledger_is_named_after_the_plan(client, world):
    client.force_login(world["lead_staff"])
    response = client.get(reverse("plans:ledger", args=[world.plan.pk]))
    disposition, ascii_name, name = parse(response["Content-Disposition"])
    assert (disposition, name) == ("attachment", f"{world.plan.title}.xlsx")
    assert ascii_name.endswith(".xlsx") and ascii_name.isascii()


@pytest.mark.django_db
def test_the_task_list_is_named_in_chinese_with_the_day(client, world):
    client.force_login(world["lead_staff"])
    with translation.override("zh-hans"):
        response = client.get(reverse("tasks:list") + "?format=xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans")
        expected = f"{translation.gettext('Task list')}（{TODAY.year}年{TODAY.month}月{TODAY.day}日）.xlsx"
    assert parse(response["Content-Disposition"])[2] == expected


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["tasks:attachment", "api"])
def test_an_attachment_keeps_the_name_it_was_uploaded_with(client, world, path):
    update = make_update(world.task, world.lead)
    attachment = Attachment.objects.create(update=update, file=ContentFile(b"%PDF-1.4", name="a.pdf"),
                                           original_name="十一月进展\"说明\".pdf", content_type="application/pdf",
                                           size=8)
    client.force_login(world["lead_staff"])
    url = f"/api/v1/attachments/{attachment.pk}/" if path == "api" else reverse(path, args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    disposition, ascii_name, name = parse(response["Content-Disposition"])
    assert (disposition, name) == ("attachment", "十一月进展说明.pdf")
    assert ascii_name.endswith(".pdf")
