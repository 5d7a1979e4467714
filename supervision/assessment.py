"""The annual assessment of units (考核): each unit's score for a plan year, as of a day, with every
line of it traced to the record that produced it.

Which tasks: those of plans running in the year. Which units: those the reports hold to a task
(tasks/sub_item_units.py's named_unit_roles): the units it names, the members of the unit groups it names,
and a ▲ sub-item's inherited lead units; a unit both leads and is responsible on a task counts as lead.
Each line's points are weighted by the unit's role on the task (the scheme's lead and responsible weights).

Lines, per task and unit (points from the year's ScoringScheme):
- completed on time  +  the task's closing was confirmed in the year, by the deadline then in force;
- overdue task       −  the deadline in force passed in the year before the task was completed;
- overdue before extension − an extension was approved when the task was already overdue;
- extension          −  the requesting unit, per extension approved in the year;
- missing update     −  a month whose update was due (tasks/reporting_day.py) has none submitted;
- late update        −  the update was first submitted after its due day;
- returned update    −  per return (退回) of the unit's update in the year;
- unanswered notice  −  a supervision notice's reply deadline passed without the unit's reply;
- adjustment         ±  the office's adjustment with its reason (weight 1).

Everything is read from dated records — confirmations and reopenings, approved extensions, each update's
first submission, the audit log's returns, replies — never from a task's present state, so a past day's
scores are rebuilt exactly by computing them again for that day.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction, AuditEntry
from paper.dates import chinese_month
from tasks import sub_item_units
from tasks.models import ProgressUpdate, Task, UnitRole
from tasks.periods import next_period
from tasks.reporting_day import due_on, first_submission, is_due
from units.models import Unit

from .extensions import deadline_in_force
from .models import (
    CompletionRequest,
    DeadlineExtension,
    Notice,
    RequestState,
    ScoreAdjustment,
    ScoringScheme,
)

CENT = Decimal("0.01")
# Points, scores and weights are always written with two decimals (100.00, -0.50, × 0.60): `points` for the
# pages and the PDF, this number format for the workbook.
POINTS_FORMAT = "0.00"


def points(value) -> Decimal:
    """A score, points or a weight as every output writes it: rounded to two decimals, kept to two decimals."""
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


class LineKind:
    COMPLETED_ON_TIME = "completed_on_time"
    OVERDUE = "overdue_task"
    OVERDUE_BEFORE_EXTENSION = "overdue_before_extension"
    EXTENSION = "extension"
    MISSING_REPORT = "missing_report"
    LATE_REPORT = "late_report"
    RETURNED_UPDATE = "returned_update"
    UNANSWERED_NOTICE = "unanswered_notice"
    ADJUSTMENT = "adjustment"

    LABELS = {
        COMPLETED_ON_TIME: _("Task completed on time"),
        OVERDUE: _("Task overdue"),
        OVERDUE_BEFORE_EXTENSION: _("Overdue before an extension"),
        EXTENSION: _("Deadline extended"),
        MISSING_REPORT: _("Monthly update missing"),
        LATE_REPORT: _("Monthly update late"),
        RETURNED_UPDATE: _("Update returned"),
        UNANSWERED_NOTICE: _("Supervision notice not answered in time"),
        ADJUSTMENT: _("Adjustment by the supervision office"),
    }
    ORDER = list(LABELS)
    # The record each kind of line is read from, as a person names it (before the task's number, after it the
    # month): 二(三)15 进展填报 2026年10月.
    RECORDS = {
        COMPLETED_ON_TIME: _("completion confirmed"),
        OVERDUE: _("deadline"),
        OVERDUE_BEFORE_EXTENSION: _("deadline extension"),
        EXTENSION: _("deadline extension"),
        MISSING_REPORT: _("progress update"),
        LATE_REPORT: _("progress update"),
        RETURNED_UPDATE: _("progress update"),
        UNANSWERED_NOTICE: _("supervision notice"),
        ADJUSTMENT: _("score adjustment"),
    }


@dataclass(frozen=True)
class Line:
    """One reason a unit gained or lost points, and the record behind it."""

    kind: str
    points: Decimal  # before weighting, signed
    weight: Decimal
    task_id: int | None
    record: str  # the record's type and id, e.g. "progressupdate:17", "notice:3" (for tracing, not printed)
    detail: str  # what a reader needs to find it: the month, the dates, the reason
    task_number: str = ""  # the task's number path, 二(三)15
    period: datetime.date | None = None  # the month of a progress update

    @property
    def weighted(self) -> Decimal:
        return points(self.points * self.weight)

    @property
    def label(self) -> str:
        return str(LineKind.LABELS[self.kind])

    @property
    def record_words(self) -> str:
        """The record behind the line as pages and printouts name it: 二(三)15 进展填报 2026年10月."""
        words = [self.task_number, str(LineKind.RECORDS[self.kind])]
        if self.period:
            words.append(chinese_month(self.period))
        return " ".join(word for word in words if word)


@dataclass
class UnitScore:
    unit: Unit
    base: Decimal
    lines: list[Line] = field(default_factory=list)
    rank: int = 0

    @property
    def score(self) -> Decimal:
        return points(self.base + sum((line.weighted for line in self.lines), Decimal("0")))

    def subtotal(self, kind: str) -> Decimal:
        return points(sum((line.weighted for line in self.lines if line.kind == kind), Decimal("0")))

    @property
    def subtotals(self) -> list[tuple[str, Decimal]]:
        return [(kind, self.subtotal(kind)) for kind in LineKind.ORDER]


@dataclass
class Assessment:
    scheme: ScoringScheme
    as_of: datetime.date
    scores: list[UnitScore]

    def for_unit(self, unit_id: int) -> UnitScore | None:
        return next((s for s in self.scores if s.unit.pk == unit_id), None)


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def _local_day(moment: datetime.datetime, zone=None) -> datetime.date:
    """The district's calendar day of a stored moment (pass `zone` when converting many)."""
    if not timezone.is_aware(moment):
        return moment.date()
    return moment.astimezone(zone or timezone.get_current_timezone()).date()


def assess_units(year: int, as_of: datetime.date | None = None, scheme: ScoringScheme | None = None) -> Assessment:
    """Every unit's score for the plan year, as the records stood at the end of `as_of`."""
    scheme = scheme or ScoringScheme.for_year(year)
    as_of = min(as_of or default_as_of(year), scheme.year_end)
    builder = _Builder(scheme, as_of)
    scores = builder.build()
    scores.sort(key=lambda s: (-s.score, s.unit.display_order, s.unit.name))
    rank, previous = 0, None
    for position, score in enumerate(scores, start=1):
        if score.score != previous:
            rank, previous = position, score.score
        score.rank = rank
    return Assessment(scheme=scheme, as_of=as_of, scores=scores)


class _Builder:
    def __init__(self, scheme: ScoringScheme, as_of: datetime.date):
        self.scheme, self.as_of = scheme, as_of
        self.start = scheme.year_start
        self.weights = {UnitRole.LEAD: scheme.lead_weight, UnitRole.RESPONSIBLE: scheme.responsible_weight}
        self.lines: dict[int, list[Line]] = defaultdict(list)

    def add(self, unit_id: int, kind: str, value: Decimal, role: str | None, task_id, record: str, detail: str,
            period: datetime.date | None = None):
        weight = self.weights[role] if role else Decimal("1")
        number = self.task_numbers.get(task_id, "") if task_id else ""
        self.lines[unit_id].append(Line(kind, points(value), points(weight), task_id, record, detail, number, period))

    def build(self) -> list[UnitScore]:
        tasks = {t.pk: t for t in Task.objects.filter(
            Q(plan__period_start__isnull=True) | Q(plan__period_start__lte=self.scheme.year_end),
            Q(plan__period_end__isnull=True) | Q(plan__period_end__gte=self.start),
        ).select_related("plan", "section__parent", "parent__section__parent")}
        self.task_numbers = {task_id: task.number_path for task_id, task in tasks.items()}
        # The units that owe a task's updates are those the reports count (groups resolved, a sub-item's
        # inherited leads): one rule, so a unit missing in the reports is scored missing here too.
        named = sub_item_units.named_unit_roles(tasks.values())
        roles = {(task_id, unit_id): role for task_id, units in named.items() for unit_id, role in units.items()}
        self.roles = roles
        units_of_task: dict[int, list[int]] = defaultdict(list)
        for task_id, unit_id in sorted(roles):
            units_of_task[task_id].append(unit_id)

        extensions = defaultdict(list)
        # all of them, also those approved after as_of: the first one holds the task's original deadline
        approved = DeadlineExtension.objects.filter(task_id__in=tasks, state=RequestState.APPROVED)
        for extension in approved.order_by("decided_on", "id"):
            extensions[extension.task_id].append(extension)
        completions = self._completion_days(tasks)

        for task_id, task in tasks.items():
            completed = completions.get(task_id)
            self._task_lines(task, units_of_task[task_id], completed, extensions[task_id])
        self._report_lines(tasks, units_of_task, completions)
        self._return_lines(tasks)
        self._notice_lines(tasks)
        for adjustment in ScoreAdjustment.objects.filter(year=self.scheme.year, made_on__lte=self.as_of):
            self.add(adjustment.unit_id, LineKind.ADJUSTMENT, adjustment.points, None, None,
                     f"scoreadjustment:{adjustment.pk}", adjustment.reason)

        unit_ids = set(self.lines) | {unit_id for _task, unit_id in roles}
        units = Unit.objects.filter(pk__in=unit_ids)
        return [UnitScore(unit=unit, base=points(self.scheme.base_score), lines=self.lines.get(unit.pk, []))
                for unit in units]

    def _completion_days(self, tasks) -> dict[int, datetime.date]:
        """The day each task counted as completed on `as_of`: its confirmation then in force; a task never
        put through the sign-off (imported as completed) by its completed_on."""
        found: dict[int, datetime.date] = {}
        with_requests = set()
        for request in CompletionRequest.objects.filter(task_id__in=tasks).order_by("decided_on", "id"):
            with_requests.add(request.task_id)
            if (request.state == RequestState.APPROVED and request.decided_on <= self.as_of
                    and (request.reopened_on is None or request.reopened_on > self.as_of)):
                found[request.task_id] = request.decided_on
        for task_id, task in tasks.items():
            if task_id not in with_requests and task.completed_on and task.completed_on <= self.as_of:
                found[task_id] = task.completed_on
        return found

    def _task_lines(self, task: Task, unit_ids: list[int], completed, extensions: list[DeadlineExtension]):
        scheme = self.scheme
        if completed and completed >= self.start:
            deadline = deadline_in_force(task, completed, extensions)
            if deadline is None or completed <= deadline:
                for unit_id in unit_ids:
                    self.add(unit_id, LineKind.COMPLETED_ON_TIME, scheme.completed_on_time,
                             self.roles[(task.pk, unit_id)], task.pk, f"task:{task.pk}", f"{completed:%Y-%m-%d}")
        deadline = deadline_in_force(task, self.as_of, extensions)
        if deadline and self.start <= deadline < self.as_of and (completed is None or completed > deadline):
            for unit_id in unit_ids:
                self.add(unit_id, LineKind.OVERDUE, -scheme.overdue_task, self.roles[(task.pk, unit_id)], task.pk,
                         f"task:{task.pk}", f"{deadline:%Y-%m-%d}")
        for extension in extensions:
            if not self.start <= extension.decided_on <= self.as_of:
                continue
            detail = f"{extension.previous_deadline:%Y-%m-%d} → {extension.requested_deadline:%Y-%m-%d}"
            role = self.roles.get((task.pk, extension.unit_id), UnitRole.LEAD)
            self.add(extension.unit_id, LineKind.EXTENSION, -scheme.extension, role, task.pk,
                     f"deadlineextension:{extension.pk}", detail)
            if extension.overdue_days:
                for unit_id in unit_ids:
                    self.add(unit_id, LineKind.OVERDUE_BEFORE_EXTENSION, -scheme.overdue_task,
                             self.roles[(task.pk, unit_id)], task.pk, f"deadlineextension:{extension.pk}",
                             f"{extension.previous_deadline:%Y-%m-%d} +{extension.overdue_days}")

    def _report_lines(self, tasks, units_of_task, completions):
        # Plain tuples, not model instances: a district year has tens of thousands of updates.
        # (update id, the district day it was first submitted): late or not is judged from the first
        # submission, as the reports and dashboards judge it (tasks/reporting_day.py).
        zone = timezone.get_current_timezone()
        updates = {}
        for pk, task_id, unit_id, period, first, latest in ProgressUpdate.objects.filter(
            task_id__in=tasks, period__gte=self.start, period__lte=self.as_of,
        ).values_list("pk", "task_id", "unit_id", "period", "first_submitted_at", "submitted_at"):
            submitted = first_submission(first, latest)
            updates[(task_id, unit_id, period)] = (pk, _local_day(submitted, zone) if submitted else None)
        due_days: dict[datetime.date, datetime.date] = {}
        for task_id, task in tasks.items():
            plan = task.plan
            period = max(self.start, (plan.period_start or self.start).replace(day=1))
            last = min(self.scheme.year_end, plan.period_end or self.scheme.year_end)
            completed = completions.get(task_id)
            while period <= last:
                due = due_days.get(period) or due_days.setdefault(period, due_on(period))
                if not is_due(period, self.as_of) or (completed and completed < period):  # not yet due
                    break
                for unit_id in units_of_task[task_id]:
                    self._report_line(task, unit_id, period, due, updates.get((task_id, unit_id, period)))
                period = next_period(period)

    def _report_line(self, task, unit_id, period, due, update):
        role = self.roles[(task.pk, unit_id)]
        update_id, submitted = update if update is not None else (None, None)
        if submitted is None or submitted > self.as_of:
            self.add(unit_id, LineKind.MISSING_REPORT, -self.scheme.missing_report, role, task.pk,
                     f"task:{task.pk}", f"{period:%Y-%m}", period)
        elif submitted > due:
            self.add(unit_id, LineKind.LATE_REPORT, -self.scheme.late_report, role, task.pk,
                     f"progressupdate:{update_id}", f"{period:%Y-%m} {submitted:%Y-%m-%d}", period)

    def _return_lines(self, tasks):
        entries = list(AuditEntry.objects.filter(
            task_id__in=tasks, content_type=ContentType.objects.get_for_model(ProgressUpdate),
            action=AuditAction.RETURN,
        ).order_by("at", "id").values_list("object_id", "at", "note"))
        owners = {pk: (unit_id, task_id, period) for pk, unit_id, task_id, period in ProgressUpdate.objects.filter(
            pk__in=[e[0] for e in entries]).values_list("pk", "unit_id", "task_id", "period")}
        for update_id, at, note in entries:
            day = _local_day(at)
            if update_id not in owners or not (self.start <= day <= self.as_of):
                continue
            unit_id, task_id, period = owners[update_id]
            role = self.roles.get((task_id, unit_id), UnitRole.RESPONSIBLE)
            self.add(unit_id, LineKind.RETURNED_UPDATE, -self.scheme.returned_update, role, task_id,
                     f"progressupdate:{update_id}", f"{day:%Y-%m-%d} {note}".strip(), period)

    def _notice_lines(self, tasks):
        notices = Notice.objects.filter(
            task_id__in=tasks, reply_deadline__gte=self.start, reply_deadline__lt=self.as_of,
        ).prefetch_related("units", "replies").order_by("issued_on", "serial")
        for notice in notices:
            for unit in notice.units.all():
                answered = any(r.unit_id == unit.pk and _local_day(r.replied_at) <= notice.reply_deadline
                               for r in notice.replies.all())
                if not answered:
                    role = self.roles.get((notice.task_id, unit.pk), UnitRole.RESPONSIBLE)
                    self.add(unit.pk, LineKind.UNANSWERED_NOTICE, -self.scheme.unanswered_notice, role,
                             notice.task_id, f"notice:{notice.pk}", f"{notice} {notice.reply_deadline:%Y-%m-%d}")


def tasks_of_lines(scores) -> dict[int, Task]:
    """The tasks the lines name, with what their number path reads (one query)."""
    ids = {line.task_id for score in scores for line in score.lines if line.task_id}
    return Task.objects.select_related("section__parent", "parent__section__parent").in_bulk(ids)
