"""What falls due on a day, and whom to tell: the reminder rules.

- Reporting window: DUBAN_REPORTING_REMINDER_DAYS days before the month's reporting day (tasks/reporting_day.py,
  due_on), the members of every unit with a task still missing its update for the month; on
  the day after, a late notice to the unit's heads (its members when it has no head) and the supervisors.
- Deadlines of tasks and milestones not completed: DUBAN_DEADLINE_REMINDER_DAYS days before, to the
  members of the units the task names; an overdue notice on the day after the deadline and every seven
  days after that, to the same people — from the second one on, also to the supervisors (escalation).
- Urges (催办), at once, to the urged unit's members.

A notice about a unit that has no one in Duban goes to the supervisors instead, and the unit is reported.
Every notice about a unit is also posted to the unit's group robot, if it has one.

Everything is read with a fixed number of queries, however many tasks and units there are.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.models import PlanStatus
from tasks.health import reporting_required
from tasks.models import Milestone, ProgressUpdate, ReviewState, Task, TaskUnit, Urge, WorkStatus
from tasks.periods import month_start, next_period, previous_period
from tasks.permissions import effective_task_units
from tasks.reporting_day import due_on
from units.models import GlobalRole, GroupMembership, Membership, MembershipRole, Unit, UnitGroup, User

from .models import Rule, UnitWebhook

# Updates that do not count as reported yet (as on My work): none at all, or a draft.
NOT_REPORTED = (None, ReviewState.DRAFT)
# A reminder lists at most this many tasks; the rest are counted.
MAX_LINES = 20


@dataclass
class Notice:
    """One reminder about one thing on one occasion, to some people and some units' group robots.
    `key` says what and when (not whom or how); deliveries add those."""

    rule: str
    key: str
    headline: str
    lines: list[str]
    url: str
    due_on: datetime.date | None = None
    task_id: int | None = None
    user_ids: set[int] = field(default_factory=set)
    unit_ids: set[int] = field(default_factory=set)  # units whose group robot gets it

    @property
    def message(self) -> dict:
        return {"headline": self.headline, "lines": self.lines, "url": self.url}


@dataclass
class People:
    """Who works where, loaded once per sweep."""

    units: dict[int, Unit]
    members: dict[int, set[int]]  # unit id → active user ids
    heads: dict[int, set[int]]
    supervisors: set[int]
    users: dict[int, User]
    robots: set[int]  # units with an active group robot
    unstaffed: dict[int, str] = field(default_factory=dict)  # units a notice could not reach: id → name

    @classmethod
    def load(cls) -> "People":
        units = {unit.pk: unit for unit in Unit.objects.filter(is_active=True)}
        members, heads, users = defaultdict(set), defaultdict(set), {}
        for membership in Membership.objects.filter(user__is_active=True, unit__is_active=True).select_related("user"):
            members[membership.unit_id].add(membership.user_id)
            if membership.role == MembershipRole.HEAD:
                heads[membership.unit_id].add(membership.user_id)
            users[membership.user_id] = membership.user
        supervisors = set()
        for user in User.objects.filter(global_role=GlobalRole.SUPERVISOR, is_active=True):
            users[user.pk] = user
            supervisors.add(user.pk)
        robots = set(UnitWebhook.objects.filter(is_active=True, unit__is_active=True).values_list("unit_id", flat=True))
        return cls(units=units, members=dict(members), heads=dict(heads), supervisors=supervisors, users=users,
                   robots=robots)

    def address(self, notice: Notice, unit_ids, people: set[int], escalate: bool = False) -> Notice:
        """Send `notice` to `people` and to the robots of `unit_ids`; to the supervisors as well when asked,
        or when one of the units has nobody to tell (that unit is named in the notice and reported)."""
        notice.user_ids |= people
        notice.unit_ids |= {unit_id for unit_id in unit_ids if unit_id in self.robots}
        nobody = [unit_id for unit_id in unit_ids if not self.members.get(unit_id)]
        for unit_id in nobody:
            self.unstaffed[unit_id] = self.units[unit_id].name
            notice.lines.append(_("%(unit)s has nobody in Duban, so the supervision office is told instead.")
                                % {"unit": self.units[unit_id].name})
        if escalate or nobody:
            notice.user_ids |= self.supervisors
        return notice


class UnitResolver:
    """The units a task names: its units, and the active members of the groups it names (contextual and
    unspecified groups name nobody in particular)."""

    def __init__(self, units: dict[int, Unit]):
        self.group_units: dict[int, set[int]] = defaultdict(set)
        by_kind = defaultdict(set)
        for unit in units.values():
            by_kind[unit.kind].add(unit.pk)
        listed = UnitGroup.members.through.objects.filter(unitgroup__membership=GroupMembership.EXPLICIT)
        for group_id, unit_id in listed.values_list("unitgroup_id", "unit_id"):
            if unit_id in units:
                self.group_units[group_id].add(unit_id)
        for group in UnitGroup.objects.filter(membership=GroupMembership.BY_KIND):
            for kind in group.member_kinds or []:
                self.group_units[group.pk] |= by_kind.get(kind, set())
        self.units = units

    def units_of(self, task: Task) -> list[int]:
        found: dict[int, None] = {}
        for task_unit in effective_task_units(task):
            if task_unit.unit_id in self.units:
                found[task_unit.unit_id] = None
            elif task_unit.group_id:
                found.update(dict.fromkeys(sorted(self.group_units.get(task_unit.group_id, ()))))
        return list(found)


def open_tasks():
    """Tasks of active plans not yet completed, with what units_of() and str() need."""
    units = TaskUnit.objects.order_by("role", "position")
    return (
        Task.objects.filter(plan__status=PlanStatus.ACTIVE)
        .exclude(work_status=WorkStatus.COMPLETED)
        .select_related("plan", "parent")
        .prefetch_related(Prefetch("task_units", queryset=units), Prefetch("parent__task_units", queryset=units))
        .order_by("plan_id", "position", "pk")
    )


def _lines(labels: list[str]) -> list[str]:
    if len(labels) <= MAX_LINES:
        return labels
    rest = len(labels) - MAX_LINES
    return [*labels[:MAX_LINES], _("… and %(count)s more") % {"count": rest}]


def _date(day: datetime.date) -> str:
    return f"{day:%Y-%m-%d}"


def reporting_occasions(today: datetime.date) -> list[tuple[datetime.date, str, int]]:
    """(period, rule, days) for each reporting reminder falling on `today`: `days` before the period's
    reporting day, or the late notice the day after it."""
    this_month = month_start(today)
    found = []
    for period in (previous_period(this_month), this_month, next_period(this_month)):
        due = due_on(period)
        for days in sorted(set(settings.DUBAN_REPORTING_REMINDER_DAYS), reverse=True):
            if today == due - datetime.timedelta(days=days):
                found.append((period, Rule.REPORTING_DUE, days))
        if today == due + datetime.timedelta(days=1):
            found.append((period, Rule.REPORTING_LATE, 1))
    return found


def reporting_notices(today: datetime.date, tasks: list[Task], people: People, resolver: UnitResolver) -> list[Notice]:
    notices = []
    for period, rule, days in reporting_occasions(today):
        reported = set(
            ProgressUpdate.objects.filter(period=period, task__plan__status=PlanStatus.ACTIVE)
            .exclude(review_state=ReviewState.DRAFT)
            .values_list("task_id", "unit_id")
        )
        missing: dict[int, list[str]] = defaultdict(list)  # unit id → task labels
        for task in tasks:
            if not reporting_required(task.plan, period):
                continue
            for unit_id in resolver.units_of(task):
                if (task.pk, unit_id) not in reported:
                    missing[unit_id].append(str(task))
        due = due_on(period)
        for unit_id, labels in missing.items():
            values = {"unit": people.units[unit_id].name, "month": f"{period:%Y-%m}", "date": _date(due),
                      "days": days}
            if rule == Rule.REPORTING_DUE:
                headline = _("%(unit)s: the %(month)s update is due on %(date)s, in %(days)s days. Not yet "
                             "submitted:") % values
                notice = Notice(rule, f"{rule}:{period:%Y-%m}:{days}d:unit{unit_id}", headline, _lines(labels),
                                reverse("tasks:my_work"), due)
                people.address(notice, [unit_id], people.members.get(unit_id, set()))
            else:
                headline = _("%(unit)s has not submitted its %(month)s update, due on %(date)s:") % values
                notice = Notice(rule, f"{rule}:{period:%Y-%m}:unit{unit_id}", headline, _lines(labels),
                                reverse("tasks:list"), due)
                heads = people.heads.get(unit_id) or people.members.get(unit_id, set())
                people.address(notice, [unit_id], set(heads), escalate=True)
            notices.append(notice)
    return notices


def _deadline_occasion(today: datetime.date, deadline: datetime.date) -> tuple[str, int, str] | None:
    """(rule, days, key part) when a reminder about `deadline` falls on `today`."""
    days_left = (deadline - today).days
    if days_left in settings.DUBAN_DEADLINE_REMINDER_DAYS:
        return Rule.DEADLINE_DUE, days_left, f"{days_left}d"
    if days_left < 0 and (-days_left - 1) % 7 == 0:
        week = (-days_left - 1) // 7
        return Rule.OVERDUE, -days_left, f"w{week}"
    return None


def deadline_notices(today: datetime.date, tasks: list[Task], people: People, resolver: UnitResolver) -> list[Notice]:
    notices = []
    open_by_id = {task.pk: task for task in tasks}
    dated = [(task, None, task.deadline) for task in tasks if task.deadline]
    milestones = Milestone.objects.filter(completed_on__isnull=True, task__plan__status=PlanStatus.ACTIVE).exclude(
        task__work_status=WorkStatus.COMPLETED
    )
    dated += [(open_by_id[m.task_id], m, m.due_on) for m in milestones.order_by("due_on", "pk")
              if m.task_id in open_by_id]
    for task, milestone, deadline in dated:
        occasion = _deadline_occasion(today, deadline)
        if occasion is None:
            continue
        rule, days, when = occasion
        what = f"milestone{milestone.pk}" if milestone else f"task{task.pk}"
        values = {"date": _date(deadline), "days": days}
        if rule == Rule.DEADLINE_DUE:
            headline = (_("A milestone is due on %(date)s, in %(days)s days:") if milestone
                        else _("A task is due on %(date)s, in %(days)s days:")) % values
        else:
            headline = (_("A milestone is overdue since %(date)s (%(days)s days):") if milestone
                        else _("A task is overdue since %(date)s (%(days)s days):")) % values
        lines = [str(task)] + ([milestone.description] if milestone else [])
        notice = Notice(rule, f"{rule}:{what}:{deadline:%Y-%m-%d}:{when}", headline, lines,
                        task.get_absolute_url(), deadline, task.pk)
        unit_ids = resolver.units_of(task)
        staff = set().union(*(people.members.get(unit_id, set()) for unit_id in unit_ids))
        # From the second overdue notice on, the supervision office hears of it too.
        escalate = rule == Rule.OVERDUE and when != "w0"
        notices.append(people.address(notice, unit_ids, staff, escalate=escalate))
    return notices


def notices_due(today: datetime.date) -> tuple[list[Notice], People, list[Notice]]:
    """Every reminder falling due on `today`, the people index used to address them, and the notices of
    recent urges (sent by email and robot only: their in-app notice came with the urge)."""
    with translation.override(settings.LANGUAGE_CODE):
        people = People.load()
        resolver = UnitResolver(people.units)
        tasks = list(open_tasks())
        notices = reporting_notices(today, tasks, people, resolver)
        notices += deadline_notices(today, tasks, people, resolver)
        urges = urge_notices(recent_urges(today), people)
    return notices, people, urges


def urge_notices(urges, people: People) -> list[Notice]:
    notices = []
    for urge in urges:
        if urge.unit_id not in people.units:
            continue
        headline = _("The supervision office urges %(unit)s to act on this task:") % {"unit": urge.unit.name}
        lines = [str(urge.task)] + ([urge.message] if urge.message else [])
        notice = Notice(Rule.URGE, f"{Rule.URGE}:{urge.pk}", headline, lines, urge.task.get_absolute_url(),
                        urge.task.deadline, urge.task_id)
        notices.append(people.address(notice, [urge.unit_id], people.members.get(urge.unit_id, set())))
    return notices


def urge_notice(urge_id: int) -> tuple[list[Notice], People]:
    """The reminder for one urge (its in-app notification was made with the urge)."""
    with translation.override(settings.LANGUAGE_CODE):
        people = People.load()
        return urge_notices(Urge.objects.select_related("task", "unit").filter(pk=urge_id), people), people


def recent_urges(today: datetime.date):
    """Open urges from the last DUBAN_URGE_RESEND_DAYS days (a broker outage of days loses no mail). Each is
    sent as it is saved; the sweep sends again any whose job was lost, and the unique keys make the rest
    no-ops."""
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(today - datetime.timedelta(days=settings.DUBAN_URGE_RESEND_DAYS),
                                      datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return Urge.objects.filter(resolved_at__isnull=True, created_at__gte=since, created_at__lt=until).select_related(
        "task", "unit"
    )
