"""Turning a parsed document into a plan: matching unit names, the preview's choices, and the save.

The parser (plans.parsing) reads a file into JSON-ready data; this module decides what of it becomes
records. Saving is one transaction: a failed import leaves the database as it was.
"""

import datetime
import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from audit import log
from audit.models import AuditAction
from tasks import calendar_window, limits, numbering, periods
from tasks.models import Target, Task, TaskUnit, UnitRole
from units.directory import Match, UnitDirectory, name_key
from units.models import Unit, UnitAlias, UnitGroup, UnitKind

from . import parsing
from .models import Plan, PlanKind, PlanStatus, Section
from .parsing.encodings import encoding_name

# What to do with a section: follow it up, keep it as context only, or leave it out.
TRACKED, CONTEXT, SKIP = "tracked", "context", "skip"
# What to do with a name that matched no unit: keep it as written, or create a unit for it.
KEEP, NEW = "keep", "new"


class ImportRejected(ValueError):
    """The import cannot go ahead; the message tells the user why and what to do."""


@dataclass
class SourceDocument:
    """A document read and parsed, before anything is saved."""

    name: str
    text: str
    parsed: dict
    encoding: str = ""  # what a text file was read in (parsing.encodings); empty for Word, Excel, pasted text

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)

    @property
    def encoding_name(self) -> str:
        return encoding_name(self.encoding) if self.encoding else ""


def fingerprint(text: str) -> str:
    """The same document gives the same fingerprint whatever its punctuation width or spacing."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(folded.encode()).hexdigest()


def document_text(document: parsing.Document) -> str:
    lines = []
    for block in document.blocks:
        if isinstance(block, parsing.Table):
            lines.extend("\t".join(row) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def read_source(*, data: bytes | None = None, filename: str = "", text: str | None = None,
                max_bytes: int | None = None) -> SourceDocument:
    """Read an uploaded file or pasted text and parse it. Raises UnreadableDocument for bad input."""
    if text is not None:
        document = parsing.read_text(text)
    else:
        kwargs = {"max_bytes": max_bytes} if max_bytes else {}
        document = parsing.read_document(data or b"", filename, **kwargs)
    parsed = parsing.parse(document).to_json()
    if not any(True for _ in iter_tasks(parsed)) and not parsed["sections"]:
        raise parsing.UnreadableDocument(
            _("No sections or numbered tasks were found. Check that this is a plan document with headings "
              "such as 一、 and numbered tasks such as 1. or (一), then try again.")
        )
    return SourceDocument(name=filename, text=document_text(document), parsed=parsed, encoding=document.encoding)


# ------------------------------------------------------------------------------------------ walking


def iter_sections(parsed: dict) -> Iterator[tuple[str, dict]]:
    """(path, section) in document order; a path is "1", "1.2", … counting from 1."""

    def walk(sections, prefix):
        for index, section in enumerate(sections, start=1):
            path = f"{prefix}{index}"
            yield path, section
            yield from walk(section["sections"], path + ".")

    yield from walk(parsed["sections"], "")


def iter_tasks(parsed: dict) -> Iterator[dict]:
    """Every task and sub-item of the document."""

    def walk(tasks):
        for task in tasks:
            yield task
            yield from walk(task["subtasks"])

    for _path, section in iter_sections(parsed):
        yield from walk(section["tasks"])


def unit_names(parsed: dict) -> list[str]:
    """Each distinct unit name the document uses, in order of first appearance."""
    seen: dict[str, str] = {}
    for task in iter_tasks(parsed):
        for entry in task["lead_units"] + task["responsible_units"]:
            seen.setdefault(name_key(entry["name"]), entry["name"])
    return list(seen.values())


def match_names(parsed: dict, directory: UnitDirectory) -> dict[str, Match]:
    return {name: directory.find(name) for name in unit_names(parsed)}


def duplicates_of(source: SourceDocument) -> list[Plan]:
    """Plans already imported from the same document (same text, or same 文号 and title)."""
    plan = source.parsed["plan"]
    same = Plan.objects.filter(source_hash=source.fingerprint)
    if plan.get("doc_number"):
        same = same | Plan.objects.filter(doc_number=plan["doc_number"], title=plan.get("title", ""))
    return list(same.distinct())


# ------------------------------------------------------------------------------------------ choices


@dataclass
class ImportChoices:
    """What the person decided in the preview. Defaults import everything as the parser proposed."""

    plan_fields: dict = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    new_unit_kinds: dict[str, str] = field(default_factory=dict)
    allow_duplicate: bool = False

    def section_choice(self, path: str, section: dict) -> str:
        return self.sections.get(path) or (TRACKED if section["tracked"] else CONTEXT)


def _parse_date(value, label: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ImportRejected(
            _("%(field)s is not a date: %(value)s. Write it as YYYY-MM-DD, e.g. 2026-03-28.")
            % {"field": label, "value": value}
        ) from None
    if not calendar_window.in_window(day):
        raise ImportRejected(
            _("%(field)s %(value)s is outside the dates Duban accepts: write a day from %(first)s to %(last)s.")
            % {"field": label, "value": value, "first": calendar_window.EARLIEST, "last": calendar_window.LATEST}
        )
    return day


def proposed_status(period_end, today: datetime.date | None = None) -> str:
    """The status a plan is imported with unless the office chooses another: closed when its period is already
    over (an old plan imported for the record), else active. A closed plan is left out of the dashboards, the
    reports on all active plans and the reminders; imported as active, its tasks would count there as in
    progress with no update ever given."""
    if isinstance(period_end, str):
        try:
            period_end = datetime.date.fromisoformat(period_end)
        except ValueError:
            period_end = None
    ended = isinstance(period_end, datetime.date) and period_end < (today or periods.today())
    return PlanStatus.CLOSED if ended else PlanStatus.ACTIVE


def _task_text(spec: dict) -> str:
    """The task's text; a text longer than a task may be (tasks/limits.py) refuses the document, naming it."""
    text = spec["text"]
    if len(text) > limits.TASK_TEXT:
        raise ImportRejected(
            _("Task %(number)s (line %(line)s) is %(length)s characters long; a task may have at most %(limit)s. "
              "Shorten it in the document, or split it into several tasks, and import again.")
            % {"number": spec.get("number") or "-", "line": spec.get("line") or "-", "length": len(text),
               "limit": limits.TASK_TEXT}
        )
    return text


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _resolve_choices(parsed: dict, choices: ImportChoices, directory: UnitDirectory) -> dict[str, Match]:
    """The unit or group each name stands for after the person's choices; creates the new units."""
    resolved = match_names(parsed, directory)
    units = Unit.objects.in_bulk([int(c.split(":")[1]) for c in choices.names.values() if c.startswith("unit:")])
    groups = UnitGroup.objects.in_bulk(
        [int(c.split(":")[1]) for c in choices.names.values() if c.startswith("group:")]
    )
    for name, choice in choices.names.items():
        if name not in resolved or choice in ("", KEEP):
            continue
        kind, _sep, ident = choice.partition(":")
        if kind == "unit" and ident.isdigit() and int(ident) in units:
            resolved[name] = Match(unit=units[int(ident)])
        elif kind == "group" and ident.isdigit() and int(ident) in groups:
            resolved[name] = Match(group=groups[int(ident)])
        elif choice == NEW:
            unit_kind = choices.new_unit_kinds.get(name) or UnitKind.OTHER
            if unit_kind not in UnitKind.values:
                raise ImportRejected(_("Unknown kind of unit for %(name)s.") % {"name": name})
            unit, _created = Unit.objects.get_or_create(name=name, defaults={"kind": unit_kind})
            resolved[name] = Match(unit=unit)
            continue
        else:
            raise ImportRejected(
                _("The unit chosen for %(name)s no longer exists. Reload the preview and choose again.")
                % {"name": name}
            )
        # Remember the mapping, so the next document that uses this name matches by itself.
        target = resolved[name]
        if name_key(name) != name_key(str(target.unit or target.group)):
            UnitAlias.objects.get_or_create(name=name, defaults={"unit": target.unit, "group": target.group})
    return resolved


# --------------------------------------------------------------------------------------------- save


@transaction.atomic
def import_plan(source: SourceDocument, *, actor=None, choices: ImportChoices | None = None) -> Plan:
    """Save the document as a plan with its sections, tasks, units and targets, all or nothing."""
    choices = choices or ImportChoices()
    if not choices.allow_duplicate:
        existing = duplicates_of(source)
        if existing:
            raise ImportRejected(
                _("This document was already imported as “%(title)s”. Open that plan, or tick "
                  "“import again” to make a second copy.") % {"title": existing[0].title}
            )
    fields = {**source.parsed["plan"], **{k: v for k, v in choices.plan_fields.items() if v is not None}}
    title = (fields.get("title") or "").strip()
    if not title:
        raise ImportRejected(_("The plan needs a title. Type it in the preview and confirm again."))
    period_end = _parse_date(fields.get("period_end"), _("Period end"))
    plan = Plan.objects.create(
        title=title[:300],
        doc_number=(fields.get("doc_number") or "")[:100],
        issuer=(fields.get("issuer") or "")[:200],
        issued_on=_parse_date(fields.get("issued_on"), _("Issue date")),
        period_start=_parse_date(fields.get("period_start"), _("Period start")),
        period_end=period_end,
        kind=fields.get("kind") or PlanKind.TASK_BREAKDOWN,
        status=fields.get("status") or proposed_status(period_end),
        source_text=source.text,
        source_name=source.name[:255],
        source_hash=source.fingerprint,
    )
    if plan.kind not in PlanKind.values or plan.status not in PlanStatus.values:
        raise ImportRejected(_("Choose the plan's kind and status from the lists."))
    resolved = _resolve_choices(source.parsed, choices, UnitDirectory())
    tasks = _save_tree(plan, source.parsed, choices, resolved)
    log.record(actor, AuditAction.IMPORT, plan, after=log.snapshot(plan),
               note=_("%(count)d tasks from %(source)s") % {"count": len(tasks), "source": source.name or "-"})
    log.record_many(actor, AuditAction.IMPORT, tasks)
    return plan


def _save_tree(plan: Plan, parsed: dict, choices: ImportChoices, resolved: dict[str, Match]) -> list[Task]:
    position = 0
    sections: dict[str, Section] = {}
    pending: list[tuple[Task, dict, str, str | None]] = []  # (task, its parsed form, key, parent's key)

    def collect(task_specs, section, parent_key, prefix):
        nonlocal position
        siblings = []
        for index, spec in enumerate(task_specs):
            position += 1
            key = f"{prefix}{index}"
            flags = spec.get("flags", [])
            task = Task(
                plan=plan, section=section, number=spec["number"][:20], position=position, text=_task_text(spec),
                deadline=_parse_date(spec.get("deadline"), _("Deadline")),
                deadline_text=(spec.get("deadline_text") or "")[:100],
                is_livelihood="livelihood" in flags, is_key="key" in flags, leader_post=spec.get("leader", "")[:200],
            )
            pending.append((task, spec, key, parent_key))
            siblings.append(task)
            collect(spec["subtasks"], section, key, key + ".")
        numbering.number_in_order(siblings)  # ▲1, ▲2 … among this task's sub-items or this section's tasks

    for path, spec in iter_sections(parsed):
        choice = choices.section_choice(path, spec)
        parent_path = path.rpartition(".")[0]
        if choice == SKIP or (parent_path and parent_path not in sections):
            continue  # a skipped section takes its subsections with it
        position += 1
        sections[path] = Section.objects.create(
            plan=plan, parent=sections.get(parent_path), number=spec["number"][:20], title=spec["title"][:500],
            body=spec.get("body", ""), position=position, is_tracked=choice == TRACKED,
        )
        collect(spec["tasks"], sections[path], None, path + ":")

    # Parents before children: save level by level so each sub-item can point at its saved task.
    saved: dict[str, Task] = {}
    level = [item for item in pending if item[3] is None]
    while level:
        for task, _spec, _key, parent_key in level:
            task.parent = saved.get(parent_key)
        Task.objects.bulk_create([item[0] for item in level])
        saved.update({key: task for task, _spec, key, _parent in level})
        level = [item for item in pending if item[3] in saved and item[2] not in saved]

    task_units, targets = [], []
    for task, spec, _key, _parent in pending:
        for role, entries in ((UnitRole.LEAD, spec["lead_units"]), (UnitRole.RESPONSIBLE, spec["responsible_units"])):
            for order, entry in enumerate(entries):
                match = resolved.get(entry["name"]) or Match()
                task_units.append(TaskUnit(
                    task=task, role=role, position=order, unit=match.unit, group=match.group,
                    name=entry["name"][:100], qualifier=(entry.get("qualifier") or "")[:100],
                ))
        targets.extend(_target(task, order, spec_target) for order, spec_target in enumerate(spec["targets"]))
    TaskUnit.objects.bulk_create(task_units)
    Target.objects.bulk_create([target for target in targets if target is not None])
    return [item[0] for item in pending]


def _target(task: Task, order: int, spec: dict) -> Target | None:
    value = _decimal(spec.get("value"))
    if value is None:
        return None
    upper = _decimal(spec.get("upper_value"))
    if upper is not None and upper < value:
        upper = None
    comparator = spec.get("comparator") or "about"
    if comparator == "range" and upper is None:
        comparator = "eq"
    return Target(
        task=task, position=order, text=spec["text"][:300], metric=(spec.get("metric") or "")[:200],
        comparator=comparator, value=value, upper_value=upper,
        measure_unit=(spec.get("measure_unit") or "")[:30], kind=spec.get("kind") or "absolute",
    )


def preview_tree(parsed: dict, matches: dict[str, Match]) -> list[dict]:
    """The parsed sections annotated for the preview: each unit name with what it matched, and each
    warning placed beside the task or section on its line."""
    by_line: dict[int | None, list[dict]] = {}
    for warning in parsed["warnings"]:
        by_line.setdefault(warning.get("line"), []).append(warning)

    def units(entries):
        return [{**entry, "match": matches.get(entry["name"]) or Match()} for entry in entries]

    def task(spec):
        return {
            **spec,
            "lead": units(spec["lead_units"]),
            "responsible": units(spec["responsible_units"]),
            "warnings": by_line.get(spec.get("line"), []) if spec.get("line") is not None else [],
            "children": [task(child) for child in spec["subtasks"]],
        }

    def section(spec, path):
        return {
            **spec,
            "path": path,
            "warnings": by_line.get(spec.get("line"), []) if spec.get("line") is not None else [],
            "items": [task(child) for child in spec["tasks"]],
            "children": [section(child, f"{path}.{i}") for i, child in enumerate(spec["sections"], start=1)],
        }

    return [section(spec, str(i)) for i, spec in enumerate(parsed["sections"], start=1)]
