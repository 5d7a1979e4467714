"""Checking files attached to progress updates by what they contain, not by what they are called.

Allowed: PDF, Word (.docx), Excel (.xlsx), JPEG and PNG. A program renamed to report.pdf starts with
"MZ", not "%PDF", and is refused before anything is saved. A Word or Excel file that would unpack beyond the
archive limits (security/archives.py) is refused too.
"""

import os
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from security.archives import ArchiveTooLarge, check_archive


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("PDF", "application/pdf", (".pdf",))
PNG = FileType("PNG", "image/png", (".png",))
JPEG = FileType("JPG", "image/jpeg", (".jpg", ".jpeg"))
DOCX = FileType("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileType("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ALLOWED = (PDF, DOCX, XLSX, JPEG, PNG)
ACCEPT_ATTRIBUTE = ",".join(ext for kind in ALLOWED for ext in kind.extensions)
MAX_FILES_PER_UPDATE = 10


class RejectedFile(ValueError):
    """The file may not be attached; the message tells the person why and what to do."""


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    original_name: str
    file_type: FileType
    size: int

    @property
    def storage_name(self) -> str:
        """A name of our own for the disk, so a person's file name never becomes a path."""
        return uuid.uuid4().hex + self.file_type.extensions[0]


def sniff(upload) -> FileType | None:
    """The allowed type the file's bytes show, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                # Attachments are stored, not parsed, but whoever opens one would unpack it: same limits as imports.
                check_archive(archive)
                names = archive.namelist()
        except ArchiveTooLarge:
            raise
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                return DOCX
            if any(name.startswith("xl/") for name in names):
                return XLSX
    return None


def check_upload(upload, max_bytes: int | None = None) -> CheckedFile:
    """The file, checked; raises RejectedFile with a message for the person otherwise."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = os.path.basename(upload.name or "")[:255] or "file"
    if not upload.size:
        raise RejectedFile(_("“%(name)s” is empty. Choose the right file and attach it again.") % {"name": name})
    if upload.size > max_bytes:
        raise RejectedFile(
            _("“%(name)s” is %(size).1f MB, more than the %(limit).1f MB allowed. Make it smaller or split it.")
            % {"name": name, "size": upload.size / 1024 / 1024, "limit": max_bytes / 1024 / 1024}
        )
    try:
        file_type = sniff(upload)
    except ArchiveTooLarge as error:
        raise RejectedFile(_("“%(name)s” cannot be attached. %(reason)s") % {"name": name, "reason": error}) from None
    if file_type is None:
        raise RejectedFile(
            _("“%(name)s” is not a PDF, Word (.docx), Excel (.xlsx), JPG or PNG file, whatever its name says. "
              "Only these types can be attached.") % {"name": name}
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in file_type.extensions:
        raise RejectedFile(
            _("“%(name)s” is a %(kind)s file but its name ends in “%(extension)s”. Rename it to end in "
              "“%(expected)s” and attach it again.")
            % {"name": name, "kind": file_type.label, "extension": extension or "—",
               "expected": file_type.extensions[0]}
        )
    return CheckedFile(upload=upload, original_name=name, file_type=file_type, size=upload.size)
