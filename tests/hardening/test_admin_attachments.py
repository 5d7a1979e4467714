"""The admin checks an attached file by its content, with the pages' own check (tasks/attachments.py): a
program renamed to .pdf is refused there too, and a good file's type and size come from the file itself."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tasks.models import Attachment, ProgressUpdate, ReviewState
from tests.progress.conftest import LAST_MONTH, _fixed_today, make_update, world  # noqa: F401  (fixtures)
from tests.progress.test_attachments import EXE_BYTES, PDF_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(world) -> ProgressUpdate:  # noqa: F811
    return make_update(world.task, world.resp, state=ReviewState.SUBMITTED, period=LAST_MONTH)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_admin_refuses_a_renamed_program(client, superuser, update):
    client.force_login(superuser)
    response = client.post(reverse("admin:tasks_attachment_add"), {
        "update": update.pk, "file": upload("月报.pdf", EXE_BYTES), "original_name": "月报.pdf",
        "content_type": "application/pdf", "size": len(EXE_BYTES),
    })
    assert response.status_code == 200
    assert "不是 PDF、Word" in response.content.decode()  # the pages' message, in the site's Chinese
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_a_good_file_gets_its_type_and_size_from_its_content(client, superuser, update):
    client.force_login(superuser)
    response = client.post(reverse("admin:tasks_attachment_add"), {
        "update": update.pk, "file": upload("月报.pdf", PDF_BYTES), "original_name": "",
        "content_type": "image/png", "size": "1",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == \
        ("月报.pdf", "application/pdf", len(PDF_BYTES))
    # Stored under a name of our own, as the pages do, never the person's file name.
    assert "月报" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert attachment.file.read() == PDF_BYTES


def inline_post_data(response) -> dict:
    """The progress update's admin change form as the browser would send it back, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({f"{formset.prefix}-{name}": management[name].value() for name in management.fields})
        forms += list(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or field.disabled:
                continue
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = value
    return data


def test_the_progress_update_page_of_the_admin_refuses_it_too(client, superuser, update):
    client.force_login(superuser)
    url = reverse("admin:tasks_progressupdate_change", args=[update.pk])
    data = inline_post_data(client.get(url))
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS") and "attachment" in key).removesuffix(
        "-TOTAL_FORMS")
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-file": upload("照片.pdf", EXE_BYTES),
                 f"{prefix}-0-original_name": "照片.pdf", f"{prefix}-0-update": update.pk})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"] and any(
        inline.formset.errors for inline in response.context["inline_admin_formsets"])
    assert not Attachment.objects.exists()
    assert stored_files() == []
