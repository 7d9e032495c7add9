"""clean: debris removal, rejoining cut lines, number fixes, the origin map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.clean import clean_text

LONG = "全镇共举办各类技术培训班和科普讲座活动,组织农技人员深入田间地头开展现场技术指导服务工作"  # 45 chars, no end punctuation

# (input, expected clean text, expected removal reasons in order)
CASES = [
    # page marker cutting a word, no blank line
    (LONG + "科普教\n2、育资源优势。", LONG + "科普教育资源优势。", ["wrap", "page_marker"]),
    # page marker cutting a number, with a blank line
    (
        "今年举办培训班,培训学员1\n\n2、20人次。",
        "今年举办培训班,培训学员120人次。",
        ["wrap", "page_marker"],
    ),
    # page marker followed by a comma cannot be a heading
    (
        LONG + "通过办培训班\n5、,科普画廊等。",
        LONG + "通过办培训班,科普画廊等。",
        ["wrap", "page_marker"],
    ),
    # a real numbered heading after a finished sentence stays
    ("开展活动3次。\n2、加强队伍建设。", "开展活动3次。\n2、加强队伍建设。", []),
    # a numbered title after a short title line stays
    ("乡镇科协年度总结\n\n1、乡镇科协年度总结\n", "乡镇科协年度总结\n\n1、乡镇科协年度总结\n", []),
    # blank line between the halves of a cut sentence
    (LONG + "縣直涉農部\n\n門及有關鄉鎮。", to_m := LONG + "县直涉农部门及有关乡镇。", ["wrap"]),
    # hard wrap inside a word
    (LONG + "培\n训中高级人才5000余人。", LONG + "培训中高级人才5000余人。", ["wrap"]),
    # a short line without punctuation is a subheading, not a wrap
    (
        "合作社的管理需要公开透明\n\n村民的参与需要长期培养。",
        "合作社的管理需要公开透明\n\n村民的参与需要长期培养。",
        [],
    ),
    # a title line is never glued to the next line
    (
        "全民科学素质行动纲要2011年工作总结及2012年工作计划\n省办公室:",
        "全民科学素质行动纲要2011年工作总结及2012年工作计划\n省办公室:",
        [],
    ),
    # the next line is a heading: no join even after a cut line
    (LONG + "科普专\n\n8、科协年度总结", LONG + "科普专\n\n8、科协年度总结", []),
    # spaces inside numbers
    (
        "培训3 800人次,科普带头人200 名。",
        "培训3800人次,科普带头人200名。",
        ["number_space", "number_space"],
    ),
    # a full stop between digits is a decimal point
    ("参培农民1。2万人次。", "参培农民1.2万人次。", []),
    # ...but not before a numbered item or a year
    ("共9。2、加强", "共9。2、加强", []),
    # pinyin after characters (only with tone marks)
    ("網(wǎng)絡培訓", "网络培训", ["pinyin"]),
    ("萃智(triz)创新理论培训", "萃智(triz)创新理论培训", []),
    # stray backticks
    ("举办`讲座``3次", "举办讲座3次", ["backtick", "backtick"]),
    # English spam glued inside a line
    (
        "汇报人:XXXXYour content to play here, or through your copy, paste in this box, "
        "and select only the text.科技局工作总结",
        "汇报人:XXXX科技局工作总结",
        ["spam"],
    ),
    # spam words and dots inside sentences
    ("为推广和普及( 提供更多总结)节水技术", "为推广和普及节水技术", ["spam"]),
    ("促进各学会之间的.沟通与协作", "促进各学会之间的沟通与协作", ["spam"]),
    # site headers
    ("下载本文档\n版权说明:本文档由用户提供并上传\n文档简介\n正文。", "正文。", ["site_header"]),
    ("标题\n\n來源:文萃谷 1.7W\n\n正文。", "标题\n\n\n正文。", ["site_header"]),
    (
        "标题\n《乡镇科协年度总结》属于年度总结中比较优秀的内容,欢迎参考。\n正文。",
        "标题\n正文。",
        ["site_header"],
    ),
    # footers, disclaimers and lists of other titles
    (
        "正文。\n温馨提示\n- 1. 本站所有资源如无特殊说明\n- 2. 本站的文档不包含任何第三方提供的附件\n",
        "正文。\n",
        ["disclaimer"],
    ),
    (
        "正文。\n最新文档\n- 劳物派遣合同\n- 塘渣购买合同样本\n评论\n0/150\n提交评论",
        "正文。\n",
        ["related_list", "site_footer"],
    ),
    (
        "正文。\n友情提示:本文中关于《x》给出的范例仅供您参考\n来源:网络整理 免责声明:本文仅限学习分享",
        "正文。\n",
        ["disclaimer"],
    ),
    (
        "正文。\n《卢氏县汇报》全文内容当前网页未完全显示,剩余内容请访问下一页查看。\n\n热门标签",
        "正文。\n\n",
        ["disclaimer", "related_list"],
    ),
    # a government site's article page around the report
    (
        "某区科学技术协会\n网站首页 | 机构概况 | 工作动态 | 科普园地\n当前位置：首页 > 工作动态\n\n"
        "区科协开展科普日活动\n发布时间：2021-09-23  来源：区科协  浏览次数：1 286  【字体：大 中 小】\n"
        "正文。\n（供稿：区科协  责任编辑：王某）\n【打印本页】 【关闭窗口】\n"
        "相关链接：中国科协 | 省科协\n版权所有：某区科学技术协会\n备案号：滇ICP备12003456号-1\n",
        "某区科学技术协会\n\n区科协开展科普日活动\n正文。\n",
        ["site_header", "article_info", "site_footer"],  # adjacent lines: one removal
    ),
    # a page number alone on its line is dropped, and a number it cut is whole again
    (
        "三、全年在辖区各社区广场开展科普咨询和健康义诊活动,累计服务社区居民和外来务工人员2\n\n"
        "- 3 -\n\n150余人次。",
        "三、全年在辖区各社区广场开展科普咨询和健康义诊活动,累计服务社区居民和外来务工人员2150余人次。",
        ["wrap", "page_marker", "wrap"],
    ),
    ("正文。\n第 4 页 共 9 页\n下文。", "正文。\n下文。", ["page_marker"]),
    ("正文。\n— 12 —\n下文。", "正文。\n下文。", ["page_marker"]),
    # a running header repeated under two page numbers is dropped too; a
    # heading repeated under them is not
    (
        "县科协工作总结\n正文一。\n- 1 -\n县科协工作总结\n正文二。\n- 2 -\n县科协工作总结\n正文三。",
        "县科协工作总结\n正文一。\n正文二。\n正文三。",
        ["page_marker", "page_marker"],
    ),
    (
        "二、工作打算\n甲。\n- 1 -\n二、工作打算\n乙。\n- 2 -\n二、工作打算\n丙。",
        "二、工作打算\n甲。\n二、工作打算\n乙。\n二、工作打算\n丙。",
        ["page_marker", "page_marker"],
    ),
    ("第3页的表格列出了各村名单。", "第3页的表格列出了各村名单。", []),
    # …but a line with | inside a report's sentence, or 来源 in a sentence, stays
    ("经费来源:县财政拨付5万元。", "经费来源:县财政拨付5万元。", []),
    ("培训对象|农民|党员干部", "培训对象|农民|党员干部", []),
    ("科普讲座 | 3月5日 | 县文化馆 | 200人", "科普讲座 | 3月5日 | 县文化馆 | 200人", []),
    (
        "主办单位:县科协、县教育局联合举办,共有500人参加。",
        "主办单位:县科协、县教育局联合举办,共有500人参加。",
        [],
    ),
    ("发布时间:3月,全县举办培训班5期。", "发布时间:3月,全县举办培训班5期。", []),
    ("", "", []),
    # an article's data line led by its author, and the font buttons
    (
        "作者:县局办公室 来源:县气象局 发布时间:2023-01-12 点击数:356\n正文。",
        "正文。",
        ["article_info"],
    ),
    ("【字体:大 中 小】\n正文。", "正文。", ["site_header"]),
    # a short line cut after a comma, or inside a figure, goes on below
    (
        "举办种植技术培训班5期,\n培训农民420人次。",
        "举办种植技术培训班5期,培训农民420人次。",
        ["wrap"],
    ),
    ("全年投入科普经费\n3.5万元。", "全年投入科普经费3.5万元。", ["wrap"]),
    ("全年投入科普经费3.5\n万元。", "全年投入科普经费3.5万元。", ["wrap"]),
    ("全年投入科普经费3.5万\n元。", "全年投入科普经费3.5万元。", ["wrap"]),
    ("培训农民420\n人次。", "培训农民420人次。", ["wrap"]),
    # …but a title over a line that starts with a number, and table rows, stay
    ("二、科普经费\n2019年投入3万元。", "二、科普经费\n2019年投入3万元。", []),
    ("1月 | 2 | 350\n3月 | 6 | 1420", "1月 | 2 | 350\n3月 | 6 | 1420", []),
]


@pytest.mark.parametrize(("decoded", "expected", "reasons"), CASES)
def test_clean_cases(decoded: str, expected: str, reasons: list[str]) -> None:
    clean = clean_text(decoded)
    assert clean.text == expected
    assert [r.reason for r in clean.removed] == reasons


def test_text_hard_wrapped_at_a_short_width_is_rejoined() -> None:
    # Every cut line has the wrap width (16), far below WRAP_MIN_LEN.
    paragraph = (
        "全年共投入科普经费86.5万元,其中县财政拨款60万元,社会捐赠26.5万元。"
        "举办农业实用技术培训班45期,培训农民4600人次,发放资料8000份。"
    )
    wrapped = "\n".join(paragraph[i : i + 16] for i in range(0, len(paragraph), 16))
    assert clean_text("青山县科协2019年科普工作总结\n" + wrapped).text.endswith(paragraph)


def test_short_lines_of_varied_length_are_no_wrap() -> None:
    # lines of 12, 14, 16 and 17 characters without punctuation: no one width
    text = "县科协全年开展的各项工作\n各乡镇街道开展的科普活动情况\n科普宣传与群众性科普活动开展情况\n全县科普阵地建设与科普队伍建设情况\n"
    assert clean_text(text).text == text


def test_page_marker_run_with_first_marker_removed() -> None:
    lines = ["1、" + LONG + "甲", "2、" + LONG + "乙", "3、" + LONG + "丙。"]
    clean = clean_text("\n".join(lines))
    assert clean.text == LONG + "甲" + LONG + "乙" + LONG + "丙。"


def test_numbered_titles_are_not_page_markers() -> None:
    text = (
        "1、乡镇科协年度总结\n\n正文一。\n\n2、乡镇扶贫年度工作总结\n\n正文二。\n\n3、科协年度总结\n\n"
        + LONG
    )
    assert clean_text(text).text == text


def test_origin_points_at_the_decoded_characters() -> None:
    decoded = "標題\n下载本文档\n經費3 800元,1。2万人次"
    clean = clean_text(decoded)
    assert clean.text == "标题\n经费3800元,1.2万人次"
    for i, ch in enumerate(clean.text):
        src = decoded[clean.origin[i]]
        assert ch == src or ch in "标题经费" or (ch == "." and src == "。")


def _coverage_ok(decoded: str) -> None:
    clean = clean_text(decoded)
    assert len(clean.origin) == len(clean.text)
    assert all(a < b for a, b in zip(clean.origin, clean.origin[1:], strict=False))
    covered = set(clean.origin)
    for r in clean.removed:
        span = set(range(r.start, r.end))
        assert not span & covered, r
        covered |= span
    assert covered == set(range(len(decoded)))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_never_raises_and_maps_every_char(decoded: str) -> None:
    _coverage_ok(decoded)


PIECES = st.sampled_from(
    [
        "科普",
        "培训",
        "1、",
        "2、",
        "一、",
        "(一)",
        "。",
        ",",
        "\n",
        "\n\n",
        " ",
        "3 800",
        "1。2",
        "下载本文档\n",
        "温馨提示\n",
        "- 1. 本站",
        "最新文档\n",
        "网(wǎng)",
        "`",
        "扩展阅读:",
        LONG,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_clean_on_report_like_text(decoded: str) -> None:
    _coverage_ok(decoded)


def test_headings_of_one_length_and_the_title_are_no_wrap() -> None:
    headings = (
        "青河县科协2021年科普工作总结\n(一)加强组织领导夯实工作基础\n成立领导小组。\n"
        "(二)确保经费投入强化基础保障\n全年投入科普经费35万元。\n"
        "(三)完善阵地建设提升服务能力\n新建活动室5个。\n"
        "(四)力争活动创新丰富科普内容\n全年举办科普讲座30场。\n"
    )
    assert clean_text(headings).text == headings
    # a title over text hard-wrapped at 17 characters stays the title
    paragraph = (
        "全年共投入科普经费86.5万元,其中县财政拨款60万元,社会捐赠26.5万元。"
        "举办农业实用技术培训班45期,培训农民4600人次,发放资料8000份。"
    )
    wrapped = "\n".join(paragraph[i : i + 17] for i in range(0, len(paragraph), 17))
    text = clean_text("青河县科协2021年科普工作开展情况\n" + wrapped + "\n").text
    assert text == "青河县科协2021年科普工作开展情况\n" + paragraph + "\n"


def test_a_heading_run_on_by_its_text_is_wrapped_like_the_rest() -> None:
    paragraph = (
        "(一)全民营养周系列活动。5月14日至20日全民营养周期间,学会组织56家会员单位"
        "在全省14个市(州)开展主题活动,共开展各类活动174场,其中营养健康讲座128场、"
        "现场咨询46场,发放宣传资料6.8万份。"
    )
    wrapped = "\n".join(paragraph[i : i + 20] for i in range(0, len(paragraph), 20))
    text = clean_text("河岳省营养学会2023年上半年工作报告\n一、科学普及\n" + wrapped + "\n").text
    assert text.endswith(paragraph + "\n")


def test_short_list_lines_and_tables_without_outer_bars_are_never_glued() -> None:
    items = (
        "全年主要工作如下\n县科协举办科普讲座12场\n县科技局举办科普展览6次\n"
        "县农业局举办技术培训15期\n县卫健局开展义诊活动8次\n"
    )
    assert clean_text(items).text == items
    table = "科技培训情况\n培训类别 | 期数 | 人数\n种植技术 | 20 | 1500\n养殖技术 | 10 | 800\n"
    assert clean_text(table).text == table


def test_tables_aligned_with_tabs_or_spaces_keep_their_lines_and_cells() -> None:
    tabs = "科技培训情况\n培训类别\t期数\t人数\n种植技术\t20\t1500\n养殖技术\t16\t800\n"
    assert clean_text(tabs).text == tabs
    spaces = "科技培训情况\n培训类别    期数    人数\n种植技术    20      1500\n养殖技术    16      800\n"
    # "16      800" is two cells; one space between digits is a thousands gap
    assert clean_text(spaces).text == spaces
    assert clean_text("培训3 800人次\n").text == "培训3800人次\n"


def test_a_wrapped_line_with_one_wide_gap_is_still_joined() -> None:
    # one run of spaces inside a line of prose (justified text) is no table
    text = "城南县科协2021年工作总结\n全年举办农村实用技术培训班  共计\n120期,培训农民8600人次。\n"
    assert "共计120期" in clean_text(text).text


def test_prose_with_a_tab_or_wide_gaps_is_joined_across_its_wrap() -> None:
    # a numbered item with a tab after its number, and a justified line of a
    # PDF with wide gaps, are prose: their cut lines are joined
    item = "县科协2021年工作总结\n1.\t科普活动:全年开展各类科普活动36场次,受益群众\n4500人次。\n"
    assert "受益群众4500人次" in clean_text(item).text
    justified = (
        "县科协2021年工作总结\n今年以来,县科协紧紧围绕  县委县政府中心工作,  组织开展各类科普活动\n"
        "36场次,受益群众达4500人次。\n"
    )
    assert "科普活动36场次" in clean_text(justified).text


def test_a_wide_gap_or_tab_inside_a_number_of_prose_is_a_thousands_gap() -> None:
    assert "12000人次" in clean_text("受益群众12  000人次,发放资料3\t800份。\n").text
    assert "3800份" in clean_text("受益群众12  000人次,发放资料3\t800份。\n").text


def test_a_wechat_article_keeps_its_text_and_loses_the_page() -> None:
    page = (
        "点击上方蓝字 关注我们\n梅岭科协  梅岭科协  2023-09-18 18:30\n原创  梅岭县科协\n"
        "科普日主场活动在县体育中心广场启动,现场参与群众3000余人次。\n左右滑动查看更多图片\n"
        "- END -\n编辑:李明\n往期推荐\n▶ 我县3个项目获评市级科普示范项目\n"
        "长按识别二维码关注我们\n阅读原文\n阅读 2563\n分享  收藏  点赞 27  在看 15\n写留言\n"
    )
    assert (
        clean_text(page).text.strip()
        == "科普日主场活动在县体育中心广场启动,现场参与群众3000余人次。"
    )
