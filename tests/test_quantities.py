"""Table-driven tests of scorecard.quantities (issue 3).

Each row is an Example; rows are grouped by where the case comes from.
Known gaps stay in the tables, marked xfail(strict=True), so that fixing one
is noticed.  tools/compare_parsers.py runs the same tables through other
libraries.
"""

from __future__ import annotations

import doctest
import time
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard import quantities
from scorecard.quantities import UNIT_KIND, Quantity, find_quantities, parse_quantity


@dataclass(frozen=True)
class Example:
    text: str
    value: float | None
    unit: str | None
    qualifier: str
    expr: str | None = None  # Quantity.text when it is not the whole input
    gap: str = ""  # why it is a known gap (xfail)

    @property
    def expected_text(self) -> str:
        return self.expr if self.expr is not None else self.text.strip()


def E(
    text: str,
    value: float | None,
    unit: str | None,
    qualifier: str = "exact",
    expr: str | None = None,
    gap: str = "",
) -> Example:
    return Example(text, value, unit, qualifier, expr, gap)


# How the SPEC and issue 3 write figures.
CASES: list[Example] = [
    # money
    E("500余万元", 5_000_000.0, "元", "over"),
    E("2.58亿元", 258_000_000.0, "元"),
    E("超亿元", 100_000_000.0, "元", "over"),
    E("1,200万元", 12_000_000.0, "元"),
    E("987250元", 987_250.0, "元"),
    E("1018.61万元", 10_186_100.0, "元"),
    E("167.81万元", 1_678_100.0, "元"),
    E("近35万元", 350_000.0, "元", "nearly"),
    E("70多万元", 700_000.0, "元", "over"),
    E("1.5亿多元", 150_000_000.0, "元", "over"),
    E("一百二十余万元", 1_200_000.0, "元", "over"),
    E("壹佰贰拾元", 120.0, "元"),
    E("近100万", 1_000_000.0, None, "nearly"),
    E("投资300余万", 3_000_000.0, None, "over", expr="300余万"),
    E("3-5万元", 30_000.0, "元", "range"),
    E("200万-300万元", 2_000_000.0, "元", "range"),
    E("8000-1万元", 8_000.0, "元", "range"),
    E("0.005万元", 50.0, "元"),
    # counts and units
    E("2500人(次)左右", 2500.0, "人次", "about"),
    E("22.11万人次", 221_100.0, "人次"),
    E("上万人", 10_000.0, "人", "over"),
    E("近3万人次", 30_000.0, "人次", "nearly"),
    E("20余名", 20.0, "名", "over"),
    E("100多人次", 100.0, "人次", "over"),
    E("不少于50学时", 50.0, "学时", "at_least"),
    E("至少3期", 3.0, "期", "at_least"),
    E("50人(含)以上", 50.0, "人", "at_least"),
    E("20台及以上", 20.0, "台", "at_least"),
    E("2500人以上", 2500.0, "人", "over"),
    E("达5000人次", 5000.0, "人次", expr="5000人次"),
    E("共计4500份", 4500.0, "份", expr="4500份"),
    E("达上1000人次", 1000.0, "人次", "over", expr="上1000人次"),
    E("约3000人", 3000.0, "人", "about"),
    E("大约200人", 200.0, "人", "about"),
    E("3000人上下", 3000.0, "人", "about"),
    E("逾百人", 100.0, "人", "over"),
    E("超过15万人次", 150_000.0, "人次", "over"),
    E("突破10万人次", 100_000.0, "人次", "over"),
    E("将近2万", 20_000.0, None, "nearly"),
    E("接近500人", 500.0, "人", "nearly"),
    E("不到100人", 100.0, "人", "nearly"),
    E("近千条", 1000.0, "条", "nearly"),
    E("千余人", 1000.0, "人", "over"),
    E("二至三项", 2.0, "项", "range"),
    E("120-200公斤", 120.0, "公斤", "range"),
    E("一、二次", 1.0, "次", "range"),
    E("一、二百场", 100.0, "场", "range"),
    E("五千上下", 5000.0, None, "about"),
    E("三、四十人", 30.0, "人", "range"),
    E("10到20人", 10.0, "人", "range"),
    E("20台(次)", 20.0, "台次"),
    E("100人/次", 100.0, "人次"),
    E("1800册(份)", 1800.0, "册"),
    E("253000多份(套)", 253_000.0, "份", "over"),
    E("5万册", 50_000.0, "册"),
    E("3个月", 3.0, "个月"),
    E("3千克", 3.0, "千克"),
    E("2863平方米", 2863.0, "平方米"),
    # Chinese numerals and multipliers
    E("一千二百", 1200.0, None),
    E("两百", 200.0, None),
    E("二十余", 20.0, None, "over"),
    E("壹佰", 100.0, None),
    E("〇", 0.0, None),
    E("十", 10.0, None),
    E("十八", 18.0, None),
    E("十八名", 18.0, "名"),
    E("三千多万", 30_000_000.0, None, "over"),
    E("3千多万", 30_000_000.0, None, "over"),
    E("1万余", 10_000.0, None, "over"),
    E("1万余份", 10_000.0, "份", "over"),
    E("12万5千人", 125_000.0, "人"),
    E("一万零五", 10_005.0, None),
    E("一千二", 1200.0, None),
    E("近两千人", 2000.0, "人", "nearly"),
    E("三千余人", 3000.0, "人", "over"),
    E("百余人", 100.0, "人", "over"),
    E("两个", 2.0, "个"),
    # masks
    E("××亿元", None, "元", "masked"),
    E("xx余万元", None, "元", "masked"),
    E("XX万元", None, "元", "masked"),
    E("__万元", None, "元", "masked"),
    E("20xx人次", None, "人次", "masked"),
    E("近20xx人次", None, "人次", "masked"),
    E("xxxx3人", None, "人", "masked"),
    E("xx0多个", None, "个", "masked"),
    E("xx000元", None, "元", "masked"),
    E("201*余人", None, "人", "masked"),
    E("X个", None, "个", "masked"),
    # known gaps
    E("二三十人", 20.0, "人", "range", gap="two adjacent digits as a loose range"),
    E("三四百人", 300.0, "人", "range", gap="two adjacent digits as a loose range"),
    E("十几人", 10.0, "人", "over", gap="几 (a few) is not read as a qualifier"),
]

# What scraping does to figures: full-width forms, spaces, a 。 as the point,
# traditional script.
SCRAPED: list[Example] = [
    E("１２０名", 120.0, "名"),
    E("１，２００万元", 12_000_000.0, "元"),
    E("２．５８亿元", 258_000_000.0, "元"),
    E("２５００人（次）左右", 2500.0, "人次", "about"),
    E("3 800人次", 3800.0, "人次"),
    E("1 200 000元", 1_200_000.0, "元"),
    E("120 名", 120.0, "名"),
    E("1。2万人次", 12_000.0, "人次"),
    E("五萬餘人", 50_000.0, "人", "over"),
    E("10多個", 10.0, "个", "over"),
    E("投入＿＿万元", None, "元", "masked", expr="＿＿万元"),
    E(" 500余万 ", 5_000_000.0, None, "over"),
    E("参加人数:约1500人", 1500.0, "人", "about", expr="约1500人"),
    E("学员1\n\n2、20人", 1220.0, "人", gap="a page marker cut the number: cleaning's job"),
]

# Sentences in which find_quantities must find nothing.
NOT_QUANTITIES: list[str] = [
    "数十场",  # several tens: no figure was written
    "几十人",
    "数百人次",
    "2008年",
    "201*年",
    "20xx年",
    "XX年",
    "2008年度",
    "二〇一一年",
    "连续十一年",
    "3月23日",
    "9月20日至27日",
    "10月份",
    "“5.12”汶川",
    "3.23期间",
    "2018.3.5",
    "〔2018〕3号",
    "[2018]3号",
    "(2018)12号",
    "电话0371-12345678",
    "13912345678",
    "0371-1234567",
    "增长60%",
    "95％",
    "百分之六十",
    "提高3个百分点",
    "增长8倍",
    "第五届",
    "第十批",
    "第xx届",
    "第3次",
    "第x个",
    "十七大",
    "十二五",
    "七一",
    "一是",
    "进一步",
    "千家万户",
    "百千万人才工程",
    "1000MW",
    "1.7W",
    "xx市",
    "xx期间",
    "县科技馆二期工程",
    "上午9:30开始",
    "比分3:2",
    "三期建设",
    "2024-2030年",
    "(201*-201*)",
    "201*2020年",
    "1、落实",
    "(1)",
    "60岁以上",
    "上午9时",
    "第一",
    "三下乡",
    "text.XXXX",
    "千万不要",
]

# Sentences with the expression texts that find_quantities must return.
SENTENCES: list[tuple[str, list[str]]] = [
    ("放映科普电影数十场,观众500人", ["500人"]),
    ("参加人数100人,参训人数一百人", ["100人", "一百人"]),  # 数 of 人数 is no vagueness
    ("参训人数十二人,下乡次数十次", ["十二人", "十次"]),
    ("培训2627人次,发放资料3000余份", ["2627人次", "3000余份"]),
    ("标准为1米(长)×2.4米(宽)", ["1米", "2.4米"]),
    ("2008年度,我镇共计投入资金957250元", ["957250元"]),
    ("5月16日,xx县第xx届科技周开幕,参加人员达上800人次", ["上800人次"]),
    ("举办技术讲座12次,培训2627人次;组织科技下乡6次", ["12次", "2627人次", "6次"]),
    (
        "项目总投资1.36亿元,实现利润近4125万元,带动农民增收超亿元",
        ["1.36亿元", "近4125万元", "超亿元"],
    ),
    ("全镇申请专利8项,201*年比201*年增加20%", ["8项"]),
    ("其中省级资金420.5万元,基金会资金86.35万元", ["420.5万元", "86.35万元"]),
    ("以上3项工作", ["3项"]),
    ("现场咨询群众五千上下,十二五期间", ["五千上下"]),
    ("累计招收学员201*余人,现有在训学员300余人", ["201*余人", "300余人"]),
    ("根据〔2018〕3号文件,培训１２０名学员", ["１２０名"]),
]


def _params(rows: list[Example]) -> list[object]:
    return [
        pytest.param(
            r,
            id=r.text.strip() or repr(r.text),
            marks=[pytest.mark.xfail(strict=True, reason=r.gap)] if r.gap else [],
        )
        for r in rows
    ]


def _check(row: Example) -> None:
    q = parse_quantity(row.text)
    assert q == Quantity(row.value, row.unit, row.qualifier, row.expected_text)


@pytest.mark.parametrize("row", _params(CASES))
def test_cases(row: Example) -> None:
    _check(row)


@pytest.mark.parametrize("row", _params(SCRAPED))
def test_scraped(row: Example) -> None:
    _check(row)


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[s for s, _ in SENTENCES])
def test_sentences(text: str, expected: list[str]) -> None:
    spans = find_quantities(text)
    assert [s.quantity.text for s in spans] == expected
    for s in spans:
        assert text[s.start : s.end] == s.quantity.text


def test_every_case_unit_is_in_the_table() -> None:
    for row in CASES + SCRAPED:
        assert row.unit is None or row.unit in UNIT_KIND


def test_unit_kinds() -> None:
    assert UNIT_KIND["元"] == "money"
    assert {UNIT_KIND[u] for u in ("人", "人次", "名")} == {"people"}
    assert UNIT_KIND["场次"] == "sessions"
    assert UNIT_KIND["份"] == "materials"


def test_rule_tables_are_plain_data() -> None:
    # The writer hashes these; they must be reproducible by repr().
    for table in quantities.RULES_FINGERPRINT_SOURCES:
        assert isinstance(table, (tuple, dict))
        assert repr(table) == repr(table)


def test_doctests() -> None:
    result = doctest.testmod(quantities)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("bad", [None, 3, b"500\xe4", "", "   ", "\x00", "年" * 10])
def test_junk_never_raises(bad: object) -> None:
    assert parse_quantity(bad) is None  # type: ignore[arg-type]
    assert find_quantities(bad) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "1" * 100_000,
        "、" * 100_000,
        "余" * 100_000,
        "1、" * 50_000,
        "1余" * 50_000,
        "x" * 100_000,
        "十" * 100_000,
        "1-" * 50_000,
        "1," * 50_000,
        "1 " * 50_000,
        "一、" * 50_000,
        "超" * 100_000,
        "1。" * 50_000,
        "×" * 100_000,
        "3人" * 50_000,
    ],
)
def test_linear_time(text: str) -> None:
    began = time.perf_counter()
    find_quantities(text)
    parse_quantity(text)
    assert time.perf_counter() - began < 5.0


# ---------------------------------------------------------------- properties

_CN = "〇一二三四五六七八九"


def _cn_section(n: int) -> str:
    """0 < n < 10000 in standard Chinese numerals, 零 between gaps."""
    out = ""
    zero = False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _CN[d] + name
    return out


def chinese(n: int) -> str:
    if n == 0:
        return "〇"
    yi, wan, rest = n // 10**8, n // 10**4 % 10**4, n % 10**4
    out = ""
    if yi:
        out += _cn_section(yi) + "亿"
    if wan:
        if out and wan < 1000:
            out += "零"
        out += _cn_section(wan) + "万"
    if rest:
        if out and rest < 1000 and not out.endswith("零"):
            out += "零"
        out += _cn_section(rest)
    return out[1:] if out.startswith("一十") else out


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, int]:
    style = draw(
        st.sampled_from(["arabic", "fullwidth", "thousands", "chinese", "wan", "yi", "wan_decimal"])
    )
    if style in ("wan", "yi"):
        k = draw(st.integers(1, 9999))
        return (f"{k}万" if style == "wan" else f"{k}亿"), k * (10**4 if style == "wan" else 10**8)
    if style == "wan_decimal":
        k = draw(st.integers(1, 999_999))
        return f"{k // 100}.{k % 100:02d}万", k * 100
    n = draw(st.integers(0, 10**11))
    if style == "arabic":
        return str(n), n
    if style == "fullwidth":
        return _fullwidth(str(n)), n
    if style == "thousands":
        return f"{n:,}", n
    return chinese(n), n


@given(written_numbers(), st.sampled_from(["人", "元", "人次", "份", "场次"]))
@settings(max_examples=400, deadline=None)
def test_written_number_round_trips(written: tuple[str, int], unit: str) -> None:
    text, value = written
    q = parse_quantity(text + unit)
    assert q is not None, text
    assert q.value == float(value), text
    assert q.unit == unit
    assert q.qualifier == "exact"


@given(st.integers(1, 10**6))
def test_chinese_formatter_matches_known(n: int) -> None:
    # the oracle itself must be sane: re-reading it gives the number back
    assert parse_quantity(chinese(n) + "名") == Quantity(float(n), "名", "exact", chinese(n) + "名")


_ALPHABET = st.sampled_from(
    list(
        "0123456789０１２〇一二两三十百千万亿余多近约超逾达共计以上左右含及xX×*_.,。、-至到()（）"
        "年月日号第%人次名元份场期个 \n余万亿MW〔〕[]/:"
    )
)
_JUNK = st.one_of(st.text(), st.lists(_ALPHABET, max_size=60).map("".join))


@given(_JUNK)
@settings(max_examples=500, deadline=None)
def test_parsers_never_raise(text: str) -> None:
    parse_quantity(text)
    find_quantities(text)


@given(_JUNK)
@settings(max_examples=500, deadline=None)
def test_spans_point_into_the_text(text: str) -> None:
    last = 0
    for s in find_quantities(text):
        assert text[s.start : s.end] == s.quantity.text
        assert last <= s.start < s.end
        assert s.quantity.qualifier in quantities.QUALIFIER_ORDER
        assert (s.quantity.value is None) == (s.quantity.qualifier == "masked")
        last = s.end


@given(st.text(alphabet="１２３４５６７８９０，。（）萬億兩餘佰仟科普培训人次名٠١٢٣", max_size=40))
def test_fast_normalization_matches_the_slow_one(text: str) -> None:
    from scorecard.quantities import _slow_normalize, normalize_chars

    assert normalize_chars(text) == _slow_normalize(text)
