"""normalize: same-length matching text, simplify, script detection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.normalize import detect_script, simplify, to_matching

MATCHING_CASES = [
    ("盧氏縣全民素質", "卢氏县全民素质"),
    ("投入１２０萬元", "投入120万元"),
    ("，：；（）！？", ",:;()!?"),
    ("Ａｂｃ　ｘ", "Abc x"),
    ("。、《》“”", "。、《》“”"),  # CJK punctuation stays
    ("網(wǎng)絡", "网(wǎng)络"),
    ("第一行\n第二行\n", "第一行\n第二行\n"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), MATCHING_CASES)
def test_to_matching(text: str, expected: str) -> None:
    assert to_matching(text) == expected


SIMPLIFY_CASES = [
    ("  經費５０萬元 ", "经费50万元"),
    ("盧氏縣科協", "卢氏县科协"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), SIMPLIFY_CASES)
def test_simplify(text: str, expected: str) -> None:
    assert simplify(text) == expected


SCRIPT_CASES = [
    ("青嶺縣科學素質工作落實情況彙報", "traditional"),
    ("卢氏县全民素质行动计划纲要落实情况汇报", "simplified"),
    ("科普活动月", "simplified"),  # identical in both scripts
    ("abc 123", "simplified"),
    ("", "simplified"),
]


@pytest.mark.parametrize(("text", "expected"), SCRIPT_CASES)
def test_detect_script(text: str, expected: str) -> None:
    assert detect_script(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_to_matching_keeps_length_and_is_idempotent(text: str) -> None:
    once = to_matching(text)
    assert len(once) == len(text)
    assert to_matching(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=40))
def test_to_matching_cjk_idempotent(text: str) -> None:
    once = to_matching(text)
    assert len(once) == len(text)
    assert to_matching(once) == once


def test_lone_surrogates_do_not_crash() -> None:
    from scorecard.normalize import to_matching

    text = "科協經費\udce5萬元"
    assert to_matching(text) == "科协经费\udce5万元"


# Traditional report words, line breaks and full-width forms, mixed.
_PIECES = [
    "縣",
    "科學",
    "協會",
    "經費",
    "萬元",
    "培訓",
    "乾隆",
    "著名",
    "\n",
    "，",
    "１２",
    "發展",
    "後",
    "裡",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_converting_the_whole_text_equals_converting_each_line(text: str) -> None:
    from scorecard.normalize import _t2s_lines, _t2s_same_length

    assert _t2s_lines(text) == "\n".join(_t2s_same_length(line) for line in text.split("\n"))
