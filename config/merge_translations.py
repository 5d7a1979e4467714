"""Merge a JSON file of {English msgid: Chinese text} into the Chinese catalogue, then compile it.

Used after `makemessages`: whoever adds strings writes their translations in a small JSON file and
merges it here, so parallel work never edits the same .po lines by hand. Keys may be "context\x04msgid"
for pgettext strings. Unknown msgids are reported, not added: run makemessages first.
"""

import json
import sys
from pathlib import Path

import polib

from config.compile_messages import compile_all

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def merge(translations: dict[str, str], po_path: Path = PO_PATH) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    unknown = []
    for key, chinese in translations.items():
        context, _, msgid = key.rpartition("\x04")
        entry = catalogue.find(msgid, msgctxt=context or False)
        if entry is None:
            unknown.append(key)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: chinese}
        else:
            entry.msgstr = chinese
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue.save()
    return unknown


if __name__ == "__main__":
    missing = []
    for name in sys.argv[1:]:
        missing += merge(json.loads(Path(name).read_text(encoding="utf-8")))
    compile_all()
    for key in missing:
        print(f"not in the catalogue (run makemessages first): {key!r}")
    sys.exit(1 if missing else 0)
