"""structure: reports in a file, headings, section paths, plan parts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.clean import clean_text
from scorecard.structure import is_plan_title, parse_heading, split_reports, split_sentences

# line → (level, number, label); None when the line is not a heading
HEADINGS = [
    ("一、201*年工作总结", (1, 1, "一、201*年工作总结")),
    ("二、XX年工作打算 (一)继续抓好", (1, 2, "二、XX年工作打算")),
    ("十二、其他", (1, 12, "十二、其他")),
    ("第一、领导重视,经费保障", (1, 1, "第一、领导重视")),
    ("(一)开展培训、提高全民素质。", (2, 1, "(一)开展培训")),
    ("（三）科技专家迅速入驻", None),  # full-width: parse_heading takes matching text
    ("(三)科技专家迅速入驻,全面展开服务工作", (2, 3, "(三)科技专家迅速入驻")),
    ("1、扎实开展农村实用技术培训。结合产业特点", (3, 1, "1、扎实开展农村实用技术培训")),
    ("2. 新建和规范农村专业技术协会4个", (3, 2, "2.新建和规范农村专业技术协会4个")),
    ("7.全镇8个村(社区)新建", (3, 7, "7.全镇8个村")),
    ("(2)开展科普日活动", (4, 2, "(2)开展科普日活动")),
    ("一是推进科普进村工程,全面覆盖", (5, 1, "一是推进科普进村工程")),
    ("三是加快“科学素质行动工程”与“科普惠民工程”衔接", (5, 3, "三是加快科学素质行动工程")),
    ("1是会议宣传,在年初", (5, 1, "1是会议宣传")),
    ("  (一)以服务企业创新为重点,开展科技咨询", (2, 1, "(一)以服务企业创新为重点")),
    ("5.12地震灾害发生后", None),
    ("1.2万人次参加", None),
    ("2008年度,我镇共计投入", None),
    ("一、二次分配", None),
    ("今年举办培训班3期", None),
]


@pytest.mark.parametrize(("line", "expected"), HEADINGS)
def test_parse_heading(line: str, expected: tuple[int, int, str] | None) -> None:
    assert parse_heading(line) == expected


def _sections(decoded: str) -> list[tuple[str, bool, str]]:
    clean = clean_text(decoded)
    out = []
    for report in split_reports(clean):
        for s in split_sentences(clean, report):
            out.append((s.section, s.plan_part, clean.text[s.start : s.end]))
    return out


# text → [(section, plan_part, sentence)]
SECTION_CASES = [
    (
        "一、2011年工作总结\n一是推进科普进村工程,全面覆盖各村。举办培训班30余期。\n"
        "二、2012年工作要点\n三是加快“科学素质行动工程”与“科普惠民工程”衔接。力争培训5000人。",
        [
            # "一是推进科普进村工程,全面覆盖各村。" is all heading: no sentence
            ("一、2011年工作总结 > 一是推进科普进村工程", False, "举办培训班30余期。"),
            (
                "二、2012年工作要点 > 三是加快科学素质行动工程",
                True,
                "三是加快“科学素质行动工程”与“科普惠民工程”衔接。",
            ),
            ("二、2012年工作要点 > 三是加快科学素质行动工程", True, "力争培训5000人。"),
        ],
    ),
    # headings glued into a line after 。, and (一) glued after a label
    (
        "三、主要措施\n(一)开展培训。\n1、开展技术培训。举办培训3期。2、实施阳光工程。培训200人。"
        "四、保障措施(一)健全工作机制,投入经费10万元。六、2012年工作计划(一)力争培训500人。",
        [
            ("三、主要措施 > (一)开展培训 > 1、开展技术培训", False, "举办培训3期。"),
            ("三、主要措施 > (一)开展培训 > 2、实施阳光工程", False, "培训200人。"),
            (
                "四、保障措施 > (一)健全工作机制",
                False,
                "(一)健全工作机制,投入经费10万元。",
            ),
            ("六、2012年工作计划 > (一)力争培训500人", True, "(一)力争培训500人。"),
        ],
    ),
    # a number glued after 。 that does not continue the sequence is not a heading
    (
        "一、总结\n举办讲座5次。3、加强管理。",
        [("一、总结", False, "举办讲座5次。"), ("一、总结", False, "3、加强管理。")],
    ),
    # 第一、 as top level, (一) and 1. beneath it
    (
        "第一、领导重视\n投入经费500余万。\n第二、基础扎实\n(一)阵地建设。\n1.巩固协会8个;\n第三、宣传到位\n发放资料1万份。",
        [
            ("第一、领导重视", False, "投入经费500余万。"),
            ("第二、基础扎实 > (一)阵地建设 > 1.巩固协会8个", False, "1.巩固协会8个;"),
            ("第三、宣传到位", False, "发放资料1万份。"),
        ],
    ),
    # a bare plan title line opens a plan part
    (
        "今年举办讲座5次。\n2012年工作打算\n培训农民500人次。",
        [("", False, "今年举办讲座5次。"), ("2012年工作打算", True, "培训农民500人次。")],
    ),
    # "工作回顾" is not a plan part even with a year
    (
        "一、20xx年工作回顾\n培训100人。\n三、20xx年工作计划\n1、创新开展科普活动。\n培训200人。",
        [
            ("一、20xx年工作回顾", False, "培训100人。"),
            ("三、20xx年工作计划 > 1、创新开展科普活动", True, "培训200人。"),
        ],
    ),
]


@pytest.mark.parametrize(("decoded", "expected"), SECTION_CASES)
def test_section_paths(decoded: str, expected: list[tuple[str, bool, str]]) -> None:
    assert _sections(decoded) == expected


def test_sentences_end_at_stops_and_line_ends() -> None:
    got = [s for _, _, s in _sections("举办讲座5次!培训200人?发放资料3000份。\n组织下乡6次")]
    assert got == ["举办讲座5次!", "培训200人?", "发放资料3000份。", "组织下乡6次"]


def test_closing_quote_stays_with_its_sentence() -> None:
    got = [s for _, _, s in _sections("培养群众“认真对待地震。”又举办讲座3次。")]
    assert got == ["培养群众“认真对待地震。”", "又举办讲座3次。"]


# text → [(title, first characters of the report)]
REPORT_CASES = [
    ("", []),
    ("   \n\n", []),
    ("只有一句话", [("只有一句话", "只有一句话")]),
    (
        "篇一:甲镇科协工作总结\n举办讲座5次。\n篇二:乙县科协工作总结\n培训200人。",
        [("甲镇科协工作总结", "篇一"), ("乙县科协工作总结", "篇二")],
    ),
    (
        "乡镇科协年度总结\n\n乡镇科协年度总结\n\n1、乡镇科协年度总结\n\n正文一。\n\n2、村级脱贫攻坚年度工作总结\n\n正文二。",
        [("乡镇科协年度总结", "乡镇科协"), ("村级脱贫攻坚年度工作总结", "2、村级")],
    ),
    (
        "甲县科协2011年工作总结\n"
        + "正文很长的一段话," * 30
        + "结束。\n扩展阅读:板桥镇2011年工作总结\n板桥镇2011年工作总结\n正文。",
        [("甲县科协2011年工作总结", "甲县"), ("板桥镇2011年工作总结", "扩展阅读")],
    ),
    # a numbered list pasted twice starts again at 1
    (
        "1、甲工作总结\n正文。\n2、乙工作总结\n正文。\n3、丙工作总结\n正文。\n1、甲工作总结\n正文。",
        [
            ("甲工作总结", "1、甲"),
            ("乙工作总结", "2、乙"),
            ("丙工作总结", "3、丙"),
            ("甲工作总结", "1、甲"),
        ],
    ),
    # numbered titles out of sequence are headings, not reports
    ("1、甲工作总结\n正文。\n3、丙工作总结\n正文。", [("甲工作总结", "1、甲")]),
]


@pytest.mark.parametrize(("decoded", "expected"), REPORT_CASES)
def test_split_reports(decoded: str, expected: list[tuple[str, str]]) -> None:
    clean = clean_text(decoded)
    reports = split_reports(clean)
    got = [
        (r.title, clean.text[r.start : r.start + len(prefix)])
        for r, (_, prefix) in zip(reports, expected, strict=False)
    ]
    assert len(reports) == len(expected)
    assert got == expected
    for r in reports:
        if r.title_start >= 0:
            assert clean.text[r.title_start : r.title_end] == r.title
        assert r.start < r.end


def test_restarted_numbering_begins_an_untitled_report() -> None:
    first = "一、广泛宣传\n\n会议部署综治工作。\n\n二、落实责任\n\n1、明确班子成员和综治小组成员的分工,每季度专题研究一次综治工作,逐项抓好落实。2、完善值班和巡查制度。\n\n"
    second = "今年以来,乡党委扎实推进信访接待工作,坚持领导轮流坐班,上半年共接待来访群众21次,处理案件21起。\n\n一、加强信访工作的领导\n\n正文。"
    clean = clean_text(first + second)
    reports = split_reports(clean)
    assert [r.title for r in reports] == ["", ""]
    assert clean.text[reports[1].start :].startswith("今年以来")


# A report that ends, and the opening of one that restarts its numbering.
FLOOD_REPORT = "一、落实责任\n\n会议部署防汛工作。\n\n二、排查隐患\n\n排查隐患点41处,逐一落实了监测预警措施。\n\n"
RESTART = (
    "201*年,县科协在县委、县政府的领导下,围绕全县中心工作,"
    "认真履行职能,各项工作取得了新成效。\n\n一、科普经费\n\n正文。"
)


def test_a_title_line_before_the_restart_is_the_new_reports_title() -> None:
    clean = clean_text(FLOOD_REPORT + "沙河县科协201*年工作总结\n\n" + RESTART)
    reports = split_reports(clean)
    assert [r.title for r in reports] == ["", "沙河县科协201*年工作总结"]
    assert clean.text[reports[1].start :].startswith("沙河县科协")
    assert not clean.text[reports[0].start : reports[0].end].endswith("总结")


def test_a_notice_after_a_report_is_a_report_of_its_own() -> None:
    # Title, addressees, an opening that announces its list, then 一、…
    notice = (
        "关于做好2020年森林防火值班工作的通知\n\n各村委会、镇直各单位:\n"
        "根据县森林防火指挥部的统一部署,为切实做好今冬明春森林防火工作,现将有关事项通知如下:\n"
        "一、实行24小时值班制度。\n二、各村于11月1日前完成扑火物资储备。\n"
    )
    clean = clean_text(FLOOD_REPORT + "柳河镇人民政府\n2019年12月30日\n\n" + notice)
    reports = split_reports(clean)
    assert len(reports) == 2
    assert reports[1].title == "关于做好2020年森林防火值班工作的通知"
    assert clean.text[reports[1].start :].startswith("关于做好")


def test_notices_listed_in_a_report_do_not_split_it() -> None:
    text = (
        "县科协2019年工作总结\n今年,县科协下发了以下文件:\n1、科技活动周工作通知\n"
        "2、全国科普日活动通知\n3、科普示范村创建通知\n全年举办科普讲座30场。"
    )
    assert len(split_reports(clean_text(text))) == 1


def test_a_plan_announced_as_follows_stays_in_its_report() -> None:
    text = (
        "一、主要工作\n\n举办科普讲座30场。\n\n二、落实经费\n\n落实经费5万元。\n\n三、存在的问题\n\n"
        "经费不足,队伍薄弱。\n\n"
        "2020年,县科协将围绕中心工作继续抓好科普工作,进一步扩大覆盖面,具体安排如下:\n"
        "一、办好科技活动周。\n二、抓好农民培训。\n"
    )
    assert len(split_reports(clean_text(text))) == 1


def test_a_site_masthead_above_its_navigation_is_not_the_title() -> None:
    page = (
        "云岭县科学技术协会\n首页 | 机构概况 | 科普动态 | 学会工作 | 联系我们\n"
        "当前位置:首页 > 科普动态\n\n云岭县科协举办2021年全国科普日主场活动\n"
        "发布时间:2021-09-20\n\n9月18日上午,县科协在人民广场举办全国科普日主场活动。"
    )
    (report,) = split_reports(clean_text(page))
    assert report.title == "云岭县科协举办2021年全国科普日主场活动"
    # A title above a removed 发布时间 line is no masthead.
    (dated,) = split_reports(
        clean_text(
            "云岭县科协2019年工作总结\n发布时间:2020-01-10 浏览次数:326\n县科协办公室\n正文。"
        )
    )
    assert dated.title == "云岭县科协2019年工作总结"
    # A first line with no navigation below it is still the title.
    (plain,) = split_reports(clean_text("云岭县科学技术协会\n\n今年,县科协组织科普讲座6场。"))
    assert plain.title == "云岭县科学技术协会"


def test_a_plan_label_leading_its_paragraph_opens_the_plan_part() -> None:
    text = "村科普工作小结\n一、培训\n办了培训班6期。\n明年打算:再办培训班5期。\n"
    clean = clean_text(text)
    (report,) = split_reports(clean)
    sentences = split_sentences(clean, report)
    plan = {clean.text[s.start : s.end]: s.plan_part for s in sentences}
    assert plan["办了培训班6期。"] is False
    assert plan["明年打算:再办培训班5期。"] is True


def test_a_plan_label_with_a_year_in_chinese_numerals_opens_the_plan_part() -> None:
    text = "镇科普工作小结\n一、培训\n办了培训班6期。\n二〇二三年工作打算:计划举办培训班10期。\n"
    clean = clean_text(text)
    (report,) = split_reports(clean)
    plan = {clean.text[s.start : s.end]: s.plan_part for s in split_sentences(clean, report)}
    assert plan["二〇二三年工作打算:计划举办培训班10期。"] is True


def test_a_work_idea_label_does_not_make_a_summary_a_plan() -> None:
    text = (
        "县科协2019年工作总结\n2019年,我县科普工作取得新成效。\n"
        "工作思路:坚持以提升全民科学素质为主线,突出重点人群。\n"
        "一、科普培训\n举办农民实用技术培训班12期。\n"
    )
    clean = clean_text(text)
    (report,) = split_reports(clean)
    assert not any(s.plan_part for s in split_sentences(clean, report))


def test_a_site_list_page_is_one_report_per_article() -> None:
    page = (
        "某市科学技术协会\n首页 | 机构概况 | 新闻中心 | 科普之窗\n当前位置:首页 > 新闻中心\n\n"
        "· 甲区举办科普日主场活动 [2021-09-18]\n· 乙镇开展果树培训 [2021-09-16]\n【更多】\n\n"
        "甲区举办科普日主场活动\n发布时间:2021-09-18 来源:甲区科协\n"
        "9月18日上午,甲区科协举办全国科普日主场活动,参与群众3000余人。\n【打印本页】\n\n"
        "乙镇开展果树培训\n发布时间:2021-09-16 来源:乙镇\n"
        "9月13日至14日,乙镇举办果树修剪培训班2期,培训果农180人次。\n【打印本页】\n"
    )
    reports = split_reports(clean_text(page))
    assert [r.title for r in reports] == ["甲区举办科普日主场活动", "乙镇开展果树培训"]
    # one article is a page, not a list: its title line starts no second report
    (single,) = split_reports(
        clean_text("甲区科协\n\n甲区举办科普日活动\n发布时间:2021-09-18\n9月18日,活动举行。")
    )
    assert single.start == 0


def test_plan_headings() -> None:
    assert is_plan_title("二、下一步工作打算及建议")
    assert is_plan_title("二、存在的问题及下一步工作打算")
    assert not is_plan_title("某县科协关于2019年科普工作开展情况、存在问题及2020年工作打算")
    assert is_plan_title("二、明年科学普及工作")
    assert not is_plan_title("三、存在的问题")
    # results and plans under one heading: the sentences' own markers decide
    assert not is_plan_title("二、2021年工作完成情况及2022年工作计划")


def test_a_page_whose_data_line_is_also_at_the_bottom_is_one_article() -> None:
    page = (
        "甲区科协举办科普日活动\n发布时间:2021-09-18\n"
        "9月18日上午,甲区科协举办全国科普日主场活动,参与群众3000余人。\n"
        "现场共接受群众咨询500余人次\n发布时间:2021-09-18 浏览次数:120\n"
    )
    assert len(split_reports(clean_text(page))) == 1


def test_a_closing_formula_before_the_restart_stays_with_its_report() -> None:
    clean = clean_text(FLOOD_REPORT + "特此报告\n\n" + RESTART)
    reports = split_reports(clean)
    assert len(reports) == 2 and reports[1].title != "特此报告"
    assert clean.text[reports[1].start :].startswith("201*年")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "一、",
                "二、",
                "(一)",
                "1、",
                "2、",
                "一是",
                "篇一",
                "扩展阅读:",
                "工作总结",
                "工作计划",
                "科普",
                "培训3期",
                "。",
                ",",
                "\n",
                "\n\n",
                " ",
                "第一、",
                "计划",
                "明年",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_split_never_raises(decoded: str) -> None:
    clean = clean_text(decoded)
    reports = split_reports(clean)
    if clean.text.strip():
        assert reports
    prev_end = 0
    for r in reports:
        assert prev_end <= r.start < r.end <= len(clean.text)
        prev_end = r.end
        for s in split_sentences(clean, r):
            assert r.start <= s.start < s.end <= r.end


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_split_never_raises_on_any_text(decoded: str) -> None:
    clean = clean_text(decoded)
    for r in split_reports(clean):
        split_sentences(clean, r)


def test_report_pasted_twice_under_its_title_is_two_reports() -> None:
    body = "一、科普投入。全镇全年投入科普经费15万元,用于科普画廊和科普活动室建设。\n" * 8
    text = "龙湾镇2016年科普工作总结\n" + body + "\n龙湾镇2016年科普工作总结\n" + body
    reports = split_reports(clean_text(text))
    assert len(reports) == 2
    assert reports[1].title == "龙湾镇2016年科普工作总结"


def test_report_pasted_again_below_a_rule_line_is_two_reports() -> None:
    # the rule line is not glued to the title below it, so the title is seen again
    body = "一、科普投入。全镇全年投入科普经费15万元,用于科普画廊和科普活动室建设。\n" * 8
    title = "龙湾镇20xx年科普工作总结\n"
    text = title + body + "\n" + "-" * 40 + "\n\n" + title + body
    reports = split_reports(clean_text(text))
    assert [r.title for r in reports] == ["龙湾镇20xx年科普工作总结"] * 2


def test_an_article_below_the_footer_of_a_page_is_its_own_report() -> None:
    text = (
        "首页 | 政务公开 | 政务服务 | 互动交流\n"
        "龙湾区卫生健康局2021年健康科普工作总结\n"
        "来源:区卫生健康局 发布时间:2022-01-14 10:26\n"
        "【字号:大 中 小】【打印】【关闭】\n"
        "2021年,区卫生健康局深入开展健康科普进社区活动,全年举办健康讲座186场。\n"
        "【打印本页】【关闭窗口】\n相关新闻\n"
        "区卫健局驻村工作队助力桃园村道路硬化\n来源:区卫生健康局 发布时间:2022-01-18 16:02\n"
        "1月17日,桃园村通组道路硬化工程通过竣工验收,总投资约168万元。\n"
    )
    reports = split_reports(clean_text(text))
    assert [r.title for r in reports] == [
        "龙湾区卫生健康局2021年健康科普工作总结",
        "区卫健局驻村工作队助力桃园村道路硬化",
    ]


def test_a_unit_name_over_a_date_at_the_end_is_a_signature_not_a_new_report() -> None:
    body = "一、科普投入。全市全年投入科普经费386万元,用于科普阵地建设。\n" * 8
    text = "峤阳市科学技术协会\n2021 年工作总结和 2022 年工作打算\n" + body
    text += "\n峤阳市科学技术协会\n2022 年 1 月 12 日\n"
    (report,) = split_reports(clean_text(text))
    # a title set on two lines, as a PDF centres it
    assert report.title == "峤阳市科学技术协会2021年工作总结和2022年工作打算"
    sentences = split_sentences(clean_text(text), report)
    assert not any("工作打算" in clean_text(text).text[s.start : s.end] for s in sentences)


def test_title_repeated_in_front_matter_is_one_report() -> None:
    text = (
        "龙湾镇科协年度总结\n本站精选范文,欢迎参考。\n龙湾镇科协年度总结\n"
        + "一、开展科普活动12次,参加群众800人次。\n" * 5
    )
    assert len(split_reports(clean_text(text))) == 1


def test_site_name_appended_to_a_title_is_not_title() -> None:
    text = "龙湾镇科普工作总结_工作总结范文_第一范文网\n一、开展科普活动12次,参加群众800人次。\n"
    assert split_reports(clean_text(text))[0].title == "龙湾镇科普工作总结"


def test_review_part_of_a_plan_report_is_not_planned() -> None:
    text = (
        "龙湾镇科协2024年工作要点\n一、2023年工作回顾\n全年举办培训班8期,培训学员600人次。\n"
        "二、2024年重点工作\n举办培训班10期。\n"
    )
    c = clean_text(text)
    flags = [
        (s.section.split(" > ")[0], s.plan_part) for s in split_sentences(c, split_reports(c)[0])
    ]
    assert ("一、2023年工作回顾", False) in flags
    assert ("二、2024年重点工作", True) in flags


def test_a_second_article_below_a_page_footer_is_a_report_of_its_own() -> None:
    page = (
        "鹤鸣县气象局2022年气象科普工作总结\n"
        "作者:县局办公室 来源:鹤鸣县气象局 发布时间:2023-01-12\n"
        "2022年,县气象局围绕防灾减灾和气象服务积极开展气象科普工作,现将全年工作总结如下:\n"
        "一、科普投入\n全年投入气象科普经费23.8万元。\n"
        "【打印本页】 【关闭窗口】\n上一篇:县气象局开展世界气象日开放活动\n\n"
        "县气象局召开2023年安全生产工作会议\n发布时间:2023-01-16 来源:县局办公室\n"
        "1月16日,县气象局召开2023年安全生产工作会议,部署全年安全生产工作。\n"
    )
    reports = split_reports(clean_text(page))
    assert [r.title for r in reports] == [
        "鹤鸣县气象局2022年气象科普工作总结",
        "县气象局召开2023年安全生产工作会议",
    ]


def test_a_plan_heading_spaced_as_a_pdf_spaces_it_is_a_plan() -> None:
    text = (
        "峤阳市科协2021年工作总结\n一、2021 年工作总结\n全年举办培训班20期。\n"
        "三、2022 年工作打算\n农村实用技术培训不少于 200 期。\n"
    )
    clean = clean_text(text)
    (report,) = split_reports(clean)
    sentences = split_sentences(clean, report)
    assert [(s.section, s.plan_part) for s in sentences if "期" in clean.text[s.start : s.end]] == [
        ("一、2021年工作总结", False),
        ("三、2022年工作打算", True),
    ]
