"""Attachments are checked by their content, not their name; stored outside static files; served only to
people who may read the update, as a download."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tasks.attachments import DOCX, JPEG, PDF, PNG, XLSX, RejectedFile, check_upload, sniff
from tasks.models import Attachment, ProgressUpdate

from .conftest import THIS_MONTH

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def office_zip(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("report.pdf", PDF_BYTES, PDF),
    ("photo.png", PNG_BYTES, PNG),
    ("photo.JPG", JPEG_BYTES, JPEG),
    ("photo.jpeg", JPEG_BYTES, JPEG),
    ("notes.docx", office_zip("word"), DOCX),
    ("table.xlsx", office_zip("xl"), XLSX),
    ("real.xlsx", xlsx_bytes(), XLSX),
])
def test_allowed_files_are_recognised_by_their_content(name, content, kind):
    assert sniff(upload(name, content)) == kind
    assert check_upload(upload(name, content)).file_type == kind


@pytest.mark.parametrize(("name", "content", "says"), [
    ("report.pdf", EXE_BYTES, "不是 PDF"),  # a program renamed to look like a PDF
    ("report.docx", EXE_BYTES, "不是 PDF"),
    ("archive.docx", b"PK\x03\x04" + b"\x00" * 40, "不是 PDF"),  # a broken zip
    ("plain.zip.docx", office_zip("other"), "不是 PDF"),  # a zip that is no Office document
    ("script.pdf", b"<script>alert(1)</script>", "不是 PDF"),
    ("empty.pdf", b"", "空文件"),
    ("report.png", PDF_BYTES, "扩展名"),  # content and name disagree
])
def test_other_files_are_refused_with_a_reason(name, content, says):
    with pytest.raises(RejectedFile):
        check_upload(upload(name, content))


def test_files_over_the_size_limit_are_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(RejectedFile, match="MB"):
        check_upload(upload("big.pdf", PDF_BYTES + b"0" * 200))


def form_data(**extra) -> dict:
    return {"status": "on_track", "percent_complete": "30", "narrative": "本月进展。", "problems": "",
            "next_steps": "", "version": "", "action": "submit", **extra}


def update_url(world, unit=None):
    return reverse("tasks:update", args=[world.task.pk, (unit or world.resp).pk, f"{THIS_MONTH:%Y-%m}"])


def test_a_renamed_exe_is_refused_and_nothing_is_saved(client, world, settings):
    client.force_login(world["resp_staff"])
    response = client.post(update_url(world), form_data(attachments=upload("月报.pdf", EXE_BYTES)))
    assert response.status_code == 200
    assert "不是 PDF、Word（.docx）、Excel（.xlsx）、JPG 或 PNG 文件" in response.content.decode() or \
        "is not a PDF, Word (.docx), Excel (.xlsx), JPG or PNG file" in response.content.decode()
    assert "本月进展。" in response.content.decode()  # the person's text stays on screen
    assert not ProgressUpdate.objects.exists()
    assert not Attachment.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.*")) if settings.MEDIA_ROOT.exists() else True


def test_a_good_file_is_stored_under_our_own_name_and_downloaded_only_by_readers(client, world, settings):
    client.force_login(world["resp_staff"])
    response = client.post(update_url(world), form_data(attachments=[upload("现场照片.png", PNG_BYTES),
                                                                     upload("台账.xlsx", xlsx_bytes())]))
    assert response.status_code == 302
    attachments = list(Attachment.objects.order_by("original_name"))
    assert [a.original_name for a in attachments] == ["台账.xlsx", "现场照片.png"]
    photo = attachments[1]
    assert photo.content_type == "image/png" and photo.size == len(PNG_BYTES)
    assert "现场照片" not in photo.file.name and photo.file.name.startswith("attachments/2026-11/")
    assert (settings.MEDIA_ROOT / photo.file.name).exists()

    url = reverse("tasks:attachment", args=[photo.pk])
    for role in ("resp_staff", "lead_staff", "street_staff", "supervisor", "leader"):
        client.force_login(world[role])
        download = client.get(url)
        assert download.status_code == 200, role
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content) == PNG_BYTES
    client.force_login(world["other_staff"])
    assert client.get(url).status_code == 404


def test_attachments_of_a_draft_are_only_for_its_unit(client, world):
    client.force_login(world["resp_staff"])
    client.post(update_url(world), form_data(action="save", attachments=upload("草稿.pdf", PDF_BYTES)))
    url = reverse("tasks:attachment", args=[Attachment.objects.get().pk])
    assert client.get(url).status_code == 200
    client.force_login(world["supervisor"])
    assert client.get(url).status_code == 404


def test_an_attachment_can_be_removed_from_an_update(client, world):
    client.force_login(world["resp_staff"])
    client.post(update_url(world), form_data(action="save", attachments=upload("旧.pdf", PDF_BYTES)))
    update = ProgressUpdate.objects.get()
    attachment = update.attachments.get()
    response = client.post(update_url(world), form_data(action="save", version=str(update.version),
                                                        remove_attachments=[str(attachment.pk)]))
    assert response.status_code == 302
    assert not Attachment.objects.exists()
