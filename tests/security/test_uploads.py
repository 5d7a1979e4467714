"""Uploaded files: refused by content, kept outside static files, sent only as downloads that a browser
will not render or sniff."""

import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tasks.attachments import RejectedFile, check_upload

pytestmark = pytest.mark.django_db

HTML_PAGE = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize("name", ["report.pdf", "photo.png", "page.html", "report.docx"])
def test_html_is_refused_whatever_its_name(name):
    with pytest.raises(RejectedFile):
        check_upload(SimpleUploadedFile(name, HTML_PAGE))


def test_files_above_the_limit_are_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(RejectedFile):
        check_upload(SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 2048))


def test_a_download_is_an_attachment_the_browser_will_not_render(client, hostile):
    client.force_login(hostile.world["supervisor"])
    response = client.get(reverse("tasks:attachment", args=[hostile.attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    # The person's file name travels only percent-encoded (filename*) and as a plain ASCII fallback without
    # quotes or angle brackets, so it cannot end the header value early or carry markup.
    disposition = response["Content-Disposition"]
    fallback, encoded = re.fullmatch(r'attachment; filename="([^"]*)"; filename\*=UTF-8\'\'(\S+)', disposition).groups()
    assert disposition.isascii() and fallback.endswith(".pdf") and not set('<>"\\') & set(fallback)
    assert unquote(encoded).endswith(".pdf") and "onmouseover" in unquote(encoded)


def test_uploaded_files_are_not_reachable_by_their_storage_path(client, hostile):
    client.force_login(hostile.world["supervisor"])
    name = hostile.attachment.file.name
    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404
    assert client.get(f"/{settings.STATIC_URL}{name}").status_code == 404
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
