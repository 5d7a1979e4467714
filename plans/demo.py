"""Loading the demo district (plans/demo/*.toml): units, groups, people, a plan and months of progress,
so that every page has something real to show right after `make run`."""

import datetime
import random
import tomllib
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from audit import log
from audit.models import AuditAction
from tasks import reporting_day
from tasks.demo import add_demo_activity
from tasks.models import (
    ProgressStatus,
    ProgressUpdate,
    ReviewState,
    Target,
    TargetActual,
    Task,
    TaskUnit,
    UnitRole,
    WorkStatus,
)
from tasks.periods import next_period
from units.directory import UnitDirectory
from units.models import Membership, Unit, UnitAlias, UnitGroup, User

from .models import Plan, Section
from .parsing.unit_names import split_units

DEMO_FILE = Path(__file__).parent / "demo" / "yunxi_2026.toml"
DEMO_PASSWORD = "Duban#2026"


def read_demo(path: Path = DEMO_FILE) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def demo_accounts(data: dict | None = None) -> list[dict]:
    """(username, display name, what they are) for printing the demo logins."""
    return (data or read_demo())["users"]


@transaction.atomic
def load_demo(path: Path = DEMO_FILE, today: datetime.date | None = None) -> Plan | None:
    """Create the demo district. Returns the plan, or None when it is already loaded."""
    data = read_demo(path)
    if Plan.objects.filter(doc_number=data["plan"]["doc_number"]).exists():
        return None
    _load_units(data)
    _load_users(data)
    plan = _load_plan(data)
    today = today or datetime.date.today()
    _load_progress(plan, data["progress"], today)
    add_demo_activity(plan, today)  # an urge, a returned update and a draft, for My work
    return plan


def _load_units(data: dict) -> None:
    for order, spec in enumerate(data["units"]):
        unit, _ = Unit.objects.get_or_create(name=spec["name"], defaults={"kind": spec["kind"], "display_order": order})
        for alias in spec.get("aliases", []):
            UnitAlias.objects.get_or_create(name=alias, defaults={"unit": unit})
    for order, spec in enumerate(data["groups"]):
        group, _ = UnitGroup.objects.get_or_create(
            name=spec["name"],
            defaults={
                "membership": spec["membership"],
                "member_kinds": spec.get("member_kinds", []),
                "display_order": order,
            },
        )
        for alias in spec.get("aliases", []):
            UnitAlias.objects.get_or_create(name=alias, defaults={"group": group})


def _load_users(data: dict) -> None:
    for spec in data["users"]:
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={"display_name": spec["display_name"], "global_role": spec.get("global_role", "")},
        )
        if created:
            if user.global_role == "administrator":
                user.is_staff = user.is_superuser = True
            user.set_password(DEMO_PASSWORD)
            user.save()
        if "unit" in spec:
            Membership.objects.get_or_create(
                user=user, unit=Unit.objects.get(name=spec["unit"]), defaults={"role": spec["role"]}
            )


def _load_plan(data: dict) -> Plan:
    plan = Plan.objects.create(**data["plan"], source_name=DEMO_FILE.name)
    log.record(None, AuditAction.IMPORT, plan, after=log.snapshot(plan), note="demo data")
    directory = UnitDirectory()
    counter = iter(range(1, 100_000))

    def add_tasks(specs, section, parent=None, parent_spec=None):
        for spec in specs:
            if parent_spec and not (spec.get("lead") or spec.get("responsible")):
                # As in documents: a sub-item that names no units is carried out by its task's units.
                spec = {**spec, "lead": parent_spec.get("lead", []), "responsible": parent_spec.get("responsible", [])}
            elif parent_spec and not spec.get("lead"):
                # One naming only the units that carry it out is still led by its task's lead units.
                spec = {**spec, "lead": parent_spec.get("lead", [])}
            task = Task.objects.create(
                plan=plan,
                section=section,
                parent=parent,
                number=spec.get("number", "▲"),
                position=next(counter),
                text=spec["text"],
                deadline=spec.get("deadline"),
                deadline_text=spec.get("deadline_text", ""),
                is_livelihood=spec.get("livelihood", False),
                is_key=spec.get("key", False),
            )
            for role, key in ((UnitRole.LEAD, "lead"), (UnitRole.RESPONSIBLE, "responsible")):
                written = [unit for text in spec.get(key, []) for unit in split_units(text)]
                for position, unit_name in enumerate(written):
                    found = directory.find(unit_name.name)
                    TaskUnit.objects.create(
                        task=task, role=role, position=position, unit=found.unit, group=found.group,
                        name=unit_name.name, qualifier=unit_name.qualifier,
                    )
            for position, target in enumerate(spec.get("targets", [])):
                Target.objects.create(task=task, position=position, **{**target, "value": Decimal(target["value"])})
            add_tasks(spec.get("subtasks", []), section, parent=task, parent_spec=spec)

    def add_sections(specs, parent=None):
        for spec in specs:
            section = Section.objects.create(
                plan=plan, parent=parent, number=spec["number"], title=spec["title"], position=next(counter)
            )
            add_tasks(spec.get("tasks", []), section)
            add_sections(spec.get("sections", []), parent=section)

    add_sections(data["sections"])
    return plan


def _load_progress(plan: Plan, phrases: dict, today: datetime.date) -> None:
    """Monthly updates from each task's first lead unit and first responsible unit, for every month whose
    reporting day is over (tasks/reporting_day.py): last month's on the 6th, this month's too on the 26th — so
    the demo's reports read as a district's would on whatever day it is loaded.

    A few units miss the last month, a few updates are returned or still waiting for review, and one
    task is late, so that every state has an example.
    """
    reviewer = User.objects.filter(global_role="supervisor").first()
    months = []
    period = plan.period_start.replace(day=1)
    while period <= plan.period_end and reporting_day.is_due(period, today):
        months.append(period)
        period = next_period(period)
    tasks = plan.tasks.filter(parent__isnull=True).prefetch_related("task_units", "targets")
    for task in tasks:
        rng = random.Random(f"{plan.doc_number}-{task.number}")
        reporters = [tu.unit for tu in task.lead_units if tu.unit][:1]
        reporters += [tu.unit for tu in task.responsible_units if tu.unit and tu.unit not in reporters][:1]
        finish_month = task.deadline.replace(day=1) if task.deadline else None
        late = task.number == "13"
        for unit in reporters:
            for index, month in enumerate(months):
                is_last = index == len(months) - 1
                if is_last and rng.random() < 0.2:
                    continue  # this unit has not reported yet: the dashboards show it as missing
                done = finish_month is not None and month >= finish_month and not late
                percent = 100 if done else min(95, round(100 * (index + 1) / (len(months) + 2)) + rng.randint(-5, 5))
                status = (
                    ProgressStatus.COMPLETED if done
                    else ProgressStatus.BEHIND if late and index >= len(months) - 3
                    else ProgressStatus.ON_TRACK
                )
                state = ReviewState.ACCEPTED
                if is_last:
                    state = rng.choice([ReviewState.SUBMITTED, ReviewState.SUBMITTED, ReviewState.ACCEPTED,
                                        ReviewState.RETURNED])
                # the evening before the reporting day, district time
                submitted = datetime.datetime.combine(reporting_day.due_on(month), datetime.time(8, 0),
                                                      tzinfo=datetime.UTC) - datetime.timedelta(days=1)
                update = ProgressUpdate.objects.create(
                    task=task, unit=unit, period=month, status=status, percent_complete=max(percent, 0),
                    narrative=rng.choice(phrases["narratives"]),
                    problems=phrases["problems"][4] if late else rng.choice(phrases["problems"]),
                    next_steps=rng.choice(phrases["next_steps"]),
                    review_state=state,
                    submitted_at=submitted,
                    reviewer=reviewer if state in (ReviewState.ACCEPTED, ReviewState.RETURNED) else None,
                    reviewed_at=submitted + datetime.timedelta(days=2) if state != ReviewState.SUBMITTED else None,
                    review_comment="请补充具体数据。" if state == ReviewState.RETURNED else "",
                )
                log.record(None, AuditAction.CREATE, update, note="demo data")
                if unit == reporters[0]:
                    for target in task.targets.all():
                        share = Decimal(percent) / 100
                        value = target.value if target.kind != "absolute" else (target.value * share).quantize(
                            Decimal("0.01"))
                        TargetActual.objects.create(update=update, target=target, value=value)
                if done:
                    break
        if finish_month is not None and months and finish_month <= months[-1] and not late:
            task.work_status = WorkStatus.COMPLETED
            task.completed_on = task.deadline
        elif months:
            task.work_status = WorkStatus.IN_PROGRESS
        task.save(update_fields=["work_status", "completed_on"])
