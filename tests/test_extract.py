"""Extraction rules, one row per example sentence (written for this project)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from scorecard.extract import extract_records
from scorecard.meta import ReportMeta
from scorecard.normalize import to_matching
from scorecard.structure import Sentence

META = ReportMeta(
    organization="柳河镇",
    admin_level="township",
    org_type="government",
    year=2015,
    year_text="2015",
    kind="summary",
    script="simplified",
    relevant=True,
    relevance_score=10.0,
)


@dataclass(frozen=True)
class Ex:
    text: str
    rows: list[dict[str, Any]]  # expected: table + the columns that matter
    plan_part: bool = False
    why: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def split(t: str, plan_part: bool = False) -> list[Sentence]:
    sentences = []
    pos = 0
    for part in t.split("。"):
        if part.strip():
            sentences.append(Sentence(pos, pos + len(part), "", plan_part))
        pos += len(part) + 1
    return sentences


def run(text: str, plan_part: bool = False) -> list[dict[str, Any]]:
    t = to_matching(text)
    sentences = split(t, plan_part)
    out = []
    for r in extract_records(t, sentences, META):
        row = {"table": r.table, **r.values, "planned": r.planned, "parent": r.parent}
        out.append(row)
    return out


FUNDING = [
    Ex(
        "全镇共投入科普经费达80余万元。",
        [
            {
                "table": "funding",
                "amount_yuan": 800000.0,
                "amount_qualifier": "over",
                "scope": "science_popularization",
            }
        ],
    ),
    Ex(
        "投资60余万修建了村科普活动室。",
        [{"table": "funding", "amount_yuan": 600000.0, "purpose": "修建村科普活动室"}],
        why="bare 万 after a funding verb is money",
    ),
    Ex(
        "县财政拨付科普专项经费12万元。",
        [{"table": "funding", "amount_yuan": 120000.0, "source": "government"}],
    ),
    Ex(
        "吸纳社会资金近8万元用于科普画廊建设。",
        [
            {
                "table": "funding",
                "amount_yuan": 80000.0,
                "amount_qualifier": "nearly",
                "source": "social",
            }
        ],
    ),
    Ex(
        "实施科技项目5项,项目总投资1.6亿元。",
        [{"table": "funding", "amount_yuan": 160000000.0, "scope": "project"}],
    ),
    Ex(
        "共落实补助资金300万元,其中省级资金200万元,县级配套100万元。",
        [
            {"table": "funding", "amount_yuan": 3000000.0, "parent": None},
            {"table": "funding", "amount_yuan": 2000000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 1000000.0, "parent": 0},
        ],
    ),
    Ex(
        "投入科普经费××万元。",
        [{"table": "funding", "amount_yuan": None, "amount_qualifier": "masked"}],
    ),
    Ex("合作社实现销售收入45万元。", [], why="revenue"),
    Ex("全年实现产值3000万元,利润500万元。", [], why="output value, profit"),
    Ex("带动农民增收2000万元。", [], why="income growth"),
    Ex("完成招商引资任务1500万元。", [], why="investment attraction"),
    Ex("对参训学员每人补助100元。", [], why="per-unit rate"),
    Ex(
        "全年科技教育经费共计30万元,其中市教育局安排专项经费20万元,其余10万元由各学校自筹解决。",
        [
            {"table": "funding", "amount_yuan": 300000.0, "source": "unknown"},
            {"table": "funding", "amount_yuan": 200000.0, "source": "government"},
            {"table": "funding", "amount_yuan": 100000.0, "source": "self"},
        ],
        why="a named government body; the payer named after 由",
    ),
    Ex(
        "县政府将科普工作经费列入财政预算,全年安排12万元。",
        [{"table": "funding", "amount_yuan": 120000.0, "source": "government"}],
        why="the payer named in the clause before the amount",
    ),
    Ex(
        "全年科普经费合计:6.4万元,其中镇财政投入5万元。",
        [
            {"table": "funding", "amount_yuan": 64000.0, "parent": None},
            {"table": "funding", "amount_yuan": 50000.0, "parent": 0},
        ],
        why="an amount labelled with a colon",
    ),
    Ex("上午9:30在广场举办开幕式。", [], why="9:30 is a time"),
    Ex("全社会固定资产投资完成52.7亿元。", [], why="a county's economic statistics"),
    Ex("目前科普经费缺口20万元。", [], why="a shortfall is not money put in"),
    Ex(
        "申请中央财政科普项目资金80万元,已全部到位。",
        [{"table": "funding", "amount_yuan": 800000.0}],
        why="granted in the next clause",
    ),
    Ex("申报资金45万元。", [], why="applied for"),
    Ex(
        "县科技馆投入科普展品研发经费8万元。",
        [{"table": "funding", "amount_yuan": 80000.0}],
        why="R&D of science-popularization exhibits",
    ),
    Ex(
        "举办青少年科技创新大赛,共需经费5万元,全部由县科协承担。",
        [{"table": "funding", "amount_yuan": 50000.0}],
    ),
    Ex(
        "将科普经费30万元纳入县财政预算,实际支出28万元。",
        [
            {"table": "funding", "amount_yuan": 300000.0, "planned": True},
            {"table": "funding", "amount_yuan": 280000.0, "planned": False},
        ],
        why="a budget against what was spent",
    ),
    Ex(
        "共投入科普经费38万元,其中:县财政拨款20万元;部门配套10万元;社会捐赠8万元。",
        [
            {"table": "funding", "amount_yuan": 380000.0, "parent": None},
            {"table": "funding", "amount_yuan": 200000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 100000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 80000.0, "parent": 0},
        ],
        why="其中: runs over the ; that separate its parts",
    ),
    Ex(
        "计划总投资300万元,其中今年完成投资120万元。",
        [
            {"table": "funding", "amount_yuan": 3000000.0, "planned": True},
            {"table": "funding", "amount_yuan": 1200000.0, "planned": False, "parent": None},
        ],
        why="what was done is no part of a planned total",
    ),
    Ex("每万人口科普经费达到5万元。", [], why="a rate per 10,000 people"),
    Ex(
        "科技馆建设项目总投资800万元,已完成投资500万元,尚需资金300万元。",
        [
            {"table": "funding", "amount_yuan": 8000000.0, "planned": True},
            {"table": "funding", "amount_yuan": 5000000.0, "planned": False},
        ],
        why="a project's size against what was put in so far; what is still needed is none",
    ),
    Ex(
        "县财政每年安排科普经费30万元。",
        [{"table": "funding", "amount_yuan": 300000.0}],
        why="每年 is this year's money too",
    ),
    Ex(
        "上半年支出科普经费31.6万元,上年同期支出24.2万元。",
        [{"table": "funding", "amount_yuan": 316000.0}],
        why="last year's amount, for comparison",
    ),
    Ex(
        "今年共争取企业赞助10万元。",
        [{"table": "funding", "amount_yuan": 100000.0, "planned": False}],
        why="争取 before sponsorship money reports money obtained",
    ),
    Ex(
        "爱心企业捐赠科普器材价值15万元。",
        [{"table": "funding", "amount_yuan": 150000.0, "source": "enterprise"}],
        why="the donor, not the act of giving, names the source",
    ),
    Ex(
        "县慈善基金会资助科技夏令营2万元。",
        [{"table": "funding", "source": "foundation", "scope": "science_popularization"}],
    ),
    Ex("建设科普馆需要资金50万元。", [], why="a need"),
    Ex("已向上级申请资金30万元。", [], why="applied for, not said to be granted"),
    Ex(
        "成功申请省科协项目资金10万元。",
        [{"table": "funding", "amount_yuan": 100000.0}],
        why="granted",
    ),
    Ex(
        "项目总投资2400万元，其中企业自筹1800万元、申请中央财政资金600万元。",
        [
            {"table": "funding", "amount_yuan": 24000000.0, "parent": None},
            {"table": "funding", "amount_yuan": 18000000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 6000000.0, "parent": 0},
        ],
        why="a part of a stated total was granted",
    ),
    Ex("科普经费投入比上年增加15万元。", [], why="a change"),
    # money that only looks like a need, an application or another kind of work
    Ex("县科协根据工作需要投入资金6万元。", [{"table": "funding", "amount_yuan": 60000.0}]),
    Ex("县财政全额保障活动所需经费25万元。", [{"table": "funding", "amount_yuan": 250000.0}]),
    Ex("向省科协申请的科普经费12万元已全部到位。", [{"table": "funding", "amount_yuan": 120000.0}]),
    Ex("县科协申请并获批科普资金8万元。", [{"table": "funding", "amount_yuan": 80000.0}]),
    Ex("另有3个项目申请资金240万元,目前尚未拨付。", [], why="applied for, said not paid yet"),
    Ex(
        "另向省卫健委申报健康科普能力建设示范项目资金500万元,尚待批复。",
        [],
        why="awaiting approval",
    ),
    Ex(
        "全年开展健康科普活动4.6万场次,活动场次比上年增长12.6%(上年为4.08万场次)。",
        [{"table": "activities", "times": 46000}],
        why="last year's count, for comparison",
    ),
    Ex(
        "在新桥社区开展高血压防治义诊咨询活动,为居民测量血压210人次,发放健康手册400份。",
        [{"table": "activities", "participants": 210, "materials": 400}],
        why="the people served, named before what was done for them",
    ),
    Ex(
        "组织会员参加网络继续教育学习,参学会员约2000人次。",
        [{"table": "trainings", "trainees": 2000}],
        why="参学 counts those who studied",
    ),
    Ex(
        "投入科普经费30万元,上级配套资金未到位。",
        [{"table": "funding", "amount_yuan": 300000.0}],
        why="other money is said not to have arrived",
    ),
    Ex(
        "县财政拨付科普专项经费50万元,另有20万元尚未拨付。",
        [{"table": "funding", "amount_yuan": 500000.0}],
        why="only the amount said not paid is left out",
    ),
    Ex(
        "争取项目资金200万元,其中已到位150万元,未到位50万元。",
        [
            {"table": "funding", "amount_yuan": 2000000.0},
            {"table": "funding", "amount_yuan": 1500000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 500000.0, "parent": 0},
        ],
        why="未到位 before the next amount is not said of the one before it",
    ),
    Ex("向省科协申报的科普示范县创建经费50万元,截至年底尚未下达。", [], why="not granted yet"),
    Ex(
        "在县农业科技研发中心投入科普经费10万元建设科普展厅。",
        [{"table": "funding", "amount_yuan": 100000.0}],
        why="研发 names the place, not R&D money",
    ),
    Ex("开展防范非法贷款知识科普投入经费3万元。", [{"table": "funding", "amount_yuan": 30000.0}]),
    Ex(
        "为全县86个村每村配备科普书架共投入资金43万元。",
        [{"table": "funding", "amount_yuan": 430000.0}],
        why="a total after a per-unit phrase",
    ),
    Ex(
        "为每所中小学建设科普活动室投入资金120万元。",
        [{"table": "funding", "amount_yuan": 1200000.0}],
        why="每 far from the amount is no rate",
    ),
    Ex(
        "为12家农技协每家补助2万元,共计24万元。",
        [{"table": "funding", "amount_yuan": 240000.0}],
        why="the rate is no row, the total after it is",
    ),
    Ex("科普经费投入增加15万元。", [], why="a change, its verb right before the amount"),
    Ex(
        "新增科普经费10万元。",
        [{"table": "funding", "amount_yuan": 100000.0}],
        why="新增 is money added",
    ),
    Ex(
        "科普经费由去年的20万元增加到30万元。",
        [{"table": "funding", "amount_yuan": 300000.0}],
        why="the old value of a change is last year's",
    ),
    Ex("对10家示范基地给予扶持，每家获市财政补助5万元。", [], why="a per-unit rate"),
    Ex("高新技术企业研发投入12亿元。", [], why="R&D, not science popularization"),
    Ex("招商引资到位资金3亿元。", [], why="investment attraction"),
    Ex(
        "预算安排科普经费50万元，实际支出42.6万元。",
        [
            {"table": "funding", "amount_yuan": 500000.0, "planned": True},
            {"table": "funding", "amount_yuan": 426000.0, "planned": False},
        ],
        why="a budget against what was spent: only the spending counts",
    ),
    Ex(
        "本次活动预算经费共计12.6万元,从区财政科普专项经费中列支。其中:设备租赁7.1万元,资料印制5.5万元。",
        [
            {"table": "funding", "amount_yuan": 126000.0, "source": "government", "parent": None},
            {"table": "funding", "amount_yuan": 71000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 55000.0, "parent": 0},
        ],
        why="the fund named after the amount; a 其中 sentence that adds up breaks down the one before",
    ),
    Ex(
        "全年全县投入科普经费120万元。其中,县财政拨款80万元(含上级转移支付30万元),社会捐赠40万元。"
        "科普大篷车购置经费18万元,其中中央财政补助12万元。",
        [
            {"table": "funding", "amount_yuan": 1200000.0, "parent": None},
            {"table": "funding", "amount_yuan": 800000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 300000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 400000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 180000.0, "parent": None},
            {"table": "funding", "amount_yuan": 120000.0, "parent": 4},
        ],
        why="parts in (含…) are left out of the sum; later parts keep their own totals",
    ),
    Ex(
        "支持社会组织开展科普活动经费6万元,从县财政科普专项资金中列支。",
        [{"table": "funding", "source": "government"}],
        why="the fund it comes out of, not the recipient",
    ),
    Ex(
        "区财政安排科普专项经费100万元,其中配套建设社区科普e站25万元。",
        [
            {"table": "funding", "source": "government"},
            {"table": "funding", "source": "government"},
        ],
        why="配套建设 equips, it names no payer",
    ),
    Ex("其中:设备租赁3.2万元。", [], why="no total before: no breakdown"),
    Ex(
        "全年县财政投入科普经费50万元,争取企业赞助科普活动经费10万元。其中,场馆运行30万元,科普宣传15万元。",
        [
            {"table": "funding", "amount_yuan": 500000.0, "source": "government"},
            {"table": "funding", "amount_yuan": 100000.0, "source": "enterprise"},
        ],
        why="parts larger than the amount before them break down an unknown total",
    ),
    Ex(
        "镇财政全年投入科普经费28万元,其中乡贤捐资6万元,辖区企业配套4万元。",
        [
            {"table": "funding", "amount_yuan": 280000.0, "source": "government"},
            {"table": "funding", "amount_yuan": 60000.0, "source": "unknown"},
            {"table": "funding", "amount_yuan": 40000.0, "source": "unknown"},
        ],
        why="a part that says how it came in keeps its own payer",
    ),
    Ex(
        "县财政拨付科普经费30万元,由县科协统一管理支出。",
        [{"table": "funding", "amount_yuan": 300000.0, "source": "government"}],
        why="who spends it is not who paid",
    ),
    Ex(
        "县财政安排科普专项经费20万元,其中培训经费8万元,企业赞助活动经费2万元。",
        [
            {"table": "funding", "amount_yuan": 200000.0, "source": "government"},
            {"table": "funding", "amount_yuan": 80000.0, "source": "government"},
            {"table": "funding", "amount_yuan": 20000.0, "source": "enterprise"},
        ],
        why="a part of one payer's money is that payer's unless it names another",
    ),
    Ex(
        "本次科技活动周县财政安排专项经费8万元。",
        [{"table": "funding", "source": "government", "scope": "science_popularization"}],
        why="money for the science week is science popularization",
    ),
    Ex(
        "安排安全生产活动周专项经费3万元。",
        [{"table": "funding", "scope": "other"}],
        why="活动周 alone names no science week",
    ),
    Ex(
        "成功创建市级科普示范社区,社区投入经费3万元。",
        [{"table": "funding", "source": "unknown"}],
        why="市级 in the clause before names no payer",
    ),
    Ex(
        "全年投入科普经费15万元由社会组织承办的科普活动使用。",
        [{"table": "funding", "source": "unknown"}],
        why="由 names who runs the activities, not who paid",
    ),
    Ex(
        "优化网点布局安排专项经费10万元。",
        [{"table": "funding", "source": "unknown"}],
        why="布局安排 holds no bureau",
    ),
    Ex("为参训学员发放补助50元/人。", [], why="per-unit rate after the amount"),
    Ex("发放科普补助经费300元/每人。", [], why="per-unit rate, / and 每 together"),
    Ex(
        "全年安排科普专项经费146万元,人均科普经费达到2.9元。",
        [{"table": "funding", "amount_yuan": 1460000.0}],
        why="a rate in the next clause does not make the amount a rate",
    ),
    Ex(
        "明年计划投入科普经费20万元。",
        [{"table": "funding", "amount_yuan": 200000.0, "planned": True}],
    ),
    Ex(
        "将科普经费15万元列入年度财政预算。",
        [{"table": "funding", "amount_yuan": 150000.0, "planned": False}],
        why="将 used like 把",
    ),
]

FUNDING += [
    Ex(
        "项目总投资500万元,其中企业自筹350万元、申请省级财政资金150万元。",
        [
            {"table": "funding", "amount_yuan": 5000000.0, "scope": "project", "parent": None},
            {"table": "funding", "amount_yuan": 3500000.0, "source": "enterprise", "parent": 0},
            {"table": "funding", "amount_yuan": 1500000.0, "source": "government", "parent": 0},
        ],
        why="the payer named nearest the amount",
    ),
    Ex(
        "吸纳社会捐助和企业赞助科普资金12万元。",
        [{"table": "funding", "amount_yuan": 120000.0, "source": "unknown"}],
        why="two sources named together",
    ),
    Ex(
        "共落实科普资金90万元,分别为:县财政安排50万元,上级科协拨付40万元。",
        [
            {"table": "funding", "amount_yuan": 900000.0, "parent": None},
            {"table": "funding", "amount_yuan": 500000.0, "parent": 0},
            {"table": "funding", "amount_yuan": 400000.0, "parent": 0},
        ],
        why="分别为 opens a breakdown",
    ),
    Ex(
        "镇财政安排科普经费4万元,企业赞助1万元,合计5万元。",
        [
            {"table": "funding", "amount_yuan": 40000.0, "parent": 2},
            {"table": "funding", "amount_yuan": 10000.0, "parent": 2},
            {"table": "funding", "amount_yuan": 50000.0, "parent": None},
        ],
        why="parts before their 合计",
    ),
    Ex(
        "积极争取省科协科普项目资金20万元。",
        [{"table": "funding", "amount_yuan": 200000.0, "planned": False}],
        why="争取 before money reports money obtained",
    ),
]

FUNDING += [
    Ex(
        "投入科普经费18万元,其中镇财政安排10万元,县科协补助5万元,村集体自筹3万元。",
        [
            {"table": "funding", "amount_yuan": 180000.0, "source": "unknown", "parent": None},
            {"table": "funding", "amount_yuan": 100000.0, "source": "government"},
            {"table": "funding", "amount_yuan": 50000.0, "source": "government"},
            {"table": "funding", "amount_yuan": 30000.0, "source": "self"},
        ],
        why="a 科协 subsidy to the town is a grant from above",
    ),
    Ex(
        "落实科普经费20万元,其中省、市科协项目补助资金12万元。",
        [
            {"table": "funding", "amount_yuan": 200000.0, "source": "unknown"},
            {"table": "funding", "amount_yuan": 120000.0, "source": "government"},
        ],
        why="project subsidies of higher-level 科协",
    ),
    Ex("部分县人均科普经费不到0.5元。", [], why="a per-head rate is not an amount spent"),
]

TRAININGS = [
    Ex(
        "今年举办3期果树修剪培训班,培训果农120人。",
        [{"table": "trainings", "sessions": 3, "trainees": 120}],
        why="the event noun follows its count",
    ),
    Ex(
        "配合县妇联办了一期月嫂培训班,报名参加的妇女三十六人。",
        [{"table": "trainings", "sessions": 1, "trainees": 36}],
        why="参加 does not turn a training's people into an activity's",
    ),
    Ex(
        "组织果园管理人员开展修剪技术培训2期,培训果农60人。",
        [{"table": "trainings", "sessions": 2, "trainees": 60, "category": "practical_tech"}],
    ),
    Ex(
        "举办农民科技培训班5期,覆盖全县12个乡镇群众3万余人。",
        [{"table": "trainings", "sessions": 5, "trainees": None}],
        why="reach is not attendance",
    ),
    Ex(
        "举办家政服务培训班2期,培训学员600人获得结业证书。",
        [{"table": "trainings", "sessions": 2, "trainees": 600}],
        why="all the trainees were certified: still the trainees",
    ),
    Ex(
        "开展冬季果树管理技术培训,共计:5期;参训农民:360人次。",
        [{"table": "trainings", "sessions": 5, "trainees": 360}],
        why="counts written as labels and values",
    ),
    Ex(
        "与县妇联联合举办家政技能培训班,共计:3期,参加人数:84人。",
        [{"table": "trainings", "sessions": 3, "trainees": 84}],
        why="a labelled count after the training named in the clause before",
    ),
    Ex(
        "为县农技推广中心举办新进人员业务培训1期,培训职工35名。",
        [{"table": "trainings", "sessions": 1, "trainees": 35, "category": "professional"}],
    ),
    Ex(
        "举办继续教育培训班17期(其中国家级5期、省级12期),培训医务人员3200余人次。",
        [
            {"table": "trainings", "sessions": 17, "trainees": 3200, "parent": None},
            {"table": "trainings", "sessions": 5, "parent": 0},
            {"table": "trainings", "sessions": 12, "parent": 0},
        ],
        why="after a parenthesised 其中, the figures are the whole training's again",
    ),
    Ex(
        "全年举办农民培训班20期(其中依托“农民田间学校(站)”开展8期,线上培训5期),培训农民1500人次。",
        [
            {"table": "trainings", "sessions": 20, "trainees": 1500, "parent": None},
            {"table": "trainings", "sessions": 8, "parent": 0},
            {"table": "trainings", "sessions": 5, "parent": 0},
        ],
        why="a parenthesis inside the 其中 one does not end it",
    ),
    Ex("比上年多培训农民500人次。", [], why="more than last year is no count"),
    Ex(
        "开展农民实用技术培训48期,培训农民较上年增加到5600人次。",
        [{"table": "trainings", "sessions": 48, "trainees": 5600}],
        why="the value reached after 增加到 is this year's count",
    ),
    Ex(
        "开展实用技术培训120期,培训农民8000人次,培训期数比上年增加16期。",
        [{"table": "trainings", "sessions": 120, "trainees": 8000}],
        why="a change from last year is not a count",
    ),
    Ex(
        "开展返乡青年创业培训4期、210人。",
        [{"table": "trainings", "sessions": 4, "trainees": 210}],
        why="people right after the sessions belong to them",
    ),
    Ex(
        "农民实用技术培训\t20期\t1500人次。电工焊工技能培训\t10期\t600人。合计\t30期\t2100人次。",
        [
            {"table": "trainings", "sessions": 20, "trainees": 1500, "parent": 2},
            {"table": "trainings", "sessions": 10, "trainees": 600, "parent": 2},
            {"table": "trainings", "sessions": 30, "trainees": 2100, "parent": None},
        ],
        why="the total line of a table gathers the rows above",
    ),
    Ex(
        "举办电工培训班3期,参训农民工96人,其中71人取得职业资格证书。",
        [{"table": "trainings", "sessions": 3, "trainees": 96}],
        why="people certified are not a part of the trainees",
    ),
    Ex(
        "组织开展青少年科技创新大赛,全省近50万名中小学生参与各级赛事。",
        [{"table": "activities", "category": "competition", "participants": 500000}],
        why="the people, named after their count, take part",
    ),
    Ex(
        "组织50名中小学生代表参观了区科技馆。",
        [{"table": "activities", "participants": 50}],
        why="two nouns between the count and its verb",
    ),
    Ex("组织30名党员干部参加座谈会。", [], why="the meeting they joined is named after the verb"),
    Ex(
        "在各村集中开展科普宣传活动,全县不少于60场,发放科普资料5万份以上。",
        [{"table": "activities", "times": 60, "materials": 50000}],
        why="a count led by the whole county counts the event of the clause before",
    ),
    Ex(
        "选送32名青年农民参加县高素质农民培育班。",
        [{"table": "trainings", "trainees": 32}],
        why="a 培育班 is a training class",
    ),
    Ex(
        "举办农民培育班3期,培育学员150名。",
        [{"table": "trainings", "sessions": 3, "trainees": 150}],
        why="培育 in a class's name is no 培育科普带头人",
    ),
    Ex(
        "举办创业培训2期,培训学员86名,其中已有23人成功创业。",
        [{"table": "trainings", "sessions": 2, "trainees": 86}],
        why="people who went on to start a business are an outcome, not trainees",
    ),
    Ex(
        "开展转移就业培训5期,培训320人,培训后45人实现转移就业。",
        [{"table": "trainings", "sessions": 5, "trainees": 320}],
        why="people who found work are an outcome",
    ),
    Ex(
        "开展家政服务员岗前培训4期,培训180人顺利上岗。",
        [{"table": "trainings", "sessions": 4, "trainees": 180}],
        why="the trainees themselves, who then found work",
    ),
    Ex(
        "举办家政服务培训班2期,培训120人,培训后实现就业98人。",
        [{"table": "trainings", "sessions": 2, "trainees": 120}],
        why="the outcome told before its count",
    ),
    Ex("组织200名党员干部参加全县科普工作推进会。", [], why="a work meeting on science"),
    Ex(
        "组织120人参加创业培训。",
        [{"table": "trainings", "trainees": 120}],
        why="a training named for business starters is still a training",
    ),
    Ex(
        "开设智能手机使用等课程20期,培训老年学员700人次。",
        [{"table": "trainings", "sessions": 20, "trainees": 700}],
        why="课程 ends in 程 but is no 工程 phase",
    ),
    Ex(
        "举办果树栽培技术培训班6期,培训农民480人次。",
        [
            {
                "table": "trainings",
                "sessions": 6,
                "trainees": 480,
                "trainees_unit": "人次",
                "category": "practical_tech",
            }
        ],
    ),
    Ex(
        "举办村干部技术讲座8次,培训960人次。",
        [{"table": "trainings", "sessions": 8, "trainees": 960, "category": "cadre"}],
        why="lecture counted as 培训 is a training",
    ),
    Ex(
        "开展农民工技能培训3期,参训学员210名。",
        [
            {
                "table": "trainings",
                "sessions": 3,
                "trainees": 210,
                "trainees_unit": "名",
                "category": "vocational",
            }
        ],
    ),
    Ex(
        "举办各类培训班20余期,培训技术人员2000余人。县人社局举办培训班9期,培训500人。",
        [
            {"table": "trainings", "sessions": 20, "trainees": 2000, "sessions_qualifier": "over"},
            {"table": "trainings", "sessions": 9, "trainees": 500},
        ],
        why="two trainings, each its own counts",
    ),
    Ex("计划举办实用技术培训班10期。", [{"table": "trainings", "sessions": 10, "planned": True}]),
    Ex("参加培训人数增加800人次。", [], why="a change"),
    Ex("召开科技工作者座谈会3次,参加科技工作者150人。", [], why="a meeting's members"),
    Ex("干部赴浙江考察学习,参加人员15人。", [], why="officials on a study tour"),
    Ex(
        "组织种养大户到邻县考察学习1次,参加人员25人。",
        [{"table": "activities", "participants": 25}],
        why="farmers on a study tour learn: an audience",
    ),
    Ex(
        "科普展览12次、参观群众8000人次。",
        [{"table": "activities", "times": 12, "participants": 8000, "category": "exhibition"}],
        why="the people after 、 are the exhibition's visitors",
    ),
    Ex(
        "县科协举办科普讲座50场,听众6000人次。此外,指导各学会举办科普讲座20场,"
        "听众2500人次;指导各乡镇举办健康讲座30场,听众3500人次。",
        [
            {"table": "activities", "participants": 6000, "parent": None},
            {"table": "activities", "participants": 2500, "parent": None},
            {"table": "activities", "participants": 3500, "parent": None},
        ],
        why="此外 adds events; no breakdown, however the numbers add up",
    ),
    Ex(
        "按年初计划举办培训班20期,实际举办24期。",
        [
            {"table": "trainings", "sessions": 20, "planned": True},
            {"table": "trainings", "sessions": 24, "planned": False},
        ],
    ),
    Ex(
        "举办养殖技术培训班3期,应群众要求,再举办2期。",
        [{"table": "trainings", "sessions": 3}, {"table": "trainings", "sessions": 2}],
        why="再举办 after sessions that are no year's total is one more event",
    ),
    Ex(
        "全年开展科普活动50场次,其中:科技周活动10场、科普日活动15场;"
        "另外开展送科技下乡活动12场,发放资料3000份。",
        [
            {"table": "activities", "times": 50, "materials": None},
            {"table": "activities", "times": 10, "parent": 0},
            {"table": "activities", "times": 15, "parent": 0},
            {"table": "activities", "times": 12, "materials": 3000, "parent": None},
        ],
        why="a ;-part that tells of more ends the scope of 其中:",
    ),
    Ex(
        "科普馆改造项目总投资150万元,已全部建成投用;科普长廊建设项目完成投资40万元。",
        [
            {"table": "funding", "amount_yuan": 1500000.0, "planned": False},
            {"table": "funding", "amount_yuan": 400000.0, "planned": False},
        ],
        why="another project's investment does not make this one's total a plan",
    ),
    Ex(
        "由县科协领导带队组织农民赴外地考察学习,参加农民50人次。",
        [{"table": "activities", "participants": 50}],
        why="farmers led by an official are still farmers on a study tour",
    ),
    Ex(
        "全年举办培训班20期,上半年举办12期,下半年再举办8期。",
        [{"table": "trainings", "sessions": 20}],
        why="再 after a year's total is a part of it, not one more event",
    ),
    Ex(
        "争取县财政支持举办种植技术培训班5期,培训农民260人次。",
        [{"table": "trainings", "sessions": 5, "trainees": 260, "planned": False}],
    ),
    Ex(
        "县科协计划举办培训班20期,县农业局举办培训班15期,培训农民1200人次。",
        [
            {"table": "trainings", "sessions": 20, "planned": True},
            {"table": "trainings", "sessions": 15, "trainees": 1200, "planned": False},
        ],
        why="a clause with its own subject ends the plan's reach",
    ),
    Ex(
        "举办继续教育培训1期,参训会员180人;举办信息员培训班2期,培训信息员186人。",
        [
            {"table": "trainings", "sessions": 1, "trainees": 180},
            {"table": "trainings", "sessions": 2, "trainees": 186},
        ],
        why="the people a training word names are its trainees, whatever they are",
    ),
    Ex(
        "共开展各类活动174场,其中营养健康讲座128场、现场咨询46场,发放宣传资料6.8万份,"
        "受益群众约5.2万人次。",
        [
            {"table": "activities", "times": 174, "participants": 52000, "materials": 68000},
            {"table": "activities", "times": 128, "participants": None, "parent": 0},
            {"table": "activities", "times": 46, "materials": None, "parent": 0},
        ],
        why="宣传资料 names no event: the materials after the list are the total's",
    ),
    Ex(
        "开展科普宣传活动12次,受益群众4000人次,计划下半年再发放资料3000份。",
        [
            {"table": "activities", "times": 12, "participants": 4000, "planned": False},
            {"table": "activities", "materials": 3000, "planned": True},
        ],
        why="a planned figure does not join a done event (nor makes it planned)",
    ),
    Ex(
        "今年已举办培训班6期、培训农民480人,计划下半年再举办4期、培训320人。",
        [
            {"table": "trainings", "sessions": 6, "trainees": 480, "planned": False},
            {"table": "trainings", "sessions": 4, "trainees": 320, "planned": True},
        ],
        why="、 joins a training's sessions and trainees; 再举办4期 counts the same kind again",
    ),
    Ex(
        "举办培训班42期。培训农民5200人次。",
        [{"table": "trainings", "sessions": 42, "trainees": 5200}],
        why="a sentence that only says how many were trained joins the training before",
    ),
    Ex(
        "举办科普讲座10场、举办培训班5期。",
        [
            {"table": "activities", "times": 10},
            {"table": "trainings", "sessions": 5},
        ],
        why="after a figure, a new organizing verb and noun open a new event",
    ),
    Ex(
        "科普日参与人数突破10万人次;科技活动周参与群众超过8万人次;科技下乡受益群众万余人次。",
        [
            {"table": "activities", "category": "science_day", "participants": 100000},
            {"table": "activities", "category": "science_week", "participants": 80000},
            {"table": "activities", "category": "outreach", "participants": 10000},
        ],
        why="each ;-part names its own event: no umbrella, no category of the part before",
    ),
    Ex("召开科普工作推进会2次,参加会议的有各县区科协负责同志60人。", [], why="a meeting"),
    Ex("召开学术年会1次,参会代表400人。", [], why="a meeting's delegates"),
    Ex("接待外地考察团12批次、参观学习人员360人次。", [], why="an official study tour"),
    Ex("共计补助参赛选手150人。", [], why="grant holders, not an audience"),
    Ex("取得绿色证书的学员120人。", [], why="certificate holders, not trainees"),
    Ex(
        "举办绿色证书培训班5期培训农民400人次。",
        [{"table": "trainings", "sessions": 5, "trainees": 400}],
        why="a certificate programme's training",
    ),
    Ex(
        "利用村民会议开展科普宣传受众2000人次。",
        [{"table": "activities", "participants": 2000}],
        why="a meeting used for science popularization",
    ),
    Ex(
        "组织青少年赴省科技馆科学考察参加学生300人。",
        [{"table": "activities", "participants": 300}],
        why="a science expedition, not an official study tour",
    ),
    Ex(
        "开展“全国科普日系列活动,参与群众3000人。",
        [{"table": "activities", "name": "全国科普日", "participants": 3000}],
        why="a name never starts with a stray quote",
    ),
    Ex(
        "共开展各类科普活动96场次,其中科普讲座30场次、科技咨询36场次、科普展览30场次,"
        "参与群众5.2万人次,发放资料8.6万份,培训农民6200人次。",
        [
            {"table": "activities", "times": 96, "participants": 52000, "materials": 86000},
            {"table": "activities", "times": 30, "category": "lecture", "participants": None},
            {"table": "activities", "times": 36, "category": "consultation", "parent": 0},
            {"table": "activities", "times": 30, "category": "exhibition", "materials": None},
            {"table": "trainings", "trainees": 6200, "parent": None},
        ],
        why="after a list of parts, the figures of a clause naming no event are the total's;"
        " each part is named by its own words; a training clause is a row of its own",
    ),
    Ex(
        "共举办各类培训班12期,其中农业实用技术培训8期、电子商务培训4期,累计培训3600人次。",
        [
            {"table": "trainings", "sessions": 12, "trainees": 3600, "parent": None},
            {"table": "trainings", "sessions": 8, "trainees": None, "parent": 0},
            {"table": "trainings", "sessions": 4, "trainees": None, "parent": 0},
        ],
        why="a training total written after its list of parts",
    ),
    Ex(
        "全年举办培训班45期,其中种植技术培训20期、养殖技术培训15期,养殖培训农民1200人次。",
        [
            {"table": "trainings", "sessions": 45, "trainees": None},
            {"table": "trainings", "sessions": 20, "trainees": None, "parent": 0},
            {"table": "trainings", "sessions": 15, "trainees": 1200, "parent": 0},
        ],
        why="a people clause that names one part is that part's",
    ),
    Ex(
        "共举办培训班38期,其中实用技术培训22期1650人次,电商培训6期480人次。"
        "围绕三大主导产业举办培训班,分别培训720人次、560人次和370人次。",
        [
            {"table": "trainings", "sessions": 38, "parent": None},
            {"table": "trainings", "trainees": 1650, "parent": 0},
            {"table": "trainings", "trainees": 480, "parent": 0},
            {"table": "trainings", "trainees": 720, "parent": 1},
            {"table": "trainings", "trainees": 560, "parent": 1},
            {"table": "trainings", "trainees": 370, "parent": 1},
        ],
        why="items told again later that add up to an earlier figure break it down",
    ),
    Ex(
        "全年举办农业实用技术培训班30期,参加培训的农民和技术员分别为2800人次和150人。",
        [
            {"table": "trainings", "sessions": 30, "trainees": None, "parent": None},
            {"table": "trainings", "trainees": 2800, "parent": None},
            {"table": "trainings", "trainees": 150, "parent": None},
        ],
        why="people split among groups of a total that counts no people are no parts of it",
    ),
    Ex(
        "举办各类科普讲座和培训班56场次,受益群众8000余人次,其中培训农民3200人次。",
        [
            {"table": "trainings", "sessions": 56, "parent": None},
            {"table": "trainings", "trainees": 3200, "parent": None},
        ],
        why="the trainees are counted, not lost as a part of a total without trainees",
    ),
    Ex(
        "举办培训班5期,其中果树修剪培训3期。培训农民500人,其中妇女200人。",
        [
            {"table": "trainings", "sessions": 5, "trainees": None, "parent": None},
            {"table": "trainings", "sessions": 3, "trainees": None, "parent": 0},
            {"table": "trainings", "trainees": 500, "parent": None},
            {"table": "trainings", "trainees": 200, "parent": 2},
        ],
        why="the trainees of the next sentence never join a part",
    ),
    Ex(
        "全区开展科普日活动58项,参与公众3.6万人次。主场活动参与群众8000人次;"
        "各街道开展活动50项,参与群众2.8万人次。",
        [
            {"table": "activities", "participants": 36000, "parent": None},
            {"table": "activities", "participants": 8000, "parent": 0},
            {"table": "activities", "participants": 28000, "parent": 0},
        ],
        why="the rows of a sentence that add up to the total of the sentence before",
    ),
    Ex(
        "举办农民实用技术培训班20期,培训农民2000人次。举办青少年科技培训班6期,"
        "培训学生1200人次;举办干部科普培训3期,培训干部800人次。",
        [
            {"table": "trainings", "trainees": 2000, "parent": None},
            {"table": "trainings", "trainees": 1200, "parent": None},
            {"table": "trainings", "trainees": 800, "parent": None},
        ],
        why="rows that add up by chance but are each of another kind are no breakdown",
    ),
    Ex(
        "全年县财政拨付科普经费20万元。县科协自筹经费12万元,企业捐赠科普资金8万元。",
        [
            {"table": "funding", "amount_yuan": 200000.0, "parent": None},
            {"table": "funding", "amount_yuan": 120000.0, "parent": None},
            {"table": "funding", "amount_yuan": 80000.0, "parent": None},
        ],
        why="other payers' money in the next sentence is no breakdown of a total",
    ),
    Ex(
        "5月19日在广场举办科普展览;5月21日将在科技馆举办青少年科普知识竞赛。",
        [
            {"table": "activities", "category": "exhibition", "planned": False},
            {"table": "activities", "category": "competition", "planned": True},
        ],
        why="a dated event with no count is planned by a marker after its date",
    ),
    Ex(
        "拟于明年3月再举办电商培训班5期，培训青年农民300人。",
        [{"table": "trainings", "sessions": 5, "trainees": 300, "planned": True}],
        why="the marker before the sessions plans the whole row, trainees too",
    ),
    Ex(
        "年初计划举办培训班20期，实际举办24期，培训3100人次。",
        [
            {"table": "trainings", "sessions": 20, "trainees": None, "planned": True},
            {"table": "trainings", "sessions": 24, "trainees": 3100, "planned": False},
        ],
        why="the plan and what was held are two rows; only the second is counted",
    ),
    Ex("选派科技特派员35名深入各村。", [], why="people appointed"),
    Ex("培育科普带头人60名。", [], why="people cultivated"),
]

TRAININGS += [
    Ex(
        "开展各类培训120多场次。参培农民达1.2万人次。",
        [{"table": "trainings", "sessions": 120, "trainees": 12000}],
        why="the count of the next sentence joins the event",
    ),
    Ex(
        "组织80余人次参加了电工、焊工等技能培训。",
        [{"table": "trainings", "trainees": 80, "category": "vocational"}],
        why="people before their verb",
    ),
    Ex(
        "全年举办培训班10期,培训1000人次,其中妇女专题培训班2期,培训200人次。",
        [
            {"table": "trainings", "sessions": 10, "trainees": 1000, "parent": None},
            {"table": "trainings", "sessions": 2, "trainees": 200, "parent": 0},
        ],
    ),
    Ex("首期招收学员40人。", [{"table": "trainings", "trainees": 40}]),
    Ex(
        "全年实际培育学员300名。",
        [{"table": "trainings", "trainees": 300}],
        why="培育 学员 is training",
    ),
    Ex(
        "在各村举办科技夜校12场次,参训村民900余人次。",
        [{"table": "trainings", "sessions": 12, "trainees": 900}],
    ),
]

ACTIVITIES = [
    Ex(
        "组织科技下乡4次,参加群众3200人次,发放科普资料5000份。",
        [
            {
                "table": "activities",
                "times": 4,
                "participants": 3200,
                "materials": 5000,
                "category": "outreach",
            }
        ],
    ),
    Ex(
        "举办健康知识讲座5场,参与群众600余人。",
        [{"table": "activities", "times": 5, "participants": 600, "category": "lecture"}],
        why="lecture counted as 参与",
    ),
    Ex(
        "科技活动周期间接待群众咨询1500人次。",
        [{"table": "activities", "participants": 1500, "category": "science_week"}],
    ),
    Ex(
        "放映科普电影30场次,观看群众4000人次。",
        [{"table": "activities", "times": 30, "participants": 4000, "category": "screening"}],
    ),
    Ex("张贴科普宣传标语120条。", [], why="hung, not handed out"),
    Ex("建成科普宣传栏12个。", [], why="facilities counted"),
    Ex("全镇科技示范户达到45户。", [], why="demonstration households are not rows"),
    Ex("全年更换宣传内容12次。", [], why="facility content, not an event"),
    Ex("镇主要领导全年听取科普工作汇报4次,参加科普活动6次。", [], why="leaders attending"),
    Ex("每村落实3名科普宣传员。", [], why="people appointed"),
    Ex("经批准共有12名享受政府特殊津贴专家。", [], why="people granted a status"),
    Ex(
        "现场开展义诊咨询,服务居民300余人次。",
        [{"table": "activities", "participants": 300, "category": "consultation"}],
    ),
    Ex(
        "科技活动周期间,接待群众咨询900人次。",
        [{"table": "activities", "participants": 900, "category": "science_week"}],
        why="the umbrella event of the sentence",
    ),
    Ex(
        "5月20日科普进社区:南湖社区;5月21日科普进校园:城关小学。",
        [
            {"table": "activities", "category": "outreach", "month": 5},
            {"table": "activities", "category": "outreach", "month": 5},
        ],
        why="dated events listed without counts",
    ),
    Ex(
        "在8个村巡回放映科普影片12场,观影村民近900人。",
        [{"table": "activities", "times": 12, "participants": 900, "category": "screening"}],
        why="people watching the films are its participants",
    ),
    Ex(
        "发放《森林防火明白卡》3000余份。",
        [{"table": "activities", "materials": 3000, "materials_qualifier": "over"}],
        why="a 明白卡 is handed out like a 明白纸",
    ),
    Ex(
        "举办院士报告会12场,听讲师生4600人次。",
        [{"table": "activities", "times": 12, "participants": 4600, "category": "lecture"}],
        why="听讲师生 holds 讲师 but counts listeners",
    ),
    Ex(
        "组织青少年到市科技馆研学参观,共计2 400人次。",
        [{"table": "activities", "participants": 2400, "category": "visit"}],
        why="a clause that is only a total counts the event of the clause before",
    ),
    Ex(
        "各村开展防灾减灾、食品安全等科普讲座,全年共计八十余场,参加村民3100人次。",
        [
            {
                "table": "activities",
                "times": 80,
                "times_qualifier": "over",
                "participants": 3100,
                "category": "lecture",
            }
        ],
        why="sessions in a clause of their own",
    ),
    Ex(
        "县医院专家为群众义诊量血压260人次。",
        [{"table": "activities", "participants": 260, "category": "consultation"}],
        why="the people served come after the staff word",
    ),
    Ex(
        "派出农技专家45人次深入田间。",
        [],
        why="staff sent out are not participants",
    ),
    Ex(
        "4月10日至16日举办科普宣传周,开展科普展览、专家咨询等活动9项,参与群众6000人次;"
        "9月17日在文化广场举办全国科普日活动,现场参与群众800余人。",
        [
            {
                "table": "activities",
                "times": 9,
                "participants": 6000,
                "category": "science_week",
                "month": 4,
            },
            {"table": "activities", "participants": 800, "category": "science_day", "month": 9},
        ],
        why="a dated week counts the activities it held; the 科普日 names itself",
    ),
    Ex(
        "丰收节期间各乡镇举办农技咨询、科普展示等活动40场,参与群众1.1万人。",
        [{"table": "activities", "times": 40, "participants": 11000, "category": "other"}],
        why="activities of several kinds and no umbrella event",
    ),
    Ex(
        "科技活动周期间,联合医院在社区举办健康讲座和义诊咨询,服务居民900余人次。",
        [{"table": "activities", "participants": 900, "category": "science_week"}],
        why="two kinds joined: the umbrella event names them",
    ),
    Ex(
        "邀请县科普大篷车进村巡展4场次,观众1200人次。",
        [{"table": "activities", "times": 4, "participants": 1200, "category": "outreach"}],
        why="a 科普大篷车 tour is outreach, though it shows exhibits",
    ),
    Ex("争取县科技馆二期布展资金到位。", [], why="二期 is a building phase"),
    Ex("组建科普宣讲团,共计45人。", [], why="people appointed, counted in a clause of their own"),
    Ex(
        "开展农业技术培训6期;科普宣传:接待群众咨询800人次。",
        [
            {"table": "trainings", "sessions": 6},
            {"table": "activities", "participants": 800, "category": "consultation"},
        ],
        why="a label naming another event starts another row",
    ),
    Ex("召开2次全县农民培训工作推进会。", [], why="a meeting about trainings"),
    Ex("开展3轮科技培训需求调研。", [], why="a survey about trainings"),
    Ex(
        "举办科普讲座1场,听众120人。举办科普讲座1场,听众80人。共计:2场。",
        [
            {"table": "activities", "times": 1, "participants": 120},
            {"table": "activities", "times": 1, "participants": 80},
        ],
        why="a total of sessions alone restates the rows above",
    ),
    Ex(
        "举办培训班2期,培训农民100人。第一批\t12人。第二批\t15人。合计\t2批\t27人。",
        [{"table": "trainings", "sessions": 2, "trainees": 100}],
        why="a table total counts what the rows just above it count, not an earlier row",
    ),
    Ex("县科协被评为全国科普日活动优秀组织单位,共计3次。", [], why="an award, not events"),
    Ex(
        "科普日组织医学专家和卫校学生40余人深入社区开展义诊咨询。",
        [],
        why="staff and volunteers listed together are not the people served",
    ),
    Ex(
        "在县科技馆和图书馆举办科普讲座30场。",
        [{"table": "activities", "times": 30, "category": "lecture"}],
        why="venues are not a second kind of event",
    ),
    Ex(
        "依托县科技馆举办科学普及讲座20场。",
        [{"table": "activities", "times": 20, "category": "lecture"}],
        why="the 及 of 普及 joins nothing",
    ),
    Ex(
        "利用科普大篷车开展科普讲座12场。",
        [{"table": "activities", "times": 12, "category": "lecture"}],
        why="大篷车 outranks an exhibition's words only",
    ),
    Ex(
        "开展科普进校园3期,受益学生1200人。",
        [{"table": "activities", "times": 3, "participants": 1200, "category": "outreach"}],
        why="校园 is no park with phases",
    ),
    Ex(
        "9月15日至21日举办全国科普日活动,全年开展科普展览、专家咨询等活动85项。",
        [{"table": "activities", "times": 85, "category": "other"}],
        why="a count for the whole year is not the 科普日's",
    ),
    Ex(
        "开展科普讲座10场、义诊咨询500人次。",
        [
            {"table": "activities", "times": 10, "category": "lecture"},
            {"table": "activities", "participants": 500, "category": "consultation"},
        ],
        why="a second event of the clause is named after the first one's figure",
    ),
    Ex(
        "组织中小学生参观县科技馆,参加人数:260名。",
        [{"table": "activities", "participants": 260, "category": "visit"}],
        why="a labelled people count",
    ),
    Ex(
        "在滨江社区开展科普义诊,为300余名群众免费测量血压。",
        [{"table": "activities", "participants": 300, "category": "consultation"}],
        why="为 N 名群众: the people the event served",
    ),
    Ex(
        "举办大型义诊,参加义诊专家60名,服务群众700余人。",
        [{"table": "activities", "participants": 700}],
        why="the doctors of the clinic are its staff",
    ),
    Ex(
        "全年举办继续医学教育讲座12场,参加讲座的医务人员1500人次。",
        [{"table": "activities", "times": 12, "participants": 1500}],
        why="doctors at a lecture are its audience",
    ),
    Ex("全年开展助学活动,为50名学生发放助学金。", [], why="aid, not an event of a kind"),
    Ex("深入实施科普惠农兴村计划,为126名农民发放奖补资金。", [], why="a programme, not an event"),
    Ex(
        "全年举办农村实用技术培训班32期,参训农民比上年增加达1200人次。",
        [{"table": "trainings", "sessions": 32, "trainees": None}],
        why="增加达 is an increase",
    ),
    Ex(
        "举办科技咨询活动,参加咨询的群众和专家3000余人次。",
        [{"table": "activities", "participants": 3000}],
        why="a crowd with experts in it is still the participants",
    ),
    Ex(
        "组织专家开展健康科普志愿服务活动,为600余名群众免费测量血压。",
        [{"table": "activities", "participants": 600}],
        why="a 科普 service event",
    ),
    Ex(
        "举办防灾减灾科普讲座,参加宣讲的专家6名,听众400余人。",
        [{"table": "activities", "participants": 400, "category": "lecture"}],
        why="the speakers are staff; the audience counts",
    ),
    Ex(
        "开展科技下乡活动12场,印制科普资料3万份,免费发放2.8万份。",
        [{"table": "activities", "times": 12, "materials": 30000}],
        why="what was printed and handed out is one count of materials",
    ),
    Ex(
        "三年共编印科普读物26种,免费向农户发放8万余册。",
        [{"table": "activities", "materials": 80000, "materials_qualifier": "over"}],
        why="what was handed out is named in the clause before",
    ),
    Ex(
        "举办农业科技成果展,观展市民约9000人次。",
        [{"table": "activities", "participants": 9000, "participants_qualifier": "about"}],
    ),
    Ex(
        "在实验小学举办科学家精神报告会,全校师生1280人聆听报告。",
        [{"table": "activities", "participants": 1280, "category": "lecture"}],
    ),
    Ex(
        "暑期联合举办青少年科技夏令营,营员120名。",
        [{"table": "activities", "participants": 120, "category": "other"}],
    ),
]


@pytest.mark.parametrize("ex", FUNDING + TRAININGS + ACTIVITIES, ids=lambda e: e.text[:18])
def test_extract(ex: Ex) -> None:
    got = run(ex.text, ex.plan_part)
    assert len(got) == len(ex.rows), (ex.why, got)
    for want, row in zip(ex.rows, got, strict=True):
        for key, value in want.items():
            assert row[key] == value, (key, ex.why, row)


def test_traditional_gives_the_same_records() -> None:
    simplified = "县财政拨付科普专项经费12万元,举办培训班6期,培训农民480人次。"
    traditional = "縣財政撥付科普專項經費12萬元,舉辦培訓班6期,培訓農民480人次。"
    assert run(simplified) == run(traditional)


def test_a_total_of_the_rows_above_gathers_them() -> None:
    rows = run(
        "举办果树修剪培训班2期,培训果农150人次。举办养殖技术培训班3期,培训养殖户250人次。"
        "以上各类培训合计5期,累计培训400人次。"
    )
    assert [(r["trainees"], r["parent"]) for r in rows] == [(150, 2), (250, 2), (400, None)]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # the period's figures are set aside; the report's own year is kept
        (
            "2011年以来,全县累计投入科普经费1200万元,累计培训农民4.5万人次。"
            "2015年当年投入科普经费42万元,培训1.6万人次。",
            [420000.0, 16000],
        ),
        ("“十三五”以来,全县累计投入科普经费1650万元。", []),
        ("近三年共争取上级科普资金600万元。", []),
        ("今年开展科普下乡10次,参与群众3000人次,五年来共开展科普下乡46次。", [3000]),
        ("2011—2013年共举办培训班60期,培训3000人次。", []),
        # this year's figures, whatever period words stand near them (report on 2015)
        ("2015年以来,县科协共举办培训班18期,培训1500人次。", [1500]),
        ("科普日当天开展活动20项,创近年来之最,参与群众1.2万人次。", [12000]),
        ("多年来坚持开展的科技下乡活动今年共开展12次,受益群众6000人次。", [6000]),
        ("十年来首次举办的科普大篷车巡展活动开展12场,参观群众6000人次。", [6000]),
        ("按照《全民科学素质行动规划(2011—2015年)》要求,举办讲座20场,听众2400人次。", [2400]),
        ("在2014年基础上新增科普示范村5个,投入资金30万元。", [300000.0]),
        ("2014年底启动的科普长廊项目于今年3月建成,投入资金25万元。", [250000.0]),
        ("2014—2015年冬春农闲季节,县科协举办农民培训班20期,培训1600人次。", [1600]),
        ("2012年成立的县老科协,组织老专家开展科技咨询20场,服务群众3000人次。", [3000]),
        ("开馆以来累计接待参观群众50万人次。", []),
        ("这些年来,全县累计举办培训班1200期,培训农民3万人次。", []),
        ("三年累计投入科普经费110万元。", []),
        ("去年,全县举办科普讲座40场,听众5000人次。", []),
        # an earlier year's figures (the report is on 2015)
        (
            "2013年,全县举办培训班40期,培训农民4000人次;2015年,全县举办培训班52期,"
            "培训农民5200人次。",
            [5200],
        ),
        ("2014年投入科普经费18万元,2015年投入科普经费25万元。", [250000.0]),
        ("区科协负责人介绍,2014年全区共开展活动52场,参与群众4.6万人次。", []),
        # one year: "全年累计" and "近年来…今年" are the report's
        ("全年累计培训农民5000人次。", [5000]),
        ("近年来,我县高度重视科普工作,今年投入科普经费30万元。", [300000.0]),
    ],
)
def test_sums_over_several_years_are_set_aside_in_a_report_on_one_year(
    text: str, kept: list[float]
) -> None:
    t = to_matching(text)
    sentences = split(t)
    aside: list[Any] = []
    found = extract_records(t, sentences, replace(META, one_year=True), None, aside)
    values = [
        r.values.get("amount_yuan") or r.values.get("trainees") or r.values.get("participants")
        for r in found
    ]
    assert values == kept
    # A report on several years (no single year in its title) keeps them all.
    assert len(extract_records(t, sentences, META)) == len(found) + len(aside)


def test_an_amount_restated_under_a_problems_heading_is_not_counted_twice() -> None:
    t = to_matching(
        "投入科普经费3万元。科普经费投入不足,全年仅投入3万元。全年仅投入5万元用于宣传。"
    )
    first, second, third = split(t)
    sentences = [
        first,
        Sentence(second.start, second.end, "二、存在的问题", False),
        Sentence(third.start, third.end, "二、存在的问题", False),
    ]
    amounts = [r.values["amount_yuan"] for r in extract_records(t, sentences, META)]
    # the same 3万 again is a restatement; a new amount there is still a row
    assert amounts == [30000.0, 50000.0]
    plain = [first, second, third]
    assert [r.values["amount_yuan"] for r in extract_records(t, plain, META)] == [
        30000.0,
        30000.0,
        50000.0,
    ]
