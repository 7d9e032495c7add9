"""Dates as Chinese work reports write them.

A report rarely gives a full date: "3月23日" leaves the year to the report,
"20xx年9月份" hides it, "9月20日至27日" is a range, and scraping turns
"二〇一一年" into "二一一年".  :func:`find_dates` returns every such
expression with what can be known of it; ``start``/``end`` are dates only
when year, month and day are all known.

>>> d = parse_date("5月18日", year=2015)
>>> (d.start, d.month, d.year)
(datetime.date(2015, 5, 18), 5, 2015)
>>> d = parse_date("9月20日至27日", year=2012)
>>> (d.start, d.end)
(datetime.date(2012, 9, 20), datetime.date(2012, 9, 27))
>>> d = parse_date("20xx年9月份")
>>> (d.start, d.month, d.year)
(None, 9, None)
>>> parse_date("二一一年十一月二十九日").start
datetime.date(2011, 11, 29)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from scorecard.quantities import normalize_chars

# A period of several years ("2016年以来", "近三年", "“十三五”以来", "五年来"):
# its figures are sums over years, not the report's. (近年来, 多年来 and 历年
# mostly open a sentence about this year, or praise it: "创近年来之最".)
PERIOD_OF_YEARS = re.compile(
    r"(?:(\d{4})年?|[“\"]?十[一二三四五]五[”\"]?)(?:以来|期间|时期|至今)"
    r"|(?:开馆|建馆|成立|创建|开园)以来|这些年来|近几年来?|历年累计"
    r"|近[两二三四五六七八九十\d]+年"
    r"|(?<!\d)(?:[两二三四五六七八九十]|\d{1,2})年累计"
    r"|(?<!\d)(?:[两二三四五六七八九十]|\d{1,2})年(?:来|间|以来)"
    r"|(\d{4})年?[-—~至到](\d{4})年"
)

__all__ = ["DATE_PATTERNS", "PERIOD_OF_YEARS", "DateSpan", "find_dates", "parse_date"]


@dataclass(frozen=True)
class DateSpan:
    start: datetime.date | None
    end: datetime.date | None
    month: int | None
    year: int | None
    text: str
    begin: int
    end_offset: int
    valid: bool = True  # False for 13月, 32日, 2月30日: validation flags them


CN_DATE_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "○": 0,  # a circle typed for 〇 ("二○一九年")
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
RELATIVE_YEARS: dict[str, int] = {
    "今": 0,
    "本": 0,
    "去": -1,
    "上": -1,
    "明": 1,
    "前": -2,
}
DATE_MASK_CHARS = "xX*×_"
# What may follow a bare "month.day" (3.23期间, “5.12”地震) for it to be a date.
DOT_DATE_FOLLOWERS: tuple[str, ...] = (
    "期间",
    "前后",
    "当天",
    "当日",
    "之际",
    "纪念日",
    "以来",
    "这天",
    "那天",
    "地震",
    "大地震",
    "汶川",
    "国际",
    "世界",
    "全国",
    "活动",
    "宣传",
)
DOT_DATE_QUOTES: tuple[tuple[str, str], ...] = (
    ("“", "”"),
    ('"', '"'),
    ("'", "'"),
    ("「", "」"),
    ("‘", "’"),
)

_Y = r"(?<![0-9A-Za-z])[0-9xX*×_]{2,4}(?![0-9])|(?<![〇零一二三四五六七八九十])[〇零一二三四五六七八九]{3,4}|[今本去上明前]"
_M = r"(?<![0-9])[0-9xX*×]{1,2}|十[一二]?|(?<![十〇零一二三四五六七八九])[一二三四五六七八九]"
_D = r"[0-9xX*]{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_PART = r"上旬|中旬|下旬|初|底|末"

# One point in time: year, month, day each optional, in that order.
_POINT = (
    rf"(?:(?P<y>{_Y})年(?P<yd>度)?\s?)?"
    rf"(?:(?P<m>{_M})?月(?P<mf>份)?"
    rf"(?:(?P<d>{_D})(?:\s?[-~至到]\s?(?P<dr>{_D}))?[日号])?)?"
    rf"(?P<part>{_PART})?"
)
# What may continue a point into a range: another point, or a day alone.
_SEP = r"\s?(?:起至|起到|一直到|至|到|-|~)?\s?"
_DAY_ONLY = rf"(?P<d2>{_D})[日号]"
_DOT = r"(?<![0-9.])(?P<dm>1[0-2]|0?[1-9])[.·](?P<dd>3[01]|[12][0-9]|0?[1-9])(?![0-9.%])"

DATE_PATTERNS: tuple[str, ...] = (_POINT, _SEP, _DAY_ONLY, _DOT)
_POINT_RE = re.compile(_POINT)
_CONT_RE = re.compile(rf"{_SEP}(?:{_DAY_ONLY}|(?={_M}月|{_Y}年))")
_DOT_RE = re.compile(_DOT)
_ANY_START_RE = re.compile(r"[0-9xX*×_〇零一二三四五六七八九十今本去上明前月]")


def _cn_small(text: str) -> int | None:
    """一 .. 三十一 (month and day numerals)."""
    if text.isdigit():
        return int(text)
    if any(c in DATE_MASK_CHARS for c in text):
        return None
    if "十" in text:
        tens_s, _, ones_s = text.partition("十")
        tens = CN_DATE_DIGITS.get(tens_s, 1) if tens_s else 1
        ones = CN_DATE_DIGITS.get(ones_s, 0) if ones_s else 0
        return tens * 10 + ones
    if len(text) == 1 and text in CN_DATE_DIGITS:
        return CN_DATE_DIGITS[text]
    return None


def _year_value(token: str, year: int | None) -> tuple[int | None, bool]:
    """(year, acceptable): masked years are acceptable with value None."""
    if token in RELATIVE_YEARS:
        return (None if year is None else year + RELATIVE_YEARS[token]), True
    if any(c in DATE_MASK_CHARS for c in token):
        return None, True
    if token.isdigit():
        # 3年, 30年 are durations, not years.
        return (int(token), True) if len(token) == 4 else (None, False)
    digits = [CN_DATE_DIGITS[c] for c in token]
    if len(digits) == 3 and digits[0] == 2:
        # Scraping drops 〇: 二一一 is 二〇一一.
        digits.insert(1, 0)
    if len(digits) != 4:
        return None, False
    return int("".join(str(d) for d in digits)), True


def _make_date(y: int | None, m: int | None, d: int | None) -> tuple[datetime.date | None, bool]:
    if m is None or d is None:
        return None, True
    if not 1 <= m <= 12 or not 1 <= d <= 31:
        return None, False
    try:
        # Leap-year check against 2000 when the year is unknown: 2月29日 is
        # plausible, 2月30日 never is.
        datetime.date(y if y is not None else 2000, m, d)
    except ValueError:
        return None, False
    if y is None or not 1 <= y <= 9999:
        return None, True
    return datetime.date(y, m, d), True


def _dot_date_ok(s: str, m: re.Match[str], whole: bool) -> bool:
    if whole:
        return True
    b, e = m.start(), m.end()
    for opening, closing in DOT_DATE_QUOTES:
        if s[b - 1 : b] == opening and s[e : e + 1] == closing:
            return True
    rest = s[e : e + 4]
    return any(rest.startswith(f) for f in DOT_DATE_FOLLOWERS)


def _scan(text: str, year: int | None, whole: bool) -> list[DateSpan]:
    s = normalize_chars(text)
    out: list[DateSpan] = []
    pos = 0
    n = len(s)
    while pos < n:
        start_m = _ANY_START_RE.search(s, pos)
        if start_m is None:
            break
        i = start_m.start()
        dot = _DOT_RE.match(s, i)
        if dot is not None and _dot_date_ok(s, dot, whole):
            mo, da = int(dot.group("dm")), int(dot.group("dd"))
            date, ok = _make_date(year, mo, da)
            out.append(DateSpan(date, date, mo, year, text[i : dot.end()], i, dot.end(), ok))
            pos = dot.end()
            continue
        m = _POINT_RE.match(s, i)
        if m is None or m.end() == i or not _point_usable(m):
            pos = i + 1
            continue
        span, end = _build(s, text, m, year)
        if span is None:
            pos = max(end, i + 1)
            continue
        out.append(span)
        pos = max(span.end_offset, i + 1)
    return out


def _point_usable(m: re.Match[str]) -> bool:
    if m.group("y") is not None:
        return True
    if m.group("m") is not None:
        return True
    # 月15日: a masked month still gives a (partial) date; a bare 月 does not.
    return m.group("d") is not None


def _build(s: str, text: str, m: re.Match[str], year: int | None) -> tuple[DateSpan | None, int]:
    begin = m.start()
    y: int | None = year
    y_tok = m.group("y")
    if y_tok is not None:
        y, ok = _year_value(y_tok, year)
        if not ok:
            # 3年, 30年 are durations: no date starts here.
            return None, m.end("y") + 1
    has_m, has_d = m.group("m") is not None, m.group("d") is not None
    if not has_m and not has_d:
        # A year alone ("2008年度", "2008年底"); a stray 月 after it is not ours.
        end = m.end()
        if "月" in s[begin:end]:
            end = s.index("月", begin)
        return DateSpan(None, None, None, y, text[begin:end], begin, end, True), end
    valid = True
    month = _cn_small(m.group("m")) if has_m else None
    if month is not None and not 1 <= month <= 12:
        month, valid = None, False
    day = _cn_small(m.group("d")) if has_d else None
    if day is not None and not 1 <= day <= 31:
        valid = False
    start, ok = _make_date(y, month, day)
    valid = valid and ok
    end_date = start
    end = m.end()
    if m.group("dr") is not None:
        end_date, ok = _make_date(y, month, _cn_small(m.group("dr")))
        valid = valid and ok
    elif has_d:
        end_date, end, ok = _continuation(s, end, y, month, year, end_date)
        valid = valid and ok
    if not valid:
        start = end_date = None
    elif start is not None and end_date is not None and end_date < start:
        end_date = None  # 9月28日至3日 runs into a month the text does not name
    return DateSpan(start, end_date, month, y, text[begin:end], begin, end, valid), end


def _continuation(
    s: str,
    end: int,
    y: int | None,
    month: int | None,
    year: int | None,
    end_date: datetime.date | None,
) -> tuple[datetime.date | None, int, bool]:
    """The end of a range after a full day: 至27日, 起到4月16日, or 25日 alone."""
    cont = _CONT_RE.match(s, end)
    if cont is None:
        return end_date, end, True
    if cont.group("d2") is not None:
        new_end, ok = _make_date(y, month, _cn_small(cont.group("d2")))
        return new_end, cont.end(), ok
    if cont.end() == end:
        return end_date, end, True  # two points with nothing between: a list
    m2 = _POINT_RE.match(s, cont.end())
    if m2 is None or (m2.group("m") is None and m2.group("d") is None):
        return end_date, end, True
    y2 = y
    if m2.group("y") is not None:
        y_value, ok_y = _year_value(m2.group("y"), year)
        if ok_y:
            y2 = y_value
    month2 = _cn_small(m2.group("m")) if m2.group("m") is not None else month
    if month2 is not None and not 1 <= month2 <= 12:
        return None, m2.end(), False
    day2 = _cn_small(m2.group("d")) if m2.group("d") is not None else None
    new_end, ok = _make_date(y2, month2, day2)
    return new_end, m2.end(), ok


def find_dates(text: str, year: int | None = None) -> list[DateSpan]:
    """Every date expression in `text`, in order; `year` is the report's year.

    >>> [(d.text, d.month) for d in find_dates("今年三月开展,4月12日起到4月16日举办", 2012)]
    [('今年三月', 3), ('4月12日起到4月16日', 4)]
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        return _scan(text, year, whole=False)
    except Exception:  # a parser bug must not lose a whole file
        return []


def parse_date(text: str, year: int | None = None) -> DateSpan | None:
    """The first date expression in `text` ("3月23日", "2008年度"), or None.

    >>> parse_date("2008年度").year
    2008
    >>> d = parse_date("2月30日", year=2012)
    >>> (d.start, d.valid)
    (None, False)
    """
    if not isinstance(text, str) or not text:
        return None
    try:
        whole = _DOT_RE.fullmatch(normalize_chars(text.strip())) is not None
        found = _scan(text, year, whole=whole)
    except Exception:
        return None
    return found[0] if found else None
