"""Script and width normalization.

`to_matching` gives the *matching text*: the text every rule runs on. It keeps
the length of its input (character i of the result comes from character i of
the input) so offsets found in it map straight back to the decoded text, and
traditional-script copies of a report match the same simplified rules.

>>> to_matching("盧氏縣投入１２０萬元，（含）")
'卢氏县投入120万元,(含)'
>>> simplify("  經費５０萬元 ")
'经费50万元'
>>> detect_script("盧氏縣科協"), detect_script("卢氏县科协")
('traditional', 'simplified')
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache
from typing import Protocol

# Full-width ASCII block U+FF01..U+FF5E maps onto U+0021..U+007E; the
# ideographic space becomes a plain space. 。、《》“” are left alone: they are
# CJK punctuation with no ASCII twin that the rules rely on as they are.
HALF_WIDTH: dict[int, int] = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20}


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _t2s() -> _Converter:
    """The OpenCC converter, built once per process on first use."""
    import opencc  # imported lazily: loading dictionaries costs time

    return opencc.OpenCC("t2s")  # type: ignore[no-any-return]


def _t2s_char(ch: str) -> str:
    if "\ud800" <= ch <= "\udfff":
        return ch  # a lone surrogate cannot reach OpenCC (it encodes UTF-8)
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


_SURROGATE = re.compile("[\ud800-\udfff]")
_HAN = re.compile("[\u4e00-\u9fff]+")
# Han characters enough to tell the scripts apart.
SCRIPT_SAMPLE_CHARS = 4000


def _t2s_same_length(line: str) -> str:
    """t2s of one line; char by char when phrase conversion changes the length."""
    if not line or line.isascii():
        return line
    if _SURROGATE.search(line):
        return "".join(_t2s_char(ch) for ch in line)
    out = _t2s().convert(line)
    if len(out) == len(line):
        return out
    return "".join(_t2s_char(ch) for ch in line)


def _t2s_lines(text: str) -> str:
    """``_t2s_same_length`` of every line, in one OpenCC call when it can be.

    No dictionary phrase spans a line break, so converting the whole text
    converts each line as a call per line would; when every line kept its
    length, that is the answer.
    """
    if text.isascii():
        return text
    if not _SURROGATE.search(text):
        out = _t2s().convert(text)
        if len(out) == len(text):
            lines = text.split("\n")
            converted = out.split("\n")
            if len(lines) == len(converted) and all(
                len(a) == len(b) for a, b in zip(lines, converted, strict=True)
            ):
                return out
    return "\n".join(_t2s_same_length(line) for line in text.split("\n"))


def to_matching(text: str) -> str:
    """Traditional→simplified and full-width→half-width, keeping the length."""
    out = text
    # Phrase-level conversion can depend on neighbours that the first pass
    # changed; repeating until nothing moves makes the function idempotent.
    for k in range(3):
        converted = _t2s_lines(out)
        if k and converted == out:
            break  # ``out`` is already half-width: translating it again changes nothing
        nxt = converted.translate(HALF_WIDTH)
        if nxt == out:
            break
        out = nxt
    return out


def simplify(text: str) -> str:
    """For derived fields: simplified script, half-width, stripped."""
    if not text:
        return ""
    return _t2s().convert(text).translate(HALF_WIDTH).strip()


# Share of CJK characters that t2s must change before a text is called
# traditional: simplified text has a few characters OpenCC still touches
# (e.g. 乾 in some phrases), traditional text changes a large share.
TRADITIONAL_MIN_SHARE = 0.02


def detect_script(text: str) -> str:
    """ "traditional" when t2s changes a noticeable share of the CJK chars.

    The Han characters of the text are collected by one regex and a sample of
    them converted: the share does not need the whole report.
    """
    han = "".join(_HAN.findall(text))[:SCRIPT_SAMPLE_CHARS]
    if not han:
        return "simplified"
    changed = sum(map(operator.ne, han, _t2s_same_length(han)))
    han_count = len(han)
    return (
        "traditional" if changed and changed / han_count >= TRADITIONAL_MIN_SHARE else "simplified"
    )
