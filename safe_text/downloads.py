"""The name a downloaded file is saved under: one Content-Disposition header for every file the site sends.

Names come from documents' titles and from what people uploaded, so they are Chinese and can hold anything.
The header carries the name twice (RFC 6266): `filename*=UTF-8''…`, percent-encoded, which every current
browser reads, and a plain ASCII `filename="…"` for the odd client that reads only that. Characters that
would end the header (line breaks), close the quoted name (") or name a folder (/ \\) are dropped first.
"""

import re
import unicodedata
from urllib.parse import quote

from .cleaning import clean_text

# Characters beyond this are dropped from the stem, keeping the extension; browsers and file systems balk at
# longer names (255 bytes is common, and a Chinese character is three).
MAX_NAME_CHARACTERS = 80
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"/\\]')
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._()\[\]-]+")


def file_name(name: str) -> str:
    """`name` fit to save: no control characters, quotes or path separators, at most MAX_NAME_CHARACTERS."""
    name = _UNSAFE.sub("", clean_text(str(name)).replace("\n", " ")).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 8:
        stem, extension = name, ""
    stem = stem[: MAX_NAME_CHARACTERS - len(extension) - 1].rstrip(" .")
    return f"{stem}.{extension}" if extension else stem or "download"


def ascii_name(name: str) -> str:
    """A plain ASCII form of `name`: letters and digits kept, the rest one "-"; "download" when none is left."""
    name = file_name(name)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    plain = _NOT_PLAIN.sub("-", plain.replace(" ", "-")).strip("-.") or "download"
    extension = _NOT_PLAIN.sub("", extension)
    return f"{plain}.{extension}" if extension else plain


def content_disposition(name: str, *, fallback: str = "", inline: bool = False) -> str:
    """The Content-Disposition header naming the file `name`; `fallback` is its ASCII name (made from `name`
    when not given). `inline`: the browser shows it (a PDF) rather than saving it."""
    name = file_name(name)
    plain = ascii_name(fallback or name)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def name_download(response, name: str, *, fallback: str = "", inline: bool = False):
    """Give `response` (any HttpResponse or FileResponse) the header naming its file; returns it."""
    response["Content-Disposition"] = content_disposition(name, fallback=fallback, inline=inline)
    return response
