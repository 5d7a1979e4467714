"""Reading uploads: encodings, Word and Excel structure, and every kind of file we must refuse."""

import io
import zipfile

import pytest
from docx import Document as new_docx

from plans.parsing import Paragraph, Table, UnreadableDocument, read_document, read_text

PLAN = "一、总体要求\n1.新建口袋公园8个。\n牵头单位:区住建委\n"


def texts(document):
    return [block.text for block in document.blocks]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_is_decoded_whatever_its_chinese_encoding(encoding):
    document = read_document(PLAN.encode(encoding), "plan.txt")
    assert texts(document) == ["一、总体要求", "1.新建口袋公园8个。", "牵头单位:区住建委"]


def test_text_keeps_source_line_numbers_and_skips_blank_lines():
    document = read_document("标题\r\n\r\n一、总体要求\r\n".encode(), "plan.txt")
    assert document.blocks == [Paragraph("标题", 1), Paragraph("一、总体要求", 3)]
    assert document.name == "plan.txt"


def test_text_without_a_name_or_extension_is_read():
    assert texts(read_document(PLAN.encode(), "")) == texts(read_text(PLAN))


def test_pasted_text_becomes_paragraphs():
    assert read_text("\ufeff甲\n\n乙").blocks == [Paragraph("甲", 1), Paragraph("乙", 3)]


def test_type_is_decided_by_content_not_name(ledger_xlsx):
    document = read_document(ledger_xlsx, "renamed.txt")
    assert isinstance(document.blocks[0], Table)


def test_word_paragraphs_and_tables_stay_in_body_order(task_table_docx):
    document = read_document(task_table_docx, "plan.docx")
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph"] * 5 + ["Table", "Paragraph"]
    table = document.blocks[5]
    assert table.rows[0] == ["序号", "工作任务", "牵头单位", "责任单位", "完成时限", "配合单位"]
    # A merged row repeats its text in every cell, so each row is complete.
    assert table.rows[1] == ["(一)交通建设"] * 6
    assert document.blocks[-1].text == "各单位每月5日前报送进展。"


def test_word_heading_styles_are_kept():
    word = new_docx()
    word.add_heading("总体要求", level=1)
    word.add_paragraph("正文")
    buffer = io.BytesIO()
    word.save(buffer)
    blocks = read_document(buffer.getvalue(), "plan.docx").blocks
    assert [(block.text, block.heading_level) for block in blocks] == [("总体要求", 1), ("正文", None)]


def test_excel_merged_cells_are_filled_and_empty_sheets_dropped(ledger_xlsx):
    document = read_document(ledger_xlsx, "ledger.xlsx")
    ledger, notes = document.blocks
    assert (ledger.title, notes.title) == ("台账", "说明")
    assert ledger.rows[0] == ["云溪区2024年重点工作任务台账"] * 6
    assert ledger.rows[2] == ["一、经济发展"] * 6
    assert ledger.rows[4][:3] == ["2", "新引进亿元级项目10个。", "区经信委"]
    assert ledger.rows[3][4] == "2024-12-31"
    assert ledger.lines == [1, 3, 4, 5, 6, 7, 8, 9]
    assert notes.rows == [["本台账每月更新一次。"]]


# --- refused files ----------------------------------------------------------------------------


def refused(data: bytes, name: str, **kwargs) -> str:
    with pytest.raises(UnreadableDocument) as error:
        read_document(data, name, **kwargs)
    assert isinstance(error.value, ValueError)
    return str(error.value)


def test_empty_file_is_refused():
    assert "empty" in refused(b"", "plan.txt")


def test_file_over_the_size_limit_is_refused():
    message = refused(PLAN.encode(), "plan.txt", max_bytes=10)
    assert "MB allowed" in message


def test_default_size_limit_is_20_mib():
    refused(b" " * (20 * 1024 * 1024 + 1), "plan.txt")


@pytest.mark.parametrize("magic", [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"GIF87a"])
def test_images_are_refused(magic):
    assert "image" in refused(magic + b"\x00" * 64, "scan.txt")


def test_pdf_is_refused():
    assert "PDF" in refused(b"%PDF-1.7\n...", "plan.pdf")


@pytest.mark.parametrize(("name", "expected"), [("plan.doc", ".doc or .xls"), ("ledger.xls", "old Excel")])
def test_old_office_files_are_refused_with_how_to_convert(name, expected):
    message = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, name)
    assert expected in message and "save it as" in message


@pytest.mark.parametrize("name", ["plan.docx", "ledger.xlsx"])
def test_corrupt_office_zip_is_refused(name):
    assert "damaged" in refused(b"PK\x03\x04" + b"\x13\x37" * 100, name)


def test_truncated_word_file_is_refused(task_table_docx):
    assert "damaged" in refused(task_table_docx[: len(task_table_docx) // 2], "plan.docx")


def test_zip_that_is_not_an_office_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    assert "not a Word" in refused(buffer.getvalue(), "slides.pptx")


def test_text_renamed_to_docx_is_refused():
    assert "renamed" in refused(PLAN.encode(), "plan.docx")


@pytest.mark.parametrize("data", [bytes(range(128, 256)) * 4, b"\x80\x80abc", b"abc\x00\x01\x02def"])
def test_undecodable_bytes_are_refused(data):
    assert "could not be decoded" in refused(data, "plan.txt")


def test_unknown_extension_is_refused():
    assert ".exe" in refused(PLAN.encode(), "plan.exe")


def test_whitespace_only_text_is_refused():
    assert "no text" in refused(b"  \n\t\n", "plan.txt")
