"""The number a task is known by — "二(三)15", "三(一)11▲2" — the one numbering every page, export, report and
the API print.

A numbered task is its sections' numbers and its own: 二(三)15. A sub-item numbered in the document keeps its
number after its task's: 二(三)15(1), 二(三)15①. A ▲ sub-item has no number in the document (nor has any item
marked only by a bullet, or not marked at all), so it takes ▲ and its place among its task's unnumbered
sub-items: the second ▲ under 三(一)11 is 三(一)11▲2 — how an office says it ("十一项第二个▲"), with the ▲ the
reader sees in the document. Not 11-2: in a Chinese list a dash reads as a range (第11-12项). Unnumbered tasks
sitting directly in a section are counted the same way: 三(二)▲1, 三(二)▲2.

The place is stored (`Task.ordinal`) when the item is created, not recomputed from its siblings: list pages
then need no query per row, and a number once printed in a report never passes to another item when a sibling
is deleted — a meeting's ▲3 stays ▲3.
"""

import unicodedata
from collections.abc import Iterable
from typing import Protocol

# Marks that stand in front of an item instead of a number (plans.parsing.text.BULLET_MARKERS).
BULLETS = "▲△★☆■□●◆◇▶►•"
MARK = "▲"


class Numbered(Protocol):
    number: str
    ordinal: int | None
    parent_id: int | None
    section_id: int | None
    plan_id: int


def compact(number: str) -> str:
    """"二、" → "二", "（三）" → "(三)", "15." → "15": the form a number takes inside a path."""
    return unicodedata.normalize("NFKC", number or "").strip().rstrip("、.．").strip()


def is_unnumbered(number: str) -> bool:
    """Whether the document gave the item no number of its own: only a bullet (▲, ★ …) or nothing."""
    return not compact(number).strip(BULLETS).strip()


def own_number(task: Numbered) -> str:
    """The item's part of the path: its number as written, or ▲ and its place."""
    if is_unnumbered(task.number):
        return f"{MARK}{task.ordinal}" if task.ordinal else MARK
    return compact(task.number)


def number_path(task) -> str:
    """The full number: the sections' numbers, the task's, and a sub-item's own. Reads `task.section` (and
    its parents) or `task.parent`, so list pages select_related them."""
    if task.parent_id:
        return number_path(task.parent) + own_number(task)
    parts = []
    section = task.section
    while section is not None:
        parts.append(compact(section.number))
        section = section.parent
    parts.reverse()
    parts.append(own_number(task))
    return "".join(parts)


def sibling_key(task: Numbered) -> tuple:
    """Items counted together: the sub-items of one task, or the tasks sitting directly in one section."""
    return ("parent", task.parent_id) if task.parent_id else ("section", task.plan_id, task.section_id)


def number_in_order(tasks: Iterable[Numbered], after: int = 0) -> None:
    """Give each unnumbered item of `tasks` — siblings, in document order — that has no place yet the next one
    after `after`. Items that have one keep it."""
    last = after
    for task in tasks:
        if is_unnumbered(task.number) and not task.ordinal:
            last += 1
            task.ordinal = last


def number_all(tasks: Iterable[Numbered]) -> list:
    """Number every group of siblings among `tasks` (all of a plan's, say) in document order, after the places
    the group has already given; returns the items given a place, for a bulk update."""
    groups: dict[tuple, list] = {}
    for task in sorted(tasks, key=lambda task: (task.position, task.pk or 0)):
        groups.setdefault(sibling_key(task), []).append(task)
    changed = []
    for siblings in groups.values():
        unplaced = [task for task in siblings if is_unnumbered(task.number) and not task.ordinal]
        number_in_order(unplaced, after=max((task.ordinal or 0 for task in siblings), default=0))
        changed.extend(unplaced)
    return changed
