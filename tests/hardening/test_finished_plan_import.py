"""A plan whose period is already over is imported as closed (已结束) unless the office says it is still followed
up: its tasks then stay out of the dashboards and reports on all active plans, and 全部在办计划's figures do
not move. The preview asks, with closed chosen and the reason beside it."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import override

from plans.importing import ImportChoices, import_plan, read_source
from plans.models import ImportDraft, Plan, PlanStatus
from reports.figures import AsOf, overview, scope_for
from tests.conftest import make_user
from units.models import GlobalRole

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)

FINISHED = """2025年全区重点工作任务分解方案
一、经济发展
1. 推进项目建设。（牵头单位：区发改委）
2. 做好招商。（牵头单位：区商务局）
"""
CURRENT = FINISHED.replace("2025年", "2026年")


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr("tasks.periods.today", lambda: TODAY)


@pytest.fixture
def office(db):
    return make_user("office", GlobalRole.SUPERVISOR)


def active_figures(user):
    o = overview(scope_for(user), AsOf.for_period(TODAY, TODAY))
    return o.total.value, o.completion_rate


def test_a_finished_plan_is_imported_as_closed_and_leaves_all_active_plans_alone(office):
    import_plan(read_source(text=CURRENT))
    before = active_figures(office)
    plan = import_plan(read_source(text=FINISHED))
    assert plan.period_end == datetime.date(2025, 12, 31)
    assert active_figures(office) == before
    assert plan.status == PlanStatus.CLOSED


def test_a_plan_still_running_is_imported_as_active(office):
    assert import_plan(read_source(text=CURRENT)).status == PlanStatus.ACTIVE


def test_the_office_may_still_import_a_finished_plan_as_active(office):
    plan = import_plan(read_source(text=FINISHED), choices=ImportChoices(plan_fields={"status": PlanStatus.ACTIVE}))
    assert plan.status == PlanStatus.ACTIVE


def preview(client, text):
    client.force_login(make_user("importer", GlobalRole.SUPERVISOR))
    client.post(reverse("plans:import"), {"text": text})
    draft = ImportDraft.objects.latest("pk")
    return draft, client.get(reverse("plans:import_preview", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_the_preview_asks_with_closed_chosen_and_says_why(client):
    _draft, page = preview(client, FINISHED)
    form = page.context["form"]
    assert form["status"].value() == PlanStatus.CLOSED
    html = page.content.decode()
    with override("zh-hans"):
        assert '<option value="closed" selected>已结束</option>' in html
    assert "2025年12月31日" in html  # the day the period ended, beside the question


def test_the_preview_of_a_running_plan_proposes_active_and_asks_nothing(client):
    _draft, page = preview(client, CURRENT)
    assert page.context["form"]["status"].value() == PlanStatus.ACTIVE
    assert "2026年12月31日" not in page.content.decode()


def test_confirming_the_preview_as_proposed_saves_a_closed_plan(client):
    draft, page = preview(client, FINISHED)
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
    response = client.post(reverse("plans:import_preview", args=[draft.pk]), data)
    assert response.status_code == 302
    assert Plan.objects.get(title__startswith="2025年").status == PlanStatus.CLOSED
