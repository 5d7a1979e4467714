"""The Chinese catalogue is complete and compiled, so every page is Chinese without extra tools."""

import ast
import re
from pathlib import Path

import polib

from config.compile_messages import LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
PO = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
APPS = ["config", "units", "plans", "tasks", "reports", "audit", "api", "supervision", "security", "operations",
        "reminders", "templates"]
TEMPLATE_STRING = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
PYTHON_STRING = re.compile(r"""\b_\(\s*((["'])(?:\\.|(?!\2).)*\2)\s*[,)]""")


def used_msgids() -> set[str]:
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix == ".html":
                found |= {m[1] for m in TEMPLATE_STRING.findall(path.read_text())}
            elif path.suffix == ".py" and "migrations" not in path.parts:
                found |= {ast.literal_eval(m[0]) for m in PYTHON_STRING.findall(path.read_text())}
    return found


def test_every_string_in_the_code_has_a_chinese_translation():
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(PO))}
    untranslated = sorted(
        msgid for msgid in used_msgids()
        if msgid not in catalogue or not catalogue[msgid].msgstr or catalogue[msgid].fuzzy
    )
    assert not untranslated, f"add these to {PO.relative_to(ROOT)} and run `make messages`: {untranslated}"


def test_compiled_catalogue_matches_the_source(tmp_path):
    fresh = tmp_path / "django.mo"
    polib.pofile(str(PO)).save_as_mofile(str(fresh))
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(PO.with_suffix(".mo")))}
    expected = {entry.msgid: entry.msgstr for entry in polib.mofile(str(fresh))}
    assert compiled == expected, "run `make messages` to recompile locale/zh_Hans/LC_MESSAGES/django.mo"


def test_the_language_can_be_chosen_on_the_login_page_before_signing_in(client, db):
    """Someone who reads no Chinese switches to English on the login page itself."""
    from django.urls import reverse

    login = reverse("login")
    assert "Language" not in client.get(login).content.decode()  # Chinese by default
    switched = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert switched.status_code == 302 and switched["Location"] == login
    page = client.get(login).content.decode()
    assert "Log in to Duban" in page and "Language" in page
