"""From a Document to a ParsedPlan: front matter, outline, then sections and tasks.

The layouts plans use are told apart per node, not per document, so they can mix:
1. tasks "N." followed by "牵头单位:…" / "责任单位:…" lines;
2. tasks ending in "(牵头单位:A、B;责任单位:C)", with ▲ sub-items that inherit their task's units;
3. sections written as one paragraph of items "(一)…(二)…", ★ marking livelihood projects;
4. prose plans with 一、 / (一) / 1. headings and no units, whose context parts are not tracked;
5. task tables (Word tables, Excel sheets).

A node becomes a section when it has numbered children, when a table row or a Word heading style
says so, or when it is a short heading followed by prose at a level used for headings elsewhere.
Every other node is a task; its ▲/① children are its sub-items.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .deadlines import find_deadline, parse_deadline
from .document import Document, Paragraph
from .fields import Labels, find_targets
from .header import PlanFields, find_date, is_date_line, is_signature_line, period_of, read_front_matter
from .model import ParsedPlan, ParsedSection, ParsedTask, ParseWarning
from .outline import Node, OutlineBuilder, TableRow
from .tables import TableLine, read_table
from .text import BULLET_MARKERS, both_widths, clean, fold, looks_like_heading, match_number
from .vocabulary import Vocabulary, load_vocabulary

_TITLE_TRIM = both_widths(" 。;:,")


def _is_structure(item: Paragraph | TableRow | TableLine, vocabulary: Vocabulary) -> bool:
    """Whether the body starts here: a table row, a Word heading or a numbered paragraph."""
    if isinstance(item, TableRow):
        return True
    if isinstance(item, TableLine):
        return False
    if item.heading_level:
        return True
    token = match_number(item.text)
    if token is None or token.kind == "bullet":
        return False
    return not (vocabulary.noise_regex and vocabulary.noise_regex.search(fold(item.text)))


def _items(document: Document, vocabulary: Vocabulary) -> list[Paragraph | TableRow | TableLine | None]:
    """Paragraphs (cleaned, as written) and table rows in reading order; None marks the start of a table."""
    items: list[Paragraph | TableRow | TableLine | None] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            text = clean(block.text)
            if text:
                items.append(Paragraph(text, block.line, block.heading_level))
        else:
            items.append(None)
            items.extend(read_table(block, vocabulary))
    return items


class _Converter:
    """Turns outline nodes into sections and tasks."""

    def __init__(self, vocabulary: Vocabulary, year: int | None, root: Node) -> None:
        self.vocabulary = vocabulary
        self.year = year
        # Levels that hold headings somewhere in the plan: a bare (一) there is a heading too.
        self.heading_kinds = {
            node.kind
            for node in root.walk()
            if node.role == "section" or any(child.kind != "bullet" for child in node.children)
        } - {"root"}

    def is_section(self, node: Node) -> bool:
        if node.role is not None:
            return node.role == "section"
        if any(child.kind != "bullet" for child in node.children):
            return True
        if node.labels.names_units:
            return False
        if node.kind in self.heading_kinds and (node.body or looks_like_heading(node.title)):
            return True
        return bool(node.body) and looks_like_heading(node.title, allow_full_stop=False)

    def sections(self, root: Node) -> list[ParsedSection]:
        sections: list[ParsedSection] = []
        loose: ParsedSection | None = None
        for child in root.children:
            if self.is_section(child):
                sections.append(self.section(child, Labels()))
                loose = None
                continue
            # Tasks outside any heading are kept in an untitled section, in document order.
            if loose is None:
                loose = ParsedSection(number="", title="", line=child.line)
                sections.append(loose)
            loose.tasks.append(self.task(child, Labels()))
        return sections

    def section(self, node: Node, inherited: Labels) -> ParsedSection:
        section = ParsedSection(number=node.number, title=node.title.strip(_TITLE_TRIM), line=node.line)
        # Units named under a heading apply to its tasks that name none.
        labels = node.labels if node.labels.names_units or node.labels.leader else inherited
        for child in node.children:
            if self.is_section(child):
                section.sections.append(self.section(child, labels))
            else:
                section.tasks.append(self.task(child, labels))
        if node.children:
            # Prose before the section's items introduces them: the section's text, not a task.
            section.body = "\n".join(text for text, _line in node.body)
        else:
            for text, line in node.body:
                section.tasks.append(
                    self._task_from(number="", text=text, line=line, own=Labels(), inherited=labels, children=[])
                )
        return section

    def task(self, node: Node, inherited: Labels) -> ParsedTask:
        text = "\n".join([node.title, *(body for body, _line in node.body)]).strip()
        return self._task_from(node.number, text, node.line, node.labels, inherited, node.children)

    def _task_from(
        self, number: str, text: str, line: int | None, own: Labels, inherited: Labels, children: list[Node]
    ) -> ParsedTask:
        flags: list[str] = []
        folded = fold(text)
        for flag, markers in (("livelihood", self.vocabulary.livelihood_markers), ("key", self.vocabulary.key_markers)):
            if number in markers or any(marker in folded for marker in markers):
                flags.append(flag)
        text = text.lstrip(BULLET_MARKERS + " ")
        lead, responsible = list(own.lead), _responsible(own)
        if not (lead or responsible):
            # A sub-item naming no unit is carried out by its task's units.
            lead, responsible = list(inherited.lead), _responsible(inherited)
        elif not lead:
            # One naming only the units that carry it out is still led by its task's lead units.
            lead = list(inherited.lead)
        if own.deadline:
            deadline = parse_deadline(own.deadline, self.year)
        else:
            deadline = find_deadline(text, self.year)
        task = ParsedTask(
            number=number,
            text=text,
            line=line,
            lead_units=lead,
            responsible_units=responsible,
            leader=own.leader or inherited.leader,
            deadline=deadline.date if deadline else None,
            deadline_text=deadline.text if deadline else "",
            flags=flags,
            targets=find_targets(text, self.vocabulary),
        )
        effective = Labels(lead=lead, responsible=responsible, leader=task.leader)
        task.subtasks = [self.task(child, effective) for child in children]
        return task


def _responsible(labels: Labels) -> list:
    """责任单位 first, then 配合单位: cooperating units are responsible units listed after them."""
    return [*labels.responsible, *(unit for unit in labels.cooperating if unit not in labels.responsible)]


def _mark_context(section: ParsedSection, vocabulary: Vocabulary, parent_tracked: bool = True) -> None:
    """Propose context parts (指导思想, 保障措施 …) as not tracked, unless their tasks name units."""
    names_units = any(task.names_units for sub in section.walk_sections() for task in sub.tasks)
    title = fold(section.title)
    is_context = any(word in title for word in vocabulary.context_titles) and not names_units
    section.tracked = parent_tracked and not is_context
    for child in section.sections:
        _mark_context(child, vocabulary, section.tracked)


def _unit_warnings(plan: ParsedPlan) -> list[ParseWarning]:
    tasks = plan.all_tasks()
    if not any(task.names_units for task in tasks):
        return []
    warnings = []
    tracked = [section for section in plan.all_sections() if section.tracked]
    for section in tracked:
        for top in section.tasks:
            for task in top.walk():
                if not task.names_units:
                    warnings.append(
                        ParseWarning(
                            task.line,
                            "missing_units",
                            _(
                                "Task %(number)s names no lead or responsible unit, while the plan names units for "
                                "other tasks. Check the document, or assign the units after import."
                            )
                            % {"number": task.number or task.text[:20]},
                        )
                    )
    return warnings


def _body(items: list, start: int, builder: OutlineBuilder, fields: PlanFields) -> None:
    for item in items[start:]:
        if item is None:
            builder.start_table()
        elif isinstance(item, TableRow):
            builder.add_row(item)
        elif isinstance(item, TableLine):
            builder.add_paragraph(item.text, item.line)
        elif not item.heading_level and (is_date_line(item.text) or is_signature_line(item.text)):
            # A signature and date after the plan, where some notices place them.
            if is_date_line(item.text) and fields.issued_on is None:
                fields.issued_on = find_date(item.text)
            elif is_signature_line(item.text) and not fields.issuer:
                fields.issuer = item.text
            else:
                builder.noise.append((item.line, item.text))
        else:
            builder.add_paragraph(item.text, item.line, item.heading_level)


def parse(document: Document, vocabulary: Vocabulary | None = None) -> ParsedPlan:
    """Read a plan's fields, its sections and tasks, and what to check before importing it."""
    vocabulary = vocabulary or load_vocabulary()
    items = _items(document, vocabulary)
    start = next(
        (index for index, item in enumerate(items) if item is not None and _is_structure(item, vocabulary)), len(items)
    )
    fields = read_front_matter([item.text for item in items[:start] if item is not None], vocabulary.noise_regex)
    if not fields.title and document.name:
        # No title line: a file named "云溪区2024年重点工作台账.xlsx" still names the plan and its year.
        fields.title = document.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        fields.period_start, fields.period_end = period_of(fields.title)

    builder = OutlineBuilder(vocabulary)
    _body(items, start, builder, fields)
    converter = _Converter(vocabulary, fields.year, builder.root)
    plan = ParsedPlan(
        title=fields.title,
        doc_number=fields.doc_number,
        issuer=fields.issuer,
        issued_on=fields.issued_on,
        period_start=fields.period_start,
        period_end=fields.period_end,
        sections=converter.sections(builder.root),
    )
    for section in plan.sections:
        _mark_context(section, vocabulary)
    body_noise = sorted(builder.noise, key=lambda item: item[0] or 0)
    plan.noise = [*fields.noise, *(text for _line, text in body_noise)]
    plan.warnings = sorted(builder.warnings + _unit_warnings(plan), key=lambda warning: warning.line or 0)
    if not plan.all_tasks():
        plan.warnings.append(
            ParseWarning(
                None,
                "no_tasks",
                _(
                    "No numbered tasks or task table were found. Check that this is the plan itself and that its "
                    "items are numbered (一、 (一) 1.), or paste the text."
                ),
            )
        )
    return plan
