"""The progress tests' small district (tests/progress/conftest.py) serves the workflow tests too.

Services' refusals are matched against their English text (the message ids); pages are checked in
Chinese through the catalogue, with gettext, so the tests hold whether or not the catalogue has
been merged yet."""

import pytest
from django.utils import translation

from tests.progress.conftest import _fixed_today, world  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


def chinese(msgid: str) -> str:
    """What the page shows for `msgid` (Chinese once the catalogue has it)."""
    with translation.override("zh-hans"):
        return translation.gettext(msgid)
