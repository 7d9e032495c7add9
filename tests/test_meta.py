"""meta: organization, level, type, year, kind, script, relevance."""

from __future__ import annotations

import pytest

from scorecard.clean import clean_text
from scorecard.meta import RELEVANCE_TERMS, ReportMeta, describe_report, relevance
from scorecard.structure import split_reports, split_sentences

BODY = (
    "组织科普活动12场次,举办科普讲座5次,开展科技下乡活动,发放科普资料3000份,全民科学素质明显提高。"
)

# (decoded report, expected (organization, admin_level, org_type, year, year_text, kind, script, relevant))
CASES = [
    (
        "科学素质工作201*年总结\n科学素质纲要实施201*年工作总结及201*年工作计划\n"
        "省纲要实施协调小组办公室:\n本年度,按照《某省科学素质行动规划》的部署,"
        "省人力资源社会保障厅扎实推进各项工作。" + BODY,
        (
            "省人力资源社会保障厅",
            "province",
            "department",
            None,
            "201*",
            "summary_and_plan",
            "simplified",
            True,
        ),
    ),
    (
        "云川州2020年青少年科技教育工作情况报告\n\n云川州科学技术协会 云川州教育局\n\n"
        "2020年,我州广泛开展青少年科技教育活动。" + BODY,
        (
            "云川州科学技术协会",
            "city",
            "science_association",
            2020,
            "2020",
            "summary",
            "simplified",
            True,
        ),
    ),
    (
        "全县农村科普工作总结\n今年,柳河县科协围绕中心工作推进农村科普。" + BODY,
        ("柳河县科协", "county", "science_association", None, None, "summary", "simplified", True),
    ),
    (
        "桃源村2020年科普工作小结\n今年村里的科普工作按计划推进。" + BODY,
        ("桃源村", "village", "government", 2020, "2020", "summary", "simplified", True),
    ),
    (
        "省农业农村厅2019年全民科学素质行动工作总结\n2019年,我厅扎实推进农民科学素质提升工作。"
        + BODY,
        ("省农业农村厅", "province", "department", 2019, "2019", "summary", "simplified", True),
    ),
    (
        "柳溪镇201*年科学素质工作总结\n及201*年工作计划\n201*年我镇按照县里的部署推进工作。" + BODY,
        ("柳溪镇", "township", "government", None, "201*", "summary_and_plan", "simplified", True),
    ),
    (
        "青嶺縣科學素質工作落實情況彙報\n尊敬的各位領導:\n組織科普活動12場次,發放科普資料3000份,全民科學素質明顯提高。",
        ("青岭县", "county", "government", None, None, "briefing", "traditional", True),
    ),
    (
        "2021科技局2021年工作总结和2022年工作打算 汇报人:XXXX\n一、XX年主要成效 XX年,市科技局围绕科普活动月开展工作。"
        + BODY,
        (
            "市科技局",
            "city",
            "science_bureau",
            2021,
            "2021",
            "summary_and_plan",
            "simplified",
            True,
        ),
    ),
    (
        "乡镇科协年度总结\n一年来我镇科协在上级科协的帮助下扎实开展科普工作。现将2008年工作总结如下:\n"
        + BODY,
        (None, "township", "government", 2008, "2008", "summary", "simplified", True),
    ),
    (
        "科协年度总结\n今年,xx区老科协围绕服务企业开展工作。" + BODY,
        (
            "xx区老科协",
            "district",
            "science_association",
            None,
            None,
            "summary",
            "simplified",
            True,
        ),
    ),
    (
        "科协年度总结\n20xx年,xx县科协紧扣中心工作推进科普。"
        + BODY
        + "\n三、20xx年工作计划\n1、创新开展科普活动。",
        (
            "xx县科协",
            "county",
            "science_association",
            None,
            "20xx",
            "summary_and_plan",
            "simplified",
            True,
        ),
    ),
    (
        "科协年度总结\n今年松湖区科协团结广大科技工作者开展工作。" + BODY,
        (
            "松湖区科协",
            "district",
            "science_association",
            None,
            None,
            "summary",
            "simplified",
            True,
        ),
    ),
    (
        "市科协的年度工作总结\n一、深入实施《科学素质纲要》\n" + BODY,
        ("市科协", "city", "science_association", None, None, "summary", "simplified", True),
    ),
    (
        "2012年科普工作计划\n明年举办科普讲座10次,开展科普日活动,科普资料5000份。",
        (None, "unknown", "other", 2012, "2012", "plan", "simplified", True),
    ),
    (
        "乡镇扶贫年度工作总结\n民乐村开展了扶贫资金集中的探索,扶贫项目覆盖贫困户100户,扶贫资金到位。",
        ("民乐村", "village", "government", None, None, "summary", "simplified", False),
    ),
    (
        "今年以来,乡党委扎实推进信访接待工作,上半年接待来访群众21次,处理信访案件21起。\n一、加强信访工作的领导\n信访工作纳入考核。",
        ("乡党委", "township", "party", None, None, "other", "simplified", False),
    ),
    (
        "科协年度总结\n一、广泛宣传,增强干部的综治意识。\n二、强化措施,认真抓好区科协综治工作。\n综治工作检查3次,综治宣传5次。",
        ("区科协", "district", "science_association", None, None, "summary", "simplified", False),
    ),
]


# A report longer than the opening scanned for its unit, so that only its
# last lines can name who wrote it.
LONG_BODY = "今年以来,我镇认真组织开展科普工作。" + BODY * 9

# Metadata users found wrong: (decoded report, the fields it must have).
BUGS_CAUGHT: list[tuple[str, dict[str, object]]] = [
    # the level is that of the last place suffix: 旗, 区, 州 inside a name
    ("红旗村科普工作总结\n" + BODY, {"organization": "红旗村", "admin_level": "village"}),
    ("新区镇2019年科普工作总结\n" + BODY, {"organization": "新区镇", "admin_level": "township"}),
    ("金州县科协2019年工作总结\n" + BODY, {"organization": "金州县科协", "admin_level": "county"}),
    ("镇江市科协2019年工作总结\n" + BODY, {"organization": "镇江市科协", "admin_level": "city"}),
    # a village committee governs the village; 中共…委员会 is the party's
    (
        "柳树村委会\n" + BODY,
        {"organization": "柳树村委会", "org_type": "government", "admin_level": "village"},
    ),
    ("白杨村委2019年科普工作总结\n" + BODY, {"org_type": "government", "admin_level": "village"}),
    (
        "中共杨柳镇委员会2019年科普工作总结\n" + BODY,
        {"organization": "中共杨柳镇委员会", "org_type": "party", "admin_level": "township"},
    ),
    ("青石镇党委2019年科普工作总结\n" + BODY, {"org_type": "party", "admin_level": "township"}),
    # 和 inside a name, 和 between two units
    (
        "永和县2019年科技下乡活动总结\n" + BODY,
        {"organization": "永和县", "admin_level": "county", "org_type": "government"},
    ),
    (
        "太和县2019年全民科学素质工作总结\n今年,县农业农村局组织农民培训。" + BODY,
        {"organization": "太和县", "admin_level": "county"},
    ),
    (
        "东山县人力资源和社会保障局2019年全民科学素质工作总结\n" + BODY,
        {
            "organization": "东山县人力资源和社会保障局",
            "admin_level": "county",
            "org_type": "department",
        },
    ),
    ("县科协和县教育局2019年青少年科技教育工作总结\n" + BODY, {"organization": "县科协"}),
    # 山区, 城市 end real place names
    (
        "金山区2019年科普日活动总结\n今年,区科协联合各街道开展科普日活动。" + BODY,
        {"organization": "金山区", "admin_level": "district", "org_type": "government"},
    ),
    (
        "兴城市科协2019年工作总结\n" + BODY,
        {"organization": "兴城市科协", "admin_level": "city", "org_type": "science_association"},
    ),
    (
        "江城市科技馆2019年工作总结\n" + BODY,
        {"organization": "江城市科技馆", "admin_level": "city", "org_type": "other"},
    ),
    (
        "南州市科技馆2019年工作总结\n" + BODY,
        {"organization": "南州市科技馆", "admin_level": "city", "org_type": "other"},
    ),
    # …but not a city of their own, and a museum the body visits is no unit
    ("创建文明城市工作总结\n" + BODY, {"organization": None, "admin_level": "unknown"}),
    (
        "科普工作总结\n今年组织学生参观县科技馆2批次,全县18个乡镇开展科技下乡。" + BODY,
        {"organization": None, "admin_level": "unknown"},
    ),
    # years in numerals, on a dateline under the title, with the signature
    ("青山镇二〇一九年度科普工作总结\n" + BODY, {"year": 2019, "year_text": "二〇一九"}),
    ("青山镇二〇一八年科普工作总结\n" + BODY, {"year": 2018}),
    (
        "科普工作简报\n第5期\n县科协办公室 2021年6月10日\n今年以来开展科普宣传活动12场。",
        {"year": 2021, "year_text": "2021", "kind": "briefing"},
    ),
    (
        "科普工作总结\n" + LONG_BODY + "\n桂花镇人民政府\n2019年12月20日",
        {"organization": "桂花镇人民政府", "admin_level": "township", "year": 2019},
    ),
    (
        "科普工作总结\n" + LONG_BODY + "\n桂花镇人民政府 二〇一九年十二月二十日",
        {"organization": "桂花镇人民政府", "year": 2019},
    ),
    (
        "科普工作总结\n" + LONG_BODY + "\n桂花镇人民政府\n2019年12月",
        {"organization": "桂花镇人民政府", "year": 2019},
    ),
    # a summary dated in January may be about the year before
    ("科普工作总结\n" + LONG_BODY + "\n桂花镇人民政府\n2020年1月8日", {"year": None}),
    # a 工作汇报 to superiors reviews the work; a 落实情况汇报 is a briefing
    ("青石镇2021年全民科学素质工作情况汇报\n" + BODY, {"kind": "summary"}),
    ("柘溪县科协关于创建全国科普示范县工作情况的汇报\n" + BODY, {"kind": "summary"}),
    ("卢氏县全民素质行动计划纲要落实情况汇报\n" + BODY, {"kind": "briefing"}),
]


def _meta(decoded: str) -> ReportMeta:
    clean = clean_text(decoded)
    report = split_reports(clean)[0]
    return describe_report(clean, report, split_sentences(clean, report), decoded)


@pytest.mark.parametrize(("decoded", "expected"), BUGS_CAUGHT)
def test_reported_metadata(decoded: str, expected: dict[str, object]) -> None:
    m = _meta(decoded)
    assert {name: getattr(m, name) for name in expected} == expected


@pytest.mark.parametrize(("decoded", "expected"), CASES)
def test_describe_report(decoded: str, expected: tuple[object, ...]) -> None:
    clean = clean_text(decoded)
    report = split_reports(clean)[0]
    m = describe_report(clean, report, split_sentences(clean, report), decoded)
    got = (
        m.organization,
        m.admin_level,
        m.org_type,
        m.year,
        m.year_text,
        m.kind,
        m.script,
        m.relevant,
    )
    assert got == expected
    assert m.relevant == (m.relevance_score >= 6.0)


def test_kind_and_issuer_edge_cases() -> None:
    from scorecard.meta import _kind, _organization

    assert _kind("关于县人大代表建议办理工作情况的报告", "", "", False) == "briefing"
    assert _kind("岭西州2019年青少年科技教育工作情况报告", "", "", False) == "summary"
    # a county's unit under a prefecture's title is no issuer of the title's place
    assert _organization("云川州2020年科普工作总结", "云川州云岭县科学技术协会\n正文")[1] == "city"
    assert _organization("云川州2020年科普工作总结", "云川州科学技术协会\n正文") == (
        "云川州科学技术协会",
        "city",
        "science_association",
    )


def test_a_society_reports_as_a_science_association() -> None:
    from scorecard.meta import _organization

    assert _organization("城南县科协学会部2021年工作总结", "")[0] == "城南县科协"
    assert _organization("鹭州市医学会2023年工作总结", "") == (
        "鹭州市医学会",
        "city",
        "science_association",
    )


def test_relevance_is_a_plain_weighted_sum() -> None:
    assert relevance("") == 0
    assert relevance("科普") == RELEVANCE_TERMS["科普"]
    assert relevance("科普科普") == 2 * RELEVANCE_TERMS["科普"]
    assert relevance("信访") == RELEVANCE_TERMS["信访"]
    # longer terms first: 科技活动周 is not also counted as 科技
    assert relevance("科技活动周") == RELEVANCE_TERMS["科技活动周"]
    assert relevance("科普" * 100) == 10 * RELEVANCE_TERMS["科普"]  # counts are capped


def test_traditional_twin_gives_the_same_meta() -> None:
    simp = "卢氏县科协2012年工作总结\n组织科普活动12场次,发放科普资料3000份。"
    trad = "盧氏縣科協2012年工作總結\n組織科普活動12場次,發放科普資料3000份。"
    metas = []
    for decoded in (simp, trad):
        clean = clean_text(decoded)
        r = split_reports(clean)[0]
        metas.append(describe_report(clean, r, split_sentences(clean, r), decoded))
    assert metas[0].organization == metas[1].organization == "卢氏县科协"
    assert metas[0].year == metas[1].year == 2012
    assert (metas[0].script, metas[1].script) == ("simplified", "traditional")
    assert metas[0].relevance_score == metas[1].relevance_score


def test_year_written_repeatedly_is_the_report_year() -> None:
    from scorecard.clean import clean_text
    from scorecard.meta import describe_report
    from scorecard.structure import split_reports, split_sentences

    text = "科技简报\n县科协举办2010年科技活动周,开展科普讲座12场。\n全县参与群众3000人次。\n二〇一〇年六月\n2010年6月8日"
    c = clean_text(text)
    r = split_reports(c)[0]
    assert describe_report(c, r, split_sentences(c, r), text).year_text == "2010"


def _kind_of(decoded: str) -> str:
    clean = clean_text(decoded)
    report = split_reports(clean)[0]
    return describe_report(clean, report, split_sentences(clean, report), decoded).kind


def test_a_news_brief_opening_with_its_dateline_is_a_briefing() -> None:
    brief = "城南区科协举办科普宣传活动\n本网讯 3月15日上午,区科协在广场举办科普宣传活动。" + BODY
    assert _kind_of(brief) == "briefing"


def test_a_news_brief_opening_on_its_day_is_a_briefing() -> None:
    brief = (
        "城南区科学技术协会\n\n城南区科协:2022年科技活动周精彩纷呈\n"
        "9月18日上午,由城南区科协主办的科技活动周在区文化广场启动,共组织活动8项。" + BODY
    )
    assert _kind_of(brief) == "briefing"
    # A dated item deep inside an untitled report is no such cue.
    report = (
        "城南区科协科普工作\n今年以来,区科协按照上级部署推进科普工作,取得了一定成效。\n"
        "一、开展活动\n组织科普讲座6场。\n二、培训\n举办培训班2期。\n三、宣传\n宣传活动3次。\n"
        "9月18日,组织科普日活动。" + BODY
    )
    assert _kind_of(report) == "other"


@pytest.mark.parametrize(
    ("decoded", "relevant"),
    [
        # work the national statistics count, without the word 科普
        ("广丰县2017年“三下乡”活动总结\n组织专家下乡服务12次,服务群众3000人次。\n", True),
        ("望江县2019年农村实用技术培训总结\n全年举办培训班30期,培训农民2800人次。\n", True),
        ("定南县科技局2019年科技特派员工作总结\n特派员举办培训班20期,培训8500人次。\n", True),
        ("宁安区教育局2019年青少年科技教育工作总结\n举办科技节1次,参加学生3000人。\n", True),
        # a 科协's own report that tells of other bodies' work too
        ("南湖县科协2019年工作总结\n县扶贫办投入扶贫资金2000万元。举办科普讲座15场。\n", True),
        # …and off-topic reports stay off
        ("青岗镇2019年脱贫攻坚工作总结\n全镇投入扶贫资金300万元,帮扶贫困户120户。\n", False),
        ("城关镇2019年信访工作总结\n全年接待来访群众150人次。\n", False),
        (
            "青河县教育局2021年工作总结\n全年新建校舍投入资金1.2亿元,培训教师2600人次。"
            "加强科学教育和科技教育,组织学生参加青少年科技创新大赛。\n",
            False,
        ),
        (
            "青河县科协2021年驻村帮扶工作总结\n县科协驻村工作队投入资金18万元修建村道。"
            "县科协帮助贫困户脱贫,开展扶贫活动。\n",
            False,
        ),
    ],
)
def test_relevance_of_reports_on_the_counted_kinds_of_work(decoded: str, relevant: bool) -> None:
    clean = clean_text(decoded)
    report = split_reports(clean)[0]
    assert (
        describe_report(clean, report, split_sentences(clean, report), decoded).relevant is relevant
    )
