"""The parser's vocabulary: labels, context headings, noise, unit separators and table header words.

They live in `vocabulary.toml` beside this module, so a district can teach the parser its own words
without touching code: the setting DUBAN_PARSER_VOCABULARY may name an extra file whose lists are
appended to the bundled ones.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PATH = Path(__file__).with_name("vocabulary.toml")

# Unit kinds (units.models.UnitKind values) that a new unit's name can suggest.
UNIT_KIND_GUESSES = ("street", "town", "zone", "enterprise", "branch", "office", "bureau")

# (toml table, key) → attribute name. Every list in the file must be listed here, so that a typo in a
# district's file is reported instead of silently ignored.
_KEYS: dict[tuple[str, str], str] = {
    ("labels", "lead"): "lead_labels",
    ("labels", "responsible"): "responsible_labels",
    ("labels", "cooperating"): "cooperating_labels",
    ("labels", "leader"): "leader_labels",
    ("labels", "deadline"): "deadline_labels",
    ("sections", "context"): "context_titles",
    ("noise", "paragraph"): "noise_patterns",
    ("noise", "tail"): "tail_patterns",
    ("units", "separators"): "unit_separators",
    ("units", "conjunctions"): "unit_conjunctions",
    ("units", "group_prefixes"): "group_prefixes",
    ("units", "suffixes"): "unit_suffixes",
    ("targets", "measure_units"): "measure_units",
    ("flags", "livelihood"): "livelihood_markers",
    ("flags", "key"): "key_markers",
    ("columns", "number"): "number_columns",
    ("columns", "task"): "task_columns",
    ("columns", "lead"): "lead_columns",
    ("columns", "responsible"): "responsible_columns",
    ("columns", "cooperating"): "cooperating_columns",
    ("columns", "deadline"): "deadline_columns",
    ("columns", "leader"): "leader_columns",
    ("guesses", "action_plan_titles"): "action_plan_titles",
    ("guesses", "target_arrangement_titles"): "target_arrangement_titles",
    **{("unit_kinds", kind): f"{kind}_unit_endings" for kind in UNIT_KIND_GUESSES},
}

# Label roles in the order a task lists them; the names match the `*_labels` attributes.
LABEL_ROLES = ("lead", "responsible", "cooperating", "leader", "deadline")
COLUMN_ROLES = ("number", "task", "lead", "responsible", "cooperating", "deadline", "leader")


def _alternation(words: tuple[str, ...]) -> str:
    # Longest first, so that 主要责任单位 wins over 责任单位.
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Vocabulary:
    """Every list of words the parser reads, plus the regular expressions compiled from them."""

    lead_labels: tuple[str, ...] = ()
    responsible_labels: tuple[str, ...] = ()
    cooperating_labels: tuple[str, ...] = ()
    leader_labels: tuple[str, ...] = ()
    deadline_labels: tuple[str, ...] = ()
    context_titles: tuple[str, ...] = ()
    noise_patterns: tuple[str, ...] = ()
    tail_patterns: tuple[str, ...] = ()
    unit_separators: tuple[str, ...] = ()
    unit_conjunctions: tuple[str, ...] = ()
    group_prefixes: tuple[str, ...] = ()
    unit_suffixes: tuple[str, ...] = ()
    measure_units: tuple[str, ...] = ()
    livelihood_markers: tuple[str, ...] = ()
    key_markers: tuple[str, ...] = ()
    number_columns: tuple[str, ...] = ()
    task_columns: tuple[str, ...] = ()
    lead_columns: tuple[str, ...] = ()
    responsible_columns: tuple[str, ...] = ()
    cooperating_columns: tuple[str, ...] = ()
    deadline_columns: tuple[str, ...] = ()
    leader_columns: tuple[str, ...] = ()
    action_plan_titles: tuple[str, ...] = ()
    target_arrangement_titles: tuple[str, ...] = ()
    street_unit_endings: tuple[str, ...] = ()
    town_unit_endings: tuple[str, ...] = ()
    zone_unit_endings: tuple[str, ...] = ()
    enterprise_unit_endings: tuple[str, ...] = ()
    branch_unit_endings: tuple[str, ...] = ()
    office_unit_endings: tuple[str, ...] = ()
    bureau_unit_endings: tuple[str, ...] = ()

    label_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    label_roles: dict[str, str] = field(init=False, repr=False, compare=False)
    noise_regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    tail_regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        roles: dict[str, str] = {}
        for role in LABEL_ROLES:
            for label in getattr(self, f"{role}_labels"):
                roles.setdefault(label, role)
        # The frozen dataclass is built once per vocabulary file; the compiled forms are derived state.
        object.__setattr__(self, "label_roles", roles)
        object.__setattr__(self, "label_pattern", re.compile(rf"(?P<label>{_alternation(tuple(roles))})\s*:\s*"))
        object.__setattr__(self, "noise_regex", _compile_any(self.noise_patterns, "noise.paragraph"))
        object.__setattr__(self, "tail_regex", _compile_any(self.tail_patterns, "noise.tail"))

    def column_words(self, role: str) -> tuple[str, ...]:
        return getattr(self, f"{role}_columns")

    def unit_kind_for(self, name: str) -> str | None:
        """The unit kind a name's ending suggests (the longest matching ending wins), or None."""
        endings = [(ending, kind) for kind in UNIT_KIND_GUESSES for ending in getattr(self, f"{kind}_unit_endings")]
        for ending, kind in sorted(endings, key=lambda pair: len(pair[0]), reverse=True):
            if name.endswith(ending):
                return kind
        return None


def _compile_any(patterns: tuple[str, ...], where: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))
    except re.error as error:
        raise ImproperlyConfigured(f"Parser vocabulary: a pattern in [{where}] is invalid: {error}") from error


def _read(path: Path) -> dict[str, list[str]]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ImproperlyConfigured(f"Parser vocabulary {path} cannot be read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ImproperlyConfigured(f"Parser vocabulary {path} is not valid TOML: {error}") from error
    lists: dict[str, list[str]] = {}
    for table, entries in data.items():
        if not isinstance(entries, dict):
            raise ImproperlyConfigured(f"Parser vocabulary {path}: [{table}] must be a table of lists.")
        for key, words in entries.items():
            attribute = _KEYS.get((table, key))
            if attribute is None:
                raise ImproperlyConfigured(f"Parser vocabulary {path}: unknown list {table}.{key}.")
            if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
                raise ImproperlyConfigured(f"Parser vocabulary {path}: {table}.{key} must be a list of strings.")
            lists[attribute] = words
    return lists


@lru_cache(maxsize=8)
def _load(extra: Path | None, extra_mtime: float | None) -> Vocabulary:
    lists = _read(DEFAULT_PATH)
    if extra is not None:
        for attribute, words in _read(extra).items():
            merged = lists.setdefault(attribute, [])
            merged.extend(word for word in words if word not in merged)
    names = {item.name for item in fields(Vocabulary) if item.init}
    return Vocabulary(**{name: tuple(lists.get(name, ())) for name in names})


def _setting_path() -> str | None:
    from django.conf import settings

    if not settings.configured:
        return None
    return getattr(settings, "DUBAN_PARSER_VOCABULARY", None)


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """The bundled vocabulary, extended by a district's file.

    `path` names that extra file; without it the setting DUBAN_PARSER_VOCABULARY is used, if set.
    The extra file's lists are appended to the bundled ones. Results are cached per file and
    reloaded when the file changes.
    """
    extra = path if path is not None else _setting_path()
    if not extra:
        return _load(None, None)
    extra_path = Path(extra).resolve()
    try:
        mtime = extra_path.stat().st_mtime
    except OSError as error:
        raise ImproperlyConfigured(f"Parser vocabulary {extra_path} cannot be read: {error}") from error
    return _load(extra_path, mtime)
