"""Shared fixtures for the parser tests: the real seed documents, our invented 云溪区 fixtures, and
Word/Excel/GB18030 versions of them built on the fly (no binary files are committed)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import translation
from docx import Document as new_docx
from openpyxl import Workbook

from plans.parsing import ParsedPlan, parse, read_document

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are checked by their English ids; the project's default language is Chinese."""
    with translation.override("en"):
        yield


def seed_bytes(prefix: str) -> bytes:
    """The seed document whose name starts with `prefix`; skips the test when seeds are absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not available at {SEEDS}")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0].read_bytes()


def parse_bytes(data: bytes, name: str) -> ParsedPlan:
    return parse(read_document(data, name))


@pytest.fixture(scope="session")
def seed_plan() -> Callable[[str], ParsedPlan]:
    """Parse a seed by its number ("001"), once per session."""
    cache: dict[str, ParsedPlan] = {}

    def load(prefix: str) -> ParsedPlan:
        if prefix not in cache:
            cache[prefix] = parse_bytes(seed_bytes(prefix), f"{prefix}.txt")
        return cache[prefix]

    return load


@pytest.fixture(scope="session")
def fixture_plan() -> Callable[[str], ParsedPlan]:
    """Parse one of our fixtures by file name."""

    def load(name: str) -> ParsedPlan:
        return parse_bytes((FIXTURES / name).read_bytes(), name)

    return load


@pytest.fixture
def gb18030_bytes() -> bytes:
    """The labels-on-lines fixture saved the way Windows tools in China often save text: GB18030."""
    return (FIXTURES / "labels_on_lines.txt").read_text(encoding="utf-8").encode("gb18030")


def _merge_row(table, row_index: int, text: str) -> None:
    row = table.rows[row_index]
    merged = row.cells[0].merge(row.cells[-1])
    merged.text = text


@pytest.fixture
def task_table_docx() -> bytes:
    """A Word plan mixing paragraph tasks (layout 1) with a task table (layout 5).

    The table has merged section rows "(一)交通建设" / "(二)公共服务", a 配合单位 column, units
    separated by a line break inside one cell, and a paragraph after it.
    """
    document = new_docx()
    document.add_paragraph("云溪区2024年重点项目任务清单")
    document.add_paragraph("一、重点工作")
    document.add_paragraph("1.完善重点项目调度机制。")
    document.add_paragraph("牵头单位:区发改委")
    document.add_paragraph("二、重点项目")
    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位", "完成时限", "配合单位"],
        ["(一)交通建设"] * 6,
        ["2", "建成云溪大道快速路一期工程。", "区建交委", "属地街道", "2024年12月底前", "区规划资源局"],
        ["3", "新辟公交线路3条。", "区建交委", "区交通公司\n各街道", "6月底", ""],
        ["(二)公共服务"] * 6,
        ["4", "新建社区卫生服务站2个。", "区卫健委", "各街道", "三季度", "区财政局、区住建委"],
    ]
    table = document.add_table(rows=len(rows), cols=6)
    for row_index, values in enumerate(rows):
        if len(set(values)) == 1:
            _merge_row(table, row_index, values[0])
            continue
        for column, value in enumerate(values):
            table.cell(row_index, column).text = value
    document.add_paragraph("各单位每月5日前报送进展。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def ledger_xlsx() -> bytes:
    """An Excel ledger: a merged title row, a header row, merged section rows, a 牵头单位 cell merged
    over two tasks, a real date cell, a notes sheet and an empty sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(["云溪区2024年重点工作任务台账"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["序号", "重点任务", "牵头单位", "责任单位", "时间节点", "配合单位"])
    sheet.append(["一、经济发展"])
    sheet.merge_cells("A4:F4")
    sheet.append([1, "规模以上工业产值增长6%左右。", "区经信委", "各街道", datetime(2024, 12, 31), None])
    sheet.append([2, "新引进亿元级项目10个。", None, "区投促中心", "第三季度", "区发改委"])
    sheet.merge_cells("C5:C6")
    sheet.append(["二、社会民生"])
    sheet.merge_cells("A7:F7")
    sheet.append([3, "新增就业岗位5000个。", "区人社局", "各街道", "年底前", None])
    sheet.append([4, "建成“15分钟健身圈”示范点3个。", "区体育局", "属地街道", "持续推进", None])
    notes = workbook.create_sheet("说明")
    notes.append(["本台账每月更新一次。"])
    workbook.create_sheet("Sheet3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
