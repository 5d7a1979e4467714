"""The annual assessment on a constructed district whose scores were worked out by hand, line by line;
a past period rebuilt from the records after later events; the ranking page, Excel and PDF exports.

The district (plan running 2026-08-01 … 2026-12-31, so updates are due for August, September and
October by the 25th; assessed as of 2026-11-22). Scheme: base 100, +2 on time, −0.5 late update, −1
missing update, −2 overdue, −0.5 extension, −0.5 returned update, −1 unanswered notice; weight lead 1,
responsible 0.6.

T1 (deadline 10-31) lead A, responsible B; closing confirmed 10-20.
    A: +2 on time; September's update submitted 09-28 (late)           → +2 − 0.5
    B: +2×0.6 on time; September missing; August's update returned once → +1.2 − 0.6 − 0.3
T2 (deadline 09-30) lead A, responsible C; extension to 12-31 approved 10-05, five days overdue.
    A: −0.5 extension; −2 overdue before the extension                → −2.5
    C: −2×0.6 overdue before the extension; no update in three months  → −1.2 − 1.8
T3 (deadline 11-15) lead B, responsible C; not completed; notice with reply due 11-10, B replied.
    B: −2 overdue                                                       → −2
    C: −2×0.6 overdue; −1×0.6 notice unanswered                        → −1.2 − 0.6
Adjustment: C +1.5.

A = 100 + 2 − 0.5 − 2.5 = 99.00; B = 100 + 1.2 − 0.6 − 0.3 − 2 = 98.30;
C = 100 − 1.2 − 1.8 − 1.2 − 0.6 + 1.5 = 96.70.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit import log
from audit.models import AuditAction, AuditEntry
from plans.models import Plan, PlanStatus
from supervision import closing, extensions
from supervision.assessment import LineKind, assess_units
from supervision.models import Notice, NoticeReply, ScoreAdjustment, ScoringScheme
from tasks.models import ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole
from tests.conftest import make_user
from tests.progress.conftest import fresh
from units.models import GlobalRole, Unit, UnitKind

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2026, 11, 22)
AUG, SEP, OCT = D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1)


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def backdate(entry: AuditEntry, day: datetime.date) -> None:
    AuditEntry.objects.filter(pk=entry.pk).update(at=moment(day))


class District:
    def __init__(self):
        self.scheme = ScoringScheme.objects.create(
            year=2026, base_score=100, completed_on_time=2, late_report=Decimal("0.5"), missing_report=1,
            overdue_task=2, extension=Decimal("0.5"), returned_update=Decimal("0.5"), unanswered_notice=1,
            lead_weight=1, responsible_weight=Decimal("0.6"),
        )
        self.plan = Plan.objects.create(title="考核测试计划", status=PlanStatus.ACTIVE,
                                        period_start=D(2026, 8, 1), period_end=D(2026, 12, 31))
        self.a = Unit.objects.create(name="甲单位", kind=UnitKind.BUREAU)
        self.b = Unit.objects.create(name="乙单位", kind=UnitKind.BUREAU)
        self.c = Unit.objects.create(name="丙单位", kind=UnitKind.BUREAU)
        self.a_staff = make_user("a_staff", unit=self.a)
        self.b_staff = make_user("b_staff", unit=self.b)
        self.supervisor = make_user("office", GlobalRole.SUPERVISOR)
        self.t1 = self.task("1", D(2026, 10, 31), self.a, self.b)
        self.t2 = self.task("2", D(2026, 9, 30), self.a, self.c)
        self.t3 = self.task("3", D(2026, 11, 15), self.b, self.c)

    def task(self, number, deadline, lead, responsible) -> Task:
        task = Task.objects.create(plan=self.plan, number=number, position=int(number), text=f"任务{number}",
                                   deadline=deadline)
        TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=lead)
        TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, unit=responsible)
        return task

    def submitted(self, task, unit, period, on) -> ProgressUpdate:
        update = ProgressUpdate.objects.create(task=task, unit=unit, period=period, percent_complete=50,
                                               review_state=ReviewState.SUBMITTED, submitted_at=moment(on))
        backdate(log.record(None, AuditAction.SUBMIT, update), on)
        return update

    def returned(self, update, on, note="请补充数据。"):
        backdate(log.record(self.supervisor, AuditAction.RETURN, update, note=note), on)

    def close(self, task, staff, on):
        request = closing.apply_to_close(fresh(staff), task, "已完成。")
        return closing.confirm_closing(fresh(self.supervisor), request, expected_version=request.version, today=on)

    def extend(self, task, staff, new_deadline, on):
        task.refresh_from_db()
        extension = extensions.request_extension(fresh(staff), task, new_deadline, "需要更多时间。")
        return extensions.approve_extension(fresh(self.supervisor), extension, expected_version=extension.version,
                                            today=on)


@pytest.fixture
def district(db) -> District:
    d = District()
    # T1
    for period, on in ((AUG, D(2026, 8, 20)), (SEP, D(2026, 9, 28)), (OCT, D(2026, 10, 10))):
        d.submitted(d.t1, d.a, period, on)
    b_august = d.submitted(d.t1, d.b, AUG, D(2026, 8, 18))
    d.returned(b_august, D(2026, 8, 22))
    d.submitted(d.t1, d.b, OCT, D(2026, 10, 12))
    d.close(d.t1, d.a_staff, D(2026, 10, 20))
    # T2
    for period, on in ((AUG, D(2026, 8, 20)), (SEP, D(2026, 9, 20)), (OCT, D(2026, 10, 20))):
        d.submitted(d.t2, d.a, period, on)
    d.extension = d.extend(d.t2, d.a_staff, D(2026, 12, 31), D(2026, 10, 5))
    # T3
    for unit in (d.b, d.c):
        for period, on in ((AUG, D(2026, 8, 20)), (SEP, D(2026, 9, 20)), (OCT, D(2026, 10, 20))):
            d.submitted(d.t3, unit, period, on)
    d.notice = Notice.objects.create(task=d.t3, year=2026, serial=1, level="red", problem="进度滞后",
                                     required_action="整改", reply_deadline=D(2026, 11, 10), issued_on=D(2026, 11, 1))
    d.notice.units.set([d.b, d.c])
    reply = NoticeReply.objects.create(notice=d.notice, unit=d.b, text="已整改。")
    NoticeReply.objects.filter(pk=reply.pk).update(replied_at=moment(D(2026, 11, 8)))
    d.adjustment = ScoreAdjustment.objects.create(year=2026, unit=d.c, points=Decimal("1.5"), reason="主动承担额外任务",
                                                  made_on=D(2026, 11, 20))
    return d


def lines_of(score) -> list[tuple]:
    return sorted((line.kind, line.task_id, line.weighted) for line in score.lines)


def test_each_units_score_equals_the_hand_computed_breakdown(district):
    d = district
    assessment = assess_units(2026, AS_OF)
    a, b, c = (assessment.for_unit(u.pk) for u in (d.a, d.b, d.c))
    K = LineKind
    assert lines_of(a) == sorted([
        (K.COMPLETED_ON_TIME, d.t1.pk, Decimal("2.00")),
        (K.LATE_REPORT, d.t1.pk, Decimal("-0.50")),
        (K.EXTENSION, d.t2.pk, Decimal("-0.50")),
        (K.OVERDUE_BEFORE_EXTENSION, d.t2.pk, Decimal("-2.00")),
    ])
    assert lines_of(b) == sorted([
        (K.COMPLETED_ON_TIME, d.t1.pk, Decimal("1.20")),
        (K.MISSING_REPORT, d.t1.pk, Decimal("-0.60")),
        (K.RETURNED_UPDATE, d.t1.pk, Decimal("-0.30")),
        (K.OVERDUE, d.t3.pk, Decimal("-2.00")),
    ])
    assert lines_of(c) == sorted([
        (K.OVERDUE_BEFORE_EXTENSION, d.t2.pk, Decimal("-1.20")),
        (K.MISSING_REPORT, d.t2.pk, Decimal("-0.60")),
        (K.MISSING_REPORT, d.t2.pk, Decimal("-0.60")),
        (K.MISSING_REPORT, d.t2.pk, Decimal("-0.60")),
        (K.OVERDUE, d.t3.pk, Decimal("-1.20")),
        (K.UNANSWERED_NOTICE, d.t3.pk, Decimal("-0.60")),
        (K.ADJUSTMENT, None, Decimal("1.50")),
    ])
    assert (a.score, b.score, c.score) == (Decimal("99.00"), Decimal("98.30"), Decimal("96.70"))
    assert [(s.rank, s.unit.name) for s in assessment.scores] == [(1, "甲单位"), (2, "乙单位"), (3, "丙单位")]


def test_each_line_names_the_record_behind_it(district):
    d = district
    a = assess_units(2026, AS_OF).for_unit(d.a.pk)
    late = next(line for line in a.lines if line.kind == LineKind.LATE_REPORT)
    september = ProgressUpdate.objects.get(task=d.t1, unit=d.a, period=SEP)
    assert late.record == f"progressupdate:{september.pk}" and late.detail == "2026-09 2026-09-28"
    extension = next(line for line in a.lines if line.kind == LineKind.EXTENSION)
    assert extension.record == f"deadlineextension:{d.extension.pk}"
    assert extension.detail == "2026-09-30 → 2026-12-31"
    c = assess_units(2026, AS_OF).for_unit(d.c.pk)
    adjustment = next(line for line in c.lines if line.kind == LineKind.ADJUSTMENT)
    assert adjustment.record == f"scoreadjustment:{d.adjustment.pk}" and adjustment.detail == "主动承担额外任务"


def test_a_past_period_is_rebuilt_exactly_from_the_records(district):
    d = district
    past = D(2026, 10, 31)
    before = {s.unit.pk: (s.score, s.rank, sorted((line.kind, line.task_id, line.record, line.detail, line.weighted)
                                                 for line in s.lines)) for s in assess_units(2026, past).scores}
    # Later events: T1 reopened, T3 extended (already overdue) and then closed, another return, an adjustment.
    t1 = Task.objects.get(pk=d.t1.pk)
    closing.reopen_task(fresh(d.supervisor), t1, expected_version=t1.version, reason="复查不合格。",
                        today=D(2026, 11, 5))
    d.extend(d.t3, d.b_staff, D(2026, 12, 20), D(2026, 11, 18))
    d.close(Task.objects.get(pk=d.t3.pk), d.b_staff, D(2026, 11, 21))
    d.returned(ProgressUpdate.objects.get(task=d.t3, unit=d.c, period=OCT), D(2026, 11, 6))
    ScoreAdjustment.objects.create(year=2026, unit=d.a, points=-3, reason="迟报材料", made_on=D(2026, 11, 21))

    rebuilt = {s.unit.pk: (s.score, s.rank, sorted((line.kind, line.task_id, line.record, line.detail, line.weighted)
                                                  for line in s.lines)) for s in assess_units(2026, past).scores}
    assert rebuilt == before
    now = assess_units(2026, AS_OF)
    assert now.for_unit(d.a.pk).score != before[d.a.pk][0]  # the later events do count today


def test_the_scheme_weights_come_from_settings_for_an_unconfigured_year(settings, district):
    settings.DUBAN_ASSESSMENT_LEAD_WEIGHT = "1.5"
    settings.DUBAN_ASSESSMENT_RESPONSIBLE_WEIGHT = "0.25"
    scheme = ScoringScheme.for_year(2027)
    assert (scheme.lead_weight, scheme.responsible_weight) == (Decimal("1.5"), Decimal("0.25"))


def test_excel_export_holds_the_ranking_and_every_line(client, district):
    client.force_login(district.supervisor)
    response = client.get(reverse("supervision:export_excel", args=[2026]) + "?as_of=2026-11-22")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    ranking, lines = book.worksheets  # a title row, the header, then the rows
    rows = list(ranking.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, "甲单位", 99.0), (2, "乙单位", 98.3), (3, "丙单位", 96.7)]
    detail = list(lines.iter_rows(min_row=3, values_only=True))
    assert len(detail) == 4 + 4 + 7
    for unit_name, total in (("甲单位", 99.0), ("乙单位", 98.3), ("丙单位", 96.7)):
        assert round(100 + sum(r[7] for r in detail if r[0] == unit_name), 2) == total


def test_pdf_export_lists_the_units_with_their_scores(client, district):
    import shutil
    import subprocess

    client.force_login(district.supervisor)
    response = client.get(reverse("supervision:export_pdf", args=[2026]) + "?as_of=2026-11-22")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run([pdftotext, "-", "-"], input=response.content, capture_output=True,
                              check=True).stdout.decode()
        for expected in ("甲单位", "99.00", "乙单位", "98.30", "丙单位", "96.70", "主动承担额外任务"):
            assert expected in text


def test_ranking_page_shows_scores_and_unit_staff_see_only_their_own(client, district):
    d = district
    client.force_login(d.supervisor)
    page = client.get(reverse("supervision:ranking") + "?year=2026&as_of=2026-11-22").content.decode()
    assert page.index("甲单位") < page.index("乙单位") < page.index("丙单位") and "96.70" in page
    client.force_login(d.b_staff)
    response = client.get(reverse("supervision:ranking"))
    assert response.status_code == 302 and response.url.endswith(f"/units/{d.b.pk}/")
    own = client.get(reverse("supervision:unit_score", args=[2026, d.b.pk]) + "?as_of=2026-11-22")
    assert own.status_code == 200 and "98.30" in own.content.decode()
    assert f'href="/tasks/{d.t3.pk}/"' in own.content.decode() and "任务3" in own.content.decode()  # traceable
    assert client.get(reverse("supervision:unit_score", args=[2026, d.a.pk])).status_code == 404
    assert client.get(reverse("supervision:export_excel", args=[2026])).status_code == 403


def test_adjustment_and_scheme_are_for_the_office_and_logged(client, district):
    d = district
    client.force_login(d.b_staff)
    assert client.post(reverse("supervision:adjust", args=[2026]), {"unit": d.b.pk, "points": "5",
                                                                     "reason": "x"}).status_code == 403
    client.force_login(d.supervisor)
    response = client.post(reverse("supervision:adjust", args=[2026]),
                           {"unit": d.b.pk, "points": "-1", "reason": "材料不实"})
    assert response.status_code == 302
    assert ScoreAdjustment.objects.filter(unit=d.b, points=-1, reason="材料不实").exists()
    assert AuditEntry.objects.filter(content_type__model="scoreadjustment", action=AuditAction.CREATE).exists()
    data = {"base_score": "100", "completed_on_time": "3", "late_report": "0.5", "missing_report": "1",
            "overdue_task": "2", "extension": "0.5", "returned_update": "0.5", "unanswered_notice": "1",
            "lead_weight": "1", "responsible_weight": "0.6", "version": d.scheme.version}
    assert client.post(reverse("supervision:scheme", args=[2026]), data).status_code == 302
    d.scheme.refresh_from_db()
    assert d.scheme.completed_on_time == 3
    stale = client.post(reverse("supervision:scheme", args=[2026]), {**data, "completed_on_time": "9"})
    assert stale.status_code == 200  # refused: the form was built from the older version
    d.scheme.refresh_from_db()
    assert d.scheme.completed_on_time == 3


@pytest.mark.parametrize("extra_tasks", [0, 15])
def test_ranking_takes_a_bounded_number_of_queries(client, district, django_assert_max_num_queries, extra_tasks):
    d = district
    for n in range(extra_tasks):
        task = d.task(str(10 + n), D(2026, 10, 1), d.a, d.c)
        d.submitted(task, d.a, AUG, D(2026, 8, 2))
        d.returned(ProgressUpdate.objects.get(task=task, unit=d.a, period=AUG), D(2026, 8, 3))
    client.force_login(d.supervisor)
    # 21: the first request after logging in also moves the session's idle expiry on (3 statements).
    with django_assert_max_num_queries(22):
        response = client.get(reverse("supervision:ranking") + "?year=2026&as_of=2026-11-22")
    assert response.status_code == 200
