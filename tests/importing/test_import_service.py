import pytest

from audit.models import AuditAction, AuditEntry
from plans.importing import (
    CONTEXT,
    NEW,
    SKIP,
    ImportChoices,
    ImportRejected,
    import_plan,
    read_source,
)
from plans.models import Plan, Section
from plans.parsing import UnreadableDocument
from tasks.models import Target, Task, TaskUnit, UnitRole
from units.models import Unit, UnitAlias

from .conftest import seed

pytestmark = pytest.mark.django_db


def names(task: Task, role: str) -> list[str]:
    return [tu.name for tu in task.task_units.filter(role=role).order_by("position")]


def test_seed_001_imports_86_tasks_with_their_units():
    plan = import_plan(read_source(data=seed("001"), filename="001.txt"))
    assert plan.doc_number == "鞍立政发〔2023〕2号"
    assert plan.issued_on.isoformat() == "2023-03-28"
    assert Section.objects.filter(plan=plan, parent__isnull=True).count() == 8
    assert Section.objects.filter(plan=plan, parent__isnull=False).count() == 26
    tasks = list(Task.objects.filter(plan=plan).order_by("position"))
    assert [t.number for t in tasks] == [str(n) for n in range(1, 87)]
    assert sum(1 for t in tasks if t.task_units.filter(role=UnitRole.LEAD).exists()) == 82
    first = tasks[0]
    assert names(first, UnitRole.LEAD) == ["区发改局"]
    assert names(first, UnitRole.RESPONSIBLE) == ["立山经济开发区", "全区经济运行各专班"]
    gdp = Target.objects.get(task=first)
    assert (gdp.comparator, str(gdp.value.normalize()), gdp.measure_unit) == ("about", "6.2", "%")
    jobs = Target.objects.filter(task=tasks[57], value=4500)
    assert jobs.exists()


def test_seed_003_keeps_sub_items_under_their_tasks_with_inherited_units():
    plan = import_plan(read_source(data=seed("003"), filename="003.txt"))
    top = Task.objects.filter(plan=plan, parent__isnull=True)
    assert top.count() == 80
    subs = Task.objects.filter(plan=plan, parent__isnull=False)
    assert subs.count() == 134
    assert not subs.exclude(number="▲").exists()
    # every sub-item names units, its own or inherited from its task
    assert not subs.filter(task_units__isnull=True).exists()
    task1 = top.get(number="1")
    assert task1.subtasks.count() == 4


def test_seed_004_marks_livelihood_projects():
    plan = import_plan(read_source(data=seed("004"), filename="004.txt"))
    assert Task.objects.filter(plan=plan).count() == 129
    assert Task.objects.filter(plan=plan, is_livelihood=True).count() == 25


def test_context_parts_of_a_prose_plan_are_kept_but_not_tracked():
    plan = import_plan(read_source(data=seed("000"), filename="000.txt"))
    untracked = Section.objects.filter(plan=plan, is_tracked=False)
    assert untracked.exists()
    assert Section.objects.filter(plan=plan, is_tracked=True).exists()


def test_names_match_units_groups_and_aliases_and_unknown_names_are_kept(demo_plan, yunxi_text):
    plan = import_plan(read_source(text=yunxi_text))
    task1 = plan.tasks.get(number="1")
    lead = task1.task_units.get(role=UnitRole.LEAD)
    assert lead.unit.name == "区住房和城乡建设管理委员会"  # matched through the alias 区住建委
    responsible = list(task1.task_units.filter(role=UnitRole.RESPONSIBLE).order_by("position"))
    assert responsible[0].group.name == "属地街道"
    assert responsible[1].unit.name == "云溪城市建设投资集团"
    task2 = plan.tasks.get(number="2")
    qualified = task2.task_units.get(role=UnitRole.LEAD)
    assert (qualified.unit.name, qualified.qualifier) == ("区绿化和市容管理局", "公园科")
    unknown = task2.task_units.get(name="云溪河道管理所")
    assert unknown.is_unmatched
    assert plan.tasks.get(number="4").task_units.get().role == UnitRole.RESPONSIBLE


def test_choices_map_create_skip_and_keep_context(demo_plan, yunxi_text):
    source = read_source(text=yunxi_text)
    housing = Unit.objects.get(name="区住房和城乡建设管理委员会")
    choices = ImportChoices(
        names={"云溪河道管理所": NEW},
        new_unit_kinds={"云溪河道管理所": "office"},
        sections={"2": SKIP, "1.1": CONTEXT},
        plan_fields={"title": "改过的标题"},
    )
    plan = import_plan(source, choices=choices)
    assert plan.title == "改过的标题"
    assert Unit.objects.get(name="云溪河道管理所").kind == "office"
    assert not plan.tasks.filter(number="3").exists()  # section 二 was left out
    assert Section.objects.get(plan=plan, title="老旧小区改造").is_tracked is False
    assert housing.task_roles.filter(task__plan=plan).exists()


def test_mapping_a_name_to_a_unit_is_remembered_for_the_next_import(demo_plan, yunxi_text):
    water = Unit.objects.create(name="区水务局")
    choices = ImportChoices(names={"云溪河道管理所": f"unit:{water.pk}"})
    plan = import_plan(read_source(text=yunxi_text), choices=choices)
    assert plan.tasks.get(number="2").task_units.get(name="云溪河道管理所").unit == water
    assert UnitAlias.objects.get(name="云溪河道管理所").unit == water


def test_the_same_document_is_not_imported_twice_unintentionally(yunxi_text):
    import_plan(read_source(text=yunxi_text))
    half_width = yunxi_text.replace("：", ":").replace("，", ",").replace("（", "(").replace("）", ")")
    with pytest.raises(ImportRejected, match="已经导入"):
        import_plan(read_source(text=half_width))
    assert Plan.objects.count() == 1
    import_plan(read_source(text=yunxi_text), choices=ImportChoices(allow_duplicate=True))
    assert Plan.objects.count() == 2


def test_a_failed_import_leaves_the_database_as_it_was(monkeypatch, yunxi_text):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(TaskUnit.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        import_plan(read_source(text=yunxi_text))
    assert not Plan.objects.exists()
    assert not Section.objects.exists()
    assert not Task.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_bad_date_in_the_choices_is_refused_and_nothing_is_saved(yunxi_text):
    with pytest.raises(ImportRejected, match="YYYY-MM-DD"):
        import_plan(read_source(text=yunxi_text), choices=ImportChoices(plan_fields={"issued_on": "2026年13月"}))
    assert not Plan.objects.exists()


def test_import_is_audited_for_the_plan_and_every_task(supervisor, yunxi_text):
    plan = import_plan(read_source(text=yunxi_text), actor=supervisor)
    assert AuditEntry.objects.filter(plan=plan, action=AuditAction.IMPORT, task__isnull=True).get().actor == supervisor
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, task__plan=plan).count() == plan.tasks.count()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.txt", "空"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "scan.png", "图片"),
        (b"%PDF-1.7\n" + b"\0" * 50, "plan.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "plan.doc", ".doc"),
        (b"PK\x03\x04broken", "plan.docx", "损坏"),
        ("这只是一句话，没有任何结构。".encode(), "note.txt", "没有识别到"),
    ],
)
def test_bad_input_gets_a_clear_error(data, filename, message):
    with pytest.raises(UnreadableDocument) as excinfo:
        read_source(data=data, filename=filename)
    assert message.lower() in str(excinfo.value).lower()
    assert not Plan.objects.exists()


def test_gb18030_text_reads_like_utf8(yunxi_text):
    utf8 = read_source(data=yunxi_text.encode("utf-8"), filename="a.txt").parsed
    gb = read_source(data=yunxi_text.encode("gb18030"), filename="a.txt").parsed
    assert gb == utf8


def test_a_sections_introduction_is_saved_as_its_body():
    text = "\n".join(
        [
            "云溪区2026年工作要点",
            "一、优化营商环境",
            "围绕企业需求，推出改革举措。",
            "1．推行一网通办。",
            "牵头单位：区政务服务中心",
        ]
    )
    plan = import_plan(read_source(text=text))
    assert Section.objects.get(plan=plan).body == "围绕企业需求，推出改革举措。"


def test_text_is_saved_as_the_document_wrote_it(yunxi_text):
    plan = import_plan(read_source(text=yunxi_text))
    assert plan.tasks.get(number="1").text.startswith("完成老旧小区综合改造45万平方米，2026年10月底前完成")
