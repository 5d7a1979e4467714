"""Text files are read in the encoding they were written in, and the preview and import_plan say which.

Big5 bytes often decode "successfully" as GB18030 and came out as mojibake without a word; now a detector
decides the encoding, the decoded text must look like Chinese of that script, and text whose encoding is in
doubt is refused with a request to save it as UTF-8. Nothing is saved on a refusal.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from plans.models import ImportDraft, Plan
from plans.parsing import UnreadableDocument, read_document, read_text

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# A plan as a Taiwan or Hong Kong office would write it: Traditional characters, full-width punctuation.
TRADITIONAL_PLAN = """雲溪區人民政府文件
雲政發〔2026〕9號
雲溪區2026年民生實事任務分解方案
一、城市更新
（一）老舊小區改造
1．完成老舊小區綜合改造45萬平方米，2026年10月底前完成。
牽頭單位：區住建委
責任單位：屬地街道、區城投集團
2．新建口袋公園10個。
牽頭單位：區綠化市容局（公園科）
責任單位：各街道、雲溪河道管理所
二、公共服務
3．新增養老床位300張，年底前完成。
牽頭單位：區民政局
"""
SIMPLIFIED_PLAN = """云溪区2026年民生实事任务分解方案
一、城市更新
1．完成老旧小区综合改造45万平方米，2026年10月底前完成。
牵头单位：区住建委
责任单位：属地街道、区城投集团
2．新建口袋公园10个。
牵头单位：区绿化市容局
"""
# Hong Kong place names use characters only Big5-HKSCS has (埗, 鰂).
HONG_KONG_PLAN = TRADITIONAL_PLAN + "4．深水埗及鰂魚涌社區會堂翻新。\n牽頭單位：民政事務處\n"
KOREAN_PLAN = "서울특별시 2026년 주요 업무 추진 계획\n1. 공원 10개 신설\n담당 부서: 주택건설과\n" * 3


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def upload(client, content: bytes, name: str):
    return client.post(reverse("plans:import"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(("encoding", "plan"), [("big5", TRADITIONAL_PLAN), ("cp950", TRADITIONAL_PLAN),
                                                ("big5hkscs", HONG_KONG_PLAN)], ids=["big5", "cp950", "big5hkscs"])
def test_traditional_chinese_text_is_read_as_written(encoding, plan):
    document = read_document(plan.encode(encoding), "方案.txt")
    assert [block.text for block in document.blocks] == lines(plan)


def test_a_korean_file_that_also_decodes_as_gb18030_is_refused_as_doubtful():
    with translation.override("en"), pytest.raises(UnreadableDocument) as error:
        read_document(KOREAN_PLAN.encode("euc-kr"), "plan.txt")
    assert "cannot tell for sure which encoding" in str(error.value) and "UTF-8" in str(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "said", "shown"), [
    (TRADITIONAL_PLAN.encode("big5"), "Big5（繁体中文）", "完成老舊小區綜合改造45萬平方米"),
    (HONG_KONG_PLAN.encode("big5hkscs"), "Big5-HKSCS（繁体中文，香港）", "深水埗及鰂魚涌社區會堂翻新"),
    (SIMPLIFIED_PLAN.encode("gb18030"), "GB18030（简体中文）", "完成老旧小区综合改造45万平方米"),
    (SIMPLIFIED_PLAN.encode("gbk"), "GB18030（简体中文）", "完成老旧小区综合改造45万平方米"),
    (TRADITIONAL_PLAN.encode("utf-8"), "UTF-8", "完成老舊小區綜合改造45萬平方米"),
], ids=["big5", "big5hkscs", "gb18030", "gbk", "utf-8"])
def test_the_preview_says_which_encoding_the_text_was_read_in(client, supervisor, content, said, shown):
    client.force_login(supervisor)
    response = upload(client, content, "方案.txt")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert f"按 {said} 编码读取" in page
    assert shown in page


@pytest.mark.django_db
def test_a_pasted_text_has_no_encoding_to_report(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("plans:import"), {"text": TRADITIONAL_PLAN})
    assert "编码读取" not in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_the_import_page_refuses_doubtful_text_and_saves_nothing(client, supervisor):
    client.force_login(supervisor)
    response = upload(client, KOREAN_PLAN.encode("euc-kr"), "计划.txt")
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode() and "另存为" in response.content.decode()
    assert not ImportDraft.objects.exists() and not Plan.objects.exists()


@pytest.mark.django_db
def test_import_plan_says_the_encoding_and_saves_the_text_as_written(tmp_path):
    path = tmp_path / "方案.txt"
    path.write_bytes(TRADITIONAL_PLAN.encode("big5"))
    out, err = StringIO(), StringIO()
    call_command("import_plan", str(path), stdout=out, stderr=err)
    assert "Big5（繁体中文）" in out.getvalue()
    plan = Plan.objects.get()
    assert "雲溪區2026年民生實事任務分解方案" in plan.title  # decoded as written, not as mojibake
    assert plan.tasks.filter(text__startswith="完成老舊小區綜合改造").exists()


@pytest.mark.django_db
def test_import_plan_json_keeps_stdout_one_object_and_names_the_encoding_on_stderr(tmp_path):
    path = tmp_path / "方案.txt"
    path.write_bytes(TRADITIONAL_PLAN.encode("big5"))
    out, err = StringIO(), StringIO()
    call_command("import_plan", str(path), "--json", "--dry-run", stdout=out, stderr=err)
    assert "雲溪區2026年民生實事任務分解方案" in json.loads(out.getvalue())["plan"]["title"]
    assert "Big5（繁体中文）" in err.getvalue()


@pytest.mark.django_db
def test_import_plan_refuses_doubtful_text_and_saves_nothing(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(KOREAN_PLAN.encode("euc-kr"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_plan", str(path), stdout=StringIO(), stderr=StringIO())
    assert not Plan.objects.exists()


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_the_real_seed_plans_read_exactly_as_before(encoding):
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"seed documents not available at {SEEDS}")
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        document = read_document(text.encode(encoding), seed.name)
        assert document.blocks == read_text(text, seed.name).blocks, seed.name
