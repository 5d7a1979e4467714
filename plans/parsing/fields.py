"""The fields of a task: labelled units, leader and deadline, plus the extractors the parser uses.

Plans label a task's units in two ways: on lines of their own ("牵头单位:区发改局") or in brackets at
the end of the task ("…。(牵头单位:发改委、统计局;责任单位:经委)"). Both are read here into Labels.
Labels are found on the folded text (see text.py); the values are cut from the text as written.
The value extractors live in their own modules and are re-exported so callers import from one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .deadlines import Deadline, find_deadline, parse_deadline
from .targets import TargetSpec, find_targets
from .text import both_widths, fold
from .unit_names import UnitName, split_units
from .vocabulary import Vocabulary

__all__ = [
    "Deadline",
    "Labels",
    "TargetSpec",
    "UnitName",
    "find_deadline",
    "find_targets",
    "parse_deadline",
    "parse_labels",
    "split_trailing_labels",
    "split_units",
]

_VALUE_TRIM = both_widths(" ;,。.、")
_BRACKETS = {")": "(", "】": "【", "]": "["}


@dataclass
class Labels:
    """What a task's labels say. `empty` lists the labels written with nothing after them."""

    lead: list[UnitName] = field(default_factory=list)
    responsible: list[UnitName] = field(default_factory=list)
    cooperating: list[UnitName] = field(default_factory=list)
    leader: str = ""
    deadline: str = ""
    empty: list[str] = field(default_factory=list)

    def merge(self, other: Labels) -> None:
        for role in ("lead", "responsible", "cooperating"):
            mine = getattr(self, role)
            if not mine:
                mine.extend(getattr(other, role))
                continue
            seen = set(mine)
            mine.extend(unit for unit in getattr(other, role) if unit not in seen)
        self.leader = self.leader or other.leader
        self.deadline = self.deadline or other.deadline
        self.empty.extend(other.empty)

    @property
    def names_units(self) -> bool:
        return bool(self.lead or self.responsible or self.cooperating)


def _read_labels(text: str, vocabulary: Vocabulary) -> Labels:
    """Read a run of "label:value" pairs; `text` must start with a label."""
    labels = Labels()
    matches = list(vocabulary.label_pattern.finditer(fold(text)))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip(_VALUE_TRIM)
        label = match.group("label")
        role = vocabulary.label_roles[label]
        if not value:
            labels.empty.append(label)
        elif role == "leader":
            labels.leader = f"{labels.leader}、{value}" if labels.leader else value
        elif role == "deadline":
            labels.deadline = value
        else:
            target = getattr(labels, role)
            seen = set(target)
            target.extend(unit for unit in split_units(value, vocabulary) if unit not in seen)
    return labels


def parse_labels(text: str, vocabulary: Vocabulary) -> Labels | None:
    """The labels of a line that holds nothing else ("牵头单位:区发改局", "(责任单位:各街道)")."""
    stripped = text.strip()
    if fold(stripped[:1]) in "(【[" and fold(stripped[-1:]) in ")】]":
        stripped = stripped[1:-1].strip()
    if not vocabulary.label_pattern.match(fold(stripped)):
        return None
    return _read_labels(stripped, vocabulary)


def _opening_of_final_bracket(text: str) -> int | None:
    closing = text[-1:]
    opening = _BRACKETS.get(closing)
    if opening is None:
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == closing:
            depth += 1
        elif text[index] == opening:
            depth -= 1
            if depth == 0:
                return index
    return None


def split_trailing_labels(text: str, vocabulary: Vocabulary) -> tuple[str, Labels | None]:
    """Separate the labels a task ends with from its text.

    Reads "(牵头单位:A;责任单位:B)" groups at the end (several in a row too), or, without brackets,
    labels that follow the last sentence ("…。牵头单位:A 责任单位:B").
    """
    found: Labels | None = None
    while True:
        # Trimming 。 and spaces shortens the folded and the written text alike.
        folded = fold(text).rstrip("。 ")
        opening = _opening_of_final_bracket(folded)
        if opening is None:
            break
        if not vocabulary.label_pattern.match(folded[opening + 1 : -1].strip()):
            break
        inner = text[opening + 1 : len(folded) - 1].strip()
        labels = _read_labels(inner, vocabulary)
        if found is None:
            found = labels
        else:
            # Reading from the end backwards: earlier groups come first.
            labels.merge(found)
            found = labels
        text = text[:opening].rstrip()
    if found is not None:
        return text, found
    folded = fold(text)
    for match in vocabulary.label_pattern.finditer(folded):
        if match.start() > 0 and folded[match.start() - 1] in "。; ":
            labels, more = _labels_then_sentence(text[match.start() :], vocabulary)
            task_text = text[: match.start()].rstrip()
            if more:  # the sentence goes back where the labels were, after their full stop or space
                task_text += more if folded[match.start() - 1] == "。" else f" {more}"
            return task_text, _read_labels(labels, vocabulary)
    return text, None


def _labels_then_sentence(text: str, vocabulary: Vocabulary) -> tuple[str, str]:
    """Split "牵头单位:A;责任单位:B。2026年底前完成。" into the labels and the sentence after them: a full
    stop ends the last label's value, and what follows it is more of the task (a deadline, say)."""
    folded = fold(text)
    labels = list(vocabulary.label_pattern.finditer(folded))
    stop = _full_stop_outside_brackets(folded, labels[-1].end()) if labels else -1
    if stop == -1 or not folded[stop + 1 :].strip():
        return text, ""
    return text[:stop], text[stop + 1 :].strip()


def _full_stop_outside_brackets(folded: str, start: int) -> int:
    """The first 。 from `start` that is not inside brackets ("区住建委(负责设计。)" keeps its 。), or -1."""
    depth = 0
    for index in range(start, len(folded)):
        character = folded[index]
        if character in _BRACKETS.values():
            depth += 1
        elif character in _BRACKETS and depth:
            depth -= 1
        elif character == "。" and depth == 0:
            return index
    return -1
