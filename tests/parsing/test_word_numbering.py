"""Word documents whose 一、 （一） 1. ▲ are Word's automatic numbering, not typed: the reader puts back the
numbers Word prints, so the plan parses as the same document typed out does."""

import io

import pytest
from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from plans.parsing import read_document
from plans.parsing.word_numbering import format_number

from .conftest import parse_bytes

LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("bullet", "▲")]


def _abstract(abstract_id: int) -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for level, (number_format, text) in enumerate(LEVELS)
    )
    return f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'


def numbered_docx(paragraphs: list[tuple[int | None, str]]) -> bytes:
    """A Word file whose paragraphs (level, text) use one automatic list: level None is not numbered."""
    word = new_docx()
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(_abstract(90)))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in paragraphs:
        paragraph = word.add_paragraph(text)
        if level is not None:
            properties = paragraph._p.get_or_add_pPr()
            properties.append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


PLAN = [
    (None, "云溪区2026年重点工作任务分解方案"),
    (0, "推动经济高质量发展"),
    (1, "扩大有效投资"),
    (2, "完成固定资产投资增长6%左右。牵头单位：区发展改革委；责任单位：区财政局。2026年底前完成。"),
    (3, "新开工重大项目20个。"),
    (2, "建设口袋公园50个。牵头单位：区住房城乡建设委。2026年10月底前完成。"),
    (1, "优化营商环境"),
    (2, "企业开办时间压缩至1个工作日。牵头单位：区市场监管局。2026年6月底前完成。"),
    *[(0, f"第{n}方面重点工作") for n in range(2, 12)],
]


def test_the_reader_puts_back_the_numbers_word_prints():
    texts = [block.text for block in read_document(numbered_docx(PLAN), "方案.docx").blocks]
    assert texts[:9] == [
        "云溪区2026年重点工作任务分解方案", "一、推动经济高质量发展", "（一）扩大有效投资",
        "1.完成固定资产投资增长6%左右。牵头单位：区发展改革委；责任单位：区财政局。2026年底前完成。",
        "▲新开工重大项目20个。", "2.建设口袋公园50个。牵头单位：区住房城乡建设委。2026年10月底前完成。",
        "（二）优化营商环境",  # the level below restarts: its task is 1. again
        "1.企业开办时间压缩至1个工作日。牵头单位：区市场监管局。2026年6月底前完成。", "二、第2方面重点工作",
    ]
    assert texts[-1] == "十一、第11方面重点工作"


def test_an_automatically_numbered_plan_parses_as_the_same_plan_typed_out():
    typed = new_docx()
    for text in [block.text for block in read_document(numbered_docx(PLAN), "方案.docx").blocks]:
        typed.add_paragraph(text)
    buffer = io.BytesIO()
    typed.save(buffer)

    def outline(plan):
        return ([(s.number, s.title) for s in plan.all_sections()],
                [(t.number, t.text, [u.name for u in t.lead_units], len(t.subtasks)) for t in plan.tasks()])

    automatic, written = parse_bytes(numbered_docx(PLAN), "方案.docx"), parse_bytes(buffer.getvalue(), "方案.docx")
    assert outline(automatic) == outline(written)
    assert [t.number for t in automatic.tasks()][:3] == ["1", "2", "1"]
    assert len(list(automatic.all_sections())) >= 13  # 一 … 十一, with (一) and (二)


def test_a_paragraph_with_numbering_switched_off_keeps_its_text():
    word = new_docx()
    paragraph = word.add_paragraph("不编号的段落")
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
    buffer = io.BytesIO()
    word.save(buffer)
    assert [b.text for b in read_document(buffer.getvalue(), "a.docx").blocks] == ["不编号的段落"]


def test_a_style_numbered_list_and_a_restarted_list():
    """Numbering can come from the paragraph style (python-docx's "List Number") and a list can restart."""
    word = new_docx()
    for text in ("第一项", "第二项"):
        word.add_paragraph(text, style="List Number")
    blocks = [b.text for b in read_document(_saved(word), "a.docx").blocks]
    assert blocks[0].startswith("1") and blocks[1].startswith("2") and blocks[1].endswith("第二项")


def _saved(word) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("number", "number_format", "written"), [
    (11, "chineseCounting", "十一"), (20, "chineseCountingThousand", "二十"), (3, "decimal", "3"),
    (2, "ideographTraditional", "乙"), (4, "decimalEnclosedCircle", "④"), (12, "decimalFullWidth", "１２"),
    (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (5, "none", ""),
])
def test_number_formats(number, number_format, written):
    assert format_number(number, number_format) == written


def test_a_document_without_numbering_definitions_reads_as_before():
    word = new_docx()
    word.add_paragraph("一、手写编号")
    numbering = word.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    assert qn("w:num") not in {child.tag for child in numbering}
    assert [b.text for b in read_document(_saved(word), "a.docx").blocks] == ["一、手写编号"]


def test_word_s_own_bullets_add_no_symbol_glyphs():
    """Word's default bullets are Symbol/Wingdings glyphs ("\uf0b7", "l"): not markers the parser reads."""
    word = new_docx()
    word.add_paragraph("新开工重大项目20个。", style="List Bullet")
    assert [b.text for b in read_document(_saved(word), "a.docx").blocks] == ["新开工重大项目20个。"]

