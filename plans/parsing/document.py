"""A document as the parser sees it: paragraphs and tables in reading order, whatever the file type."""

from __future__ import annotations

from dataclasses import dataclass, field

from safe_text.cleaning import clean_text


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (one line of a text file). `line` is where it starts in the source, counted from
    1: the line of a text file, the paragraph of a Word file. `heading_level` comes from a Word
    heading style ("Heading 2" → 2) when there is one."""

    text: str
    line: int | None = None
    heading_level: int | None = None

    def __post_init__(self):
        # The input rule, once for every reader (pasted text, .txt, Word, Excel): Word's manual line break
        # becomes a line break, ESC and the like are dropped.
        object.__setattr__(self, "text", clean_text(self.text))


@dataclass(frozen=True)
class Table:
    """A table: every row as complete as the merged cells allow. `lines` gives each row's position in
    the source (the sheet row of a spreadsheet) and `title` the sheet name."""

    rows: list[list[str]]
    lines: list[int] | None = None
    title: str = ""

    def __post_init__(self):
        object.__setattr__(self, "rows", [[clean_text(cell) for cell in row] for row in self.rows])

    def line_of(self, index: int) -> int | None:
        return self.lines[index] if self.lines and index < len(self.lines) else None


@dataclass
class Document:
    """The blocks of a document in order, the name of the file it came from, and for a text file the
    encoding it was read in (a key of encodings.ENCODING_NAMES)."""

    blocks: list[Paragraph | Table] = field(default_factory=list)
    name: str = ""
    encoding: str = ""

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [block for block in self.blocks if isinstance(block, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]
