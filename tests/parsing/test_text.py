"""Normalisation, Chinese numerals and numbering tokens."""

import pytest

from plans.parsing.text import (
    both_widths,
    chinese_to_int,
    clean,
    fold,
    int_to_chinese,
    looks_like_heading,
    match_number,
    normalize,
    squeeze_cjk_spaces,
)


def test_full_width_punctuation_and_digits_become_half_width():
    assert normalize("（牵头单位：区发改委；责任单位：各街道，区财政局）１．") == (
        "(牵头单位:区发改委;责任单位:各街道,区财政局)1."
    )


def test_enumeration_comma_and_full_stop_stay():
    assert normalize("区发改委、区住建委。") == "区发改委、区住建委。"


def test_invisible_characters_and_odd_spaces_are_removed():
    assert normalize("\ufeff区\u200b发改委\u00a0\u3000 牵头\t单位\r") == "区发改委 牵头 单位"


def test_cleaning_keeps_full_width_punctuation_as_written():
    assert clean("\u3000\u3000（牵头单位：区发改委；责任单位：各街道，区财政局）１．\u200b ") == (
        "（牵头单位：区发改委；责任单位：各街道，区财政局）１．"
    )


def test_cleaning_drops_invisible_characters_and_non_breaking_spaces():
    assert clean("\ufeff区\u200b发改委\u00a0\u3000 牵头\t单位\r") == "区发改委 牵头 单位"


def test_folding_maps_one_character_to_one():
    written = "坚持创新驱动，推动经济高质量发展（２０２４）：Ａ１；"
    assert fold(written) == "坚持创新驱动,推动经济高质量发展(2024):A1;"
    assert len(fold(written)) == len(written)
    every_full_width = "".join(chr(code) for code in range(0xFF01, 0xFF5F))
    assert len(fold(every_full_width)) == len(every_full_width)


def test_offsets_found_on_folded_text_slice_the_written_text():
    written = "（三）推进“一网通办”，年内上线３０项。"
    token = match_number(written)
    assert (token.label, written[token.end :]) == ("(三)", "推进“一网通办”，年内上线３０项。")


def test_both_widths_adds_the_full_width_forms():
    assert set(both_widths(" ,;。")) == set(" ,;。，；")
    assert "区发改委，；".strip(both_widths(",;")) == "区发改委"


def test_newlines_survive_only_when_asked():
    assert normalize("区发改委\n\n 区住建委 ") == "区发改委 区住建委"
    assert normalize("区发改委\n\n 区住建委 ", keep_newlines=True) == "区发改委\n区住建委"


def test_spaces_between_chinese_characters_can_be_squeezed():
    assert squeeze_cjk_spaces("任务分解 和责任分工 方案 2023") == "任务分解和责任分工方案 2023"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("三十四", 34),
        ("九十九", 99),
        ("一百零五", 105),
        ("〇", 0),
        ("零", 0),
        ("两", 2),
        ("二〇〇八", 2008),
        ("二OO八", 2008),
        ("二○二三", 2023),
        ("12", 12),
    ],
)
def test_chinese_numerals_are_read(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text", ["", "是", "十四五规划", "abc"])
def test_non_numerals_are_none(text):
    assert chinese_to_int(text) is None


def test_chinese_numerals_round_trip():
    for number in range(0, 1000):
        assert chinese_to_int(int_to_chinese(number)) == number
    assert [int_to_chinese(n) for n in (11, 20, 34, 100, 110)] == ["十一", "二十", "三十四", "一百", "一百一十"]


@pytest.mark.parametrize(
    ("text", "kind", "value", "label", "rest"),
    [
        ("一、总体要求", "chapter", 1, "一", "总体要求"),
        ("十一、其他", "chapter", 11, "十一", "其他"),
        ("二十、其他", "chapter", 20, "二十", "其他"),
        ("(一)指导思想", "paren_cn", 1, "(一)", "指导思想"),
        ("(三十四)实现开工", "paren_cn", 34, "(三十四)", "实现开工"),
        ("1.服务国家战略", "arabic", 1, "1", "服务国家战略"),
        ("1、加强经济运行分析", "arabic", 1, "1", "加强经济运行分析"),
        ("12. 完善机制", "arabic", 12, "12", "完善机制"),
        ("(2)细化目标", "paren_arabic", 2, "(2)", "细化目标"),
        ("③推进改造", "circled", 3, "③", "推进改造"),
        ("▲推进建设", "bullet", None, "▲", "推进建设"),
        ("★新建食堂", "bullet", None, "★", "新建食堂"),
        ("第二部分 重点任务", "part", 2, "第二", "重点任务"),
    ],
)
def test_numbering_tokens(text, kind, value, label, rest):
    token = match_number(normalize(text))
    assert (token.kind, token.value, token.label, normalize(text)[token.end :]) == (kind, value, label, rest)


def test_full_width_numbering_tokens():
    assert match_number(normalize("１．新建")).label == "1"
    assert match_number(normalize("（一）指导思想")).label == "(一)"


@pytest.mark.parametrize(
    "text",
    [
        "1.5万平方米",
        "2023年是开局之年",
        "一是加强组织领导",
        "(此件公开发布)",
        "(二OO八年二月二十六日)",
        "——综合服务功能",
    ],
)
def test_text_that_only_looks_numbered_is_not(text):
    assert match_number(text) is None


def test_heading_or_sentence():
    assert looks_like_heading("深化“放管服”改革")
    assert looks_like_heading("促进经济又好又快发展。")
    assert not looks_like_heading("促进经济又好又快发展。", allow_full_stop=False)
    assert not looks_like_heading("推进改革。完善机制")
    assert not looks_like_heading("具体目标有:")
    assert not looks_like_heading("具体目标有：")
