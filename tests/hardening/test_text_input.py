"""The one input rule for control characters (safe_text.cleaning.clean_text): line breaks of every kind are
kept as line breaks, every other control character is dropped — on every path text comes in by."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from plans.importing import import_plan, read_source
from plans.models import Plan
from safe_text.cleaning import clean_text
from tasks.models import ProgressUpdate, Task
from tests.api.conftest import token_client
from tests.progress.conftest import world  # noqa: F401  (the progress tests' small district)
from tests.progress.test_pages import form, update_url
from tests.progress.test_task_editor import _open_editor

from .corpus import CONTROL_TEXT, CONTROL_TEXT_CLEANED


@pytest.mark.parametrize(("typed", "kept"), [
    ("第一行\r\n第二行", "第一行\n第二行"),
    ("旧式\r换行", "旧式\n换行"),
    ("Word手动换行\x0b下一行", "Word手动换行\n下一行"),
    ("分页\x0c下一页", "分页\n下一页"),
    ("网页\u2028换行\u2029段落", "网页\n换行\n段落"),
    ("NEL\x85换行", "NEL\n换行"),
    ("制表\t保留", "制表\t保留"),
    ("\x1b[31m红色\x1b[0m", "[31m红色[0m"),
    ("响铃\x07退格\x08删除\x7f", "响铃退格删除"),
    ("C1\x80\x9b\x9f控制", "C1控制"),
    ("空\x00字符", "空字符"),
    ("孤立代理\ud800字符", "孤立代理字符"),
    ("非字符\ufffe\uffff", "非字符"),
    ("普通文字：增长6.2%左右（全年）", "普通文字：增长6.2%左右（全年）"),
    (CONTROL_TEXT, CONTROL_TEXT_CLEANED),
])
def test_line_breaks_are_kept_and_other_control_characters_dropped(typed, kept):
    assert clean_text(typed) == kept
    assert clean_text(kept) == kept


def test_the_update_form_keeps_pasted_line_breaks_and_drops_control_characters(client, world):  # noqa: F811
    client.force_login(world["resp_staff"])
    response = client.post(update_url(world), form(text=CONTROL_TEXT))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().narrative == CONTROL_TEXT_CLEANED


def test_the_api_cleans_text_sent_as_json(world):  # noqa: F811
    created = token_client(world["resp_staff"]).post(
        "/api/v1/updates/", {"task": world.task.pk, "unit": world.resp.pk, "period": "2026-11",
                             "narrative": CONTROL_TEXT, "problems": "\x1b\x07", "percent_complete": 30},
        format="json")
    assert created.status_code == 201, created.content
    assert created.json()["narrative"] == CONTROL_TEXT_CLEANED
    update = ProgressUpdate.objects.get()
    assert (update.narrative, update.problems) == (CONTROL_TEXT_CLEANED, "")


def test_the_task_editor_cleans_the_task_text(client, world):  # noqa: F811
    data = _open_editor(client, world)
    data["text"] = CONTROL_TEXT
    response = client.post(reverse("tasks:edit", args=[world.task.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert Task.objects.get(pk=world.task.pk).text == CONTROL_TEXT_CLEANED


PLAN_WITH_CONTROL_CHARACTERS = (
    "测试区2026年重点工作任务分解\n"
    "一、深化改革\x1b\n"
    "1.推进\x07营商环境\x0b改革。牵头单位：区发展改革委。2026年12月底前完成。\n"
)


@pytest.mark.django_db
def test_pasted_documents_are_cleaned_before_they_are_parsed():
    plan = import_plan(read_source(text=PLAN_WITH_CONTROL_CHARACTERS))
    texts = list(Task.objects.filter(plan=plan).values_list("text", flat=True))
    assert texts and all(clean_text(text) == text for text in texts)
    assert any("营商环境" in text for text in texts)
    assert plan.sections.get().title == "深化改革"


@pytest.mark.django_db
def test_import_plan_on_the_command_line_cleans_the_file(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN_WITH_CONTROL_CHARACTERS.encode("utf-8"))
    call_command("import_plan", str(path))
    plan = Plan.objects.get()
    assert all(clean_text(text) == text for text in Task.objects.filter(plan=plan).values_list("text", flat=True))
    assert "\x1b" not in plan.sections.get().title

