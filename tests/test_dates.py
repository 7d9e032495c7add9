"""Table-driven tests of scorecard.dates (issue 3)."""

from __future__ import annotations

import datetime
import doctest
import time
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard import dates
from scorecard.dates import DateSpan, find_dates, parse_date

D = datetime.date


@dataclass(frozen=True)
class DateExample:
    text: str
    year_arg: int | None
    start: datetime.date | None
    end: datetime.date | None
    month: int | None
    year: int | None
    valid: bool = True
    expr: str | None = None  # DateSpan.text when not the whole input
    gap: str = ""


def X(
    text: str,
    year_arg: int | None,
    start: datetime.date | None,
    end: datetime.date | None,
    month: int | None,
    year: int | None,
    valid: bool = True,
    expr: str | None = None,
    gap: str = "",
) -> DateExample:
    return DateExample(text, year_arg, start, end, month, year, valid, expr, gap)


CASES: list[DateExample] = [
    X("3月23日", None, None, None, 3, None),
    X("3月23日", 2012, D(2012, 3, 23), D(2012, 3, 23), 3, 2012),
    X("5月18日", 2015, D(2015, 5, 18), D(2015, 5, 18), 5, 2015),
    X("9月20日至27日", 2011, D(2011, 9, 20), D(2011, 9, 27), 9, 2011),
    X("4月12日起到4月16日", 2012, D(2012, 4, 12), D(2012, 4, 16), 4, 2012),
    X("6月20日25日", 2011, D(2011, 6, 20), D(2011, 6, 25), 6, 2011),
    X("5月18-24日", 2012, D(2012, 5, 18), D(2012, 5, 24), 5, 2012),
    X("2008年10月1日至2009年2月3日", None, D(2008, 10, 1), D(2009, 2, 3), 10, 2008),
    X("20xx年9月份", 2010, None, None, 9, None),
    X("20xx年10月初", None, None, None, 10, None),
    X("二〇一一年十一月二十九日", None, D(2011, 11, 29), D(2011, 11, 29), 11, 2011),
    X("2008年度", None, None, None, None, 2008),
    X("2008年", 2010, None, None, None, 2008),
    X("201*年", 2010, None, None, None, None),
    X("XX年", None, None, None, None, None),
    X("今年三月", 2012, None, None, 3, 2012),
    X("去年十二月", 2012, None, None, 12, 2011),
    X("2月底", None, None, None, 2, None),
    X("3.23期间", 2012, D(2012, 3, 23), D(2012, 3, 23), 3, 2012, expr="3.23"),
    X("5.12", 2008, D(2008, 5, 12), D(2008, 5, 12), 5, 2008),
    X("月15日", 2012, None, None, None, 2012),
    X("2月29日", None, None, None, 2, None),
    X("2012年2月29日", None, D(2012, 2, 29), D(2012, 2, 29), 2, 2012),
    X("10月10日上午", 2012, D(2012, 10, 10), D(2012, 10, 10), 10, 2012, expr="10月10日"),
    X("5月3号", 2012, D(2012, 5, 3), D(2012, 5, 3), 5, 2012),
    # invalid dates are reported, not dropped, and never raise
    X("13月5日", 2012, None, None, None, 2012, valid=False),
    X("5月32日", 2012, None, None, 5, 2012, valid=False),
    X("2月30日", 2012, None, None, 2, 2012, valid=False),
    X("2011年2月29日", None, None, None, 2, 2011, valid=False),
    # known gaps
    X("5月中旬至6月上旬", 2012, None, None, 5, 2012, gap="ranges of parts of months"),
    X(
        "2012年12月30日至1月5日",
        None,
        D(2012, 12, 30),
        D(2013, 1, 5),
        12,
        2012,
        gap="a range across the new year keeps the first year",
    ),
]

SCRAPED: list[DateExample] = [
    X("二一一年十一月二十九日", None, D(2011, 11, 29), D(2011, 11, 29), 11, 2011),
    X("３月２３日", 2012, D(2012, 3, 23), D(2012, 3, 23), 3, 2012),
    X("“5.12”汶川", 2008, D(2008, 5, 12), D(2008, 5, 12), 5, 2008, expr="5.12"),
    X(
        "10月10日上午縣科普服務活動",
        2012,
        D(2012, 10, 10),
        D(2012, 10, 10),
        10,
        2012,
        expr="10月10日",
    ),
]

NOT_DATES: list[str] = [
    "连续十一年",
    "通过3个月的筹备",
    "三年行动",
    "〔2018〕3号",
    "增长1.5倍",
    "1.5万人",
    "岁月",
    "30年",
    "xx市第xx届",
    "第一单元",
]

SENTENCES: list[tuple[str, int | None, list[str]]] = [
    ("今年三月开展,4月12日起到4月16日举办", 2012, ["今年三月", "4月12日起到4月16日"]),
    ("到20xx年9月份,共发放资金1018.61万元", None, ["20xx年9月份"]),
    ("二、201*年工作要点", None, ["201*年"]),
    ("3月23日,xx县第xx届开幕;5月18日,xx县XX年科普宣传周", 2011, ["3月23日", "5月18日", "XX年"]),
]


def _params(rows: list[DateExample]) -> list[object]:
    return [
        pytest.param(
            r, id=r.text, marks=[pytest.mark.xfail(strict=True, reason=r.gap)] if r.gap else []
        )
        for r in rows
    ]


def _check(row: DateExample) -> None:
    d = parse_date(row.text, row.year_arg)
    assert d is not None
    expr = row.expr if row.expr is not None else row.text
    got = (d.start, d.end, d.month, d.year, d.valid, d.text)
    assert got == (row.start, row.end, row.month, row.year, row.valid, expr)
    assert row.text[d.begin : d.end_offset] == d.text


@pytest.mark.parametrize("row", _params(CASES))
def test_cases(row: DateExample) -> None:
    _check(row)


@pytest.mark.parametrize("row", _params(SCRAPED))
def test_scraped(row: DateExample) -> None:
    _check(row)


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert find_dates(text, 2012) == []


@pytest.mark.parametrize(("text", "year", "expected"), SENTENCES, ids=[s for s, _, _ in SENTENCES])
def test_sentences(text: str, year: int | None, expected: list[str]) -> None:
    found = find_dates(text, year)
    assert [d.text for d in found] == expected
    for d in found:
        assert text[d.begin : d.end_offset] == d.text


def test_doctests() -> None:
    result = doctest.testmod(dates)
    assert result.attempted > 0 and result.failed == 0


def test_fields_are_the_contract() -> None:
    names = [f for f in DateSpan.__dataclass_fields__]
    assert names == ["start", "end", "month", "year", "text", "begin", "end_offset", "valid"]


@pytest.mark.parametrize("bad", [None, 7, "", "月", "年" * 50, "\x00日"])
def test_junk_never_raises(bad: object) -> None:
    parse_date(bad)  # type: ignore[arg-type]
    assert isinstance(find_dates(bad), list)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "1" * 100_000,
        "月" * 100_000,
        "年" * 100_000,
        "9月20日至" * 10_000,
        "十" * 100_000,
        "1." * 50_000,
        "x" * 100_000,
    ],
)
def test_linear_time(text: str) -> None:
    began = time.perf_counter()
    find_dates(text, 2012)
    parse_date(text, 2012)
    assert time.perf_counter() - began < 5.0


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 12, 31)), st.booleans())
def test_written_dates_round_trip(day: datetime.date, fullwidth: bool) -> None:
    text = f"{day.year}年{day.month}月{day.day}日"
    if fullwidth:
        text = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)
    d = parse_date(text)
    assert d is not None and d.start == day and d.text == text


_ALPHABET = st.sampled_from(list("0123456789一二十〇年月日号份度至到起-.·“”今去xX* 期间底"))


@given(
    st.one_of(st.text(), st.lists(_ALPHABET, max_size=40).map("".join)),
    st.one_of(st.none(), st.integers(-5, 10_000)),
)
@settings(max_examples=500, deadline=None)
def test_never_raises_and_spans_point_into_the_text(text: str, year: int | None) -> None:
    parse_date(text, year)
    last = 0
    for d in find_dates(text, year):
        assert text[d.begin : d.end_offset] == d.text
        assert last <= d.begin < d.end_offset
        assert d.start is None or d.valid
        last = d.end_offset
