
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import ImportDraft, Plan
from units.models import Unit

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name: str):
    return client.post(reverse("plans:import"), {"file": SimpleUploadedFile(name, content)})


def confirm_data(page) -> dict:
    """The preview form's fields with their initial values, as a browser would submit them."""
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


@pytest.mark.parametrize("user_fixture", ["staff", "leader"])
def test_only_the_supervision_office_and_administrators_import(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("plans:import")).status_code == 403
    assert upload(client, "一、标题\n1.任务".encode(), "a.txt").status_code == 403
    assert not ImportDraft.objects.exists()


def test_upload_preview_map_and_confirm(client, supervisor, demo_plan, yunxi_text):
    client.force_login(supervisor)
    response = upload(client, yunxi_text.encode("gb18030"), "云溪民生实事.txt")
    assert response.status_code == 302
    preview = client.get(response.url)
    html = preview.content.decode()
    assert "云溪区2026年民生实事任务分解方案" in html
    assert "完成老旧小区综合改造45万平方米" in html
    assert "云溪河道管理所" in html and 'class="unit unmatched"' in html
    data = confirm_data(preview)
    water = Unit.objects.create(name="区水务局")
    data["name_0"] = f"unit:{water.pk}"
    # the choices offered were built before the unit existed; a real user reloads the preview
    preview = client.get(response.url)
    response = client.post(response.url, {**confirm_data(preview), "name_0": f"unit:{water.pk}"})
    plan = Plan.objects.get(doc_number="云政发〔2026〕9号")
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert plan.tasks.get(number="2").task_units.get(name="云溪河道管理所").unit == water
    page = client.get(response.url).content.decode()
    assert "4" in page and "导入" in page  # the success message


def test_preview_warns_when_the_document_was_imported_before(client, supervisor, yunxi_text):
    client.force_login(supervisor)
    first = upload(client, yunxi_text.encode(), "a.txt")
    client.post(first.url, confirm_data(client.get(first.url)))
    assert Plan.objects.count() == 1
    second = upload(client, yunxi_text.encode(), "a.txt")
    preview = client.get(second.url)
    assert "导入过" in preview.content.decode()
    refused = client.post(second.url, confirm_data(preview))
    assert refused.status_code == 200
    assert "已经导入" in refused.content.decode()
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "scan.docx", "图片"),
        (b"", "empty.txt", "空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40, "old.doc", ".docx"),
    ],
)
def test_bad_uploads_say_what_to_do_and_save_nothing(client, supervisor, content, name, expected):
    client.force_login(supervisor)
    response = upload(client, content, name)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_oversize_upload_is_refused(client, supervisor, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    client.force_login(supervisor)
    response = upload(client, "一、标题\n".encode() * 200, "big.txt")
    assert "上限" in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_pasted_text_works_like_a_file(client, supervisor, yunxi_text):
    client.force_login(supervisor)
    response = client.post(reverse("plans:import"), {"text": yunxi_text})
    assert response.status_code == 302
    assert ImportDraft.objects.get().parsed["plan"]["doc_number"] == "云政发〔2026〕9号"


def test_a_draft_belongs_to_the_person_who_uploaded_it(client, supervisor, yunxi_text, db):
    from tests.conftest import make_user

    client.force_login(supervisor)
    response = upload(client, yunxi_text.encode(), "a.txt")
    other = make_user("supervisor2", "supervisor")
    client.force_login(other)
    assert client.get(response.url).status_code == 404


def test_invalid_date_in_the_preview_is_shown_beside_the_field(client, supervisor, yunxi_text):
    client.force_login(supervisor)
    response = upload(client, yunxi_text.encode(), "a.txt")
    data = confirm_data(client.get(response.url)) | {"issued_on": "2026-13-45"}
    page = client.post(response.url, data)
    assert page.status_code == 200
    assert "field-error" in page.content.decode()
    assert not Plan.objects.filter(doc_number="云政发〔2026〕9号").exists()


