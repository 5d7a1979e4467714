import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan, Section
from tasks.models import Task, TaskUnit, UnitRole

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_log_in(client, demo_plan):
    for url in (reverse("plans:list"), reverse("plans:detail", args=[demo_plan.pk]), "/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_is_in_chinese_and_says_what_to_do_on_failure(client, staff):
    page = client.get(reverse("login"))
    assert "登录" in page.content.decode()
    failed = client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    assert "用户名或密码不正确" in failed.content.decode()


def test_plan_list_shows_each_plan_with_its_task_counts(client, staff, demo_plan):
    client.force_login(staff)
    html = client.get(reverse("plans:list")).content.decode()
    assert demo_plan.title in html
    assert "云政发〔2026〕5号" in html
    # tasks and ▲ sub-items, as the dashboards count them, saying how many are sub-items
    items, sub_items = demo_plan.tasks.count(), demo_plan.tasks.filter(parent__isnull=False).count()
    assert sub_items and f'class="num">{items}<small class="muted sub-items">其中▲子项{sub_items}项</small>' in html


def test_plan_page_shows_the_numbered_tree(client, staff, demo_plan):
    client.force_login(staff)
    html = client.get(reverse("plans:detail", args=[demo_plan.pk])).content.decode()
    # sections in document order, nested subsections
    positions = [html.index(heading) for heading in ("一、", "二、", "（一）", "培育壮大新兴产业", "三、", "五、")]
    assert positions == sorted(positions)
    # a task with lead and responsible units, deadline as written and its target
    assert "努力实现地区生产总值增长6%左右。" in html
    assert "区发展和改革委员会" in html and "年底前" in html
    assert "地区生产总值增长6%左右</li>" in html
    # ★ livelihood projects and ▲ sub-items under their task
    task11 = Task.objects.get(plan=demo_plan, number="11")
    block = html[html.index(f'id="task-{task11.pk}"'):]
    assert block.index("★") < block.index("完成青岚片区12个小区改造")
    # a qualifier and a name that matched no unit are both shown, never dropped
    assert "区住房和城乡建设管理委员会（道路科）" in html
    assert "市区共建工作专班" in html


def _grow(plan: Plan, copies: int) -> None:
    """Add `copies` more sections, each with tasks, units and a sub-item, to the plan."""
    for n in range(copies):
        section = Section.objects.create(plan=plan, number=f"{n}、", title=f"追加部分{n}", position=1000 + n)
        for k in range(5):
            task = Task.objects.create(plan=plan, section=section, number=str(k), text=f"追加任务{n}-{k}",
                                       position=1000 + n * 10 + k)
            TaskUnit.objects.create(task=task, role=UnitRole.LEAD, name="某单位")
            Task.objects.create(plan=plan, section=section, parent=task, number="▲", text="子项", position=1)


def test_plan_page_query_count_does_not_grow_with_the_plan(client, staff, demo_plan):
    client.force_login(staff)
    url = reverse("plans:detail", args=[demo_plan.pk])
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(demo_plan, 20)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert "追加任务19-4" in response.content.decode()
    assert len(large) == len(small)
    # session and user 2, the plan and its tree 5, the reader's units and groups 2 (for the task links),
    # the header's unread notifications and review link 2
    assert len(small) <= 11


def test_pages_are_chinese_even_when_the_browser_asks_for_english(client, staff, demo_plan):
    client.force_login(staff)
    html = client.get(reverse("plans:detail", args=[demo_plan.pk]), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "文号" in html and "Document number" not in html


def test_a_user_can_switch_to_english(client, staff, demo_plan):
    client.force_login(staff)
    url = reverse("plans:detail", args=[demo_plan.pk])
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Document number" in html
    assert "文号" not in html
