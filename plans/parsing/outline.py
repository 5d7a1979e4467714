"""Building the numbered outline of a plan from its paragraphs and table rows.

Every numbered paragraph opens a node; its rank (一、 > (一) > 1. > (1) > ① > ▲) decides where it nests.
Whether a node is a section or a task is decided later, once the whole outline is known (see
structure.py). What this module settles as it reads:

- labels ("牵头单位:…" lines, or "(牵头单位:…;责任单位:…)" at the end of a task) belong to the node
  just opened; once a node has labels, prose that follows is no longer part of it;
- a paragraph holding several items ("(一)…。(二)…。(三)…") is split at each next number in sequence,
  never at a bracketed numeral that does not continue the sequence or that sits inside quotes;
- the closing part of a document (注:, 主题词:) and web-page footers are noise, not plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .fields import Labels, parse_labels, split_trailing_labels
from .model import ParseWarning
from .text import RANK_ARABIC, RANK_CHAPTER, RANK_PAREN_CN, NumberToken, fold, match_number
from .vocabulary import Vocabulary

_INLINE_CANDIDATE = re.compile(
    r"\(\s*[〇零一二两三四五六七八九十百]+\s*\)|\d{1,3}[.、](?!\d)|\(\d{1,3}\)|[\u2460-\u2473]"
)
_INLINE_KINDS = {"paren_cn", "arabic", "paren_arabic", "circled"}
_SENTENCE_END = "。;!?)】 "
_MAX_SKIP = 3


@dataclass
class Node:
    """A numbered paragraph or table row, with what follows it until the next number."""

    kind: str
    rank: int
    number: str = ""
    value: int | None = None
    title: str = ""
    line: int | None = None
    labels: Labels = field(default_factory=Labels)
    body: list[tuple[str, int | None]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    role: str | None = None
    closed: bool = False

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class TableRow:
    """A row of a task table, already read into fields; `role` is "section" or "task"."""

    role: str
    token: NumberToken | None
    text: str
    labels: Labels
    line: int | None


def split_inline_items(text: str, first: NumberToken) -> list[tuple[NumberToken, str]]:
    """Split a paragraph that opens with `first` wherever the next item of its numbering starts.

    A candidate number counts only after the end of a sentence, outside quotes, and when it
    continues a numbering already open in the paragraph (at most three ahead) or starts a deeper
    one at 1.
    """
    pieces: list[tuple[NumberToken, str]] = []
    chain = [first]
    current, start = first, first.end
    quotes = 0
    scanned = first.end
    folded = fold(text)  # Items are found on the folded text and cut from the text as written.
    for candidate in _INLINE_CANDIDATE.finditer(folded, first.end):
        position = candidate.start()
        segment = folded[scanned:position]
        quotes += segment.count("“") - segment.count("”")
        scanned = position
        if quotes > 0 or folded[position - 1] not in _SENTENCE_END:
            continue
        token = match_number(folded, position)
        if token is None or token.kind not in _INLINE_KINDS:
            continue
        # A number a little ahead still continues the sequence: the item before it is missing, which
        # the sequence check reports, rather than two items being silently read as one.
        continues = any(
            open_.kind == token.kind and open_.value is not None and 0 < token.value - open_.value <= _MAX_SKIP
            for open_ in chain
        )
        deeper = token.rank > current.rank and token.value == 1 and all(t.kind != token.kind for t in chain)
        if not (continues or deeper):
            continue
        pieces.append((current, text[start:position].strip()))
        chain = [open_ for open_ in chain if open_.rank < token.rank] + [token]
        current, start = token, token.end
    pieces.append((current, text[start:].strip()))
    return pieces


class OutlineBuilder:
    """Reads paragraphs (cleaned, as written) and table rows in order and grows the outline."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.root = Node(kind="root", rank=-1)
        self.stack: list[Node] = [self.root]
        self.warnings: list[ParseWarning] = []
        self.noise: list[tuple[int | None, str]] = []
        self.in_tail = False
        self._last_in_parent: dict[tuple[int, str], int] = {}
        self._last_anywhere: dict[str, int] = {}
        self._table_heading_rank: int | None = None

    # --- reading ---------------------------------------------------------------------------

    def add_paragraph(self, text: str, line: int | None, heading_level: int | None = None) -> None:
        if not text:
            return
        token = match_number(text)
        if self.in_tail:
            if not self._continues_top_level(token):
                self.noise.append((line, text))
                return
            self.in_tail = False
        vocabulary = self.vocabulary
        folded = fold(text)
        if vocabulary.tail_regex and vocabulary.tail_regex.search(folded):
            self.in_tail = True
            self.noise.append((line, text))
            return
        if vocabulary.noise_regex and vocabulary.noise_regex.search(folded):
            self.noise.append((line, text))
            return
        labels = parse_labels(text, vocabulary)
        if labels is not None:
            self._attach(labels, line, text)
            return
        if token is not None:
            for index, (item_token, item_text) in enumerate(split_inline_items(text, token)):
                # A Word heading style makes its paragraph a heading, not the items it carries.
                self._open_numbered(item_token, item_text, line, "section" if heading_level and not index else None)
        elif heading_level:
            rank = min(max(heading_level, 1), RANK_ARABIC)
            self._open(Node(kind=f"heading{rank}", rank=rank, title=text, line=line, role="section"))
        else:
            self._add_prose(text, line)

    def start_table(self) -> None:
        self._table_heading_rank = None

    def add_row(self, row: TableRow) -> None:
        token = row.token
        if row.role == "section":
            if token is not None:
                rank, kind = token.rank, token.kind
            else:
                if self._table_heading_rank is None:
                    # Unnumbered heading rows nest under a heading the text already opened, if any.
                    opened = any(node.rank <= RANK_CHAPTER for node in self.stack[1:])
                    self._table_heading_rank = RANK_PAREN_CN if opened else RANK_CHAPTER
                rank, kind = self._table_heading_rank, "table_heading"
            self._open(
                Node(
                    kind=kind,
                    rank=rank,
                    number=token.label if token else "",
                    value=token.value if token else None,
                    title=row.text,
                    line=row.line,
                    role="section",
                )
            )
            return
        rank = token.rank if token is not None and token.kind == "bullet" else RANK_ARABIC
        node = Node(
            kind=token.kind if token else "row",
            rank=rank,
            number=token.label if token else "",
            value=token.value if token else None,
            title=row.text,
            line=row.line,
            role="task",
        )
        self._open(node)
        self._attach(row.labels, row.line, row.text, in_table=True)
        node.closed = True

    # --- internals -------------------------------------------------------------------------

    def _continues_top_level(self, token: NumberToken | None) -> bool:
        top = self.root.children[-1] if self.root.children else None
        return bool(token and top and token.kind == top.kind and token.is_next_after(top.value))

    def _open_numbered(self, token: NumberToken, text: str, line: int | None, role: str | None) -> None:
        text, labels = split_trailing_labels(text, self.vocabulary)
        node = Node(
            kind=token.kind, rank=token.rank, number=token.label, value=token.value, title=text, line=line, role=role
        )
        self._open(node)
        if labels is not None:
            self._attach(labels, line, text)

    def _open(self, node: Node) -> None:
        while self.stack[-1].rank >= node.rank:
            self.stack.pop()
        parent = self.stack[-1]
        self._check_sequence(parent, node)
        parent.children.append(node)
        self.stack.append(node)

    def _check_sequence(self, parent: Node, node: Node) -> None:
        if node.value is None:
            return
        key = (id(parent), node.kind)
        previous = self._last_in_parent.get(key)
        anywhere = self._last_anywhere.get(node.kind)
        if previous is not None:
            expected_ok = node.value == previous + 1
        else:
            # A numbering restarts under each heading, or runs on through the whole plan (1–86).
            expected_ok = node.value == 1 or (anywhere is not None and node.value == anywhere + 1)
        if not expected_ok:
            before = previous if previous is not None else anywhere
            self.warnings.append(
                ParseWarning(
                    node.line,
                    "number_out_of_sequence",
                    _(
                        "Item %(number)s does not follow %(previous)s: a number is missing, repeated or out of "
                        "order. Check the numbering in the document before importing."
                    )
                    % {"number": node.number, "previous": before if before is not None else _("the start")},
                )
            )
        self._last_in_parent[key] = node.value
        self._last_anywhere[node.kind] = node.value

    def _attach(self, labels: Labels, line: int | None, text: str, in_table: bool = False) -> None:
        target = self.stack[-1]
        if target is self.root:
            self.warnings.append(
                ParseWarning(
                    line,
                    "orphan_label",
                    _(
                        'Units are named here before any task: "%(text)s". Move them under their task, or '
                        "assign them after import."
                    )
                    % {"text": text},
                )
            )
            self.noise.append((line, text))
            return
        if not in_table:
            for label in labels.empty:
                self.warnings.append(
                    ParseWarning(
                        line,
                        "empty_label",
                        _('"%(label)s" is followed by nothing. Add the units after the label, or remove it.')
                        % {"label": label},
                    )
                )
        target.labels.merge(labels)
        target.closed = True

    def _add_prose(self, text: str, line: int | None) -> None:
        current = self.stack[-1]
        if current is self.root or current.closed:
            # After a task's labels, unnumbered prose is the document's closing remarks.
            self.noise.append((line, text))
            return
        text, labels = split_trailing_labels(text, self.vocabulary)
        if text:
            current.body.append((text, line))
        if labels is not None:
            self._attach(labels, line, text)
