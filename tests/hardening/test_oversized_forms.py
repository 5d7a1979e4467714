"""A form over the request size limit (DATA_UPLOAD_MAX_MEMORY_SIZE) — text pasted into the import page, a very
long progress narrative — gives the person the page back with a message saying the limit and what to do,
not a bare 400, and saves nothing. The API answers 400 (it was a 500 for a multipart form)."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from plans.models import ImportDraft
from tasks.models import ProgressUpdate
from tests.api.conftest import token_client
from tests.progress.conftest import _fixed_today, world  # noqa: F401  (fixtures used here)
from tests.progress.test_attachments import form_data, update_url

pytestmark = pytest.mark.django_db

LIMIT = 40_000


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT


def limit_in_words() -> str:
    with translation.override("zh-hans"):
        return str(filesizeformat(LIMIT))


def the_message(response) -> str:
    """The one message shown, which says the limit and, in the site's Chinese, to upload the file instead."""
    [message] = [str(m) for m in response.context["messages"]]
    assert limit_in_words() in message and "上传文件" in message, message
    return message


def test_pasting_more_than_the_limit_gives_the_import_page_again_with_what_to_do(client, supervisor):
    client.force_login(supervisor)
    url = reverse("plans:import")
    response = client.post(url, {"text": "一、推动高质量发展\n" * 5000}, HTTP_REFERER=f"http://testserver{url}",
                           follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"http://testserver{url}"
    assert "plans/import_start.html" in [t.name for t in response.templates]
    assert the_message(response) in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_without_a_referrer_the_same_address_is_shown_again(client, supervisor):
    client.force_login(supervisor)
    url = reverse("plans:import")
    response = client.post(url, {"text": "一" * LIMIT}, HTTP_REFERER="https://elsewhere.example/form",
                           follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url
    assert the_message(response) in response.content.decode()


def test_an_oversized_progress_update_returns_to_its_form(client, world):  # noqa: F811
    client.force_login(world["resp_staff"])
    url = update_url(world)
    response = client.post(url, form_data(narrative="本月完成改造。" * 5000), HTTP_REFERER=f"http://testserver{url}",
                           follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"http://testserver{url}"
    assert the_message(response) in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_the_api_answers_a_form_over_the_limit_with_400(world):  # noqa: F811
    client = token_client(world["resp_staff"])
    response = client.post("/api/v1/updates/", {"narrative": "x" * (LIMIT + 10)}, format="multipart")
    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()
