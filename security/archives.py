"""Limits on what an uploaded zip archive (a Word .docx or Excel .xlsx file) may unpack to.

A 1.5 MB .docx can unpack to gigabytes of XML; parsing it took 3.5 GB of memory before failing. The
archive's central directory states every part's packed and unpacked size, so the check reads only that
directory and unpacks nothing. The stated sizes can be trusted as upper bounds for our readers: Python's
zipfile (used by python-docx and openpyxl) stops each part at its stated size and fails its checksum if
more data follows, so a part cannot unpack to more than the directory says.

Every place that opens an uploaded Office file calls check_archive(): the plan import and the check of
files attached to progress updates and applications.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Below this unpacked size a part may be compressed any amount: a small part cannot exhaust memory, and
# short repetitive XML ([Content_Types].xml, empty sheets) compresses very well.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


class ArchiveTooLarge(ValueError):
    """The archive would unpack beyond a limit; the message names the limit and what to do."""


@dataclass(frozen=True)
class ArchiveLimits:
    """How far an uploaded archive may unpack. Read from the settings of the same names."""

    max_entries: int
    max_total_bytes: int
    max_entry_bytes: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> ArchiveLimits:
        return cls(
            max_entries=settings.DUBAN_ARCHIVE_MAX_ENTRIES,
            max_total_bytes=settings.DUBAN_ARCHIVE_MAX_BYTES,
            max_entry_bytes=settings.DUBAN_ARCHIVE_MAX_ENTRY_BYTES,
            max_ratio=settings.DUBAN_ARCHIVE_MAX_RATIO,
        )


def check_archive(archive: zipfile.ZipFile, limits: ArchiveLimits | None = None) -> None:
    """Raise ArchiveTooLarge when the archive has too many parts or would unpack too far."""
    limits = limits or ArchiveLimits.from_settings()
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise ArchiveTooLarge(
            _("The file holds %(count)d parts, more than the %(limit)d a Word or Excel file may have. Open it in "
              "Word, Excel or WPS, save it again and upload the new copy.")
            % {"count": len(entries), "limit": limits.max_entries}
        )
    total = 0
    for entry in entries:
        if entry.file_size > limits.max_entry_bytes:
            raise ArchiveTooLarge(
                _("One part of the file (%(part)s) unpacks to %(size)s, more than the %(limit)s allowed. Remove "
                  "large pictures or split the document into smaller files, then upload it again.")
                % {"part": entry.filename[:80], "size": filesizeformat(entry.file_size),
                   "limit": filesizeformat(limits.max_entry_bytes)}
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECKED_FROM_BYTES and ratio > limits.max_ratio:
            raise ArchiveTooLarge(
                _("One part of the file (%(part)s) is compressed %(ratio)d times, more than the %(limit)d times "
                  "a genuine Word or Excel file needs. Open the file in Word, Excel or WPS, save it again and "
                  "upload the new copy.")
                % {"part": entry.filename[:80], "ratio": ratio, "limit": limits.max_ratio}
            )
        total += entry.file_size
        if total > limits.max_total_bytes:
            raise ArchiveTooLarge(
                _("Unpacked, the file takes more than the %(limit)s allowed. Remove large pictures or split the "
                  "document into smaller files, then upload it again.")
                % {"limit": filesizeformat(limits.max_total_bytes)}
            )
