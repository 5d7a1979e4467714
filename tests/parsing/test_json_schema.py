"""The JSON the parser produces is part of the product (the CLI prints it): its keys are fixed."""

import json

from plans.parsing import parse, read_text

PLAN_KEYS = {"title", "doc_number", "issuer", "issued_on", "period_start", "period_end"}
SECTION_KEYS = {"number", "title", "body", "tracked", "sections", "tasks"}
TASK_KEYS = {
    "number",
    "text",
    "lead_units",
    "responsible_units",
    "leader",
    "deadline",
    "deadline_text",
    "flags",
    "targets",
    "subtasks",
    "line",
}
TARGET_KEYS = {"text", "metric", "comparator", "value", "upper_value", "measure_unit", "kind"}


def check_task(task):
    assert set(task) == TASK_KEYS
    assert isinstance(task["number"], str) and isinstance(task["text"], str)
    assert isinstance(task["line"], int)
    assert all(set(unit) == {"name", "qualifier"} for unit in task["lead_units"] + task["responsible_units"])
    assert task["deadline"] is None or len(task["deadline"]) == 10
    assert set(task["flags"]) <= {"livelihood", "key"}
    for target in task["targets"]:
        assert set(target) == TARGET_KEYS
        assert target["comparator"] in {"gte", "lte", "about", "eq", "range"}
        assert target["kind"] in {"growth", "absolute", "ratio"}
        assert isinstance(target["value"], str)
        assert (target["upper_value"] is None) == (target["comparator"] != "range")
    for subtask in task["subtasks"]:
        check_task(subtask)


def check_section(section):
    assert set(section) == SECTION_KEYS
    assert isinstance(section["body"], str)
    assert isinstance(section["tracked"], bool)
    for child in section["sections"]:
        check_section(child)
    for task in section["tasks"]:
        check_task(task)


def check_plan(data):
    assert set(data) == {"plan", "sections", "warnings", "noise"}
    assert set(data["plan"]) == PLAN_KEYS
    for section in data["sections"]:
        check_section(section)
    for warning in data["warnings"]:
        assert set(warning) == {"line", "code", "message"}
    assert all(isinstance(line, str) for line in data["noise"])
    json.dumps(data, ensure_ascii=False)


def test_every_seed_produces_the_documented_schema(seed_plan):
    for prefix in ("000", "001", "002", "003", "004"):
        check_plan(seed_plan(prefix).to_json())


def test_every_fixture_produces_the_documented_schema(fixture_plan, task_table_docx, ledger_xlsx):
    from plans.parsing import read_document

    for name in (
        "labels_on_lines.txt",
        "labels_inline.txt",
        "inline_items.txt",
        "prose_plan.txt",
        "full_width.txt",
        "as_written.txt",
    ):
        check_plan(fixture_plan(name).to_json())
    check_plan(parse(read_document(task_table_docx, "plan.docx")).to_json())
    check_plan(parse(read_document(ledger_xlsx, "plan.xlsx")).to_json())


def test_a_task_in_json():
    data = parse(
        read_text(
            "2024年工作安排\n一、民生\n1、新增就业岗位3000个,年底前完成。(牵头单位:区人社局(就业);责任单位:各街道)\n"
            "▲开展招聘会10场。\n"
        )
    ).to_json()
    assert data["plan"] == {
        "title": "2024年工作安排",
        "doc_number": "",
        "issuer": "",
        "issued_on": None,
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
    }
    task = data["sections"][0]["tasks"][0]
    assert task == {
        "number": "1",
        "text": "新增就业岗位3000个,年底前完成。",
        "lead_units": [{"name": "区人社局", "qualifier": "就业"}],
        "responsible_units": [{"name": "各街道", "qualifier": ""}],
        "leader": "",
        "deadline": "2024-12-31",
        "deadline_text": "年底前",
        "flags": [],
        "targets": [
            {
                "text": "新增就业岗位3000个",
                "metric": "新增就业岗位",
                "comparator": "eq",
                "value": "3000",
                "upper_value": None,
                "measure_unit": "个",
                "kind": "absolute",
            }
        ],
        "subtasks": [
            {
                "number": "▲",
                "text": "开展招聘会10场。",
                "lead_units": [{"name": "区人社局", "qualifier": "就业"}],
                "responsible_units": [{"name": "各街道", "qualifier": ""}],
                "leader": "",
                "deadline": None,
                "deadline_text": "",
                "flags": [],
                "targets": [
                    {
                        "text": "开展招聘会10场",
                        "metric": "开展招聘会",
                        "comparator": "eq",
                        "value": "10",
                        "upper_value": None,
                        "measure_unit": "场",
                        "kind": "absolute",
                    }
                ],
                "subtasks": [],
                "line": 4,
            }
        ],
        "line": 3,
    }


def test_tasks_outside_any_heading_go_to_an_untitled_section():
    data = parse(read_text("1.建设新城。\n2.修缮老街。\n")).to_json()
    assert [(s["number"], s["title"], len(s["tasks"])) for s in data["sections"]] == [("", "", 2)]
