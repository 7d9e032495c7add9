"""Tables drawn with | (Word or Markdown exports) or aligned with tabs or
spaces (tables pasted as text): one record per body row."""

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


HEAD = "城南县科学技术协会2021年科普工作总结\n2021年,县科协扎实推进科普工作。\n"


def _rows_of(table: str) -> list[tuple[str, dict[str, object]]]:
    result = process_file("t.txt", (HEAD + table).encode("utf-8"))
    keep = ("times", "participants", "sessions", "trainees", "amount_yuan", "planned")
    return [
        (name, {k: v for k, v in row.items() if k in keep and v is not None})
        for name, rows in result.records.items()
        for row in rows
    ]


def test_a_unit_for_the_whole_table_is_read_from_its_caption() -> None:
    rows = _rows_of(
        "表2 2021年科普经费来源 单位:万元\n| 来源 | 金额 | 占比(%) |\n|---|---|---|\n"
        "| 县财政 | 45 | 60 |\n| 企业 | 30 | 40 |\n| 合计 | 75 | 100 |\n"
    )
    assert [r["amount_yuan"] for _, r in rows] == [450_000.0, 300_000.0, 750_000.0]


def test_tables_that_count_other_things_or_are_ambiguous_give_nothing() -> None:
    for table in (
        # money of other work
        "表3 2021年全县重点企业研发投入情况\n| 企业名称 | 研发投入(万元) | 授权专利(件) |\n"
        "|---|---|---|\n| 甲公司 | 320 | 12 |\n",
        # two years of the same count
        "表1 培训情况\n| 乡镇 | 2020年培训人数 | 2021年培训人数 |\n|---|---|---|\n| 城关镇 | 700 | 860 |\n",
        # rows of several years
        "表1 培训\n| 年度 | 培训期数 | 培训人数(人次) |\n|---|---|---|\n| 2019年 | 80 | 6200 |\n",
        # trainings and activities in one table
        "表1 情况\n| 乡镇 | 培训人数(人次) | 活动场次 | 活动人数(人次) |\n|---|---|---|---|\n"
        "| 城关镇 | 860 | 20 | 3000 |\n",
    ):
        assert _rows_of(table) == [], table


def test_targets_rates_and_staff_columns_are_not_counts() -> None:
    assert _rows_of(
        "表1 培训情况\n| 乡镇 | 计划培训人数 | 实际培训人数 | 培训期数 |\n|---|---|---|---|\n"
        "| 城关镇 | 800 | 860 | 12 |\n"
    ) == [("trainings", {"sessions": 12, "trainees": 860, "planned": False})]
    assert _rows_of(
        "表1 科普活动\n| 乡镇 | 科普志愿者人数 | 活动场次 | 参与人数 |\n|---|---|---|---|\n"
        "| 城关镇 | 35 | 12 | 3000 |\n"
    ) == [("activities", {"times": 12, "participants": 3000, "planned": False})]


def test_totals_named_otherwise_or_placed_first_are_not_counted_twice() -> None:
    county_total = (
        "表1 培训情况\n| 乡镇 | 培训期数 | 培训人数 |\n|---|---|---|\n| 城关镇 | 12 | 800 |\n"
        "| 龙潭镇 | 10 | 700 |\n| 全县合计 | 22 | 1500 |\n"
    )
    result = process_file("t.txt", (HEAD + county_total).encode("utf-8"))
    # the rows add up to the 全县合计 row: only the total is counted
    assert [r["counted"] for r in result.records["trainings"]] == [False, False, True]
    first = _rows_of(
        "表1 科普活动\n| 乡镇 | 活动场次 | 参与人数 |\n|---|---|---|\n| 合计 | 20 | 4800 |\n"
        "| 城关镇 | 12 | 3000 |\n| 龙潭镇 | 8 | 1800 |\n"
    )
    assert [r["participants"] for _, r in first] == [3000, 1800]


def test_a_plan_table_is_planned_and_its_text_cells_are_not_read() -> None:
    assert _rows_of(
        "表2 2022年各乡镇培训计划\n| 乡镇 | 培训期数 | 培训人数 |\n|---|---|---|\n| 城关镇 | 15 | 1000 |\n"
    ) == [("trainings", {"sessions": 15, "trainees": 1000, "planned": True})]
    assert _rows_of(
        "表1 活动\n| 乡镇 | 活动内容 | 参与人数 |\n|---|---|---|\n| 城关镇 | 举办科技下乡活动12场 | 3000 |\n"
    ) == [("activities", {"participants": 3000, "planned": False})]


def test_a_remark_cell_does_not_cost_the_row_and_a_report_of_a_plan_is_not_a_plan() -> None:
    assert _rows_of(
        "表1 2022年各乡镇实用技术培训情况\n| 乡镇 | 培训期数 | 培训人数(人次) | 备注 |\n"
        "|---|---|---|---|\n| 河口镇 | 8 | 540 | 其中女性学员210人 |\n"
    ) == [("trainings", {"sessions": 8, "trainees": 540, "planned": False})]
    assert _rows_of(
        "表1 2022年科普惠农计划项目培训情况\n| 乡镇 | 培训期数 | 培训人数 |\n|---|---|---|\n"
        "| 城关镇 | 15 | 1000 |\n"
    ) == [("trainings", {"sessions": 15, "trainees": 1000, "planned": False})]


def test_plan_tables_stay_planned() -> None:
    rows = _rows_of(
        "表2 2020年各乡镇科普培训实施计划\n| 乡镇 | 培训期数 | 培训人数 |\n|---|---|---|\n"
        "| 城关镇 | 10 | 1200 |\n"
    )
    assert rows == [("trainings", {"sessions": 10, "trainees": 1200, "planned": True})]


def test_a_total_row_that_does_not_add_up_still_totals_its_table() -> None:
    result = process_file(
        "t.txt",
        (
            HEAD + "表1 2021年科普经费来源 单位:万元\n| 来源 | 金额 |\n|---|---|\n"
            "| 县财政 | 20 |\n| 社会捐赠 | 5 |\n| 合计 | 30 |\n"
        ).encode("utf-8"),
    )
    funding = result.records["funding"]
    assert [(r["amount_yuan"], r["counted"]) for r in funding] == [
        (200_000.0, False),
        (50_000.0, False),
        (300_000.0, True),
    ]


def test_a_money_column_beside_counts_is_what_they_cost() -> None:
    # the trainings are read; what they cost is no funding row of its own
    assert _rows_of(
        "表1 培训情况\n| 培训项目 | 期数(期) | 培训人数(人次) | 经费(万元) |\n|---|---|---|---|\n"
        "| 果树修剪 | 5 | 300 | 2 |\n"
    ) == [("trainings", {"sessions": 5, "trainees": 300, "planned": False})]


def test_a_table_not_read_is_said_with_its_reason() -> None:
    data = (
        HEAD + "表1 活动与培训\n| 项目 | 场次 | 人次 |\n|---|---|---|\n"
        "| 科普讲座 | 5 | 300 |\n| 技术培训 | 3 | 200 |\n"
    ).encode()
    (issue,) = [i for i in process_file("t.txt", data).issues if i["rule"] == "table_not_read"]
    assert "| 项目 | 场次 | 人次 |" in issue["message"]
    assert "trainings and activities together" in issue["message"]


def test_cells_may_write_their_own_units() -> None:
    assert _rows_of(
        "表1 培训情况\n| 乡镇 | 期数 | 人数 |\n|---|---|---|\n| 城关镇 | 12期 | 800人次 |\n"
    ) == [("trainings", {"sessions": 12, "trainees": 800, "planned": False})]


def test_a_table_that_names_no_kind_of_work_is_said_not_read() -> None:
    data = (HEAD + "分会场\t场次\t参与人次\n沙岭镇\t8\t2300\n").encode()
    (issue,) = [i for i in process_file("t.txt", data).issues if i["rule"] == "table_not_read"]
    assert "whether it counts trainings or activities" in issue["message"]


def test_a_table_of_years_or_targets_is_said_not_read() -> None:
    data = (
        HEAD + "表2 投入\n| 项目 | 2020年 | 2021年 |\n|---|---|---|\n| 科普经费 | 20 | 30 |\n"
    ).encode()
    (issue,) = [i for i in process_file("t.txt", data).issues if i["rule"] == "table_not_read"]
    assert "targets, budgets, rates or years" in issue["message"]


def _counted(text: str, table: str) -> list[tuple[int | None, int | None, bool]]:
    rows = process_file("t.txt", (HEAD + text).encode("utf-8")).records[table]
    first, second = ("times", "participants") if table == "activities" else ("sessions", "trainees")
    return [(r[first], r[second], r["counted"]) for r in rows]


def test_tables_aligned_with_tabs_or_spaces_are_read_cell_by_cell() -> None:
    # tab-separated rows, as a Word table pasted as text
    tabs = "活动名称\t场次\t参与人次\n科普讲座\t20\t4000\n科普展览\t16\t500\n"
    # the same aligned with spaces: "16      500" is two cells, not 16,500
    spaces = "活动名称    场次    参与人次\n科普讲座    20      4000\n科普展览    16      500\n"
    for table in (tabs, spaces):
        assert _counted(table, "activities") == [(20, 4000, True), (16, 500, True)], table
        rows = table_rows(table, 0, len(table))
        assert [r.label for r in rows] == ["科普讲座", "科普展览"]


def test_aligned_lines_without_a_header_are_left_to_the_sentence_rules() -> None:
    # no header names the columns: the cells' own units are read as a sentence
    assert _counted("科普讲座\t20场\t4000人次\n", "activities") == [(20, 4000, True)]
    text = "城关镇\t12\t800\n龙潭镇\t10\t700\n"
    assert table_rows(text, 0, len(text)) == []


def test_a_table_that_breaks_down_a_total_told_before_it_is_counted_once() -> None:
    told = "全年开展各类科普活动36场次,受益群众4500人次。具体如下:\n"
    table = "活动名称\t场次\t参与人次\n科普讲座\t20\t4000\n科普展览\t16\t500\n"
    # the rows add up to the text's 36 and 4,500: they are its parts
    assert _counted(told + table, "activities") == [
        (36, 4500, True),
        (20, 4000, False),
        (16, 500, False),
    ]
    # rows that are some of its parts ("其中…如下") are still its parts
    some = told.replace("4500", "4800")
    assert [c for *_, c in _counted(some + table, "activities")] == [True, False, False]
    # rows that exceed it are linked too, and validation says so
    more = HEAD + told.replace("4500", "4000") + table
    result = process_file("t.txt", more.encode("utf-8"))
    assert [r["counted"] for r in result.records["activities"]] == [True, False, False]
    assert "parts_exceed_total" in {i["rule"] for i in result.issues}
    # a total further up is not the table's
    far = told + "二、科普宣传\n县科协印发宣传资料。\n各乡镇活动情况如下:\n" + table
    assert [c for *_, c in _counted(far, "activities")] == [True, True, True]


def test_a_total_row_that_repeats_the_text_total_is_not_counted_again() -> None:
    text = (
        "全年举办实用技术培训班22期,培训农民1500人次,详见下表。\n"
        "| 乡镇 | 培训期数 | 培训人数 |\n|---|---|---|\n| 城关镇 | 12 | 800 |\n"
        "| 龙潭镇 | 10 | 700 |\n| 合计 | 22 | 1500 |\n"
    )
    assert _counted(text, "trainings") == [
        (22, 1500, True),
        (12, 800, False),
        (10, 700, False),
        (22, 1500, False),
    ]


def test_an_empty_cell_between_tabs_keeps_the_row() -> None:
    # "合计\t\t19\t3950": the empty 主要内容 cell is still a cell
    table = (
        "各镇分会场活动情况如下:\n分会场\t主要内容\t场次\t参与人次\n沙岭镇\t农业技术咨询\t8\t2300\n桐源街道\t\t11\t1650\n"
        "合计\t\t19\t3950\n"
    )
    assert _counted(table, "activities") == [(8, 2300, False), (11, 1650, False), (19, 3950, True)]


def test_merged_and_numbered_rows_keep_their_names_and_totals() -> None:
    # a blank first cell under a tab is merged with the name above it
    merged = (
        "2021年科普培训情况统计表\n乡镇\t培训名称\t期数\t人数\n城关镇\t果树修剪\t3\t260\n"
        "\t蔬菜种植\t2\t150\n河口乡\t养殖技术\t4\t300\n"
    )
    assert [r.label for r in table_rows(merged, 0, len(merged))] == ["城关镇", "城关镇", "河口乡"]
    # a 序号 column: the name is the next cell, and 合计 under it is the total
    numbered = (
        "2021年实用技术培训情况\n序号\t培训名称\t期数\t人数\n1\t果树修剪技术培训\t3\t260\n"
        "2\t蔬菜种植培训\t2\t150\n合计\t\t5\t410\n"
    )
    rows = table_rows(numbered, 0, len(numbered))
    assert [(r.label, r.total) for r in rows] == [
        ("果树修剪技术培训", False),
        ("蔬菜种植培训", False),
        ("合计", True),
    ]
    assert _counted(numbered, "trainings") == [(3, 260, False), (2, 150, False), (5, 410, True)]
    # "合  计" spaced out to the width of its column
    spaced = "各乡镇培训情况\n乡镇        培训期数      培训人数\n城关镇      20            1800\n合  计      20            1800\n"
    assert [r.total for r in table_rows(spaced, 0, len(spaced))] == [False, True]


def test_a_row_with_a_blank_cell_between_spaces_is_said_and_the_rest_read() -> None:
    table = (
        "2021年科普活动情况统计表\n活动名称        场次    参加人数    发放资料(份)\n"
        "科普讲座        12      1500        2000\n科普展览        3       2000\n"
        "科技下乡        6       3000        5000\n"
    )
    result = process_file("t.txt", (HEAD + table).encode("utf-8"))
    assert [r["times"] for r in result.records["activities"]] == [12, 6]
    (issue,) = [i for i in result.issues if i["rule"] == "table_not_read"]
    assert "科普展览" in issue["message"] and "do not line up" in issue["message"]


def test_a_unit_line_or_an_indent_does_not_part_a_table_from_its_total() -> None:
    told = "全年共举办农村实用技术培训班30期,培训农民2600人次。\n"
    unit_line = (
        "表1  2021年各乡镇实用技术培训情况\n单位:期、人次\n乡镇\t培训期数\t培训人数\n"
        "城关镇\t20\t1800\n河口乡\t10\t800\n"
    )
    rows = process_file("t.txt", (HEAD + told + unit_line).encode()).records["trainings"]
    assert [(r["counted"], r["category"]) for r in rows] == [
        (True, "practical_tech"),
        (False, "practical_tech"),
        (False, "practical_tech"),
    ]
    indented = (
        "表1 各乡镇培训情况\n   乡镇          培训期数          培训人数\n"
        "   城关镇           20             1800\n   河口乡           10             800\n"
    )
    assert [c for *_, c in _counted(told + indented, "trainings")] == [True, False, False]


def test_cells_with_words_beside_their_numbers_are_left_to_the_sentence_rules() -> None:
    table = "各乡镇培训情况\n乡镇\t期数\t人数\n城关镇\t培训20期\t1800人次\n"
    assert _counted(table, "trainings") == [(20, 1800, True)]


def test_the_payer_a_caption_names_is_every_row_s_unless_the_row_names_its_own() -> None:
    table = (
        "表1 2021年各县财政科普经费投入情况(单位:万元)\n县\t财政科普经费\n"
        "东坪县\t196.5\n石鼓县\t178.0\n合计\t374.5\n"
    )
    rows = process_file("t.txt", (HEAD + table).encode()).records["funding"]
    assert [r["source"] for r in rows] == ["government"] * 3
    mixed = "表2 2021年科普经费来源(单位:万元)\n来源\t金额\n县财政\t45\n企业赞助\t6\n合计\t51\n"
    rows = process_file("t.txt", (HEAD + mixed).encode()).records["funding"]
    assert [r["source"] for r in rows] == ["government", "enterprise", "unknown"]
