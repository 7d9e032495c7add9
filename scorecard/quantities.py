"""Counts and amounts as Chinese work reports write them.

Every figure of the dataset goes through :func:`parse_quantity` or
:func:`find_quantities`.  The scanner is hand-written (no regular expression
with nested repetition) so that it runs in linear time on any input, and it
never raises: text that it does not understand is simply not a quantity.

>>> parse_quantity("500余万元")
Quantity(value=5000000.0, unit='元', qualifier='over', text='500余万元')
>>> parse_quantity("2500人(次)左右")
Quantity(value=2500.0, unit='人次', qualifier='about', text='2500人(次)左右')
>>> parse_quantity("××亿元")
Quantity(value=None, unit='元', qualifier='masked', text='××亿元')
>>> parse_quantity("2008年") is None
True
>>> [(s.quantity.value, s.quantity.unit, s.start, s.end)
...  for s in find_quantities("培训2627人次,发放资料3000余份")]
[(2627.0, '人次', 2, 8), (3000.0, '份', 13, 19)]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

__all__ = [
    "QUALIFIER_ORDER",
    "RULES_FINGERPRINT_SOURCES",
    "UNIT_KIND",
    "Quantity",
    "QuantitySpan",
    "find_quantities",
    "normalize_chars",
    "parse_quantity",
]


@dataclass(frozen=True)
class Quantity:
    value: float | None
    unit: str | None
    qualifier: str
    text: str


@dataclass(frozen=True)
class QuantitySpan:
    quantity: Quantity
    start: int
    end: int


# --------------------------------------------------------------------------
# Rule tables.  Everything the parser decides on is data here, so that the
# writer can hash it (RULES_FINGERPRINT_SOURCES) and a change of rules shows
# up in datapackage.json.
# --------------------------------------------------------------------------

# SPEC "Numbers": when several qualifiers apply the first one here wins.
QUALIFIER_ORDER: tuple[str, ...] = (
    "masked",
    "range",
    "at_least",
    "over",
    "nearly",
    "about",
    "exact",
)

UNIT_KIND: dict[str, str] = {
    "元": "money",
    "美元": "foreign_money",
    "人": "people",
    "人次": "people",
    "名": "people",
    "位": "people",
    "户": "households",
    "户次": "households",
    "期": "sessions",
    "场": "sessions",
    "次": "sessions",
    "场次": "sessions",
    "班": "sessions",
    "班次": "sessions",
    "轮": "sessions",
    "堂": "sessions",
    "批": "sessions",
    "台次": "sessions",
    "家次": "sessions",
    "份": "materials",
    "册": "materials",
    "本": "materials",
    "幅": "materials",
    "套": "materials",
    "张": "materials",
    "条": "materials",
    "块": "materials",
    "册次": "materials",
    "个": "count",
    "家": "count",
    "所": "count",
    "种": "count",
    "项": "count",
    "篇": "count",
    "台": "count",
    "部": "count",
    "件": "count",
    "处": "count",
    "座": "count",
    "间": "count",
    "支": "count",
    "辆": "count",
    "只": "count",
    "头": "count",
    "株": "count",
    "棵": "count",
    "组": "count",
    "类": "count",
    "集": "count",
    "盘": "count",
    "枚": "count",
    "亩": "area",
    "平方米": "area",
    "平米": "area",
    "公顷": "area",
    "平方公里": "area",
    "公斤": "weight",
    "千克": "weight",
    "斤": "weight",
    "吨": "weight",
    "米": "length",
    "公里": "length",
    "千米": "length",
    "学时": "hours",
    "课时": "hours",
    "小时": "hours",
    "天": "duration",
    "个月": "duration",
    "分钟": "duration",
}

# A unit written with its alternative in brackets or after a slash: 人(次)
# means "people or person-times", which is what 人次 counts.
UNIT_SUFFIX_MERGE: dict[tuple[str, str], str] = {
    ("人", "次"): "人次",
    ("台", "次"): "台次",
    ("场", "次"): "场次",
    ("户", "次"): "户次",
    ("家", "次"): "家次",
    ("班", "次"): "班次",
    ("册", "次"): "册次",
}

# Words that, right after a number, make it a year, a date, a time, a share,
# a rank or a duration in years: never a count or an amount.
BLOCKERS: tuple[str, ...] = (
    "个百分点",
    "百分点",
    "年度",
    "年",
    "月",
    "日",
    "号",
    "时",
    "点",
    "分",
    "秒",
    "%",
    "‰",
    "倍",
    "届",
    "岁",
    "周岁",
    "周",
    "世纪",
    "级",
    "楼",
    "层",
    "成",
    "季度",
    "代",
)

# A measure word followed by these characters is part of another word
# (xx期间 = "during xx", 名单 = "list").
UNIT_BREAKERS: tuple[str, ...] = (
    "期间",
    "期工程",  # 二期工程: phase two
    "期建设",
    "名单",
    "名称",
    "名义",
    "名额",
    "家庭",
    "种植",
    "种养",
    "人员",
    "次数",
    "场所",
    "所在",
    "部门",
    "条件",
    "项目",
    "本地",
    "本土",
    "本年",
)

FRONT_QUALIFIERS: dict[str, str] = {
    "不少于": "at_least",
    "不低于": "at_least",
    "至少": "at_least",
    "超过": "over",
    "突破": "over",
    "逾": "over",
    "超": "over",
    "过": "over",
    "上": "over",
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "不到": "nearly",
    "不足": "nearly",
    "大约": "about",
    "大概": "about",
    "约": "about",
    "达到": "exact",
    "达": "exact",
    "共计": "exact",
    "合计": "exact",
    "累计": "exact",
    "总计": "exact",
    "共": "exact",
    "计": "exact",
    "多达": "exact",
    "高达": "exact",
}

# Front qualifiers that only count as such in one context; a lone 过/上 in
# front of an arbitrary number is far more often something else (以上3项).
FRONT_ONLY_BEFORE_BARE_MULTIPLIER: tuple[str, ...] = ("过",)
FRONT_QUALIFIER_BAD_PREVIOUS: dict[str, str] = {
    "近": "附最靠邻就将接",
    "约": "签合预制节契公",
    "上": "以会线网路晚早马",
    "超": "赶",
    "计": "设统估共合累总会",
    "达": "到送表传抵",
    "共": "公",
}

BACK_QUALIFIERS: dict[str, str] = {
    "(含)以上": "at_least",
    "以上(含)": "at_least",
    "及以上": "at_least",
    "以上": "over",
    "左右": "about",
    "上下": "about",
}

APPROX_INFIX: dict[str, str] = {"余": "over", "多": "over"}

CN_DIGITS: dict[str, int] = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
CN_ZEROS: tuple[str, ...] = ("〇", "零")
MULTIPLIERS: dict[str, int] = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
    "万": 10_000,
    "亿": 100_000_000,
}
MASK_CHARS: tuple[str, ...] = ("x", "X", "*", "_", "×")
RANGE_SEPARATORS: tuple[str, ...] = ("-", "~", "至", "到", "、")

# One character in, one character out: offsets into the normalized text are
# offsets into the input.  Traditional forms are only those that matter for
# numbers, units and qualifiers.
CHAR_MAP: dict[str, str] = {
    "萬": "万",
    "億": "亿",
    "兩": "两",
    "餘": "余",
    "約": "约",
    "達": "达",
    "計": "计",
    "場": "场",
    "個": "个",
    "冊": "册",
    "項": "项",
    "臺": "台",
    "戶": "户",
    "畝": "亩",
    "時": "时",
    "學": "学",
    "種": "种",
    "張": "张",
    "條": "条",
    "塊": "块",
    "處": "处",
    "間": "间",
    "組": "组",
    "類": "类",
    "輪": "轮",
    "屆": "届",
    "歲": "岁",
    "號": "号",
    "點": "点",
    "級": "级",
    "樓": "楼",
    "層": "层",
    "週": "周",
    "圓": "元",
    "貳": "贰",
    "陸": "陆",
    "參": "叁",
    "過": "过",
    "將": "将",
    "書": "书",
    "頭": "头",
    "輛": "辆",
    "節": "节",
    "隻": "只",
    "課": "课",
    "單": "单",
    "數": "数",
    "．": ".",
    "，": ",",
    "—": "-",
    "–": "-",
    "－": "-",
    "～": "~",
    "〜": "~",
    "（": "(",
    "）": ")",
    "\u3000": " ",
    "\u00a0": " ",
    "Ｘ": "X",
    "ｘ": "x",
    "＊": "*",
    "％": "%",
    "／": "/",
    "＿": "_",
}

RULES_FINGERPRINT_SOURCES: tuple[object, ...] = (
    QUALIFIER_ORDER,
    UNIT_KIND,
    UNIT_SUFFIX_MERGE,
    BLOCKERS,
    UNIT_BREAKERS,
    FRONT_QUALIFIERS,
    FRONT_ONLY_BEFORE_BARE_MULTIPLIER,
    FRONT_QUALIFIER_BAD_PREVIOUS,
    BACK_QUALIFIERS,
    APPROX_INFIX,
    CN_DIGITS,
    CN_ZEROS,
    MULTIPLIERS,
    MASK_CHARS,
    RANGE_SEPARATORS,
    CHAR_MAP,
)


def _by_first_char(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    # Indexed by first character, longest first: one dict lookup per position
    # instead of a pass over the whole table keeps the scanner fast.
    index: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        index.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in index.items()}


_UNITS_BY_LENGTH = _by_first_char(UNIT_KIND)
_BLOCKERS_BY_LENGTH = _by_first_char(BLOCKERS)
_BACK_BY_LENGTH = _by_first_char(BACK_QUALIFIERS)
_BREAKERS = _by_first_char(UNIT_BREAKERS)
_FRONT_BY_LAST: dict[str, tuple[str, ...]] = {}
for _w in sorted(FRONT_QUALIFIERS, key=len, reverse=True):
    _FRONT_BY_LAST[_w[-1]] = (*_FRONT_BY_LAST.get(_w[-1], ()), _w)
del _w
_MAX_LOOKAHEAD = 6
_SPACES = " \t"
_TWO = Decimal("0.01")
_CN_DIGIT_VALUES = {ch: Decimal(v) for ch, v in CN_DIGITS.items()}
_MULTIPLIER_VALUES = {ch: Decimal(v) for ch, v in MULTIPLIERS.items()}


def _slow_normalize(text: str) -> str:
    out: list[str] = []
    for ch in text:
        mapped = CHAR_MAP.get(ch)
        if mapped is None:
            if "\uff01" <= ch <= "\uff5e":
                mapped = chr(ord(ch) - 0xFEE0)
            elif ch.isdigit() and not ch.isascii():
                try:
                    mapped = str(unicodedata.digit(ch))
                except (TypeError, ValueError):
                    mapped = ch
            else:
                mapped = ch
        out.append(mapped if len(mapped) == 1 else ch)
    return "".join(out)


# The same mapping as one str.translate table: the common case stays in C.
_TRANSLATE: dict[int, str] = {
    **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    **{ord(k): v for k, v in CHAR_MAP.items() if len(v) == 1},
}
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")
# Decimal digits of other scripts, rare enough to take the slow path.
_OTHER_DIGIT = re.compile(r"(?![0-9\uff10-\uff19])\d")


def normalize_chars(text: str) -> str:
    """Half-width, simplified forms of the characters the parsers look at.

    The result has exactly the length of the input.

    >>> normalize_chars("１２０名（次）")
    '120名(次)'
    """
    if _OTHER_DIGIT.search(text):
        return _slow_normalize(text)
    if _TRANSLATED.search(text) is None:
        return text  # nothing to change: one C-speed scan instead of a lookup per char
    return text.translate(_TRANSLATE)


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _is_ascii_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


def _is_cn_numeral(ch: str) -> bool:
    return ch in CN_DIGITS or ch in MULTIPLIERS or ch in CN_ZEROS


def _at(s: str, i: int) -> str:
    # NUL, not "", for outside the text: "" would be `in` every string.
    return s[i] if 0 <= i < len(s) else "\0"


def _startswith_any(s: str, i: int, words: dict[str, tuple[str, ...]]) -> str | None:
    for w in words.get(_at(s, i), ()):
        if s.startswith(w, i):
            return w
    return None


# --------------------------------------------------------------------------
# The numeric core: "500余万", "3千多万", "1,200", "22.11万", "一千二百",
# "xx0", "1。2万".
# --------------------------------------------------------------------------


@dataclass
class _Core:
    start: int
    end: int
    items: list[tuple[str, Decimal]]  # ("num" | "mult" | "zero", value)
    masked: bool = False
    arabic: bool = False
    chinese: bool = False
    digits: int = 0  # Arabic digits before the decimal point
    decimal: bool = False
    has_multiplier: bool = False
    has_cn_digit: bool = False
    over: bool = False  # 余/多 between a number and its multiplier
    last_arabic: bool = False  # two Arabic runs in a row are two numbers


def _is_mask_at(s: str, i: int) -> bool:
    ch = _at(s, i)
    if ch not in MASK_CHARS:
        return False
    if ch in "xX":
        # x inside an English word ("text", "Your") is a letter, not a mask.
        j = i
        while j > 0 and s[j - 1] in "xX" and i - j < 8:
            j -= 1
        k = i
        while k < len(s) and s[k] in "xX" and k - i < 8:
            k += 1
        if _is_ascii_letter(_at(s, j - 1)) or _is_ascii_letter(_at(s, k)):
            return False
        return True
    if ch == "×":
        # 1米×2.4米 and 3×4 are products; only ×× (or a lone × not touching
        # a digit) stands for hidden digits.
        nxt, prev = _at(s, i + 1), _at(s, i - 1)
        if nxt == "×" or prev == "×":
            return True
        return (
            not _is_digit(nxt)
            and not _is_digit(prev)
            and (nxt in MULTIPLIERS or nxt in APPROX_INFIX or _unit_at(s, i + 1) is not None)
        )
    return True


_ASCII_DIGITS = re.compile("[0-9]*")
_MASK_SET = frozenset(MASK_CHARS)
_CN_NUMERALS = frozenset((*CN_DIGITS, *MULTIPLIERS, *CN_ZEROS))


def _scan_arabic(s: str, i: int, core: _Core) -> int:
    """Digits and masks with separators; returns the index after them."""
    j = i
    n = len(s)
    while True:
        j = _ASCII_DIGITS.match(s, j).end()  # type: ignore[union-attr]  # matches ""
        if j < n and s[j] in MASK_CHARS and _is_mask_at(s, j):
            core.masked = True
            j += 1
            continue
        break
    if j == i:
        return i
    core.arabic = True
    first_group = j - i
    # Thousands separators (1,200) and digit groups split by one space
    # (3 800): only groups of exactly three digits.
    while True:
        sep = _at(s, j)
        if (
            sep in ", "
            and all(_is_digit(_at(s, j + k)) for k in (1, 2, 3))
            and not _is_digit(_at(s, j + 4))
            and first_group <= 3
            and not core.masked
        ):
            if sep == " " and _at(s, j + 4) in ",.":
                break
            j += 4
            continue
        break
    # What the loops above took: digits, masks and the separators of groups.
    digits = s[i:j] if j - i == first_group else s[i:j].replace(",", "").replace(" ", "")
    core.digits = len(digits)
    frac = ""
    if _at(s, j) in ".。" and _is_digit(_at(s, j + 1)) and not core.masked:
        k = j + 1
        while k < len(s) and _is_digit(s[k]) and k - j <= 12:
            k += 1
        # A scraped 。 is only a decimal point when a multiplier or a unit
        # follows the fraction ("1。2万人次"), never at a sentence end.
        if s[j] == "." or _at(s, k) in MULTIPLIERS or _unit_at(s, k) is not None:
            frac = s[j + 1 : k]
            core.decimal = True
            j = k
    if core.masked:
        core.items.append(("num", Decimal(0)))
    else:
        try:
            core.items.append(("num", Decimal(digits + ("." + frac if frac else ""))))
        except InvalidOperation:
            core.items.append(("num", Decimal(0)))
    return j


def _scan_core(s: str, i: int) -> _Core | None:
    core = _Core(start=i, end=i, items=[])
    j = i
    n = len(s)
    while j < n:
        ch = s[j]
        if "0" <= ch <= "9" or (ch in _MASK_SET and _is_mask_at(s, j)):
            if core.last_arabic:
                break
            k = _scan_arabic(s, j, core)
            if k == j:
                break
            j = k
            core.last_arabic = True
            continue
        if ch in MULTIPLIERS:
            # 千克, 千米, 百分点: the character belongs to a unit or a share.
            word = _unit_at(s, j) or _blocker_at(s, j)
            if word is not None and len(word) > 1:
                break
        core.last_arabic = False
        if ch in _CN_NUMERALS:
            if ch in CN_ZEROS:
                core.items.append(("zero", Decimal(0)))
            elif ch in CN_DIGITS:
                core.items.append(("num", _CN_DIGIT_VALUES[ch]))
                core.has_cn_digit = True
                core.chinese = True
            else:
                core.items.append(("mult", _MULTIPLIER_VALUES[ch]))
                core.has_multiplier = True
                if ch in "十拾":
                    core.chinese = True
            j += 1
            continue
        if ch in APPROX_INFIX and core.items and _at(s, j + 1) in MULTIPLIERS:
            core.over = True
            j += 1
            continue
        break
    if not core.items:
        return None
    core.end = j
    return core


def _evaluate(items: list[tuple[str, Decimal]]) -> Decimal | None:
    """Value of a sequence of numbers and multipliers (一千二百, 3千万)."""
    total = Decimal(0)
    section = Decimal(0)
    number: Decimal | None = None
    last_mult: Decimal | None = None
    after_zero = False
    prev_kind = ""
    for kind, v in items:
        if kind == "zero":
            if number is not None:
                return None
            after_zero = True
            prev_kind = kind
            continue
        if kind == "num":
            if number is not None:
                return None
            number = v
        else:
            if v < 10_000:
                if number is None:
                    if prev_kind == "mult" and last_mult is not None and last_mult <= v:
                        return None
                    number = Decimal(1)
                section += number * v
            elif v == 10_000:
                n = section + (number if number is not None else 0)
                total += (n if n != 0 else Decimal(1)) * v
                section = Decimal(0)
            else:
                n = total + section + (number if number is not None else 0)
                total = (n if n != 0 else Decimal(1)) * v
                section = Decimal(0)
            number = None
            last_mult = v
            after_zero = False
        prev_kind = kind
    if number is not None:
        # 一千二 is spoken shorthand for 1200; 一千零二 is 1002.
        if (
            len(items) >= 2
            and items[-2][0] == "mult"
            and not after_zero
            and items[-2][1] in (100, 1000, 10_000)
            and number < 10
            and number == number.to_integral_value()
        ):
            number = number * items[-2][1] / 10
        return total + section + number
    return total + section


# --------------------------------------------------------------------------
# What surrounds the core.
# --------------------------------------------------------------------------


def _unit_at(s: str, i: int) -> str | None:
    return _startswith_any(s, i, _UNITS_BY_LENGTH)


def _blocker_at(s: str, i: int) -> str | None:
    return _startswith_any(s, i, _BLOCKERS_BY_LENGTH)


def _skip_space(s: str, i: int) -> int:
    return i + 1 if _at(s, i) in _SPACES else i


@dataclass
class _Tail:
    end: int
    unit: str | None
    qualifiers: list[str]
    blocked: bool


def _scan_tail(s: str, j: int) -> _Tail:
    qualifiers: list[str] = []
    k = _skip_space(s, j)
    if _at(s, k) in APPROX_INFIX:
        qualifiers.append(APPROX_INFIX[s[k]])
        k = _skip_space(s, k + 1)
    unit = _unit_at(s, k)
    blocker = _blocker_at(s, k)
    if blocker is not None and (unit is None or len(blocker) >= len(unit)):
        return _Tail(k, None, qualifiers, True)
    if unit is None and _is_ascii_letter(_at(s, k)):
        return _Tail(k, None, qualifiers, True)
    end = j if not qualifiers else k
    if unit is not None:
        if _startswith_any(s, k, _BREAKERS) is not None:
            # 期间, 名单 … : the number stands alone.
            return _Tail(end, None, qualifiers, False)
        k += len(unit)
        end = k
        # 人(次), 台(次), 册(份), 人/次
        if _at(s, k) == "(" and _at(s, k + 2) == ")" and _at(s, k + 1) != "含":
            inner = s[k + 1]
            merged = UNIT_SUFFIX_MERGE.get((unit, inner))
            if merged is not None or inner in UNIT_KIND:
                unit = merged or unit
                k += 3
                end = k
        elif _at(s, k) == "/" and (unit, _at(s, k + 1)) in UNIT_SUFFIX_MERGE:
            unit = UNIT_SUFFIX_MERGE[(unit, s[k + 1])]
            k += 2
            end = k
    back = _startswith_any(s, end, _BACK_BY_LENGTH)
    if back is not None:
        qualifiers.append(BACK_QUALIFIERS[back])
        end += len(back)
    return _Tail(end, unit, qualifiers, False)


def _front_qualifier(s: str, start: int, bare_multiplier: bool) -> tuple[int, str | None]:
    """The qualifier word just before `start`, and where the text begins."""
    p = start
    if _at(s, p - 1) == " ":
        p -= 1
    for w in _FRONT_BY_LAST.get(_at(s, p - 1), ()):
        b = p - len(w)
        if b < 0 or not s.startswith(w, b):
            continue
        if w in FRONT_ONLY_BEFORE_BARE_MULTIPLIER and not bare_multiplier:
            continue
        bad_prev = FRONT_QUALIFIER_BAD_PREVIOUS.get(w, "")
        if bad_prev and _at(s, b - 1) in bad_prev:
            continue
        if w == "上" and not bare_multiplier and _at(s, b - 1) not in ("达", "到"):
            continue
        kind = FRONT_QUALIFIERS[w]
        if kind == "exact":
            # 达/共计 do not change the qualifier; the text starts at the number
            return start, kind
        return b, kind
    return start, None


def _is_excluded_before(s: str, start: int) -> bool:
    prev = _at(s, start - 1)
    if prev == " ":
        prev = _at(s, start - 2)
    if prev == "第":
        return True
    if s.startswith("百分之", max(0, start - 3)) and start >= 3:
        return True
    if _is_ascii_letter(prev) or _is_digit(prev) or prev in ".-/":
        return True
    if prev == ":":
        # 9:30 is a time; "参加人数:300人" labels a count.
        colon = start - 1 if _at(s, start - 1) == ":" else start - 2
        return _is_digit(_at(s, colon - 1))
    return False


@dataclass
class _Match:
    start: int
    end: int
    value: Decimal | None
    unit: str | None
    qualifier: str


def _pick_qualifier(found: list[str]) -> str:
    for q in QUALIFIER_ORDER:
        if q in found:
            return q
    return "exact"


def _run_end(s: str, i: int) -> int:
    """End of the run of number-like characters starting at i (for skipping)."""
    j = i
    while j < len(s) and (
        _is_digit(s[j]) or s[j] in MASK_CHARS or _is_cn_numeral(s[j]) or s[j] in ".,"
    ):
        j += 1
    return max(j, i + 1)


def _bare_ok(s: str, core: _Core, whole: bool) -> bool:
    """May a number with no unit stand as a quantity?"""
    if core.masked:
        return core.has_multiplier
    if whole:
        return True
    big = any(k == "mult" and v >= 10_000 for k, v in core.items)
    if core.chinese or core.has_cn_digit:
        # 一是, 十二五, 七一: a Chinese numeral alone is a name or a heading;
        # a digit times 百 or 千 is a count ("咨询群众五千上下").
        hundreds = core.items[0][0] != "mult" and any(
            k == "mult" and v in (100, 1000) for k, v in core.items
        )
        return big or core.over or hundreds
    if core.has_multiplier:
        return True
    nxt = _at(s, core.end)
    if nxt in ("、", ")", ":", "/", "-") or (nxt == "." and not _is_digit(_at(s, core.end + 1))):
        return False  # 1、 1. (1) headings, 10:30, 2018/3
    if _at(s, core.start - 1) in "([〔【":
        return False
    if core.digits >= 7:
        return False  # phone numbers, ids
    if not core.decimal and core.digits == 4 and 1900 <= core.items[0][1] <= 2099:
        return False  # a year written without 年
    if core.decimal:
        left, _, right = s[core.start : core.end].partition(".")
        if left.isdigit() and right.isdigit() and 1 <= int(left) <= 12 and 1 <= int(right) <= 31:
            return False  # 5.12, 3.23: a month.day
    return True


def _match_at(
    s: str, i: int, whole: bool = False, as_upper: bool = False
) -> tuple[_Match | None, int]:
    """Try a quantity whose number starts at i; return it and where to go on."""
    core = _scan_core(s, i)
    if core is None:
        return None, i + 1
    skip = max(core.end, i + 1)
    if not as_upper and _is_excluded_before(s, i):
        return None, _run_end(s, i)
    bare_multiplier = core.items[0][0] == "mult"
    front_start, front_q = (i, None) if as_upper else _front_qualifier(s, i, bare_multiplier)
    if bare_multiplier and core.items[0][1] != 10:
        # 千家万户, 百人计划: a multiplier alone is a number only after
        # 上/超/近 (上万人) or before 余/多 (千余人).
        if front_q in (None, "exact") and _at(s, core.end) not in APPROX_INFIX:
            return None, skip
    if _at(s, core.end) == "." and _is_digit(_at(s, core.end + 1)):
        return None, _run_end(s, i)  # 2018.3.5, 1.2.3: a dotted date or a version
    value = None if core.masked else _evaluate(core.items)
    if value is None and not core.masked:
        return None, skip
    tail = _scan_tail(s, core.end)
    quals: list[str] = []
    if core.masked:
        quals.append("masked")
    if front_q is not None:
        quals.append(front_q)
    if core.over:
        quals.append("over")
    quals.extend(tail.qualifiers)

    # A range: "3-5万元", "二至三项", "一、二次"; the lower bound has no unit.
    sep_pos = core.end
    sep = _at(s, sep_pos)
    if (
        not as_upper
        and not tail.blocked
        and tail.unit is None
        and not tail.qualifiers
        and sep in RANGE_SEPARATORS
        and not core.masked
        and (sep != "、" or (core.chinese and not core.arabic))
        and _range_upper_starts(s, sep_pos + 1, sep)
    ):
        upper, _ = _match_at(s, sep_pos + 1, as_upper=True)
        if upper is None:
            upper_core = _scan_core(s, sep_pos + 1)
            if upper_core is not None:
                # The upper bound is a year, a date, a percentage or a phone
                # number: so is the lower one (2024-2030年, 1-2月, 0371-…).
                if _scan_tail(s, upper_core.end).blocked or upper_core.digits >= 7:
                    return None, max(upper_core.end, skip)
        elif value is not None and upper.value is not None:
            low = _range_lower(core, value, upper, s, sep_pos + 1)
            if sep == "、" and low is not None:
                # Consecutive digits sharing the upper bound's 十/百/千:
                # 一、二次 → 1, 一、二百场 → 100, 三、四十人 → 30.
                low = next(
                    (value * 10**k for k in range(5) if (value + 1) * 10**k == upper.value),
                    None,
                )
            if low is not None and (
                sep != "、" or (core.chinese and not core.arabic and upper.unit is not None)
            ):
                q = _pick_qualifier(["range", *quals])
                return _Match(front_start, upper.end, low, upper.unit, q), upper.end
    if tail.blocked:
        return None, _run_end(s, i)
    if tail.unit is None and not _bare_ok(s, core, whole or (as_upper and core.chinese)):
        return None, skip
    end = max(tail.end, core.end)
    return _Match(front_start, end, value, tail.unit, _pick_qualifier(quals)), end


def _range_upper_starts(s: str, i: int, sep: str) -> bool:
    ch = _at(s, i)
    if sep == "-" or sep == "~":
        return _is_digit(ch)
    return _is_digit(ch) or ch in CN_DIGITS or ch in "十拾"


def _range_lower(
    core: _Core, value: Decimal, upper: _Match, s: str, up_start: int
) -> Decimal | None:
    """Lower bound of a range; it borrows the upper bound's 万/亿 when it has none."""
    up_value = upper.value if upper.value is not None else Decimal(0)
    if not core.has_multiplier:
        up_core = _scan_core(s, up_start)
        mults = [v for k, v in (up_core.items if up_core else []) if k == "mult"]
        scale = Decimal(1)
        for m in mults:
            if m >= 10_000:
                scale *= m
        if scale != 1 and value * scale <= up_value:
            return value * scale
    if value <= up_value:
        return value
    return None


def _is_plain(value: Decimal) -> bool:
    """Finite, at most two decimals and 15 digits: quantizing would change nothing."""
    t = value.as_tuple()
    return isinstance(t.exponent, int) and t.exponent >= -2 and len(t.digits) <= 15


def _to_quantity(s_orig: str, m: _Match) -> Quantity:
    value: float | None = None
    if m.value is not None and _is_plain(m.value):
        value = float(m.value)  # at most two decimals and few digits: exact as it is
    elif m.value is not None:
        # Enough precision for any digit run: a 27-digit amount must not
        # raise and take the sentence's other figures with it.
        with localcontext() as ctx:
            ctx.prec = 400
            value = float(m.value.quantize(_TWO, rounding=ROUND_HALF_UP))
    return Quantity(value=value, unit=m.unit, qualifier=m.qualifier, text=s_orig[m.start : m.end])


# Characters a quantity can start with: the scan jumps from one to the next.
_START = re.compile(
    "[0-9" + re.escape("".join((*CN_DIGITS, *MULTIPLIERS, *CN_ZEROS, *MASK_CHARS))) + "]"
)


def _could_start(s: str, i: int) -> bool:
    ch = s[i]
    return _is_digit(ch) or ch in MASK_CHARS or _is_cn_numeral(ch)


# Words that make the numeral after them vague ("数十场" is not 10 sessions).
VAGUE_BEFORE = re.compile(r"(?:(?<![人次份场户期])数|几|若干)$")
VAGUE_NUMERALS = frozenset("十百千万亿")


def find_quantities(text: str) -> list[QuantitySpan]:
    """Every count or amount in `text`, in order, with offsets into `text`.

    Years, dates, document numbers, phone numbers, percentages and ordinals
    are not quantities.

    >>> [s.quantity.text for s in find_quantities("2008年度投入987250元,第五届,增长60%")]
    ['987250元']
    >>> q = find_quantities("3月23日培训1。2万人次")[0]
    >>> (q.quantity.value, q.quantity.unit, q.start, q.end)
    (12000.0, '人次', 7, 13)
    """
    spans: list[QuantitySpan] = []
    if not isinstance(text, str) or not text:
        return spans
    try:
        s = normalize_chars(text)
        i = 0
        n = len(s)
        last_end = 0
        while i < n:
            found = _START.search(s, i)
            if found is None:
                break
            i = found.start()
            m, nxt = _match_at(s, i)
            if (
                m is not None
                and s[m.start] in VAGUE_NUMERALS
                and VAGUE_BEFORE.search(s, max(0, m.start - 2), m.start)
            ):
                m = None  # "数十场", "几十人": no figure was written (not "人数100人")
            if m is not None and m.start >= last_end:
                spans.append(QuantitySpan(_to_quantity(text, m), m.start, m.end))
                last_end = m.end
            i = max(nxt, i + 1)
    except Exception:  # a parser bug must not lose a whole file
        return spans
    return spans


def parse_quantity(text: str) -> Quantity | None:
    """One expression as written ("500余万", "近3万人次"); None if no quantity.

    >>> parse_quantity("一千二百")
    Quantity(value=1200.0, unit=None, qualifier='exact', text='一千二百')
    >>> parse_quantity("3-5万元")
    Quantity(value=30000.0, unit='元', qualifier='range', text='3-5万元')
    >>> parse_quantity("投资300余万")
    Quantity(value=3000000.0, unit=None, qualifier='over', text='300余万')
    """
    if not isinstance(text, str):
        return None
    try:
        stripped = text.strip()
        offset = len(text) - len(text.lstrip())
        s = normalize_chars(stripped)
        # A whole expression may be a bare numeral (一千二百, 壹佰) that would
        # be too ambiguous inside running text.
        for lead in range(0, min(len(s), _MAX_LOOKAHEAD)):
            if _could_start(s, lead):
                m, _ = _match_at(s, lead, whole=True)
                if m is not None and m.end == len(s):
                    q = _to_quantity(text[offset:], m)
                    return q
                break
        found = find_quantities(text)
        return found[0].quantity if found else None
    except Exception:
        return None
