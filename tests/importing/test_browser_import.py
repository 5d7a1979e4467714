"""The supervision office uploads a Word file, checks the preview, maps an unknown unit and confirms."""

import io
import os

import docx
import pytest
from django.urls import reverse

from plans.models import Plan
from tests.conftest import make_user
from units.models import GlobalRole, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def word_plan() -> bytes:
    document = docx.Document()
    document.add_paragraph("云溪区2026年第二批重点工作任务分解表")
    document.add_paragraph("云政办〔2026〕21号")
    table = document.add_table(rows=1, cols=5)
    for cell, header in zip(table.rows[0].cells, ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"], strict=True):
        cell.text = header
    rows = [
        ["一、", "优化营商环境", "", "", ""],
        ["1", "开展涉企收费专项检查。", "区市场局", "各街道", "2026年9月底前"],
        ["2", "建成企业服务驿站5个。", "区商务委", "云溪企业服务中心、各街道", "年底前"],
        ["二、", "改善人居环境", "", "", ""],
        ["3", "完成背街小巷整治20条。", "区绿化市容局", "属地街道", "11月底前"],
    ]
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_supervisor_imports_a_word_file(live_server, browser, demo_plan, tmp_path, artifacts_dir):
    user = make_user("office", GlobalRole.SUPERVISOR)
    user.set_password("office-password-1")
    user.save()
    service_centre = Unit.objects.create(name="区企业服务中心")
    path = tmp_path / "第二批任务.docx"
    path.write_bytes(word_plan())

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("plans:import"))
    page.fill("#id_username", "office")
    page.fill("#id_password", "office-password-1")
    page.click("button[type=submit]")
    page.set_input_files("input[name=file]", str(path))
    page.click("button.primary")

    page.wait_for_selector("text=核对导入内容")
    assert page.input_value("#id_title") == "云溪区2026年第二批重点工作任务分解表"
    assert page.input_value("#id_doc_number") == "云政办〔2026〕21号"
    assert page.locator(".import-tree .task").count() == 3
    unknown = page.locator("#unknown-names")
    assert "云溪企业服务中心" in unknown.inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "import-preview.png"), full_page=True)

    select = unknown.locator("select[name^=name_]").first
    select.select_option(f"unit:{service_centre.pk}")
    page.click("text=确认导入")
    page.wait_for_selector(".message.success")
    plan = Plan.objects.get(doc_number="云政办〔2026〕21号")
    assert page.url.endswith(plan.get_absolute_url())
    assert "区企业服务中心" in page.inner_text(".plan-tree")
    task = plan.tasks.get(number="2")
    assert task.task_units.get(name="云溪企业服务中心").unit == service_centre
    assert task.deadline.isoformat() == "2026-12-31"
    page.screenshot(path=os.path.join(artifacts_dir, "import-done.png"), full_page=False)
