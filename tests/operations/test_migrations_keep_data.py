"""Upgrading keeps data: the database is taken back to the first release's schema (each app's initial
migrations), filled the way that release filled it, and migrated forward to this release; every record
is still there. Apps that came later start from nothing, so their migrations run over existing data too."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEntry
from plans.models import Plan
from tasks.models import Attachment, ProgressUpdate, Target, TargetActual, Task, TaskUnit
from units.models import Membership, Unit, User

FIRST_RELEASE_APPS = ("units", "plans", "tasks", "audit")


def first_release_targets(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    """The last `*_initial` migration of each first-release app; every other project app unapplied."""
    graph = executor.loader.graph
    targets = []
    for config in apps.get_app_configs():
        label = config.label
        if not config.path.startswith(str(settings.BASE_DIR)) or "site-packages" in config.path:
            continue  # Django's and third-party apps stay as they are
        names = sorted(name for app, name in graph.nodes if app == label)
        if not names:
            continue
        initial = [name for name in names if name.endswith("_initial")]
        targets.append((label, initial[-1] if label in FIRST_RELEASE_APPS and initial else None))
    return targets


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def first_release_schema(transactional_db):
    """The apps of the first release; whatever happens in the test, the database ends at the latest schema."""
    executor = MigrationExecutor(connection)
    targets = first_release_targets(executor)
    assert ("tasks", "0002_initial") in targets
    executor.migrate(targets)
    try:
        yield executor.loader.project_state([target for target in targets if target[1]]).apps
    finally:
        migrate_to_latest()


def test_data_from_the_first_release_survives_every_migration_since(first_release_schema):
    old = first_release_schema

    unit = old.get_model("units", "Unit").objects.create(name="区发展和改革委员会", kind="bureau")
    user = old.get_model("units", "User").objects.create(username="fgw_staff", password="!")
    old.get_model("units", "Membership").objects.create(user=user, unit=unit, role="staff")
    plan = old.get_model("plans", "Plan").objects.create(
        title="2026年重点工作", period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    section = old.get_model("plans", "Section").objects.create(plan=plan, number="一、", title="稳增长", position=1)
    task = old.get_model("tasks", "Task").objects.create(plan=plan, section=section, number="1", position=1,
                                                         text="地区生产总值增长6%左右。")
    old.get_model("tasks", "TaskUnit").objects.create(task=task, role="lead", unit=unit, name="区发改委")
    target = old.get_model("tasks", "Target").objects.create(task=task, text="增长6%左右", value=Decimal("6"),
                                                             comparator="about", measure_unit="%")
    update = old.get_model("tasks", "ProgressUpdate").objects.create(
        task=task, unit=unit, period=datetime.date(2026, 3, 1), narrative="一季度增长5.8%。", author=user,
        percent_complete=25)
    old.get_model("tasks", "TargetActual").objects.create(target=target, update=update, value=Decimal("5.8"))
    old.get_model("tasks", "Attachment").objects.create(
        update=update, file="attachments/2026-03/1/a.pdf", original_name="一季度报告.pdf",
        content_type="application/pdf", size=1234)
    task_type = old.get_model("contenttypes", "ContentType").objects.get(app_label="tasks", model="task")
    old.get_model("audit", "AuditEntry").objects.create(
        action="create", content_type=task_type, object_id=task.pk, object_repr="1. 地区生产总值", task=task,
        plan=plan, changes={"text": [None, "地区生产总值增长6%左右。"]})

    migrate_to_latest()

    assert Unit.objects.get().name == "区发展和改革委员会"
    assert Membership.objects.get().user == User.objects.get(username="fgw_staff")
    new_task = Task.objects.get()
    assert new_task.plan == Plan.objects.get(title="2026年重点工作")
    assert new_task.text == "地区生产总值增长6%左右。"
    assert TaskUnit.objects.get().name == "区发改委"
    assert Target.objects.get().value == Decimal("6")
    new_update = ProgressUpdate.objects.get()
    assert (new_update.narrative, new_update.percent_complete, new_update.author.username) == \
        ("一季度增长5.8%。", 25, "fgw_staff")
    assert TargetActual.objects.get().value == Decimal("5.8")
    assert Attachment.objects.get().original_name == "一季度报告.pdf"
    entry = AuditEntry.objects.get()
    assert entry.task == new_task and entry.changes == {"text": [None, "地区生产总值增长6%左右。"]}
