"""Building a report: copy what the records say as of the period's end into the report (its figures and one
row per task), and on a rebuild of a draft refresh that copy while keeping the office's edits, saying
what changed.

Every number comes from reports/figures (the dashboards' figures), so a report and the dashboard for the
same month agree. A build runs a fixed number of queries however many tasks there are.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.models import AuditAction
from plans.models import Plan, PlanStatus
from tasks import speaking_update
from tasks.health import is_completed_on, status_on
from tasks.models import ProgressUpdate, Task, TaskUnit, UnitRole
from tasks.periods import month_start
from tasks.periods import today as district_today
from tasks.sub_item_units import effective_task_units, lead_unit_ids
from units.models import Unit

from . import figures
from .models import JobState, Report, ReportRow
from .periods import ReportPeriod

# Changes a rebuild reports row by row.
WATCHED_FIELDS = ("source_progress", "source_problems", "health", "work_status", "deadline")
HEADLINE_FIGURES = ("total", "completed", "completion_rate", "overdue", "red", "reporting_rate", "targets_met")


class ReportLocked(Exception):
    """The report is final; only a supervisor's reopening lets it change."""

    def __init__(self, message: str = ""):
        super().__init__(message or _("This report is final and cannot change. A supervisor can reopen it."))


@dataclass
class BuildResult:
    report: Report
    created: bool
    changes: list[dict] = field(default_factory=list)


def scope_of_report(plan: Plan | None) -> figures.Scope:
    """Every task of the plan, or of all active plans: a report is the office's, not one person's view."""
    if plan is not None:
        return figures.Scope(Task.objects.filter(plan=plan), {"plan": str(plan.pk)})
    return figures.Scope(Task.objects.filter(plan__status=PlanStatus.ACTIVE),
                         {"plan_status": PlanStatus.ACTIVE.value})


def report_title(period: ReportPeriod, plan: Plan | None) -> str:
    scope = plan.title if plan is not None else _("All active plans")
    return _("%(scope)s: progress report for %(period)s") % {"scope": scope, "period": period.label}


def find_report(kind: str, period: ReportPeriod, plan: Plan | None) -> Report | None:
    return Report.objects.filter(kind=kind, period_start=period.start, plan=plan).first()


def prepare_report(period: ReportPeriod, plan: Plan | None) -> tuple[Report, bool]:
    """The report for the period and scope, created empty (to be built) if there is none yet."""
    report = find_report(period.kind, period, plan)
    if report is not None:
        return report, False
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=period.kind, period_start=period.start, period_end=period.end, plan=plan,
                title=report_title(period, plan),
            )
    except IntegrityError:  # asked for at the same moment by another request, which made it: that one
        return find_report(period.kind, period, plan), False
    return report, True


# ---------------------------------------------------------------------------------------- computing


def compute_figures(scope: figures.Scope, period: ReportPeriod, as_of: figures.AsOf) -> dict:
    """The report's numbers as plain JSON: what the summary page, the charts and the exports print."""
    overview = figures.overview(scope, as_of)
    # One reporting query: per unit and month, summed here per unit and overall (as reporting_by_period does).
    per_unit = figures.reporting_counts(scope, period.months, as_of.day)
    unit_totals: dict[int, figures.ReportingCounts] = {}
    for (unit_id, _month), counts in per_unit.items():
        unit_totals[unit_id] = unit_totals.get(unit_id, figures.ReportingCounts()) + counts
    total_reporting = sum(unit_totals.values(), figures.ReportingCounts())
    units = Unit.objects.filter(pk__in=list(unit_totals)).order_by("display_order", "name")
    sections = figures.section_figures(scope, as_of)
    targets = figures.target_rows(scope, as_of, limit=None)
    return {
        "as_of": as_of.day.isoformat(),
        "total": overview.total.value,  # tasks and ▲ sub-items (tasks/counting.py)
        "sub_items": overview.sub_items,
        "health": overview.health.values(),
        "status": {status: count.value for status, count in overview.status.items()},
        "completed": overview.completed.value,
        "completion_rate": overview.completion_rate,
        "overdue": overview.overdue.value,
        "red": overview.health.red.value,
        "missing_updates": overview.missing_updates.value,
        "targets": overview.targets,
        "targets_met": overview.targets_met,
        "tasks_targets_met": overview.tasks_targets_met.value,
        "reporting": _reporting_json(total_reporting),
        "reporting_rate": total_reporting.reporting_rate,
        "sections": [
            {"label": s.label, "health": s.health.values(), "total": s.health.total.value,
             "completed": s.completed.value}
            for s in sections
        ],
        "targets_list": [
            {"task": t.task_label, "text": t.text, "metric": t.metric, "comparator": t.comparator,
             "value": _number(t.value), "upper_value": _number(t.upper_value), "measure_unit": t.measure_unit,
             "actual": _number(t.actual), "is_met": t.is_met}
            for t in targets
        ],
        "units": [{"name": unit.name, **_reporting_json(unit_totals[unit.pk])} for unit in units],
    }


def _reporting_json(counts: figures.ReportingCounts) -> dict:
    return {"expected": counts.expected, "on_time": counts.on_time, "late": counts.late, "missing": counts.missing,
            "not_yet_due": counts.not_yet_due, "early": counts.early,
            "reporting_rate": counts.reporting_rate, "on_time_rate": counts.on_time_rate}


def _number(value) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _units_text(task: Task, role: str) -> str:
    return "、".join(tu.display_name for tu in effective_task_units(task) if tu.role == role)


def _top_section(task: Task):
    section = task.section if task.section_id else (task.parent.section if task.parent_id else None)
    while section is not None and section.parent_id:
        section = section.parent
    return section


def compute_rows(scope: figures.Scope, period: ReportPeriod, as_of: figures.AsOf,
                 name_plans: bool = False) -> list[dict]:
    """One row per task in document order, with the period's progress as tasks/speaking_update.py chooses it:
    the lead unit's consolidated update, or else — when a responsible unit's update speaks — every unit's update
    of that month, each headed by its unit's name; an unreviewed one says so. Four queries."""
    units_prefetch = Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit", "group"))
    parent_units = Prefetch("parent__task_units", queryset=TaskUnit.objects.select_related("unit", "group"))
    tasks = list(
        as_of.with_health(scope.tasks)
        .select_related("plan", "section__parent__parent", "parent__section__parent__parent")
        .prefetch_related(units_prefetch, parent_units)
        .order_by("plan__period_start", "plan_id", "position", "pk")
    )
    updates: dict[int, list[ProgressUpdate]] = {}
    quotable = (
        ProgressUpdate.objects.filter(task__in=scope.tasks.order_by().values("pk"), period__in=period.months,
                                      review_state__in=speaking_update.QUOTED_STATES)
        .select_related("unit").order_by("period", "submitted_at", "pk")
    )
    for update in quotable:
        updates.setdefault(update.task_id, []).append(update)
    rows = []
    for position, task in enumerate(tasks):
        leads = lead_unit_ids(task)
        speaks = speaking_update.speaking(updates.get(task.pk, []), leads)
        if speaks is None:
            progress = problems = ""
            percent = None
        elif speaks.unit_id in leads:  # the lead unit's consolidated update, alone
            progress = speaking_update.quoted_text(speaks, speaks.narrative)
            problems = speaking_update.quoted_text(speaks, speaks.problems)
            percent = speaks.percent_complete
        else:  # no lead update that month: every unit's, headed by its name
            others = sorted((u for u in updates[task.pk] if u.period == speaks.period),
                            key=lambda u: (u.unit.display_order, u.unit.name))
            progress = "\n".join(_unit_said(u.unit.name, speaking_update.quoted_text(u, u.narrative))
                                 for u in others if u.narrative.strip())
            problems = "\n".join(_unit_said(u.unit.name, speaking_update.quoted_text(u, u.problems))
                                 for u in others if u.problems.strip())
            percent = max((u.percent_complete for u in others), default=None)
        section = _top_section(task)
        section_label = str(section) if section else ""
        if name_plans:  # a report on several plans says whose section it is
            section_label = f"{task.plan.title} {section_label}".strip()
        rows.append({
            "task_id": task.pk, "position": position, "section": section_label,
            "number": task.number_path, "text": task.text, "lead_units": _units_text(task, UnitRole.LEAD),
            "responsible_units": _units_text(task, UnitRole.RESPONSIBLE), "deadline": task.deadline,
            # as things stood on the report's day: a task completed later was still in progress then
            "deadline_text": task.deadline_text, "work_status": status_on(task.work_status, task.health),
            "health": task.health,
            "is_overdue": bool(task.deadline and task.deadline < as_of.day and not is_completed_on(task, as_of.day)),
            "percent_complete": percent, "source_progress": progress.strip(), "source_problems": problems.strip(),
        })
    return rows


def _unit_said(unit_name: str, text: str) -> str:
    return _("%(unit)s: %(text)s") % {"unit": unit_name, "text": text.strip()}


# ---------------------------------------------------------------------------------------- building


def build_report(period: ReportPeriod, plan: Plan | None = None, *, actor=None,
                 today: datetime.date | None = None) -> BuildResult:
    """Build the report for the period and scope, or rebuild its draft. A final report is refused."""
    report, created = prepare_report(period, plan)
    return rebuild(report, actor=actor, today=today, created=created)


def rebuild(report: Report, *, actor=None, today: datetime.date | None = None, created: bool = False) -> BuildResult:
    """Refresh a draft report from the records: new figures and rows; the office's text stays on rows that
    still exist, and the summary is regenerated unless the office has edited it."""
    from .summary import generate_summary

    if report.is_final:
        raise ReportLocked()
    today = today or district_today()
    period = report.period
    scope = scope_of_report(report.plan)
    as_of = figures.AsOf.for_period(month_start(period.end), today)
    new_figures = compute_figures(scope, period, as_of)
    new_rows = compute_rows(scope, period, as_of, name_plans=report.plan_id is None)

    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.is_final:
            raise ReportLocked()
        before = log.snapshot(report)
        changes = [] if created or not report.built_at else _figure_changes(report.figures, new_figures)
        changes += _apply_rows(report, new_rows, first_build=created or not report.built_at)
        report.figures = new_figures
        report.changes = changes
        report.built_at = timezone.now()
        report.built_by = actor if getattr(actor, "is_authenticated", False) else None
        report.build_state = JobState.DONE
        report.build_error = ""
        if not report.summary_edited:
            report.summary = generate_summary(report)
        report.save()
        note = "built" if created else f"rebuilt: {len(changes)} changes"
        log.record(actor, AuditAction.CREATE if created else AuditAction.UPDATE, report,
                   before=None if created else before, after=log.snapshot(report), note=note)
    return BuildResult(report, created, changes)


def _figure_changes(old: dict, new: dict) -> list[dict]:
    return [
        {"what": "figure", "field": name, "before": old.get(name), "after": new.get(name)}
        for name in HEADLINE_FIGURES
        if old.get(name) != new.get(name)
    ]


def _apply_rows(report: Report, new_rows: list[dict], first_build: bool) -> list[dict]:
    """Write the rows: update those whose task is still there (keeping progress, remark and hidden), add new
    ones, delete those whose task has gone. Returns what changed. A fixed number of queries."""
    existing = {row.task_key: row for row in report.rows.all()}
    changes: list[dict] = []
    to_create: list[ReportRow] = []
    to_update: dict[tuple[str, ...], list[ReportRow]] = {}  # by the fields that changed
    for values in new_rows:
        row = existing.pop(values["task_id"], None)
        if row is None:
            to_create.append(ReportRow(report=report, task_key=values["task_id"], **values))
            if not first_build:
                changes.append({"what": "added", "label": f"{values['number']} {values['text'][:40]}"})
            continue
        for name in WATCHED_FIELDS:
            old, new = getattr(row, name), values[name]
            if old != new:
                changes.append({"what": "changed", "label": str(row), "field": name,
                                "before": _plain(old), "after": _plain(new),
                                "kept_edit": name == "source_progress" and row.progress_edited})
        changed = tuple(name for name, value in values.items() if getattr(row, name) != value)
        if changed:
            for name in changed:
                setattr(row, name, values[name])
            to_update.setdefault(changed, []).append(row)
    for row in existing.values():
        changes.append({"what": "removed", "label": str(row), "had_edits": bool(row.progress_edited or row.remark)})
    if existing:
        ReportRow.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    # Only the fields that changed, in small batches: an UPDATE … CASE statement grows with the batch and the
    # fields, and the database reads it once per row.
    for fields, rows in to_update.items():
        ReportRow.objects.bulk_update(rows, fields, batch_size=100)
    ReportRow.objects.bulk_create(to_create, batch_size=500)
    return changes


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value
