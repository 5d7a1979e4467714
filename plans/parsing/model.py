"""What the parser returns: the plan's fields, its tree of sections and tasks, warnings and noise.

`ParsedPlan.to_json()` gives the structure the import screen and the command line print; its keys
are part of the product, so change them only together with their readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .targets import TargetSpec
from .unit_names import UnitName


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class ParseWarning:
    """Something a person should check before importing. `line` is the source line, when known."""

    line: int | None
    code: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "code": self.code, "message": self.message}


@dataclass
class ParsedTask:
    """A numbered task, or a sub-item (▲, ①) of one. `number` is the numbering as written without its
    trailing separator ("1", "(一)", "①", "▲"); it is empty for a paragraph of prose."""

    number: str
    text: str
    line: int | None = None
    lead_units: list[UnitName] = field(default_factory=list)
    responsible_units: list[UnitName] = field(default_factory=list)
    leader: str = ""
    deadline: date | None = None
    deadline_text: str = ""
    flags: list[str] = field(default_factory=list)
    targets: list[TargetSpec] = field(default_factory=list)
    subtasks: list[ParsedTask] = field(default_factory=list)

    @property
    def names_units(self) -> bool:
        return bool(self.lead_units or self.responsible_units)

    def walk(self) -> Iterator[ParsedTask]:
        yield self
        for subtask in self.subtasks:
            yield from subtask.walk()

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "lead_units": [unit.to_json() for unit in self.lead_units],
            "responsible_units": [unit.to_json() for unit in self.responsible_units],
            "leader": self.leader,
            "deadline": _iso(self.deadline),
            "deadline_text": self.deadline_text,
            "flags": list(self.flags),
            "targets": [target.to_json() for target in self.targets],
            "subtasks": [subtask.to_json() for subtask in self.subtasks],
            "line": self.line,
        }


@dataclass
class ParsedSection:
    """A heading with the subsections and tasks under it. Untracked sections hold context
    (指导思想, 保障措施) that is kept with the plan but not followed up. `body` is the prose between the
    heading and its first item, one paragraph a line."""

    number: str
    title: str
    tracked: bool = True
    line: int | None = None
    body: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)

    def walk_sections(self) -> Iterator[ParsedSection]:
        yield self
        for section in self.sections:
            yield from section.walk_sections()

    def walk_tasks(self) -> Iterator[ParsedTask]:
        """Top-level tasks of this section and its subsections, in document order of sections."""
        yield from self.tasks
        for section in self.sections:
            yield from section.walk_tasks()

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "body": self.body,
            "tracked": self.tracked,
            "sections": [section.to_json() for section in self.sections],
            "tasks": [task.to_json() for task in self.tasks],
        }


@dataclass
class ParsedPlan:
    """A parsed plan document, ready to be reviewed and imported."""

    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    issued_on: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    sections: list[ParsedSection] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)

    def all_sections(self) -> Iterator[ParsedSection]:
        for section in self.sections:
            yield from section.walk_sections()

    def tasks(self) -> list[ParsedTask]:
        """Top-level tasks (not sub-items) in document order."""
        ordered: list[tuple[int, int, ParsedTask]] = []
        for index, section in enumerate(self.all_sections()):
            ordered.extend((task.line or 0, index, task) for task in section.tasks)
        return [task for _, _, task in sorted(ordered, key=lambda item: (item[0], item[1]))]

    def all_tasks(self) -> list[ParsedTask]:
        """Every task and sub-item."""
        return [item for task in self.tasks() for item in task.walk()]

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON-ready data (dicts, lists, strings, numbers, None)."""
        return {
            "plan": {
                "title": self.title,
                "doc_number": self.doc_number,
                "issuer": self.issuer,
                "issued_on": _iso(self.issued_on),
                "period_start": _iso(self.period_start),
                "period_end": _iso(self.period_end),
            },
            "sections": [section.to_json() for section in self.sections],
            "warnings": [warning.to_json() for warning in self.warnings],
            "noise": list(self.noise),
        }
