"""Turning an uploaded file, or pasted text, into a Document.

The file's type is decided by its content (magic bytes); the name only chooses between readings that
the content leaves open and makes error messages specific. Everything that cannot be read raises
UnreadableDocument with a message for the person who uploaded the file.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

from django.utils.translation import gettext as _

from security.archives import ArchiveTooLarge, check_archive

from .document import Document, Paragraph
from .encodings import DoubtfulEncoding, decode_text
from .office import ReadLimitExceeded, read_docx, read_xlsx

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_EXTENSIONS = {"", ".txt", ".text", ".md"}

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class UnreadableDocument(ValueError):
    """The file cannot be read as a plan; the message says why and what to do."""


def _extension(filename: str) -> str:
    return PurePath(filename or "").suffix.lower()


def read_text(text: str, name: str = "", encoding: str = "") -> Document:
    """A Document from pasted text: one paragraph per non-empty line, numbered from 1. `encoding` is the one
    a text file was read in (encodings.py), empty for pasted text."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks = [Paragraph(line, number) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    return Document(blocks, name, encoding)


def _pdf_message() -> str:
    return _(
        "This file is a PDF, which Duban cannot read reliably. Open it, copy the text and paste it, "
        "or upload the original Word (.docx) or Excel (.xlsx) file."
    )


def _old_office_message(extension: str) -> str:
    if extension in (".xls", ".et"):
        return _("This is an old Excel file (.xls). Open it in Excel or WPS, save it as .xlsx and upload it again.")
    return _(
        "This is an old Word or Excel file (.doc or .xls). Open it in Word, Excel or WPS, save it as "
        ".docx or .xlsx and upload it again."
    )


def _refuse_by_magic(data: bytes, extension: str) -> None:
    if data.startswith(_IMAGE_MAGIC):
        raise UnreadableDocument(
            _(
                "This file is an image. Duban reads the text of a plan: upload it as a Word (.docx), "
                "Excel (.xlsx) or text (.txt) file, or paste the text."
            )
        )
    if data.startswith(b"%PDF"):
        raise UnreadableDocument(_pdf_message())
    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocument(_old_office_message(extension))
    if data.startswith(b"{\\rtf"):
        raise UnreadableDocument(
            _("This is a rich-text file (.rtf). Open it in Word or WPS, save it as .docx and upload it again.")
        )


def _read_zip(data: bytes, filename: str, extension: str) -> Document:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            # Before anything is unpacked, testzip() included: it inflates every part to check it.
            check_archive(archive)
            names = set(archive.namelist())
            broken = archive.testzip()
    except ArchiveTooLarge as error:
        raise UnreadableDocument(str(error)) from None
    except (zipfile.BadZipFile, EOFError, ValueError):
        broken, names = "", set()
    if broken is not None:
        kind = _("Excel") if extension == ".xlsx" else _("Word") if extension == ".docx" else _("Office")
        raise UnreadableDocument(
            _(
                "This %(kind)s file is damaged and cannot be opened. Open it in %(kind)s or WPS, save it again "
                "and upload the new copy."
            )
            % {"kind": kind}
        )
    try:
        if "word/document.xml" in names:
            return read_docx(data, filename)
        if "xl/workbook.xml" in names:
            return read_xlsx(data, filename)
    except UnreadableDocument:
        raise
    except ReadLimitExceeded as error:
        raise UnreadableDocument(str(error)) from None
    except Exception as error:  # A zip with the right parts can still hold broken XML.
        raise UnreadableDocument(
            _(
                "This file looks like a Word or Excel file but its contents are damaged (%(error)s). Open it "
                "in Word, Excel or WPS, save it again and upload the new copy."
            )
            % {"error": type(error).__name__}
        ) from error
    raise UnreadableDocument(
        _(
            "This is a compressed file but not a Word (.docx) or Excel (.xlsx) document. Upload the plan "
            "itself as .docx, .xlsx or .txt."
        )
    )


def read_document(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read an uploaded plan: plain text (UTF-8, GB18030/GBK, Big5; see encodings.py), .docx or .xlsx.

    Raises UnreadableDocument for empty or oversized files, images, PDFs, old .doc/.xls files,
    damaged Office files, text in no known encoding and unknown file types.
    """
    extension = _extension(filename)
    if not data:
        raise UnreadableDocument(_("The file is empty. Check that you chose the right file and upload it again."))
    if len(data) > max_bytes:
        raise UnreadableDocument(
            _(
                "The file is %(size).1f MB, more than the %(limit).1f MB allowed. Remove images or split the "
                "plan, then upload it again."
            )
            % {"size": len(data) / 1024 / 1024, "limit": max_bytes / 1024 / 1024}
        )
    _refuse_by_magic(data, extension)
    if data.startswith(_ZIP_MAGIC):
        return _read_zip(data, filename, extension)
    if extension in (".docx", ".xlsx"):
        raise UnreadableDocument(
            _(
                "This file is named %(extension)s but is not a valid Word or Excel file: it is damaged or was "
                "renamed. Open it in Word, Excel or WPS, save it again and upload the new copy."
            )
            % {"extension": extension}
        )
    if extension == ".pdf":
        raise UnreadableDocument(_pdf_message())
    if extension in (".doc", ".xls", ".wps", ".et"):
        raise UnreadableDocument(_old_office_message(extension))
    if extension not in TEXT_EXTENSIONS:
        raise UnreadableDocument(
            _(
                "Files of type %(extension)s are not supported. Upload the plan as Word (.docx), Excel (.xlsx) "
                "or text (.txt), or paste the text."
            )
            % {"extension": extension}
        )
    try:
        decoded = decode_text(data)
    except DoubtfulEncoding:
        raise UnreadableDocument(
            _(
                "Duban cannot tell for sure which encoding this text file is in, so its characters might come "
                "out wrong. Open it in Notepad or WPS, use “Save as” with the encoding UTF-8, and upload the "
                "new copy."
            )
        ) from None
    if decoded is None:
        raise UnreadableDocument(
            _(
                "The file's text could not be decoded: it is not UTF-8 or GBK text, or it is not text at all. "
                "Save it as UTF-8 text, or paste the text instead."
            )
        )
    if not decoded.text.strip():
        raise UnreadableDocument(
            _("The file contains no text. Check that you chose the right file and upload it again.")
        )
    return read_text(decoded.text, filename, decoded.encoding)
