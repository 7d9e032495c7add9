"""Tables drawn with | (Word or Markdown exports): one record per body row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.pipeline import process_file
from scorecard.tables import table_rows

TRAININGS = """县科技局2020年工作总结
一、农村实用技术培训
表1　2020年各乡镇农村实用技术培训情况
|--------|----------|----------------|
| 乡镇   | 培训期数 | 培训人数(人次) |
|--------|----------|----------------|
| 城关镇 |    12    |       860      |
| 龙潭镇 |    10    |     1,045      |
|--------|----------|----------------|
| 合计   |    22    |     1,905      |
|--------|----------|----------------|
二、经费保障
表2　2020年科普经费来源
| 经费来源   | 金额(万元) | 备注 |
|------------|------------|------|
| 县财政专项 |    45.0    | 预算 |
| 企业赞助   |     6.8    |      |
| 合计       |    51.8    |      |
"""


def test_rows_take_their_units_from_the_header() -> None:
    rows = table_rows(TRAININGS, 0, len(TRAININGS))
    assert [(r.table, r.label, r.total) for r in rows] == [
        ("trainings", "城关镇", False),
        ("trainings", "龙潭镇", False),
        ("trainings", "合计", True),
        ("funding", "县财政专项", False),
        ("funding", "企业赞助", False),
        ("funding", "合计", True),
    ]
    longtan = rows[1].figures
    assert longtan["sessions"].quantity.value == 10
    assert longtan["people"].quantity.value == 1045
    assert longtan["people"].quantity.unit == "人次"
    assert rows[3].figures["money"].quantity.value == 450_000


def test_table_rows_are_records_with_their_totals() -> None:
    result = process_file("tables.txt", TRAININGS.encode("utf-8"))
    trainings = result.records["trainings"]
    assert [(r["location"], r["sessions"], r["trainees"], r["line"]) for r in trainings] == [
        ("城关镇", 12, 860, 7),
        ("龙潭镇", 10, 1045, 8),
        (None, 22, 1905, 10),
    ]
    # the rows add up to the 合计 row: they are its parts
    total_id = trainings[2]["training_id"]
    assert [r["parent_id"] for r in trainings] == [total_id, total_id, None]
    assert trainings[0]["evidence"].startswith("| 城关镇")
    funding = result.records["funding"]
    assert [(r["amount_yuan"], r["source"], r["amount_text"]) for r in funding] == [
        (450_000.0, "government", "45.0"),
        (68_000.0, "enterprise", "6.8"),
        (518_000.0, "unknown", "51.8"),
    ]


def test_a_table_of_other_things_gives_no_records() -> None:
    text = "| 乡镇 | 专利数 | 企业数 |\n|---|---|---|\n| 城关镇 | 12 | 30 |\n"
    assert table_rows(text, 0, len(text)) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet="|-: \t\n0123456789.,合计人次期万元培训活动金额乡镇()表", max_size=40),
        max_size=12,
    )
)
def test_reading_tables_never_raises(lines: list[str]) -> None:
    text = "\n".join(lines)
    for row in table_rows(text, 0, len(text)):
        assert 0 <= row.start < row.end <= len(text)
        for q in row.figures.values():
            assert row.start <= q.start < q.end <= row.end
