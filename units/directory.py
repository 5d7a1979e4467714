"""Looking up the unit or group a document means by a name as written.

Names are compared after folding full-width punctuation and spaces, so "区工信局" and "区工信局 "
are the same name. A name that matches nothing is reported, never guessed.
"""

import unicodedata
from dataclasses import dataclass

from .models import Unit, UnitAlias, UnitGroup


def name_key(name: str) -> str:
    """The form under which names are compared: NFKC (full-width → half-width), no spaces."""
    return "".join(unicodedata.normalize("NFKC", name).split())


@dataclass(frozen=True)
class Match:
    unit: Unit | None = None
    group: UnitGroup | None = None

    @property
    def found(self) -> bool:
        return self.unit is not None or self.group is not None


class UnitDirectory:
    """Every unit, group and alias, loaded once (three queries) for matching many names."""

    def __init__(self) -> None:
        self._by_key: dict[str, Match] = {}
        for unit in Unit.objects.all():
            self._by_key[name_key(unit.name)] = Match(unit=unit)
        for group in UnitGroup.objects.all():
            self._by_key.setdefault(name_key(group.name), Match(group=group))
        for alias in UnitAlias.objects.select_related("unit", "group"):
            self._by_key.setdefault(name_key(alias.name), Match(unit=alias.unit, group=alias.group))

    def find(self, name: str) -> Match:
        return self._by_key.get(name_key(name), Match())
