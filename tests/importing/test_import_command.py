import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan

from .conftest import seed

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_plan", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_dry_run_prints_the_tree_and_saves_nothing(tmp_path, yunxi_text):
    path = tmp_path / "plan.txt"
    path.write_text(yunxi_text, encoding="gb18030")
    data = json.loads(run(str(path), "--dry-run", "--json"))
    assert data["plan"]["doc_number"] == "云政发〔2026〕9号"
    assert data["plan"]["issued_on"] == "2026-03-02"
    section = data["sections"][0]
    assert {"number", "title", "sections", "tasks"} <= set(section)
    task = section["sections"][0]["tasks"][0]
    assert {"number", "text", "lead_units", "responsible_units", "deadline", "deadline_text", "flags",
            "targets", "subtasks"} <= set(task)
    assert task["lead_units"] == [{"name": "区住建委", "qualifier": ""}]
    assert task["deadline"] == "2026-10-31"
    assert isinstance(data["warnings"], list)
    assert not Plan.objects.exists()


def test_without_dry_run_it_saves_the_plan(tmp_path):
    path = tmp_path / "001.txt"
    path.write_bytes(seed("001"))
    output = run(str(path))
    assert "86 tasks" in output
    assert Plan.objects.get().tasks.count() == 86
    with pytest.raises(CommandError, match="已经导入"):
        run(str(path))


def test_unreadable_files_stop_with_a_message(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    with pytest.raises(CommandError):
        run(str(path))
    with pytest.raises(CommandError, match="No file"):
        run(str(tmp_path / "missing.txt"))
