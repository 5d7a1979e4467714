"""The charts as people see them: printed to PDF by WeasyPrint and drawn by Chromium.

Artifacts land in tests/artifacts/ (charts.pdf, charts-1.png, charts.html, charts-chromium.png) for a look."""

import os
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string

from tests.conftest import skip_or_fail

from .samples import sample_charts

# Words and numbers that must come out of the PDF as text, not as shapes or missing glyphs.
EXPECTED_TEXT = [
    "区发展和改革委员会", "12项", "青岚街道办事处", "0项",
    "一、推动经济高质量发展", "15", "二、城市更新",
    "项任务", "53", "75.5%",
    "全区固定资产投资", "85.5亿元 / 100亿元", "85.5%", "单位地区生产总值能耗下降", "50%", "300%",
    "98.2%",
]


def demo_page() -> str:
    return render_to_string("reports/charts_demo.html", {"heading": "图表示例", "charts": sample_charts()})


def needs(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        # CI installs poppler together with Chromium, so there the PDF checks are mandatory too.
        skip_or_fail(f"{tool} is not installed (apt-get install poppler-utils)", "DUBAN_REQUIRE_BROWSER")
    return path


def test_every_chart_prints_to_pdf_with_its_chinese_labels_and_numbers_as_text(artifacts_dir):
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: the package is there, Pango is not
        skip_or_fail(f"WeasyPrint cannot run here: {error}", "DUBAN_REQUIRE_BROWSER")
    pdftotext, pdftoppm, pdffonts = needs("pdftotext"), needs("pdftoppm"), needs("pdffonts")

    pdf_path = os.path.join(artifacts_dir, "charts.pdf")
    weasyprint.HTML(string=demo_page()).write_pdf(pdf_path)

    text = subprocess.run([pdftotext, "-layout", pdf_path, "-"], capture_output=True, text=True, check=True).stdout
    missing = [expected for expected in EXPECTED_TEXT if expected not in text]
    assert not missing, f"not in the PDF's text: {missing}\n{text}"
    assert "区住房和城乡建设管理委" in text and "（区人民防空办公室）" not in text  # cut with an ellipsis
    assert "<script" not in text

    fonts = subprocess.run([pdffonts, pdf_path], capture_output=True, text=True, check=True).stdout
    flat = fonts.lower().replace("-", "").replace(" ", "")
    assert any(name in flat for name in ("notosanscjk", "sourcehansans", "wenquanyi")), fonts  # a font of our list

    subprocess.run([pdftoppm, "-png", "-r", "60", pdf_path, os.path.join(artifacts_dir, "charts")], check=True)
    assert os.path.exists(os.path.join(artifacts_dir, "charts-1.png"))


@pytest.mark.browser
def test_every_chart_draws_in_chromium_with_its_links(browser, artifacts_dir):
    html = demo_page()
    with open(os.path.join(artifacts_dir, "charts.html"), "w", encoding="utf-8") as page_file:
        page_file.write(html)
    page = browser.new_page(viewport={"width": 760, "height": 900})
    page.set_content(html)
    assert page.locator("svg.chart").count() == len(sample_charts())
    assert "区发展和改革委员会" in page.locator("svg.chart-bar").text_content()
    assert page.locator('svg.chart-bar a[href="/tasks/?unit=1"]').count() == 1
    # The first tab stop inside the charts is the first bar's link, not a duplicate segment link.
    page.focus('svg.chart-bar a[href="/tasks/?unit=1"]')
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/tasks/?unit=1"
    box = page.locator("svg.chart-donut").bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    page.screenshot(path=os.path.join(artifacts_dir, "charts-chromium.png"), full_page=True)
    page.close()
