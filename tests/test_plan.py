"""plan: future markers and their exceptions, one row per case."""

from __future__ import annotations

import pytest

from scorecard.plan import is_planned

# (sentence, the figure as written, planned?)
POSITIVE = [
    ("力争建成科普示范村4个", "4"),
    ("预计年生产兔种3万只", "3"),
    ("计划举办培训班10期", "10"),
    ("拟投入资金50万元", "50"),
    ("明年,举办培训班10期,培训农民500人次", "500"),  # a time marker heads the sentence
    ("届时各村将全面达到20台以上的标准", "20"),
    ("争取培训农民1000人次", "1000"),
    ("确保培训1000人次", "1000"),
    ("全年计划投入100万元,实际投入120万元", "100"),
    ("为了进一步提高,将举办培训班5期", "5"),  # 为了 is not a past 了
    ("我镇将继续与县农业局合作举办培训班3期", "3"),
    ("今后三年新建科普基地5个", "5"),
    ("下一步,全镇新建科普宣传栏10个", "10"),
    ("集团公司科协还将对优秀项目奖励5万元", "5"),
    ("即将建成科普馆1座", "1"),
    ("目标年投入达到15万元", "15"),
    ("全年目标培训农民5000人次,实际培训5600人次", "5000"),
    ("准备投入资金3万元新建科普画廊", "3"),
    ("原计划投入科普经费30万元,实际投入36万元", "30"),
    # a marker in an earlier clause reaches the clauses after it
    ("2020年,将举办科普讲座35场,投入科普经费40万元", "40"),
    ("2020年目标:培训农民5000人次", "5000"),
    ("拟于明年3月举办培训班5期,培训青年农民300人", "300"),
    ("预计投入资金10万元对已建成的科普画廊进行更新", "10"),  # 已 of a thing named
    ("计划开展让青少年了解航天知识的科普活动10场,惠及学生3000人", "3000"),
    ("计划明年举办培训班30期,全年培训农民2000人次", "2000"),  # 全年 of next year
    ("将科普经费30万元纳入县财政预算,实际支出28万元", "30"),
]

NEGATIVE = [
    ("全年计划投入100万元,实际投入120万元", "120"),  # another clause
    ("将科技经费50万元列入年度财政预算", "50"),  # 将 like 把
    ("将科普工作纳入全镇年度考核,投入20万元", "20"),
    ("将全民科学素质工作作为重点,举办讲座3次", "3"),
    ("实施科普惠农计划项目3个", "3"),  # a programme's name
    ("贯彻《全民科学素质行动计划纲要》,举办讲座5场", "5"),
    ("加大海外高层次人才“百人计划”实施力度,引进20人", "20"),
    ("按照县委县政府有关农村人才倍增计划的要求,投入科技培训经费48万元", "48"),
    ("宣传《计划将于明年实施》3次", "3"),  # markers inside 《》
    ("按计划完成培训500人次", "500"),  # a past plan reported as done
    ("计划培训500人,已完成520人", "520"),
    ("原计划投资100万元已全部完成", "100"),
    ("有计划、有步骤地开展培训20场", "20"),
    ("根据省知识产权局重点培训项目计划举办培训70余人", "70"),
    ("争取到上级资金100万元", "100"),  # 争取到 = obtained
    ("确保了全乡20个村稳定", "20"),
    ("将近3万人次参加", "3"),  # 将近 = nearly
    ("开展模拟演练3次", "3"),  # 模拟 is not 拟
    ("终于将鱼窝村上访了6年的纠纷签定了合同", "6"),
    ("举办培训班6期,培训人员310人次", "310"),
    ("制定农业实用技术培训计划,举办培训6期", "6"),
    ("培训3次后计划生育宣传", "3"),  # marker after the figure
    ("全年目标培训农民5000人次,实际培训5600人次", "5600"),
    ("超额完成年度目标任务,培训农民500人", "500"),  # a target met
    ("围绕目标培训农民500人", "500"),
    ("工作目标明确,培训农民500人", "500"),
    ("积极争取上级支持,举办讲座10场", "10"),  # effort, in a clause of its own
    ("为确保活动顺利开展,举办培训班5期", "5"),
    ("县科协将科普与扶贫相结合,举办培训班5期", "5"),  # 将 like 把, in a clause before
    ("计划举办培训班10期,已举办8期", "8"),
    ("年初计划举办培训班20期,实际举办24期,培训3100人次", "3100"),
    ("计划举办培训班10期,实际举办12期,培训500人次,发放资料2000份", "2000"),
    # idioms and nouns that only look like markers, in a clause before
    ("坚持因地制宜、力求实效,全年举办培训班16期", "16"),
    ("各乡镇力争上游,积极开展科技下乡活动,共下乡11次", "11"),
    ("参与人数超出预计,科普日当天共开展活动15项", "15"),
    ("活动计划周密,组织有序,共举办科普展览4次", "4"),
    ("在拟定年度工作要点后,县科协迅速行动,举办培训班9期", "9"),
    ("围绕平安校园目标任务,开展地震应急模拟演练,举办防灾科普讲座6场", "6"),
    ("我们的目标是提高全民科学素质,为此举办培训班15期", "15"),
    # a marker that names a thing (…的), or a clause that says it was done
    ("拟建的科普馆完成选址,全年投入科普经费35万元", "35"),
    ("县里准备投入的科普资金落实到位,投入科普经费35万元", "35"),
    ("年初计划举办培训班10期,截至年底,举办培训班12期,培训960人次", "960"),
    ("年初计划举办培训班10期,全年举办培训班14期,培训1100人次", "14"),
    ("项目建成后预计年增收200万元,县科协为此举办培训班5期", "5"),
    # 将 like 把, with a verb of doing after it
    ("县科协将培训农民与产业发展紧密结合,全年举办培训班16期", "16"),
    ("县科协将投入资金重点用于基层,投入科普经费38万元", "38"),
    ("县科协将继续教育与科普工作结合,举办专业技术人员培训班5期", "5"),
    ("县科协计划举办培训班20期,县农业局举办培训班15期", "15"),
    ("将培训对象扩大到返乡创业青年,共培训2000人次", "2000"),
    ("争取县财政支持举办种植技术培训班5期", "5"),
]


@pytest.mark.parametrize(("sentence", "figure"), POSITIVE)
def test_planned(sentence: str, figure: str) -> None:
    assert is_planned(sentence, sentence.index(figure), plan_part=False)


@pytest.mark.parametrize(("sentence", "figure"), NEGATIVE)
def test_not_planned(sentence: str, figure: str) -> None:
    assert not is_planned(sentence, sentence.index(figure), plan_part=False)


@pytest.mark.parametrize(("sentence", "figure"), NEGATIVE)
def test_plan_part_makes_everything_planned(sentence: str, figure: str) -> None:
    assert is_planned(sentence, sentence.index(figure), plan_part=True)


def test_edge_positions() -> None:
    assert not is_planned("", 0, plan_part=False)
    assert is_planned("", 0, plan_part=True)
    assert not is_planned("举办3次", 99, plan_part=False)
