"""Uploaded Word and Excel files cannot exhaust memory: archives are checked before they are unpacked, and
rows and cells are counted while a document is read. Each refusal names the limit and changes nothing.

The bombs are written here with zipfile (small on disk, hundreds of MB unpacked) and parsed in a child process
whose address space is capped, so a reader that tried to hold them would end in MemoryError, not a refusal.
"""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from docx import Document as new_docx
from openpyxl import Workbook

from plans.models import ImportDraft, Plan
from plans.parsing import UnreadableDocument, read_document
from tasks.attachments import RejectedFile, check_upload

MEMORY_CAP = 600 * 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TASK_PARAGRAPH = "<w:p><w:r><w:t>完成老旧小区综合改造</w:t></w:r></w:p>"


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


# --- writing the files --------------------------------------------------------------------------------


def _docx(parts: dict[str, object]) -> bytes:
    """A Word file made by python-docx with some parts replaced; a part given as a list of byte strings is
    streamed into the archive, so hundreds of MB never sit in memory."""
    word = new_docx()
    word.add_paragraph("x")
    buffer = io.BytesIO()
    word.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    return _rezip(source, parts)


def _rezip(source: zipfile.ZipFile, parts: dict[str, object]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in source.infolist():
            content = parts.get(item.filename, source.read(item.filename))
            if callable(content):
                with archive.open(item.filename, "w", force_zip64=True) as part:
                    for chunk in content():
                        part.write(chunk)
            else:
                archive.writestr(item.filename, content)
    return out.getvalue()


def _document_xml(body) -> object:
    def chunks():
        yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>'.encode()
        yield from body()
        yield b"</w:body></w:document>"

    return chunks


def word_bomb() -> bytes:
    """About 300 MB of task paragraphs packed into about 1 MB."""
    chunk = (TASK_PARAGRAPH * 20000).encode()
    return _docx({"word/document.xml": _document_xml(lambda: (chunk for _ in range(300 * 1024 * 1024 // len(chunk))))})


def word_wide_cell() -> bytes:
    """One table cell that says it spans two billion grid columns."""
    cell = ('<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr>'
            "<w:p><w:r><w:t>牵头单位</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    return _docx({"word/document.xml": _document_xml(lambda: iter([cell.encode()]))})


def word_huge_list_number() -> bytes:
    """Twenty paragraphs of a letter-numbered list that starts at two billion (A…Z, AA…, so 77 million As)."""
    numbering = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum w:abstractNumId="1">'
                 '<w:lvl w:ilvl="0"><w:start w:val="2000000000"/><w:numFmt w:val="upperLetter"/>'
                 '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/>'
                 "</w:num></w:numbering>")
    paragraph = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                 "<w:r><w:t>推进重点项目</w:t></w:r></w:p>") * 20
    return _docx({"word/numbering.xml": numbering,
                  "word/document.xml": _document_xml(lambda: iter([paragraph.encode()]))})


def _xlsx(rows, merges: str = "", dimension: str = "A1") -> bytes:
    """A workbook made by openpyxl whose first sheet is replaced by `rows` (an iterable of row XML)."""
    workbook = Workbook()
    workbook.active["A1"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))

    def sheet():
        yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
               'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'<dimension ref="{dimension}"/><sheetData>').encode()
        for row in rows:
            yield row.encode()
        yield f"</sheetData>{merges}</worksheet>".encode()

    return _rezip(source, {"xl/worksheets/sheet1.xml": sheet})


def _row(number: int, *texts: str) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
                    for i, text in enumerate(texts))
    return f'<row r="{number}">{cells}</row>'


def workbook_of_rows(count: int, dimension: str = "A1") -> bytes:
    return _xlsx((_row(n, str(n), f"任务{n}", "区住建委") for n in range(1, count + 1)), dimension=dimension)


def workbook_merge_bomb() -> bytes:
    """Two cells of text and one merged range covering the whole sheet: seventeen billion cells to fill."""
    return _xlsx([_row(1, "一、城市更新"), _row(2, "1", "新建口袋公园")],
                 merges='<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')


# --- in a process with capped memory --------------------------------------------------------------------

CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
import django
django.setup()
from django.utils import translation
translation.activate("en")
from plans.parsing import UnreadableDocument, read_document
try:
    document = read_document(open(sys.argv[1], "rb").read(), sys.argv[2])
except UnreadableDocument as error:
    print(json.dumps({{"refused": str(error)}}))
else:
    print(json.dumps({{"read": len(document.blocks),
                       "longest": max(len(getattr(b, "text", "")) for b in document.blocks)}}))
"""


def parse_with_capped_memory(data: bytes, name: str, tmp_path, **environment) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **environment}
    # A hang guard only: each file is refused or read in seconds.
    done = subprocess.run([sys.executable, "-c", CHILD.format(cap=MEMORY_CAP), str(path), name], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1].replace("\\u00a0", " "))


def test_a_word_file_that_unpacks_to_300_mb_is_refused_before_it_is_unpacked(tmp_path):
    data = word_bomb()
    assert len(data) < 2 * 1024 * 1024
    result = parse_with_capped_memory(data, "方案.docx", tmp_path, DUBAN_ARCHIVE_MAX_ENTRY_BYTES=str(20 * 1024 * 1024))
    assert "refused" in result, result
    assert "word/document.xml" in result["refused"]
    assert "20.0 MB allowed" in result["refused"]
    assert "split the document" in result["refused"]


def test_a_workbook_of_100000_rows_is_refused_at_the_row_limit(tmp_path):
    result = parse_with_capped_memory(workbook_of_rows(100_000), "台账.xlsx", tmp_path, DUBAN_IMPORT_MAX_ROWS="10000")
    assert result.get("refused", "").startswith("The document has more than 10000 rows or paragraphs with text")
    assert "Split it into smaller files" in result["refused"]


def test_a_merged_range_over_the_whole_sheet_is_refused_at_the_cell_limit(tmp_path):
    result = parse_with_capped_memory(workbook_merge_bomb(), "台账.xlsx", tmp_path, DUBAN_IMPORT_MAX_CELLS="200000")
    assert "more than 200000 table cells" in result.get("refused", ""), result


def test_a_word_cell_spanning_two_billion_columns_is_refused_at_the_cell_limit(tmp_path):
    result = parse_with_capped_memory(word_wide_cell(), "方案.docx", tmp_path, DUBAN_IMPORT_MAX_CELLS="200000")
    assert "more than 200000 table cells" in result.get("refused", ""), result


def test_a_list_numbered_from_two_billion_is_read_with_numbers_word_can_show(tmp_path):
    result = parse_with_capped_memory(word_huge_list_number(), "方案.docx", tmp_path)
    assert result.get("read") == 20, result
    # Word numbers a list from at most 32767; letters past Z repeat (AA, AAA …), so the label stays short.
    assert result["longest"] < 2000


# --- each limit, named in its refusal ----------------------------------------------------------------------


def refused(data: bytes, name: str) -> str:
    with pytest.raises(UnreadableDocument) as error:
        read_document(data, name)
    return str(error.value).replace("\xa0", " ")  # sizes are written with a no-break space


def test_too_many_parts_are_refused_before_unpacking(settings):
    data = _docx({})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = len(archive.infolist())
    settings.DUBAN_ARCHIVE_MAX_ENTRIES = parts - 1
    assert f"holds {parts} parts, more than the {parts - 1}" in refused(data, "plan.docx")


def test_all_parts_together_may_not_unpack_beyond_the_total(settings):
    settings.DUBAN_ARCHIVE_MAX_BYTES = 40 * 1024
    message = refused(_docx({"word/media/photo.bin": os.urandom(50 * 1024)}), "plan.docx")
    assert "Unpacked, the file takes more than the 40.0 KB allowed" in message


def test_a_part_compressed_far_beyond_what_office_files_need_is_refused(settings):
    settings.DUBAN_ARCHIVE_MAX_RATIO = 100
    chunk = (TASK_PARAGRAPH * 1000).encode()
    message = refused(_docx({"word/document.xml": _document_xml(lambda: (chunk for _ in range(60)))}), "plan.docx")
    assert "word/document.xml" in message and "more than the 100 times" in message


def test_a_sheet_that_understates_its_size_is_counted_row_by_row(settings):
    settings.DUBAN_IMPORT_MAX_ROWS = 50
    assert read_document(workbook_of_rows(50, dimension="A1:A1"), "ledger.xlsx").tables[0].rows[49][1] == "任务50"
    assert "more than 50 rows" in refused(workbook_of_rows(51, dimension="A1:A1"), "ledger.xlsx")


def test_word_paragraphs_count_as_rows(settings):
    settings.DUBAN_IMPORT_MAX_ROWS = 30
    assert "more than 30 rows" in refused(
        _docx({"word/document.xml": _document_xml(lambda: iter([(TASK_PARAGRAPH * 31).encode()]))}), "plan.docx"
    )


def test_workbook_cells_are_counted(settings):
    settings.DUBAN_IMPORT_MAX_CELLS = 100
    assert "more than 100 table cells" in refused(workbook_of_rows(40), "ledger.xlsx")


# --- where the files come in: import page, command line, attachments -----------------------------------


@pytest.mark.django_db
def test_the_import_page_refuses_a_bomb_with_the_limit_and_saves_nothing(client, supervisor, settings):
    settings.DUBAN_ARCHIVE_MAX_ENTRY_BYTES = 1024 * 1024
    client.force_login(supervisor)
    chunk = (TASK_PARAGRAPH * 1000).encode()
    bomb = _docx({"word/document.xml": _document_xml(lambda: (chunk for _ in range(40)))})
    with translation.override("zh-hans"):
        response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("方案.docx", bomb)})
    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ")
    assert "（word/document.xml）解压后为" in page and "超过允许的 1.0 MB" in page
    assert not ImportDraft.objects.exists() and not Plan.objects.exists()


@pytest.mark.django_db
def test_the_import_command_refuses_a_bomb_and_saves_nothing(tmp_path, settings):
    settings.DUBAN_IMPORT_MAX_ROWS = 10
    path = tmp_path / "台账.xlsx"
    path.write_bytes(workbook_of_rows(11))
    with pytest.raises(CommandError, match="more than 10 rows"):
        call_command("import_plan", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Plan.objects.exists()


def test_an_attachment_that_would_unpack_too_far_is_refused(settings):
    settings.DUBAN_ARCHIVE_MAX_ENTRY_BYTES = 1024 * 1024
    chunk = (TASK_PARAGRAPH * 1000).encode()
    bomb = _docx({"word/document.xml": _document_xml(lambda: (chunk for _ in range(40)))})
    with pytest.raises(RejectedFile) as error:
        check_upload(SimpleUploadedFile("进展.docx", bomb))
    message = str(error.value).replace("\xa0", " ")
    assert "“进展.docx”" in message and "1.0 MB allowed" in message
    assert check_upload(SimpleUploadedFile("进展.docx", _docx({}))).file_type.label == "Word"
