import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from units.directory import UnitDirectory
from units.models import GroupMembership, Unit, UnitAlias, UnitGroup, UnitKind

pytestmark = pytest.mark.django_db


def test_group_by_kind_resolves_to_active_units_of_that_kind():
    street = Unit.objects.create(name="青岚街道办事处", kind=UnitKind.STREET)
    Unit.objects.create(name="旧街道办事处", kind=UnitKind.STREET, is_active=False)
    Unit.objects.create(name="区财政局", kind=UnitKind.BUREAU)
    group = UnitGroup.objects.create(name="各街道", membership=GroupMembership.BY_KIND, member_kinds=["street"])
    assert list(group.resolve_units()) == [street]


def test_group_with_listed_members_resolves_to_them():
    a = Unit.objects.create(name="区财政局")
    Unit.objects.create(name="区教育局")
    group = UnitGroup.objects.create(name="财税部门")
    group.members.add(a)
    assert list(group.resolve_units()) == [a]


@pytest.mark.parametrize("membership", [GroupMembership.CONTEXTUAL, GroupMembership.UNSPECIFIED])
def test_contextual_and_unspecified_groups_name_no_fixed_units(membership):
    Unit.objects.create(name="青岚街道办事处", kind=UnitKind.STREET)
    group = UnitGroup.objects.create(name="属地街道", membership=membership, member_kinds=["street"])
    assert not group.resolve_units().exists()


def test_group_by_kind_needs_a_kind():
    group = UnitGroup(name="各街道", membership=GroupMembership.BY_KIND, member_kinds=[])
    with pytest.raises(ValidationError):
        group.full_clean()


def test_alias_must_name_exactly_one_unit_or_group():
    with pytest.raises(IntegrityError):
        UnitAlias.objects.create(name="无主别名")


def test_directory_finds_units_groups_and_aliases_with_full_width_spaces_folded():
    unit = Unit.objects.create(name="区发展和改革委员会")
    UnitAlias.objects.create(name="区发改委", unit=unit)
    group = UnitGroup.objects.create(name="各街道")
    directory = UnitDirectory()
    assert directory.find("区发改委").unit == unit
    assert directory.find(" 区发展和改革委员会\u3000").unit == unit
    assert directory.find("各街道").group == group
    assert not directory.find("区不存在局").found


@pytest.mark.django_db(transaction=True)
def test_a_robot_address_written_on_a_unit_becomes_its_group_robot():
    """Unit.webhook_url (never used) is gone; an address written there before is kept as the unit's robot,
    switched off until an administrator has checked it."""
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from reminders.models import UnitWebhook

    executor = MigrationExecutor(connection)
    before = [("units", "0001_initial"), ("reminders", "0003_hide_robot_secrets_in_audit_log")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldUnit = old_apps.get_model("units", "Unit")
    OldUnit.objects.create(name="区应急管理局", webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1")
    OldUnit.objects.create(name="区民政局")
    migration = importlib.import_module("units.migrations.0002_move_webhook_url_to_unit_robots")
    migration.move_to_robots(old_apps, None)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    robot = UnitWebhook.objects.get()
    assert (robot.unit.name, robot.platform, robot.is_active) == ("区应急管理局", "wecom", False)
