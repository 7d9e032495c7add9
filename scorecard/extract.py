"""Stage 5: records of the three tables from a report's sentences.

A sentence is cut into clauses at , ; : and each figure in a clause is read
with the words around it:

- money (元, or a bare 万/亿 amount right after a funding verb) next to a
  funding word and no revenue word → a funding row;
- a count of sessions (期 场 次 场次 班 项) after an event word opens a new
  training or activity; a count of people (人 人次 名) or of materials
  (份 册 幅 套) joins the event it follows, or opens one when its clause
  names an event itself;
- what people are counted as decides the table: 培训 / 参培 / 受训 / 学员
  or a 培训班 make a training, 参加 / 参与 / 受益 / 接待 an activity.

Rules are data below; each entry has a one-line reason and every table has
examples in tests/test_extract.py.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .dates import PERIOD_OF_YEARS, find_dates
from .meta import ReportMeta
from .model import Extracted
from .normalize import simplify
from .plan import is_planned
from .quantities import QuantitySpan, find_quantities
from .structure import Sentence
from .tables import TableRow, table_rows

# ---------------------------------------------------------------- units
PEOPLE_UNITS = frozenset({"人", "人次", "名", "位"})
SESSION_UNITS = frozenset({"期", "场", "次", "场次", "班", "项", "届", "轮", "批"})
MATERIAL_UNITS = frozenset({"份", "册", "幅", "套", "张", "本", "册(份)", "份(册)"})
MONEY_UNIT = "元"

# ------------------------------------------------------------- funding
# Words that make an amount money put into the work.
FUNDING_WORDS = (
    "经费",
    "投入",
    "投资",
    "资金",
    "拨款",
    "拨付",
    "补助",
    "资助",
    "奖补",
    "筹措",
    "筹集",
    "捐赠",
    "捐助",
    "捐款",
    "总投资",
    "专项",
    "列支",
    "安排",
    "争取",
    "配套",
    "赞助",
    "自筹",
    "用于",
    "落实",
    "支出",
)
# Verbs after which a bare 万 / 亿 amount is money ("投资300余万修建…").
FUNDING_VERBS = (
    "投入",
    "投资",
    "筹措",
    "筹集",
    "拨款",
    "拨付",
    "资助",
    "捐赠",
    "捐助",
    "安排",
    "争取",
    "补助",
)
# Money that is not put into the work: revenue, output, prices, rates, targets.
NOT_FUNDING_WORDS = (
    "固定资产投资",  # a county's economic statistics
    "收入",
    "销售",
    "利润",
    "产值",
    "效益",
    "增收",
    "节约",
    "节省",
    "价格",
    "售价",
    "单价",
    "招商引资",
    "营业额",
    "成交",
    "盈利",
    "税收",
    "GDP",
    "生产总值",
    "亩产",
    "创收",
    "挽回",
    "损失",
    "工资",
    "年薪",
    "奖金",
    "罚款",
    "贷款",
    "融资",
    "租金",
    "交易额",
)
# Money named but not put in, wherever it stands in the clause before the
# amount: a shortfall, a need, an application not (yet) granted, other work
# (R&D, investment attraction, loans).
NOT_SPENT = re.compile(
    r"缺口|资金需求|(?:尚|还|仍)需(?:要)?(?:资金|经费|投资|投入)?|需要资金"
    r"|招商引资|(?:发放|提供|争取|获得)?(?:贷款|融资)(?:资金|额度)?$"
)
# R&D money, unless it pays for science popularization ("科普展品研发经费").
RD_MONEY = re.compile(r"研发(?:投入|经费|资金|费用|投资)")
# Last year's amount, given for comparison.
LAST_YEAR_BEFORE = re.compile(
    r"(?:上年|去年|上一年)同期[^,;。]{0,6}$|(?<!比)(?:上年|去年)(?:共)?(?:支出|投入)$"
)
# Money applied for, not said to be granted (but a 其中 part of a stated
# total was: "总投资2400万元,其中…申请中央财政资金600万元"; and "申请并获批",
# "申请下拨", "…已全部到位" say it was).
APPLIED = re.compile(r"(?<!成功)(?:申请|申报)(?![到获]|并获|下拨|拨付)[^,;。]{0,10}$")
GRANTED_AFTER = re.compile(r"[^;。]{0,14}(?<![未没])(?:到位|下达|拨付|获批|落实)")
# Money not yet received, whatever it was ("申请资金240万元,目前尚未拨付").
# Only when the next words say so of this amount and end the clause: not
# "投入30万元,上级配套资金未到位" nor "其中已到位150万元,未到位50万元".
NOT_YET_AFTER = re.compile(
    r"(?:[,]?(?:目前|至今|截至[^,;。\d]{0,6}|但|但目前|现))?[,]?"
    r"(?:尚未|还未|暂未|未|没有|尚待|有待)(?:全部)?(?:到位|下达|拨付|到账|获批|批复|审批)"
    r"[^,;。\d]{0,4}(?:[,;。]|$)"
)
# How near the amount a per-unit word must stand to make it a rate ("每家获市
# 财政补助5万元"; not "为每所中小学建设科普活动室投入资金120万元").
PER_UNIT_REACH = 10
# A total said after a per-unit phrase ("为86个村每村配备书架共投入43万元").
TOTAL_SINCE = re.compile(r"共|合计|总计|累计|总投入")
# A change written with its verb right before the amount ("经费投入增加15万元");
# 新增 is money added, 增加到 a value reached.
CHANGE_VERBS = r"(?:增加|增长|提高|上升|减少|下降)"
DELTA_VERB = re.compile(rf"(?<!新){CHANGE_VERBS}了?$")
# The old value of a change ("由去年的20万元增加到30万元").
OLD_VALUE_AFTER = re.compile(rf"[^,;。]{{0,4}}?{CHANGE_VERBS}(?:到|至)")
# Per-unit rates: "每人100元", "每亩补助50元", "每家获补助5万元".
PER_UNIT = re.compile(
    r"(每|/)(人|亩|户|头|只|个|次|天|月|平方米|场|期|家|所|村|校|名|位|座|处|站|项|万人|千人)"
    r"|人均|户均|亩均"
)
# ... and right after the amount ("100元/人", "50元(每亩)"); not a rate the
# next clause gives ("146万元,人均2.9元").
PER_UNIT_AFTER = re.compile(
    r"\(?\s*(?:/\s*每?|每)\s*(?:人|亩|户|头|只|个|次|天|年|月|平方米|场|期)"
)
FUNDING_SOURCES = (
    ("foundation", ("基金会", "基金会捐赠", "基金会捐助", "基金会捐款")),
    ("self", ("自筹",)),
    (
        "enterprise",
        (
            "企业投入",
            "企业出资",
            "企业资金",
            "企业捐",
            "企业捐赠",  # the donor, not the act ("爱心企业捐赠…15万元")
            "企业捐助",
            "企业捐款",
            "公司投入",
            "合作社投入",
            "企业自筹",
            "企业赞助",
            "赞助",
        ),
    ),
    ("social", ("社会", "捐赠", "捐助", "捐款", "群众集资")),
    (
        "government",
        (
            "财政",
            "政府",
            "拨款",
            "拨付",
            "专项资金",
            "中央",
            "省级",
            "市级",
            "县级",
            "区级",
            "奖补",
            "人社部",
            "科协下拨",
            "上级",
            "科协拨",
            "争取县科协",
            "争取市科协",
            "争取省科协",
            "中国科协",
            "科技厅",
            "科技局拨",
            "科协补助",  # a 科协 subsidy to the reporter ("县科协补助5万元")
            "科协项目补助",
            "教育局",  # named government bodies (州教育局安排专项经费…)
            "财政局",
            "人社局",
            "农业农村局",
            "卫健局",
            "教育厅",
            "财政厅",
            "农业农村厅",
        ),
    ),
)
FUNDING_SCOPE_SCIENCE = (
    "科普",
    "科学素质",
    "科技培训",
    "科技活动",
    "科技馆",
    "科技周",
    "科普日",
    "科技教育",
    "科技夏令营",
    "科技创新大赛",
    "青少年科技",
)
FUNDING_SCOPE_PROJECT = ("项目", "产业", "科技开发", "技术改造", "研发", "基地建设")

# ---------------------------------------------------------- trainings
# Attendance counted as training makes the row a training.
TRAINING_PEOPLE_WORDS = ("培训", "参培", "参训", "受训", "学员", "轮训", "参学")
TRAINING_EVENT_WORDS = (
    "培训班",
    "培训会",
    "培训",
    "轮训",
    "继续教育",
    "阳光工程",
    "阳光培训",
    "高研班",
    "研修班",
    "讲习班",
    "培育班",
    "训练营",
    "学习班",
    "办班",
    "夜校",
    "田间学校",
    "农民学校",
    "课程",
    "专题班",
)
TRAINING_CATEGORIES = (
    # a training that calls itself 实用技术 is one, whoever else it names
    ("practical_tech", ("实用技术",)),
    ("entrepreneurship", ("创业",)),
    (
        "vocational",
        (
            "阳光",
            "技能",
            "职业",
            "再就业",
            "农民工",
            "劳动力",
            "岗前",
            "在岗",
            "劳动预备",
            "电商",
            "家政",
        ),
    ),
    ("cadre", ("干部", "公务员", "党员", "党校", "领导")),
    (
        "professional",
        (
            "专业技术",
            "继续教育",
            "知识更新",
            "高研",
            "知识产权",
            "专家",
            "技术人员",
            "科技人员",
            "业务培训",
            "业务人员",
            "科普讲解员",
            "技术负责人",
            # those who teach or serve others: 科技辅导员 are trained as
            # teachers, not as the young people they teach
            "辅导员",
            "教师",
            "继续医学教育",
            "医务人员",
            "医生",
            "指导员",
            "信息员",
            "科普工作者",
        ),
    ),
    ("youth", ("青少年", "学生", "中小学", "校园")),
    (
        "practical_tech",
        (
            "实用技术",
            "农业技术",
            "村民",
            "果农",
            "茶农",
            "菜农",
            "农户",
            "养殖户",
            "种植户",
            "夜校",
            "种植",
            "养殖",
            "栽培",
            "种养",
            "农技",
            "农民",
            "草莓",
            "蔬菜",
            "水稻",
            "果树",
            "畜牧",
            "病虫害",
            "技术培训",
        ),
    ),
)
AUDIENCES = (
    "农民",
    "专业技术人员",
    "专业技术人才",
    "公务员",
    "村干部",
    "干部",
    "党员",
    "妇女",
    "青少年",
    "学生",
    "教师",
    "企业员工",
    "职工",
    "科技人员",
    "技术人员",
    "农村党员",
    "居民",
    "老年人",
    "残疾人",
    "农民工",
    "科技辅导员",
    "种植大户",
    "养殖大户",
)

# --------------------------------------------------------- activities
ACTIVITY_CATEGORIES = (
    ("science_day", ("全国科普日", "科普日")),
    ("science_week", ("科技活动周", "科技周", "科普宣传周", "科普周", "活动周")),
    ("campaign", ("活动月", "宣传月", "科普月", "科技之春", "科技进步月", "系列活动", "专项活动")),
    ("screening", ("电影", "放映", "影片", "科教片", "录像", "录象", "短片")),
    ("competition", ("竞赛", "大赛", "比赛", "知识竞答", "评比")),
    ("exhibition", ("展览", "画展", "科普展", "展出", "巡展", "展示")),
    ("lecture", ("讲座", "报告会", "讲学", "宣讲", "科普报告", "讲课", "授课")),
    ("consultation", ("咨询", "义诊", "答疑", "解答")),
    ("visit", ("参观", "科技馆", "研学")),
    (
        "outreach",
        (
            "下乡",
            "进社区",
            "进校园",
            "进楼院",
            "进家庭",
            "进机关",
            "进乡村",
            "进村",
            "进企业",
            "进农村",
            "进万家",
            "大篷车",
            "送科技",
            "进学校",
            "四进",
        ),
    ),
    ("publicity", ("宣传", "发放", "散发", "赠送", "资料")),
)
# An event noun: a clause holding one can open an activity.
ACTIVITY_EVENT_WORDS = (
    *(w for _, words in ACTIVITY_CATEGORIES for w in words),
    "活动",
    "启动仪式",
    "开幕式",
    "夏令营",
    "冬令营",
    "演出",
    "文艺",
)
ACTIVITY_PEOPLE_WORDS = (
    "参加",
    "参与",
    "受益",
    "惠及",
    "接待",
    "观看",
    "听众",
    "到场",
    "咨询",
    "受教育",
    "覆盖",
    "吸引",
    "群众",
    "人员达",
    "人数",
    "解答",
    "代表",
    "参赛",
    "观众",
    "游客",
    "听讲",
    "服务",
    "受众",
    "观影",
    "观展",
    "营员",
    "来看的",
    "看的人",
)
# Words that make people near a staff word ("讲师", "专家") the event's
# participants ("听讲师生1.2万人次", "接待专家咨询").
PARTICIPANT_WORDS = ("参加", "参与", "受益", "惠及", "接待", "咨询", "听讲", "听众", "观众")
# A count of materials ("印制科普资料3万份").
MATERIAL_COUNT = re.compile(r"\d\s*[万千]?余?\s*(?:份|册|本|张|套|幅)")
# A change from last year, not a count ("比上年增加16期").
DELTA_BEFORE = re.compile(r"(?:比上年|比去年|较上年|较去年|同比)[^,;。]{0,10}(?<![至到])$")
# Words of reach rather than attendance ("覆盖群众3万余人").
REACH_WORDS = ("覆盖", "辐射", "惠及", "吸引", "受益", "带动")
# Either kind's people words, and a training's people or event words.
PEOPLE_WORDS = TRAINING_PEOPLE_WORDS + ACTIVITY_PEOPLE_WORDS
TRAINING_WORDS = TRAINING_PEOPLE_WORDS + TRAINING_EVENT_WORDS
# Materials are what is handed out, not what is hung or shown.
MATERIAL_VERBS = ("发放", "散发", "赠送", "分发", "印发", "送", "免费", "编印", "印制", "派发")
MATERIAL_NOUNS = (
    "资料",
    "图书",
    "挂图",
    "书刊",
    "手册",
    "读本",
    "光盘",
    "宣传单",
    "画册",
    "明白纸",
    "明白卡",
    "传单",
    "科普书",
    "教材",
    "读物",
    "宣传品",
    "宣传册",
    "书籍",
)

# Figures that are never rows of the three tables, whatever else the clause says.
NOT_A_ROW_WORDS = (
    "选派",
    "培育",
    "认定",
    "命名",
    "表彰",
    "评为",
    "获得",
    "荣获",
    "聘请",
    "引进",
    "登记",
    "设置",
    "组建",
    "建立",
    "成立",
    "示范户",
    "带头人",
    "志愿者",
    "特派员",
    "宣传栏",
    "决赛",
    "作品",
    "阅览室",
    "墙报",
    "黑板报",
    "专栏",
    "文章",
    "论文",
    "稿件",
    "信息",
    "专利",
    "听取",
    "研究",
    "汇报",
    "会议",
    "更换",
    "标语",
    "条幅",
    "横幅",
    "宣传车",
    "展板",
    "画报",
    "悬挂",
    "张贴",
    "书写",
    "出动",
    "抽调",
    "小分队",
    "宣传队",
    "会员",
    "协会",
    "掌握",
    "基地",
    "服务站",
    "工作站",
    "问卷",
    "上访",
    "来访",
    "信访",
    "案件",
    "网点",
    "落实",
    "聘任",
    "聘用",
)
# People who are not an event's audience: at a work meeting, on an official
# visit or study tour, receiving a grant or prize, holding a certificate.
NOT_PEOPLE_REACHED = re.compile(
    r"会议|参会|推进会|座谈会|调度会|部署会|联席会|工作会|动员会|表彰会|代表大会"
    r"|考察团|考察组|调研组|检查组|督导组"
    # officials on a study tour (farmers on one learn, and are an audience)
    r"|(?:干部|领导|负责人|负责同志)[^,;。]{0,2}(?:赴|到|前往)[^,;。]{0,8}(?:考察|学习考察)"
)
NOT_PEOPLE_FUNDED = re.compile(r"补助|奖励|资助|慰问")
# …unless the clause speaks of science popularization ("利用村民会议开展科普
# 宣传,受众2000人次", "召开果树管理技术现场会5次参加农民600人次"); a grant's
# people are an audience of a science event too ("资助的科技夏令营").
SCIENCE_AT_MEETING = ("科普", "技术", "知识", "宣传", "报告会", "讲座", "培训")
SCIENCE_IN_CLAUSE = (*SCIENCE_AT_MEETING, "科技", "科学")


def _meeting_before(body: str, cs: int, before: str) -> bool:
    """The clause before names a meeting or a study tour whose members these
    people are ("召开科技工作者座谈会3次,参加科技工作者150人")."""
    if _has_event_word(before) or body[cs - 1 : cs] != ",":
        return False
    prev = _previous_clause(body, cs)
    return bool(NOT_PEOPLE_REACHED.search(prev)) and not _has(prev + before, SCIENCE_AT_MEETING)


# …and trainees who passed, counted apart from the trainees ("取得绿色证书的学员120人").
CERTIFIED_BEFORE = re.compile(r"(?:取得|获得|领取|颁发|考取)[^,;。]{0,8}(?:证书|合格证)")
# Staff sent out are not the people reached ("组织20余名专家…").
STAFF_WORDS = (
    "专家",
    "科技人员",
    "技术人员",
    "志愿者",
    "医务",
    "工作人员",
    "宣讲员",
    "讲师",
    "教员",
    "科技工作者",
    "科普工作者",
    "安保",
)

# A colon before a figure labels it ("参训农民:420人次", "经费合计:9.7万元"):
# label and figure stay in one clause.
CLAUSE_SPLIT = re.compile(
    r"[,;]|:(?![ \t]*(?:[0-9一二两三四五六七八九十百千万xX×*_]|约|近|超|逾|达|共))"
)
# A ;-part that is one more field of a record written as labels and values.
LABEL_FIELD = re.compile(r"[^,;:。]{1,8}:")
# Words that open a breakdown of the total before them.
SUB_MARKERS = ("其中", "分别为", "分别是", "上述资金中", "上述经费中", "以上资金中")
SUB_MARKER = re.compile("|".join(SUB_MARKERS))
# Words that close a list of parts with their total ("…,合计11.5万元").
TOTAL_AFTER_PARTS = ("合计", "共计", "总计", "累计")
NAME_QUOTED = re.compile(r"[“\"]([^”\"]{2,20})[”\"]")
LOCATION = re.compile(r"在([^,;:。在]{2,16}?)(?:举行|举办|开展|召开|启动|进行|拉开)")
ORGANIZER_SUFFIX = (
    r"(?:科协|科技局|科经局|人社厅|公务员局|局|厅|委|办|协会|学会|政府|党委|中心|分会|部)"
)
ORGANIZER_VERB = r"(?:联合|共同|组织|举办|主办|牵头|开展)"
ORGANIZER = re.compile(
    rf"((?:[^,;:。、的在]{{0,10}}?{ORGANIZER_SUFFIX}(?:、|和|与|及)?)+){ORGANIZER_VERB}"
)
# Every match of ORGANIZER ends like this: one search rules most clauses out.
_ORGANIZER_HINT = re.compile(rf"{ORGANIZER_SUFFIX}(?:、|和|与|及)?{ORGANIZER_VERB}")


@dataclass
class _Event:
    """A training or activity being assembled from a sentence's clauses."""

    start: int
    clause_text: str  # text of the clauses that opened it, for category and name
    anchor: int
    sessions: QuantitySpan | None = None
    people: QuantitySpan | None = None
    people_as_training: bool = False
    materials: QuantitySpan | None = None
    training_words: bool = False
    end: int = 0
    date: Any = None
    part: bool = False  # introduced by 其中
    # Where each figure's sentence starts in the clean text (a carried people
    # count belongs to the next sentence).
    bases: dict[str, int] = field(default_factory=dict)
    # Filled when the sentence is done (a carried event needs them later).
    sentence: Any = None
    body: str = ""
    sentence_start: int = 0

    @property
    def is_training(self) -> bool:
        if self.people is not None:
            return self.people_as_training
        return self.training_words


def _has(text: str, words: tuple[str, ...]) -> bool:
    """Does ``text`` hold any of ``words``? (one compiled alternation per word list)"""
    entry = _PATTERNS.get(id(words))
    if entry is not None and entry[0] is words:
        return entry[1].search(text) is not None
    return _alternation(words).search(text) is not None


# Keyed by the word list's identity: a tuple's hash is recomputed on every
# look-up, its id is not. The entry holds the tuple, so no other object can
# take its id while the entry exists.
_PATTERNS: dict[int, tuple[tuple[str, ...], re.Pattern[str]]] = {}


# A word list built on the fly (a + b) is a new object each call: found by value.
_BY_VALUE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    entry = _PATTERNS.get(id(words))
    if entry is not None and entry[0] is words:
        return entry[1]
    pattern = _BY_VALUE.get(words)
    if pattern is None:
        pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
        if len(_BY_VALUE) < 1024:
            _BY_VALUE[words] = pattern
    if len(_PATTERNS) < 1024:
        _PATTERNS[id(words)] = (words, pattern)
    return pattern


@functools.lru_cache(maxsize=64)
def _starts_of(words: tuple[str, ...]) -> re.Pattern[str]:
    # A look-ahead matches at every position where a word starts, overlaps included.
    return re.compile("(?=" + _alternation(words).pattern + ")")


def _last_index(text: str, words: tuple[str, ...]) -> int:
    """Where the last occurrence of any of ``words`` starts (-1: none)."""
    last = -1
    for m in _starts_of(words).finditer(text):
        last = m.start()
    return last


def _category(text: str, table: Sequence[tuple[str, tuple[str, ...]]]) -> str:
    for category, words in table:
        if _has(text, words):
            return category
    return "other"


# Measure words outside a column's vocabulary, mapped onto it (位 counts
# people as 名 does; 本 is a 册; a 张 handed out is a 份; 轮/批/届 are rounds).
UNIT_CANON = {
    "位": "名",
    "本": "册",
    "张": "份",
    "册(份)": "册",
    "份(册)": "份",
    "轮": "期",
    "批": "期",
    "届": "期",
    "项": "次",
}


def _qty_columns(prefix: str, span: QuantitySpan | None, unit: bool = True) -> dict[str, Any]:
    if span is None:
        cols: dict[str, Any] = {prefix: None, f"{prefix}_text": None, f"{prefix}_qualifier": None}
        if unit:
            cols[f"{prefix}_unit"] = None
        return cols
    q = span.quantity
    value = None if q.value is None else int(Decimal(str(q.value)))
    cols = {prefix: value, f"{prefix}_text": q.text, f"{prefix}_qualifier": q.qualifier}
    if unit:
        cols[f"{prefix}_unit"] = UNIT_CANON.get(q.unit or "", q.unit)
    return cols


def _date_columns(date: Any) -> dict[str, Any]:
    if date is None:
        return {"date_text": None, "date_start": None, "date_end": None, "month": None}
    month = date.month if date.month is not None and 1 <= date.month <= 12 else None
    return {
        "date_text": date.text,
        "date_start": date.start,
        "date_end": date.end,
        "month": month,
    }


# How far before a figure its words are read: keywords that matter sit close,
# and a bound keeps a sentence of thousands of clauses linear.
BEFORE_WINDOW = 60
AFTER_WINDOW = 40
# How much of a clause names its event, and how far back an umbrella event
# (科普日, 科技周) or a unit's name is looked for.
CLAUSE_MAX = 200
UPTO_WINDOW = 300


def _clause_at(starts: list[int], clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    k = bisect.bisect_right(starts, pos) - 1
    return clauses[k] if k >= 0 else (0, pos)


def _clauses(text: str, base: int) -> list[tuple[int, int]]:
    """(start, end) of each clause of a sentence, offsets in the clean text."""
    spans = []
    pos = 0
    for m in CLAUSE_SPLIT.finditer(text):
        spans.append((base + pos, base + m.start()))
        pos = m.end()
    spans.append((base + pos, base + len(text)))
    return [(s, e) for s, e in spans if e > s]


# A sentence can hold a record only if a number stands near a unit or a
# multiplier, or it names a day: one C-speed search skips the rest.
FIGURE_HINT = re.compile(
    r"[0-9０-９一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟〇零xX×*_]"
    r"[^,;。,;]{0,4}?[人名位期场次班项届轮批份册幅套张本元万亿]"
    r"|月[0-9一二三四五六七八九十]{1,3}日"
)


# A clause that returns to one year ("2018年当年…", "今年…") ends the period's reach.
ONE_YEAR = re.compile(r"今年|当年|全年|本年|年内|\d{4}年(?!以来|期间|[-—~至到])")
# A clause led by a year ("2017年,全县举办…"): in a report on another year,
# a comparison with the past, not the report's own figures.
YEAR_LEAD = re.compile(r"\s*(?:于)?(\d{4})年(?:度|初|底|末|内|上半年|下半年)?(?![以期\d\-—~至到])")
# A clause led by last year.
LAST_YEAR_LEAD = re.compile(r"\s*(?:去年|上年|前年)(?:度|同期)?(?:,|全[县市区镇乡])")
# Every period of several years and every year lead holds one of these.
OTHER_PERIOD_HINT = re.compile(
    r"\d{4}年|以来|期间|时期|至今|近[^,;]{0,3}年|年来|年间|年累计|去年|上年"
)
# A period that only measures how rare this year's event is.
FIRST_IN = re.compile(r"[^,;]{0,2}(?:首次|第一次|之最|最)")
# How far into its clause a period may stand and still govern it
# ("我县近三年…"; not "…创近三年之最").
PERIOD_LEAD_CHARS = 6
# Marks that open a title or an aside: a period inside one is not the clause's
# ("按照《…规划(2021—2025年)》要求").
_OPENERS = {"《": "》", "(": ")", "“": "”", "「": "」"}


def _inside_marks(body: str, pos: int, start: int) -> bool:
    before = body[start:pos]
    return any(before.rfind(o) > before.rfind(c) for o, c in _OPENERS.items())


def _other_period_ranges(body: str, year: int | None) -> list[tuple[int, int]]:
    """Spans of the sentence about a period other than the report's year: a
    period of several years leading its clause, or a clause led by an earlier
    year, reaching on to the clause that returns to one year."""
    clauses = _clauses(body, 0)
    heads: list[int] = []
    for m in PERIOD_OF_YEARS.finditer(body):
        k = next((i for i, (a, b) in enumerate(clauses) if b >= m.end()), None)
        if k is None:
            continue
        a, b = clauses[k]
        since, first, last = m.group(1), m.group(2), m.group(3)
        if year is not None and since is not None and int(since) >= year:
            continue  # "2021年以来" in a report on 2021: this year
        if first is not None and last is not None and int(last) - int(first) <= 1:
            continue  # "2020—2021年冬春": one season, not years
        if m.start() - a > PERIOD_LEAD_CHARS or _inside_marks(body, m.start(), a):
            continue
        if ONE_YEAR.search(body, m.end(), b) or FIRST_IN.match(body, m.end()):
            continue  # "多年来坚持开展的…今年共开展12次", "十年来首次举办的…"
        heads.append(k)
    for k, (a, b) in enumerate(clauses):
        if LAST_YEAR_LEAD.match(body, a) and not ONE_YEAR.search(body, a, b):
            heads.append(k)  # "去年,全县举办科普讲座40场"
    if year is not None:
        for k, (a, b) in enumerate(clauses):
            lead = YEAR_LEAD.match(body, a)
            if lead is None or int(lead.group(1)) >= year:
                continue
            if (
                ONE_YEAR.search(body, lead.end(), b)
                or re.search(r"基础上|之前|以前", body[a:b])
                or re.match(r"[^,;]{0,6}的", body[lead.end() : b])
            ):
                continue  # "2020年底启动的…于今年3月建成", "在2020年基础上", "2018年成立的老科协"
            heads.append(k)
    found = []
    for k in sorted(set(heads)):
        start, end = clauses[k]
        for a, b in clauses[k + 1 :]:
            if ONE_YEAR.search(body, a, b):
                break
            end = b
        found.append((start, end))
    return found


def extract_records(
    text: str,
    sentences: Sequence[Sentence],
    info: ReportMeta,
    figures: dict[int, list[QuantitySpan]] | None = None,
    set_aside: list[Extracted] | None = None,
    unread_tables: list[tuple[int, str]] | None = None,
) -> list[Extracted]:
    """Every funding, training and activity record of one report, in document order.

    ``figures``, when given, receives each read sentence's quantities (keyed
    by the sentence's start) so that later stages need not read them again.
    In a report on one year, records of a period of several years
    ("2016年以来累计投入…") or of an earlier year ("2017年,全县举办…") are
    not the report's: they go to ``set_aside`` (when given) instead. A |
    table that is not read gets (its start, why) in ``unread_tables``.
    """
    out: list[Extracted] = []
    other_period: list[tuple[int, int]] = []
    carry: _Event | None = None
    previous: Sentence | None = None  # the sentence before, when it held figures
    tables = (
        table_rows(text, sentences[0].start, sentences[-1].end, unread_tables) if sentences else []
    )
    in_tables = [(r.start, r.end) for r in tables]  # the rows the table reader took
    for sentence in sentences:
        if in_tables and any(a <= sentence.start and sentence.end <= b for a, b in in_tables):
            continue  # a table's own line: the table reader has it
        body = text[sentence.start : sentence.end]
        if not FIGURE_HINT.search(body):
            if carry is not None:
                out.append(flush_carry(text, carry))
                carry = None
            previous = None
            continue
        spans = find_quantities(body)
        if figures is not None:
            figures[sentence.start] = spans
        if info.one_year and OTHER_PERIOD_HINT.search(body):
            other_period.extend(
                (sentence.start + a, sentence.start + b)
                for a, b in _other_period_ranges(body, info.year)
            )
        dates = find_dates(body, info.year)
        follows_total = (
            bool(out)
            and out[-1].table == "funding"
            and previous is not None
            and (out[-1].start >= previous.start)
        )
        out.extend(_funding(text, sentence, body, spans, info, follows_total))
        # A table's total line counts what the rows just above it count.
        last = next((r for r in reversed(out) if r.table != "funding"), None)
        last_table = (
            last.table
            if last is not None and previous is not None and (last.start >= previous.start)
            else None
        )
        rows, carry = _events(text, sentence, body, spans, dates, carry, last_table)
        out.extend(rows)
        previous = sentence
    if carry is not None:
        out.append(flush_carry(text, carry))
    if tables:
        out.extend(_table_records(tables, sentences))
    out = _drop_restated_in_problems(out, sentences)
    if other_period:
        aside = [
            r for r in out if not r.planned and any(a <= r.anchor < b for a, b in other_period)
        ]
        if aside:
            out = [r for r in out if r not in aside]
            if set_aside is not None:
                set_aside.extend(aside)
    out.sort(key=lambda r: (r.start, r.anchor))
    return _link_parts(out, sentences, text)


# ------------------------------------------------------------- tables

# A table row's label that is a place is the row's location.
PLACE_LABEL = re.compile(r"(?:镇|乡|村|县|区|市|街道|社区)$")
# Column name of each kind of cell, per table.
TABLE_COLUMNS = {
    "funding": {"money": "amount"},
    "trainings": {"sessions": "sessions", "people": "trainees"},
    "activities": {"sessions": "times", "people": "participants", "materials": "materials"},
}


def _table_records(rows: Sequence[TableRow], sentences: Sequence[Sentence]) -> list[Extracted]:
    """One record per body row of the report's | tables (``tables``)."""
    out = []
    starts = [s.start for s in sentences]
    for row in rows:
        k = bisect.bisect_right(starts, row.start) - 1
        sentence = sentences[max(k, 0)]
        columns = TABLE_COLUMNS[row.table]
        spans = {f"{columns[kind]}_text": (q.start, q.end) for kind, q in row.figures.items()}
        context = row.caption + " " + sentence.section
        values: dict[str, Any]
        if row.table == "funding":
            q = row.figures["money"].quantity
            values = {
                "amount_yuan": q.value,
                "amount_text": q.text,
                "amount_qualifier": q.qualifier,
                "purpose": None,
                # the row's payer ("县财政"), else the whole table's ("财政科普经费投入情况")
                "source": (
                    _source_named(row.caption)
                    if row.total or _source_before(row.label) == "unknown"
                    else _source_before(row.label)
                ),
                "scope": _scope(row.label, None, context),
            }
        else:
            if row.table == "trainings":
                values = {
                    "category": _training_category(row.caption, row.label, sentence.section),
                    "topic": None,
                    "audience": None,
                    "organizer": None,
                    **_qty_columns("sessions", row.figures.get("sessions")),
                    **_qty_columns("trainees", row.figures.get("people")),
                }
            else:
                values = {
                    "category": _specific_category(row.caption)
                    or _category(row.caption + row.label, ACTIVITY_CATEGORIES),
                    **_qty_columns("times", row.figures.get("sessions"), unit=False),
                    **_qty_columns("participants", row.figures.get("people")),
                    **_qty_columns("materials", row.figures.get("materials")),
                    "name": None,
                    "organizers": None,
                }
            values.update(_date_columns(None))
            values["location"] = (
                row.label if PLACE_LABEL.search(row.label) and not row.total else None
            )
        values["_notes"] = ()
        values["_spans"] = spans
        values["_sums_above"] = row.total
        values["_table"] = row.table_start
        values["_figures"] = tuple(q.start for q in row.figures.values())
        out.append(
            Extracted(
                table=row.table,
                start=row.start,
                end=row.end,
                anchor=min(q.start for q in row.figures.values()),
                values=values,
                planned=sentence.plan_part or row.planned,
            )
        )
    return out


# ------------------------------------------------------------- funding


def _is_money(before: str, span: QuantitySpan) -> bool:
    q = span.quantity
    if q.unit == MONEY_UNIT:
        return True
    if q.unit is not None:
        return False
    # A bare amount is money only with a multiplier, after a funding verb in its clause.
    if not re.search(r"[万亿]", q.text):
        return False
    return _has(before, FUNDING_VERBS) or _has(before, ("经费", "资金"))


def _funding(
    text: str,
    sentence: Sentence,
    body: str,
    spans: Sequence[QuantitySpan],
    info: ReportMeta,
    follows_total: bool = False,
) -> list[Extracted]:
    """Funding rows of one sentence; ``follows_total``: the sentence before
    ended on an amount ("…共计12.6万元…。其中:租赁3.2万元,…")."""
    rows: list[Extracted] = []
    clauses = _clauses(body, 0)
    starts = [c[0] for c in clauses]
    marks = _Marks(body)
    obtained = _OBTAINED.sub("获得", body) if "争取" in body else body
    befores: list[str] = []  # the words before each row's amount
    for span in spans:
        cs, ce = _clause_at(starts, clauses, span.start)
        before = body[max(cs, span.start - BEFORE_WINDOW) : span.start]
        if not _is_money(before, span):
            continue
        after = body[span.end : min(ce, span.end + AFTER_WINDOW)]
        clause = before + span.quantity.text + after
        after_sub = marks.after_sub(span.start) and (
            rows != [] or (marks.opens_with_sub and follows_total)
        )
        # Parts after 其中 often drop the funding word ("其中省级200万元").
        # (also after parts that were no rows: "每家补助2万元,共计24万元")
        closing_total = before.strip(" ,") in TOTAL_AFTER_PARTS and (
            rows != [] or _has(body[:cs], FUNDING_WORDS)
        )
        if not (
            _has(before, FUNDING_WORDS)
            or _has(after[:6], FUNDING_WORDS)
            or after_sub
            or closing_total
        ):
            continue
        # Revenue words count only when nearer the amount than the funding word.
        bad = _last_index(before, NOT_FUNDING_WORDS)
        good = _last_index(before, FUNDING_WORDS)
        if bad > good or _has(after[:4], NOT_FUNDING_WORDS):
            continue
        per_unit = next(
            (
                m
                for m in PER_UNIT.finditer(before)
                if m.group().endswith("均") or len(before) - m.end() <= PER_UNIT_REACH
            ),
            None,
        )
        if (per_unit and not TOTAL_SINCE.search(before, per_unit.end())) or PER_UNIT_AFTER.match(
            body, span.end
        ):
            continue  # "每家补助2万元" (but "每村配备书架,共投入资金43万元" is a total)
        if FIXED_ASSETS.search(before):
            continue  # a county's economic statistics ("全社会固定资产投资完成52.7亿元")
        if NOT_SPENT.search(before) or DELTA_BEFORE.search(before[-12:]):
            continue
        if RD_MONEY.search(before) and not _has(before, ("科普",)):
            continue
        if LAST_YEAR_BEFORE.search(before):
            continue  # "上年同期支出24.2万元": last year's, for comparison
        if NOT_YET_AFTER.match(body, span.end):
            continue
        if (
            APPLIED.search(before)
            and not marks.after_sub(span.start)
            and not GRANTED_AFTER.match(body, span.end)
        ):
            continue
        if DELTA_VERB.search(before) or (
            re.search(r"(?:由|从)[^,;。]{0,8}$", before) and OLD_VALUE_AFTER.match(after)
        ):
            continue
        q = span.quantity
        purpose = _purpose(
            before, re.split(r"[;。]", body[span.end : span.end + AFTER_WINDOW], maxsplit=1)[0]
        )
        context = body[max(0, span.start - UPTO_WINDOW) : span.start] + " " + sentence.section
        # "…12.6万元,从区财政科普专项经费中列支": the next clause says whose money
        paid_from = PAID_FROM_NEXT.match(body, ce + 1) if ce < len(body) else None
        if paid_from is not None:
            context = context + " " + paid_from.group()
        source = _source(before, after, body[max(0, span.start - BEFORE_WINDOW) : cs])
        fund = _source_before(paid_from.group()) if paid_from is not None else "unknown"
        if fund != "unknown":
            source = fund  # "支持社会组织…经费6万元,从县财政…中列支": the fund, not the recipient
        values = {
            "amount_yuan": q.value,
            "amount_text": q.text,
            "amount_qualifier": q.qualifier,
            "purpose": purpose,
            "source": source,
            "scope": _scope(clause, purpose, context),
            "_figures": (sentence.start + span.start,),
            "_sums_above": bool(SUMS_ABOVE.match(body)),
            "_payer_named": bool(PAYER_HINT.search(before + after[:6])),
            "_after_total": marks.opens_with_sub and follows_total,
            "_inner": before.rfind("(") > before.rfind(")"),  # inside (含…)
            "_spans": {"amount_text": (sentence.start + span.start, sentence.start + span.end)},
        }
        rows.append(
            Extracted(
                table="funding",
                start=sentence.start,
                end=sentence.end,
                anchor=sentence.start + span.start,
                values=values,
                planned=is_planned(obtained, span.start, sentence.plan_part),
                part_of_previous=marks.after_sub(span.start),
            )
        )
        befores.append(before)
    # "项目总投资800万元,已完成投资500万元": the project's size is its plan; what
    # was invested is the money put in
    for k, before in enumerate(befores):
        if PROJECT_SIZE.search(before) and any(
            INVESTED.search(b)
            and ";" not in body[rows[k].anchor - sentence.start : r.anchor - sentence.start]
            for b, r in zip(befores[k + 1 :], rows[k + 1 :], strict=True)
        ):
            rows[k] = replace(rows[k], planned=True)
    return rows


# A project's whole investment, and what of it has been put in so far.
PROJECT_SIZE = re.compile(r"总投资[^,;。]{0,4}$")
INVESTED = re.compile(r"(?:已完成|完成|已到位|到位|已投入)(?:投资|资金)?[^,;。]{0,4}$")


# 争取 before money reports money obtained ("争取省级项目资金300万元"), not a plan.
_OBTAINED = re.compile(r"争取(?=[^,;。]{0,24}(?:资金|经费|拨款|补助|支持|赞助|捐赠|捐助|资助))")
# What the money paid for, written after the amount ("…15万元,用于改造活动室").
PURPOSE_AFTER = re.compile(
    r"^,?(?:主要)?(?:用于|修建了?|建设了?|新建了?|购置了?|配置了?|建成了?|改造了?)([^,;。]{2,30})"
)
# …or the kind of fund written before it ("科技培训经费48万元" → 科技培训).
PURPOSE_BEFORE = re.compile(r"([^,;:。]{2,20}?)(?:经费|资金|补助|投资)")
# Words that end a fund name's lead-in: whatever precedes them is not the purpose.
PURPOSE_LEAD = re.compile(
    r"^.*(?:投入|投资|安排|拨付|拨款|下拨|争取|申请|获批|力争|筹措|落实|获得|用于|吸纳|整合|赞助|捐赠|捐助|其中|将|和|及|与|、|的|共计|累计|合计|全年|今年|共|达)"
)
# Fund names that say nothing of what was paid for.
PURPOSE_EMPTY = (
    "项目总",
    "总",
    "各类",
    "各项",
    "专项",
    "配套",
    "社会",
    "财政",
    "上级",
    "自筹",
    "社会各界",
)


HEADING_PREFIX = re.compile(
    r"^\s*(?:[(]?[一二三四五六七八九十\d]+[)、.]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+、)"
)


def _purpose(before: str, rest: str) -> str | None:
    """What the money paid for: a 用于 / 修建 phrase after the amount, else the
    kind of fund named before it; None rather than a guess."""
    m = PURPOSE_AFTER.match(rest)
    if m:
        return simplify(re.sub(r"^,?(?:主要)?(?:用于)?|(?<=[建造置成])了", "", m.group(0)))
    found = list(PURPOSE_BEFORE.finditer(HEADING_PREFIX.sub("", before)))
    if not found:
        return None
    word = PURPOSE_LEAD.sub("", found[-1].group(1))
    word = re.sub(r"^(?:镇|县|市|省|区|乡|街道)?(?:政府|财政|科协|科技局)", "", word)
    if len(word) < 2 or word in PURPOSE_EMPTY or re.search(r"\d", word):
        return None
    return simplify(word)


# How far before an amount a source word still names its payer.
SOURCE_WINDOW = 16


# Words that make an earlier clause speak of the money ("…列入财政预算").
MONEY_TALK = (*FUNDING_WORDS, "预算")
FIXED_ASSETS = re.compile(r"固定资产投资[^,;。]{0,4}$")
# Words that name how a part's money came in: its own payer, not the total's.
PAYER_HINT = re.compile(r"捐|资助|赞助|出资|筹资|自筹|集资|企业|社会|村集体|个人|乡贤")
# A clause naming the fund an amount comes out of ("从区财政科普专项经费中列支").
PAID_FROM_NEXT = re.compile(r"(?:从|由)[^,;。]{1,24}?(?:中)?(?:列支|支出|开支)")
# The payer named after the amount ("8.5万元由各学校自筹解决").
PAID_BY_AFTER = re.compile(
    r"[^,;]{0,4}?由([^,;。]{1,12}?(?:自筹|捐赠|捐助|赞助|出资|承担|负担|拨付|支付))"
)


def _source(before: str, after: str = "", earlier: str = "") -> str:
    """Who paid: the source named nearest before the amount in its clause,
    else after 由 in its clause, else in the clauses before it since the last
    figure ("县政府将…经费列入财政预算,全年安排15万元"); several sources
    named together ("社会捐助和企业赞助") or none → unknown."""
    found = _source_before(before)
    if found == "unknown":
        paid_by = PAID_BY_AFTER.match(after)
        if paid_by is not None:
            return _source_before(paid_by.group(1))
        if earlier and _has(earlier, MONEY_TALK):
            return _source_before(earlier + before)
    return found


def _source_named(caption: str) -> str:
    """The one payer a table's caption names ("各县财政科普经费投入情况"), if one."""
    named = {category for category, words in FUNDING_SOURCES if any(w in caption for w in words)}
    return named.pop() if len(named) == 1 else "unknown"


def _source_before(before: str) -> str:
    # Only the words after the previous figure can name this amount's payer.
    window = re.split(r"\d(?:[万亿千百]?元|万|亿)?", before)[-1][-SOURCE_WINDOW:]
    hits: list[tuple[int, int, str]] = []  # (end, length, category)
    for category, words in FUNDING_SOURCES:
        for w in words:
            i = window.rfind(w)
            if i >= 0:
                hits.append((i + len(w), len(w), category))
    if not hits:
        return "unknown"
    hits.sort()
    end, _, category = hits[-1]
    # A longer phrase ending at the same place wins ("企业自筹" over "自筹").
    category = max((h for h in hits if h[0] == end), key=lambda h: h[1])[2]
    others = {c for e, _, c in hits if c != category}
    if others and re.search(r"[和及与、]", window):
        return "unknown"
    return category


def _scope(clause: str, purpose: str | None, context: str) -> str:
    """science_popularization, project or other: the amount's own clause
    first, then the sentence before it and its section heading."""
    target = (purpose or "") + clause
    if _has(clause, ("项目总投资", "总投资")):
        return "project"
    if _has(target, FUNDING_SCOPE_SCIENCE):
        return "science_popularization"
    if _has(target, FUNDING_SCOPE_PROJECT):
        return "science_popularization" if _has(context, ("科普",)) else "project"
    if _has(context, FUNDING_SCOPE_SCIENCE):
        return "science_popularization"
    return "other"


# --------------------------------------------------- trainings, activities

# Verbs that open an event of their own: a figure after them is a new row.
ORGANIZING_VERBS = ("举办", "举行", "开展", "组织", "召开", "播放", "放映", "开设", "承办")
# Nouns right after a people count that make it people appointed, not reached.
ROLE_NOUNS = (
    "宣传员",
    "带头人",
    "示范户",
    "志愿者",
    "特派员",
    "科普员",
    "专家",
    "辅导员",
    "技术人员",
    "科技人员",
    "会员",
    "人才",
    "骨干",
    "工作者",
    "信息员",
    "联络员",
    "讲师",
    "医务",
)
# People granted a status are not people reached ("74名享受政府特殊津贴人员").
STATUS_AFTER = ("津贴", "称号", "待遇", "荣誉")
# People who passed a test or were picked: a result, not attendance
# ("培训结束后有24人通过了市级考核,其中3人获推荐参加省级选拔").
PASSED_AFTER = re.compile(r"(?:通过了?|获|被)[^,;。]{0,8}(?:考核|考试|鉴定|认证|推荐|选拔|评为)")
# People who earned a certificate are counted by it, not by a training
# ("其中98人取得初级职业技能证书").
CERTIFIED_AFTER = re.compile(r"(?:取得|获得|考取|领取)[^,;。]{0,10}(?:证书|证|资格|职称)")
# People who found work or started a business after a training are its
# outcome, not its trainees ("培训学员86名,其中已有23人成功创业").
OUTCOME_AFTER = re.compile(
    r"(?:已经?)?(?:成功|实现|顺利|转移)[^,;。]{0,2}(?:创业|就业|上岗|脱贫|致富)"
)
# ... counted apart from the trainees ("其中已有23人", "培训后45人"), not the
# trainees themselves ("培训180人顺利上岗").
OUTCOME_LEAD = re.compile(r"(?:其中|已有|已经|已|有|后|共有)[^,;。]{0,2}$")
# ... or with the outcome before the count ("培训后实现就业98人").
OUTCOME_BEFORE = re.compile(
    r"(?:成功|实现|顺利|转移)[^,;。]{0,2}(?:创业|就业|上岗|脱贫|致富)(?:的|人数|人员)?[达共计为有]{0,2}$"
)
# Work meetings: whoever joins one is no audience, whatever it is about.
WORK_MEETING = re.compile(
    r"推进会|动员会|工作会|部署会|座谈会|调度会|联席会|表彰会|总结会|代表大会|会议"
)
# Last year's count, given for comparison.
LAST_YEAR_COUNT = re.compile(r"(?:上年|去年|上一年)(?:同期)?(?:为|是|有|共|达)?$")
# The people an event served, named before what was done for them and their
# count ("开展义诊咨询活动,为居民测量血压210人次").
SERVED_BEFORE = re.compile(
    r"为(?:群众|居民|村民|市民|学生|老人|老年人|农民|患者|儿童|妇女)[^,;。\d]{1,8}$"
)
# People nouns after which a bare number counts people ("咨询群众五千上下").
PEOPLE_NOUNS = ("群众", "人员", "农民", "居民", "市民", "学生", "村民", "职工", "观众", "听众")
# ... and those an event serves, as opposed to its staff (科技人员 are 人员).
SERVED_PEOPLE = tuple(w for w in PEOPLE_NOUNS if w != "人员")
# Leaders attending or hearing reports are not events of the work.
LEADER_SENTENCE = re.compile(r"领导[^,;。]{0,10}(?:听取|出席|视察|调研|参加)")


def _has_event_word(text: str) -> bool:
    return _has(text, TRAINING_EVENT_WORDS) or _has(text, ACTIVITY_EVENT_WORDS)


def _specific_category(text: str) -> str | None:
    """The activity category named by specific words in ``text`` (not 活动/宣传)."""
    for category, words in ACTIVITY_CATEGORIES:
        if category == "publicity":
            continue
        if _has(text, words):
            if category == "exhibition" and "大篷车" in text:
                return "outreach"  # a 科普大篷车 tour (巡展) goes out to the people
            return category
    return None


def _events(
    text: str,
    sentence: Sentence,
    body: str,
    spans: Sequence[QuantitySpan],
    dates: Sequence[Any],
    carry: _Event | None,
    last_table: str | None = None,
) -> tuple[list[Extracted], _Event | None]:
    """Trainings and activities of one sentence.

    ``carry`` is the last event of the previous sentence when it still lacks
    its people count ("开展各类培训120多场次。参培农民达1.2万人次"): a
    first clause that counts people and names no event of its own joins it.
    Returns the rows and the event to carry into the next sentence.
    """
    if LEADER_SENTENCE.search(body):
        return ([flush_carry(text, carry)] if carry is not None else []), None
    events: list[_Event] = []
    current: _Event | None = None
    carried: _Event | None = None
    full_dates = [d for d in dates if d.month is not None and _day_known(d)]
    date_starts = [d.begin for d in full_dates]
    marks = _Marks(body)
    clauses = _clauses(body, 0)
    starts = [c[0] for c in clauses]
    per_clause: dict[int, list[QuantitySpan]] = {}
    for span in spans:
        if span.quantity.unit != MONEY_UNIT:
            k = bisect.bisect_right(starts, span.start) - 1
            per_clause.setdefault(k, []).append(span)
    for ci, (cs, ce) in enumerate(clauses):
        clause = body[cs : min(ce, cs + CLAUSE_MAX)]
        made = False
        keep_anchor = False
        label = LABEL_FIELD.match(body, cs) if cs > 0 and body[cs - 1] == ";" else None
        if cs > 0 and body[cs - 1] == ";" and (label is None or _has_event_word(label.group())):
            current = None  # a ;-part tells of another event: nothing joins across it
        elif current is not None and current.part and body[max(0, cs - 2) : cs].startswith(")"):
            # "培训班17期(其中国家级5期、省级12期),培训3200人次": after the
            # parenthesis, the figures are the whole event's again
            current = next((ev for ev in reversed(events) if not ev.part), current)
            keep_anchor = True  # its key figure stays before its parts
        taken_end = cs  # end of the last figure of this clause that made or joined an event
        for span in per_clause.get(ci, ()):
            unit = span.quantity.unit
            before = body[max(cs, span.start - BEFORE_WINDOW) : span.start]
            after = body[span.end : min(ce, span.end + AFTER_WINDOW)]
            if (
                (
                    _last_index(before[-6:], NOT_A_ROW_WORDS)
                    > _last_index(before[-6:], ("学员", "培训", "培育班"))
                    and not TRAINEES_NAMED.search(before)
                )
                or _has(after[:6], ROLE_NOUNS)
                or (_has(before[-5:], ROLE_NOUNS) and not _has(before, PEOPLE_WORDS))
                or "奖" in before[-4:]
            ):
                continue
            if (
                LAST_YEAR_COUNT.search(before[-8:])  # "(上年为4.08万场次)"
                or _has(after[:12], STATUS_AFTER)
                or (CERTIFIED_AFTER.match(after) and "其中" in before[-4:])
                or (OUTCOME_AFTER.match(after) and OUTCOME_LEAD.search(before))
                or OUTCOME_BEFORE.search(before)
                or (PASSED_AFTER.match(after) and before.endswith(("有", "其中")))
                or PER_SESSION.search(before[-12:])
                or DELTA_BEFORE.search(before[-12:])
                or DELTA_VERB.search(before)
            ):
                continue
            if taken_end > cs:
                # after a figure of this clause, only the words since it can name a
                # new event: "培训班6期、培训农民480人" is one, "讲座10场、培训班5期" two
                since = body[taken_end : span.start]
                named_since = _specific_category(since)
                opens = (_has_event_word(since) and _opens_event(since, current)) or (
                    named_since is not None
                    and current is not None
                    and not PEOPLE_NOUN_END.search(since)  # "展览12次、参观群众8000人次"
                    and named_since != _specific_category(current.clause_text)
                )
            else:
                opens = _opens_event(before, current)
            if unit in SESSION_UNITS:
                if unit == "项" and "活动" not in before[-6:]:
                    continue
                if unit == "期" and before.endswith(PHASE_OF):
                    continue  # 科技馆二期, 产业园三期: a building phase
                head = clause
                named = before
                if not _has_event_word(before):
                    prev = _previous_clause(body, cs)
                    if VERB_BEFORE_COUNT.search(before) and _names_event(after):
                        named = before + after[:12]  # "举办3期培训班": the noun follows
                    elif last_table is not None and TABLE_TOTAL.match(body) and cs == 0:
                        # "合计  118期  8948人次": the total line of a table of rows above
                        named = "培训" if last_table == "trainings" else "活动"
                    elif (
                        current is not None
                        and current.sessions is not None
                        and ACTUAL_LEAD.fullmatch(before.strip())
                        and (
                            not AGAIN_LEAD.match(before.strip())
                            or not YEAR_TOTAL.search(current.clause_text)
                        )
                    ):
                        # "计划举办培训班20期,实际举办24期": the event as it was held,
                        # or once more ("…,计划下半年再举办4期")
                        head = named = current.clause_text + "," + clause
                    elif (
                        current is None
                        and body[cs - 1 : cs] == ","
                        and COUNT_LEAD.fullmatch(before.strip())
                        and _held_event(prev)
                    ):
                        # "开展…等科普讲座,全年共计一百二十余场": the clause before names it.
                        head = named = prev + clause
                    elif (
                        current is None
                        and cs == 0
                        and before.strip()
                        and COUNT_LEAD.fullmatch(before.strip())
                        and _has_event_word(_own_heading(sentence.section))
                    ):
                        # "(1)科普电影进村。…。共计:36场": the heading names the event
                        head = _own_heading(sentence.section) + "," + clause
                        named = head
                    else:
                        continue
                if _has(before, NOT_A_ROW_WORDS) and not _has(before, ORGANIZING_VERBS):
                    continue
                if (
                    current is not None
                    and current.date is not None
                    and current.sessions is None
                    and current.people is None
                    and current.materials is None
                    and KINDS_LISTED.search(before)
                    and not YEAR_WIDE.search(before)
                    and _specific_category(current.clause_text) in UMBRELLA_CATEGORIES
                ):
                    # "5月19日至25日举办科技活动周,开展展览、讲座等活动15项": the
                    # dated week counts the activities it held.
                    current.sessions = span
                    current.anchor = span.start
                    made = True
                    current.end = ce
                    if clause not in current.clause_text:
                        current.clause_text += "," + clause
                    continue
                segment = re.sub(r"^[、 ]*(?:其中[,:]?)?", "", body[max(cs, taken_end) : span.end])
                if (
                    head == clause
                    and _has_event_word(segment)
                    and (marks.after_sub(span.start) or LISTED_AFTER.match(body, span.end))
                ):
                    # "其中讲座30场次、咨询36场次", "讲座30场、咨询12次、展览6次": each
                    # item of a list is named by its own words
                    head = segment
                current = _Event(start=cs, clause_text=head, anchor=span.start, sessions=span)
                current.training_words = _has(named, TRAINING_EVENT_WORDS)
                current.part = marks.after_sub(span.start)
                events.append(current)
            elif unit in PEOPLE_UNITS or (unit is None and before[-2:] in PEOPLE_NOUNS):
                verb_after = PEOPLE_VERB_AFTER.match(after) is not None
                as_training = _has(before, TRAINING_PEOPLE_WORDS) or (
                    verb_after and _has(after, TRAINING_WORDS)
                )
                as_activity = (
                    _has(before, ACTIVITY_PEOPLE_WORDS)
                    or _has(before, ACTIVITY_EVENT_WORDS)
                    or verb_after
                    # "开展科普义诊,为300余名群众测量血压": the people it served
                    # (an event of a kind, not "助学活动,为50名学生发放助学金")
                    or (
                        (
                            (before.endswith("为") and after.startswith(SERVED_PEOPLE))
                            or SERVED_BEFORE.search(before) is not None
                        )
                        and (
                            _specific_category(_previous_clause(body, cs) + before) is not None
                            or _science_event(_previous_clause(body, cs))
                        )
                    )
                )
                total_only = before.strip() in TOTAL_WORDS and current is not None
                # "合计\t118期\t8948人次", "5期、300人": right after the event's own figure
                adjacent = (
                    taken_end > cs
                    and not body[taken_end : span.start].strip(" \t、")
                    and not any(
                        o.start > span.start and o.quantity.unit in PEOPLE_UNITS
                        for o in per_clause.get(ci, ())
                    )
                )
                total_only = total_only or (adjacent and current is not None)
                if before.strip() in TOTAL_WORDS and current is None and body[cs - 1 : cs] == ",":
                    # "组织学生到科技馆研学参观,共计3800人次": the event is the clause before.
                    prev = _previous_clause(body, cs)
                    if _held_event(prev):
                        as_training = as_training or _has(prev, TRAINING_EVENT_WORDS)
                        as_activity = as_activity or _has(prev, ACTIVITY_EVENT_WORDS)
                # after a list of parts, a clause of their total's figures is no part
                listed_total = _total_of_listed_parts(events, current, cs, "")
                in_breakdown = (
                    marks.after_sub(span.start) and current is not None and listed_total is None
                )
                if (total_only or in_breakdown) and current is not None:
                    as_training, as_activity = current.is_training, not current.is_training
                if not (as_training or as_activity):
                    continue
                if (
                    (
                        NOT_PEOPLE_REACHED.search(before)
                        and not _has(before, TRAINING_PEOPLE_WORDS)
                        and not _has(before, SCIENCE_AT_MEETING)
                    )
                    or (NOT_PEOPLE_FUNDED.search(before) and not _has(before, SCIENCE_IN_CLAUSE))
                    or CERTIFIED_BEFORE.search(before)
                    or _meeting_before(body, cs, before)
                    # "组织30名党员干部参加座谈会": the meeting they joined
                    or (
                        verb_after
                        and NOT_PEOPLE_REACHED.search(after)
                        and (WORK_MEETING.search(after) or not _has(after, SCIENCE_AT_MEETING))
                    )
                ):
                    continue  # a meeting's members, officials on a visit, grant holders
                if _has(before, STAFF_WORDS) and not (
                    _has(before, TRAINING_PEOPLE_WORDS)
                    # "参加…的机关干部、科技人员达1000人次", "接待专家咨询群众…";
                    # not "参加义诊专家60名" (the doctors of the clinic)
                    or (_has(before, PARTICIPANT_WORDS) and not STAFF_OF_EVENT.search(before))
                    # "专家为群众义诊380人次": the people served come after the staff.
                    or _serves(before)
                ):
                    continue
                part = marks.after_sub(span.start)
                if (
                    ci == 0
                    and carry is not None
                    and not events
                    and (
                        not _has_event_word(before)
                        # "举办培训班42期。培训农民5200人次。": the trainees of the one before
                        or (
                            carry.training_words
                            and not carry.part
                            and TRAINEES_LEAD.fullmatch(before.strip())
                        )
                    )
                ):
                    carry.people, carry.people_as_training = (
                        span,
                        as_training or carry.training_words,
                    )
                    carry.clause_text += "," + clause
                    carry.bases["people"] = sentence.start
                    carry.anchor = sentence.start - carry.sentence_start + span.start
                    carried = carry
                    continue
                if (
                    current is not None
                    and current.training_words
                    and current.people is None
                    and not as_training
                    and _has(before, REACH_WORDS)
                ):
                    continue  # "培训班5期,覆盖群众3万余人": reach, not trainees
                total = (
                    listed_total
                    if as_training or not _has_event_word(before)  # 培训农民 names no part
                    else None
                )
                named_part = _part_named(events, before) if listed_total is not None else None
                if named_part is not None and named_part.people is None:
                    # "…其中种植培训20期、养殖培训15期,养殖培训农民1200人次": that part's
                    named_part.people = span
                    named_part.people_as_training = as_training or named_part.training_words
                    named_part.end = ce
                elif total is not None and as_training and not total.is_training:
                    # "…其中讲座30场次、展览30场次,培训农民6200人次": a training of its own
                    current = _Event(start=cs, clause_text=clause, anchor=span.start, people=span)
                    current.people_as_training = current.training_words = True
                    events.append(current)
                elif total is not None and total.people is None:
                    # "…96场次,其中讲座30场次、展览30场次,参与群众5.2万人次": the total's
                    total.people = span
                    total.people_as_training = as_training or total.training_words
                    total.end = ce
                elif (
                    current is not None
                    and current.people is None
                    and not opens
                    and (not part or current.part)
                    and _same_plan(body, current, span, sentence.plan_part)
                ):
                    current.people = span
                    current.people_as_training = as_training or (
                        current.training_words and not _has(before, ACTIVITY_EVENT_WORDS)
                    )
                    if not keep_anchor:
                        current.anchor = span.start
                else:
                    head = (
                        clause
                        # "…;科技下乡受益群众万余人次": a ;-part names its own event
                        if _opens_event(before, None)
                        or (body[cs - 1 : cs] == ";" and _specific_category(before) is not None)
                        else _previous_clause(body, cs) + clause
                    )
                    if taken_end > cs:
                        # a second event of the clause is named after the first one's figure
                        head = body[taken_end : min(ce, cs + CLAUSE_MAX)].lstrip("、 ")
                    current = _Event(start=cs, clause_text=head, anchor=span.start, people=span)
                    current.people_as_training = as_training
                    current.training_words = as_training
                    current.part = part
                    if part:
                        parent = events[-1] if events else carried
                        if parent is not None:
                            current.people_as_training = parent.is_training
                    events.append(current)
            elif unit in MATERIAL_UNITS:
                # "编印…科普读物26种,免费向农户发放8万余册": the noun may come before
                named_by = before + (unit or "")
                if not _has(named_by, MATERIAL_NOUNS) and body[cs - 1 : cs] == ",":
                    prev = _previous_clause(body, cs)
                    if not MATERIAL_COUNT.search(prev):  # "印制资料3万份,发放2.8万份": the same
                        named_by = prev + named_by
                if not (_has(before, MATERIAL_VERBS) and _has(named_by, MATERIAL_NOUNS)):
                    continue
                total = _total_of_listed_parts(events, current, cs, _MATERIAL_WORDS.sub("", before))
                if total is not None and total.materials is None and not total.is_training:
                    total.materials = span
                    total.end = ce
                elif (
                    current is not None
                    and current.materials is None
                    and not current.is_training
                    and not opens
                    and _same_plan(body, current, span, sentence.plan_part)
                ):
                    current.materials = span
                else:
                    current = _Event(
                        start=cs, clause_text=clause, anchor=span.start, materials=span
                    )
                    events.append(current)
            else:
                continue
            made = True
            taken_end = span.end
            if current is not None:
                current.end = ce
                if cs > current.start and clause not in current.clause_text:
                    current.clause_text += "," + clause
        if not made and len(full_dates) >= 2:
            k = bisect.bisect_left(date_starts, cs)
            date = full_dates[k] if k < len(full_dates) and full_dates[k].begin < ce else None
            if date is not None and _specific_category(body[date.end_offset : ce]) is not None:
                current = _Event(start=cs, clause_text=clause, anchor=date.begin, end=ce)
                current.date = date
                events.append(current)
    rows = []
    if carried is not None:
        joined = text[carried.sentence_start : sentence.end]
        rows.append(
            _event_row(
                text,
                carried.sentence,
                joined,
                carried,
                _table(carried),
                carried.date,
                until=sentence.end,
            )
        )
    elif carry is not None:
        rows.append(flush_carry(text, carry))
    for ev in events:
        ev.sentence, ev.body, ev.sentence_start = sentence, body, sentence.start
        if ev.date is None:
            ev.date = _date_for(ev, dates, marks)
        if ev.people is None and ev.sessions is not None:
            continue  # may still receive its people from the next sentence
        rows.append(_event_row(text, sentence, body, ev, _table(ev), ev.date))
    last = events[-1] if events else None
    pending = [ev for ev in events if ev.people is None and ev.sessions is not None]
    for ev in pending:
        if ev is last:
            continue
        rows.append(_event_row(text, sentence, body, ev, _table(ev), ev.date))
    if last is not None and last in pending:
        return sorted(rows, key=lambda r: r.anchor), last
    return sorted(rows, key=lambda r: r.anchor), None


def flush_carry(text: str, ev: _Event) -> Extracted:
    """A carried event that found no people in the next sentence."""
    return _event_row(text, ev.sentence, ev.body, ev, _table(ev), ev.date)


# Staff named by the event they work at, right after joining it ("参加义诊专家").
STAFF_OF_EVENT = re.compile(
    r"参加(?:义诊|服务|宣讲|咨询)(?:的)?[^,;。和与及]{0,3}?(?:专家|医生|医务人员|志愿者)$"
)
# Words between a staff word and the people it serves ("专家为群众义诊").
SERVICE_LINK = re.compile(r"为|给|向|帮|服务|接待")


def _serves(before: str) -> bool:
    """Staff named first, then the people they serve ("医院专家为群众义诊"),
    not staff and volunteers listed together ("专家和卫校学生40余人")."""
    staff = _last_index(before, STAFF_WORDS)
    served = _last_index(before, SERVED_PEOPLE)
    return 0 <= staff < served and SERVICE_LINK.search(before, staff, served) is not None


def _own_heading(section: str) -> str:
    """The innermost heading of a section path ("一、… > (2)科普电影进村")."""
    return section.rsplit(" > ", 1)[-1]


def _science_event(clause: str) -> bool:
    """A 科普 event held ("开展健康科普志愿服务活动"), not a programme or a project."""
    return "科普" in clause and _has(clause, ORGANIZING_VERBS) and _has_event_word(clause)


def _held_event(clause: str) -> bool:
    """Does ``clause`` tell of an event held ("组织学生到科技馆研学参观"),
    not of people appointed or an award ("组建宣讲团", "被评为…优秀组织单位")?"""
    return (
        _has(clause, ORGANIZING_VERBS)
        and _has_event_word(clause)
        and not _has(clause, NOT_A_ROW_WORDS)
        and not _has(clause, STAFF_WORDS)
        and not _has(clause, ROLE_NOUNS)
    )


def _previous_clause(body: str, cs: int) -> str:
    """The clause before offset ``cs`` (it often names the event a count belongs to)."""
    prev = body[max(0, cs - CLAUSE_MAX) : cs].rstrip(",;:")
    i = max(prev.rfind(","), prev.rfind(";"), prev.rfind(":"))
    return prev[i + 1 :] + "," if prev else ""


def _table(ev: _Event) -> str:
    return "trainings" if ev.is_training else "activities"


def _day_known(d: Any) -> bool:
    return d.start is not None or bool(re.search(r"\d+日|[一二三四五六七八九十]+日", d.text))


def _opens_event(before: str, current: _Event | None) -> bool:
    """The words before a figure name an event of their own (a new row)."""
    if _has(before, ORGANIZING_VERBS) and _has_event_word(before):
        return True
    if current is None or _has(before, PEOPLE_WORDS):
        return False
    named = _specific_category(before)
    return named is not None and named != _specific_category(current.clause_text)


_BREAK = re.compile("[;。]")


def _closing(body: str, pos: int) -> int:
    """The ) that closes the ( open before ``pos`` (nested pairs counted); -1 if none."""
    depth = 1
    for m in _PARENS.finditer(body, pos):
        depth += 1 if m.group() == "(" else -1
        if depth == 0:
            return m.start()
    # Unbalanced: a ) that ends a clause ("(其中…(含线上12期),培训2800人次")
    # is the likeliest end; one inside a clause ("(含线上)6期") is not.
    for m in re.finditer(r"\)(?=[,;。]|$)", body[pos:]):
        return pos + m.start()
    return -1


_PARENS = re.compile(r"[()]")


class _Marks:
    """Where a sentence's breakdown markers and ; stand, for O(log n) look-ups."""

    def __init__(self, body: str) -> None:
        self.subs = [m.start() for m in SUB_MARKER.finditer(body)]
        self.breaks = [m.start() for m in _BREAK.finditer(body)]
        self.opens_with_sub = bool(self.subs) and not body[: self.subs[0]].strip(" ,:")
        # A 其中 in parentheses ends at the closing one: "17期(其中国家级5期),培训3200人次"
        self.closes = [
            _closing(body, sub) if body[max(0, sub - 1) : sub] == "(" else -1 for sub in self.subs
        ]
        self.colon_after = [body.startswith(":", sub + 2) for sub in self.subs]
        self.body = body

    def after_sub(self, pos: int) -> bool:
        """``pos`` lies in the scope of a 其中: after it, with no ; between
        (a sentence that opens with 其中 is a breakdown as a whole)."""
        k = bisect.bisect_left(self.subs, pos) - 1
        if k < 0:
            return False
        if 0 <= self.closes[k] < pos:
            return False
        if k == 0 and self.opens_with_sub:
            return True
        if self.colon_after[k]:
            # "其中:A;B;C": the ; separate the parts, until one tells of more
            # ("…;另外开展…", "…;举办电商培训班5期")
            seg = self.body.rfind(";", self.subs[k], pos) + 1
            return seg == 0 or not NEW_STATEMENT.match(self.body, seg)
        b = bisect.bisect_left(self.breaks, self.subs[k])
        return b >= len(self.breaks) or self.breaks[b] >= pos


# A people count with no verb, totalling the event before it ("共计380人").
TOTAL_WORDS = ("共计", "合计", "共", "计", "达", "累计", "总计", "约")
# Each category's words, by its name.
_CATEGORY_WORDS = dict(ACTIVITY_CATEGORIES)
# A place or project whose 二期/三期 is a building phase, not sessions.
PHASE_OF = ("馆", "园区", "产业园", "科技园", "厂", "楼", "工程")
# A count for the whole year, not for a dated event before it.
YEAR_WIDE = re.compile(r"全年|今年|年内|一年来|本年度|全年度")
# Kinds of activity listed before one count ("开展展览、讲座、咨询等活动15项").
KINDS_LISTED = re.compile(r"等[^,;]{0,4}活动$")
# An organizing verb right before a count whose event noun follows it
# ("举办3期培训班", "办了一期家政服务培训班").
VERB_BEFORE_COUNT = re.compile(r"(?:举办|举行|开展|组织|开设|放映|办)了?(?:各类|各种)?$")
# The phrase after such a count ("果树修剪培训班") up to its punctuation.
PHRASE_AFTER = re.compile(r"[^,;:。]{1,12}")


# The words of a materials clause ("发放宣传资料"), which name no event.
_MATERIAL_WORDS = re.compile("|".join((*MATERIAL_VERBS, *MATERIAL_NOUNS, "宣传", "科普")))


def _same_plan(body: str, current: _Event, span: QuantitySpan, plan_part: bool) -> bool:
    """Is a figure planned as the event it would join is ("开展活动12次,受益
    4000人次,计划下半年再发放资料3000份": the 3000 is a plan of its own)?"""
    return plan_part or is_planned(body, span.start, False) == is_planned(
        body, current.anchor, False
    )


def _last_parts(events: Sequence[_Event]) -> tuple[_Event | None, Sequence[_Event]]:
    """The last event that is no part, and the parts listed after it."""
    k = len(events) - 1
    while k >= 0 and events[k].part:
        k -= 1
    return (events[k] if k >= 0 else None), events[k + 1 :]


def _part_named(events: Sequence[_Event], before: str) -> _Event | None:
    """The part of the last list of parts whose first words open ``before``."""
    lead = before.lstrip(",、 ")
    for part in _last_parts(events)[1]:
        key = re.sub(r"^[其中,:、\s]*", "", part.clause_text)[:2]
        if len(key) == 2 and not key[0].isdigit() and lead.startswith(key):
            return part
    return None


def _total_of_listed_parts(
    events: Sequence[_Event], current: _Event | None, cs: int, before: str
) -> _Event | None:
    """The total event when a clause naming no event follows a list of two or
    more parts that counted sessions only ("共开展活动96场次,其中讲座30场次、
    展览30场次,参与群众5.2万人次": the people are the 96 activities')."""
    if current is None or not current.part or current.start >= cs or _has_event_word(before):
        return None
    total, parts = _last_parts(events)
    if total is None or len(parts) < 2:
        return None
    if any(p.people is not None or p.materials is not None for p in parts):
        return None
    return total


def _names_event(after: str) -> bool:
    """Does the phrase right after a count end in an event noun ("3期果树修剪
    培训班"), not in a meeting or a survey ("2次培训工作推进会", "3轮培训需求调研")?"""
    m = PHRASE_AFTER.match(after)
    if m is None:
        return False
    phrase = m.group().rstrip("了的")
    return any(phrase.endswith(w) for w in (*TRAINING_EVENT_WORDS, *ACTIVITY_EVENT_WORDS))


# Words naming the people of the event before, not a new event ("、参观群众").
PEOPLE_NOUN_END = re.compile(r"(?:群众|观众|听众|学生|人员|市民|居民|村民|农民|师生|游客)$")
# A figure followed by another item of a 、-list.
LISTED_AFTER = re.compile(r"[^,;、]{0,4}、")
# People a training word names right before their count, whatever they are
# ("参训会员180人", "培训信息员186人", "培训志愿者180名").
TRAINEES_NAMED = re.compile(r"(?:培训|参训|受训|参培|轮训|参学)[^,;。\d]{0,6}$")
# A sentence that only says how many were trained ("培训农民5200人次").
TRAINEES_LEAD = re.compile(
    r"(?:全年|共|共计|累计)?(?:培训|参训|参培|受训)(?:各类)?"
    r"(?:农民|学员|群众|人员|干部|职工|妇女|青年|学生|村民|农户|居民)?(?:达|共|共计|约)?"
)
# A clause counting the event before it once more, without its noun: as it
# turned out ("计划举办培训班20期,实际举办24期") or as it goes on ("已举办
# 6期,计划下半年再举办4期").
ACTUAL_LEAD = re.compile(
    r"[^,;]{0,8}?(?:实际|目前已|已经?|再|还将|还|另)(?:举办|开展|完成|组织|举行|办)了?"
)
# …once more is one more event ("计划下半年再举办4期", "应群众要求,再举办2期"),
# but never more of what a year's total before counted ("全年20期,…再举办8期").
YEAR_TOTAL = re.compile(r"全年|年内|一年来")  # (今年已… is progress, not the year's total)
AGAIN_LEAD = re.compile(r"[^,;]{0,8}?(?:再|还将|还|另)(?:举办|开展|组织|举行|办)")
# A clause that only gives a count ("全年共计120场"), naming no event.
COUNT_LEAD = re.compile(
    r"(?:全年|今年|年内|全年度|全[县市镇乡区省州旗])?(?:共计|合计|共|计|累计|总计)?:?"
)
# Verbs right after a people count ("50余人参加…", "5万余人享受到…").
PEOPLE_VERB_AFTER = re.compile(
    r"^(?:\(次\))?(?:选手|中小学生|中学生|小学生|大学生|学生|群众|代表|居民|市民|村民|农民|学员|师生|家长|青少年|职工"
    r"|果农|菜农|茶农|养殖户|种植户|妇女|老年人|儿童|游客|观众|听众|党员|干部|教师|青年){0,2}"
    r"(?:参加|参与|享受|受益|观看|收看|参训|参培|接受|参观|参赛|走进|来到|聆听|听取了?报告)"
)
# A count per session or a capacity is not a count of people reached
# ("每期培训学员50人", "年接待能力将达到50万人次").
PER_SESSION = re.compile(r"每(?:期|场|班|次|批|轮|天|年|月|个)|能力|容纳|规模")


def _date_for(ev: _Event, dates: Sequence[Any], marks: _Marks) -> Any:
    """The last date before the event's figure in its own ;-separated part
    ("6月份举办展览…;组织讲座24场" dates the exhibition only)."""
    k = bisect.bisect_right([d.begin for d in dates], ev.anchor) - 1
    if k < 0:
        return None
    d = dates[k]
    b = bisect.bisect_left(marks.breaks, d.end_offset)
    return d if b >= len(marks.breaks) or marks.breaks[b] >= ev.anchor else None


def _event_row(
    text: str,
    sentence: Sentence,
    body: str,
    ev: _Event,
    table: str,
    date: Any,
    until: int | None = None,
) -> Extracted:
    head = ev.clause_text
    # Who and where belong to the event's own ;-separated part of the sentence.
    stop = ev.end if ev.end else len(body)
    lo = max(0, ev.start - BEFORE_WINDOW)
    context = body[
        body.rfind(";", lo, max(ev.start, 0)) + 1 or lo : min(stop, ev.start + CLAUSE_MAX)
    ]
    upto = body[max(0, ev.start - UPTO_WINDOW) : ev.start + len(head)]
    if table == "trainings":
        values: dict[str, Any] = {
            "category": _training_category(head, upto, sentence.section),
            "topic": _topic(head),
            "audience": _audience(head),
            "organizer": _organizer(context),
            **_qty_columns("sessions", ev.sessions),
            **_qty_columns("trainees", ev.people),
        }
    else:
        values = {
            "category": _activity_category(head, upto, _names_itself(ev)),
            **_qty_columns("times", ev.sessions, unit=False),
            **_qty_columns("participants", ev.people),
            **_qty_columns("materials", ev.materials),
        }
        values["name"] = _name(head, values["category"], upto)
        values["organizers"] = _organizer(context)
    values.update(_date_columns(date))
    values["location"] = _location(context)
    values["_notes"] = (
        ("date_invalid",) if date is not None and not getattr(date, "valid", True) else ()
    )
    spans: dict[str, tuple[int, int]] = {}
    names = ("sessions", "trainees") if table == "trainings" else ("times", "participants")
    for prefix, role, figure in (
        (names[0], "sessions", ev.sessions),
        (names[1], "people", ev.people),
        ("materials", "materials", ev.materials),
    ):
        if figure is not None:
            base = ev.bases.get(role, sentence.start)
            spans[f"{prefix}_text"] = (base + figure.start, base + figure.end)
    if date is not None:
        spans["date_text"] = (sentence.start + date.begin, sentence.start + date.end_offset)
    values["_spans"] = spans
    values["_sums_above"] = bool(SUMS_ABOVE.match(body))
    values["_figures"] = tuple(
        ev.bases.get(role, sentence.start) + f.start
        for role, f in (
            ("sessions", ev.sessions),
            ("people", ev.people),
            ("materials", ev.materials),
        )
        if f is not None
    )
    return Extracted(
        table=table,
        start=sentence.start,
        end=until if until is not None else sentence.end,
        anchor=sentence.start + ev.anchor,
        values=values,
        planned=_event_planned(body, sentence, ev),
        part_of_previous=ev.part,
    )


def _event_planned(body: str, sentence: Sentence, ev: _Event) -> bool:
    """A future marker before any of the event's figures in this sentence
    ("拟举办培训班5期,培训300人": the 300 is planned too)."""
    at = [ev.anchor] + [
        f.start
        for role, f in (("sessions", ev.sessions), ("materials", ev.materials))
        if f is not None and ev.bases.get(role, sentence.start) == sentence.start
    ]
    if ev.sessions is None and ev.people is None and ev.materials is None and ev.end:
        at.append(ev.end - 1)  # a dated event: "5月21日将举办…竞赛" is planned
    return any(is_planned(body, pos, sentence.plan_part) for pos in at)


# Events that umbrella the figures of a whole sentence ("科技活动周期间…接待咨询1500人次").
UMBRELLA_CATEGORIES = ("science_day", "science_week", "campaign")


# Categories a head names that an umbrella event of the sentence overrides.
WEAK_CATEGORIES = ("consultation", "visit", "publicity")


def _first_umbrella(text: str) -> tuple[str, bool] | None:
    """The first umbrella event named in ``text``, and whether it is only a
    time frame ("科技活动周期间")."""
    best: tuple[int, str, int] | None = None
    for category, words in ACTIVITY_CATEGORIES:
        if category not in UMBRELLA_CATEGORIES:
            continue
        for w in words:
            i = text.find(w)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, category, i + len(w))
    if best is None:
        return None
    return best[1], "期间" in text[best[2] : best[2] + 8]


# A list of kinds ending in 等…活动 ("科技展览、科普讲座、科技咨询等活动").
KINDS_LIST = re.compile(r"([^,;:]{2,40}?)等[^,;:]{0,4}活动")


# Two kinds of event joined in one phrase ("举办健康讲座和义诊咨询"); the
# 及 of 普及 joins nothing.
KINDS_JOINED = re.compile(r"[^,;:]{2,12}(?:和|(?<!普)及|与)[^,;:]{2,12}")


def _mixed_kinds(head: str) -> bool:
    """Does ``head`` count activities of two or more kinds together?"""
    m = KINDS_LIST.search(head)
    if m is not None and "、" in m.group(1):
        items = m.group(1).split("、")
    else:
        m = KINDS_JOINED.search(head.split(",", 1)[0])
        if m is None:
            return False
        items = re.split("和|(?<!普)及|与", m.group(0))
        # 科技馆 and the like are places the event is held, not a kind of it
        kinds = {_specific_category(item) for item in items} - {"visit"}
        kinds.discard(None)
        return len(kinds) >= 2
    kinds = {_specific_category(item) for item in items}
    kinds.discard(None)
    return len(kinds) >= 2


def _activity_category(head: str, upto: str, counted_itself: bool) -> str:
    """The clause that opened the event names it before the clauses that joined it."""
    opener = head.split(",", 1)[0]
    if counted_itself and opener != head and _specific_category(opener) is not None:
        return _activity_category_of(opener, upto, counted_itself)
    return _activity_category_of(head, upto, counted_itself)


def _activity_category_of(head: str, upto: str, counted_itself: bool) -> str:
    """The event the head names when it counts its own sessions ("科技周期间
    举办讲座26场" is a lecture); else an umbrella event of the sentence (科普日,
    科技周, 活动月) whose people or materials these are; else the event
    named earlier in the sentence."""
    named = _specific_category(head)
    if named in UMBRELLA_CATEGORIES:
        return named  # "举办全国科普日主场活动": an umbrella event of its own
    # An event named in its own right answers to an umbrella of its own
    # ;-part only ("科普日参与10万人次;科技下乡受益万余人次" are two events).
    found = _first_umbrella(upto if named is None else upto[upto.rfind(";") + 1 :])
    if _mixed_kinds(head):
        # "开展展览、讲座、咨询等活动15项": the activities of an umbrella
        # event if the sentence names one (not a count for the whole year),
        # else of no one kind.
        return found[0] if found is not None and not YEAR_WIDE.search(head) else "other"
    # An event named in its own right wins over a time frame ("科技周期间举办科普展").
    if (
        named is not None
        and named not in WEAK_CATEGORIES
        and (counted_itself or found is None or found[1])
    ):
        return named
    if found is not None:
        return found[0]
    return named or _specific_category(upto) or _category(head, ACTIVITY_CATEGORIES)


def _training_category(head: str, prefix: str, section: str) -> str:
    """From the training's own words, else the sentence before it, else the
    section heading ("二、农村实用技术培训")."""
    for text in (head, prefix, section):
        category = _category(text, TRAINING_CATEGORIES)
        if category != "other":
            return category
    return "other"


def _names_itself(ev: _Event) -> bool:
    """The event counts its own sessions, or is a dated event with no count."""
    return ev.sessions is not None or (ev.people is None and ev.materials is None)


def _audience(head: str) -> str | None:
    found = [a for a in AUDIENCES if a in head]
    # Keep the longest names only: 村干部 rather than 村干部 and 干部.
    kept = [a for a in found if not any(a != b and a in b for b in found)]
    return "、".join(kept) or None


# What was taught: between the last organizing verb and the training word
# (组织部 is a unit, not the verb 组织).
TOPIC = re.compile(
    r"(?:举办|开展|组织(?!部)|举行|开设)了?(?:各类|各种|各种类型的|了)?"
    r"([^,;:。举办开展组织]{2,24}?)(?:培训班|培训会|培训|讲座|课程|班)"
)


def _topic(head: str) -> str | None:
    found = list(TOPIC.finditer(head))
    if not found:
        return None
    topic = found[-1].group(1).strip('“”"《》').lstrip("的了")
    topic = re.split(r"参加|参与", topic)[-1]
    if len(topic) < 2 or topic in TRAINING_EVENT_WORDS:
        return None
    return simplify(topic)


NAME_LEAD = re.compile(
    r"[了在的,;:于对与和]|举办|开展|组织|举行|抓好|利用|参加|开设|启动|期间|以来|召开"
)


# Characters a name may run before its keyword ("第十二届青少年科技创新大赛").
NAME_MAX_LEAD = 16
# Keywords too generic to name an event.
UNNAMING_WORDS = ("宣传", "发放", "散发", "赠送", "资料", "展示", "咨询", "参观")


def _name(head: str, category: str, upto: str) -> str | None:
    """The event's name: a quoted name with its event word, else the phrase
    ending in the keyword of its category; None rather than a fragment."""
    m = NAME_QUOTED.search(head)
    if m:
        tail = head[m.end() : m.end() + 8]
        suffix = re.match(r"[^,;:。\d]{0,8}?(活动月|活动周|科普日|活动|大赛|竞赛|展览|讲座)", tail)
        return simplify(m.group(1) + (suffix.group(0) if suffix else "")) or None
    text = upto if category in UMBRELLA_CATEGORIES else head
    words = _CATEGORY_WORDS.get(category, ())
    for w in words:
        i = text.find(w)
        if i < 0 or w in UNNAMING_WORDS:
            continue
        # The name runs from the last organizing verb (or punctuation) to the keyword.
        pieces = NAME_LEAD.split(text[max(0, i - NAME_MAX_LEAD) : i])
        lead = pieces[-1] if len(pieces) > 1 or i <= NAME_MAX_LEAD else ""
        if re.search(r"\d", lead):
            lead = ""
        return simplify(_unpaired_quote_off(lead + w)) or None
    return None


# Opening marks and their closing ones.
_PAIRS = {"“": "”", "《": "》", "「": "」", '"': '"'}


def _unpaired_quote_off(name: str) -> str:
    """ "“全国科普日" → "全国科普日": an opening mark whose closing one is not in
    the name (it came after the keyword) is left out; "“科技之春”宣传月" keeps it."""
    if name[:1] in _PAIRS and _PAIRS[name[0]] not in name[1:]:
        return name[1:]
    return name


def _organizer(context: str) -> str | None:
    if not _ORGANIZER_HINT.search(context):
        return None  # cheap necessary condition: an organizer suffix right before the verb
    matches = list(ORGANIZER.finditer(context))
    if not matches:
        return None
    m = matches[-1]
    parts = re.split(r"、|和|与|及|联合|会同|协同|配合", m.group(1))
    cleaned = [simplify(p) for p in parts if len(p) >= 2]
    return "、".join(cleaned) or None


def _location(context: str) -> str | None:
    m = LOCATION.search(context)
    return simplify(m.group(1)) if m else None


# ---------------------------------------------------------- recall monitor

# Words that make an untaken figure worth a look.
MONITOR_MONEY_WORDS = ("经费", "投入", "资金", "拨款", "补助", "资助", "投资")
MONITOR_PEOPLE_WORDS = ("培训", "参训", "参培", "学员")
MONITOR_WORDS = MONITOR_MONEY_WORDS + MONITOR_PEOPLE_WORDS


def unclaimed_figures(
    text: str,
    sentences: Sequence[Sentence],
    records: Sequence[Extracted],
    figures: dict[int, list[QuantitySpan]] | None = None,
) -> list[tuple[str, str]]:
    """Figures next to a funding or training word that no record took and no
    exclusion rule explains: (figure as written, its sentence)."""
    claimed = {pos for r in records for pos in r.values.get("_figures", ())}
    found = []
    for sentence in sentences:
        body = text[sentence.start : sentence.end]
        if not _has(body, MONITOR_WORDS):
            continue
        clauses = _clauses(body, 0)
        starts = [c[0] for c in clauses]
        known = figures.get(sentence.start) if figures is not None else None
        for span in known if known is not None else find_quantities(body):
            if sentence.start + span.start in claimed or span.quantity.value is None:
                continue
            cs, ce = _clause_at(starts, clauses, span.start)
            before = body[max(cs, span.start - BEFORE_WINDOW) : span.start]
            clause = before + body[span.start : min(ce, span.end + AFTER_WINDOW)]
            unit = span.quantity.unit
            if unit == MONEY_UNIT:
                if not _has(clause, MONITOR_MONEY_WORDS) or _has(clause, NOT_FUNDING_WORDS):
                    continue
                if PER_UNIT.search(clause):
                    continue
            elif unit in PEOPLE_UNITS:
                if not _has(before, MONITOR_PEOPLE_WORDS) or _has(clause, NOT_A_ROW_WORDS):
                    continue
            else:
                continue
            found.append((span.quantity.text, body))
    return found


def figures_of(text: str, records: Sequence[Extracted]) -> list[tuple[str, str]]:
    """(figures as written, sentence) of each record, for an issue's message."""
    out = []
    for r in records:
        spans = r.values.get("_spans", {})
        written = [text[a:b] for key, (a, b) in spans.items() if key != "date_text"]
        out.append(("、".join(written), text[r.start : r.end]))
    return out


# ----------------------------------------------------------------- parts


def _sum_value(r: Extracted) -> float | None:
    v = r.values.get("amount_yuan")
    if r.table != "funding":
        v = r.values.get("trainees") if r.table == "trainings" else r.values.get("participants")
    return None if v is None else float(v)


# A sentence that totals the items listed before it ("以上各类培训合计86期").
# The total line of a table ("合计\t118期\t8948人次", "总计:…").
TABLE_TOTAL = re.compile(r"(?:全年|全镇|全县|全市)?(?:合计|总计|共计)(?=[ \t:])")
SUMS_ABOVE = re.compile(
    r"^(?:(?:以上|上述)[^,;。]{0,12}?(?:合计|共计|累计|总计|共)|" + TABLE_TOTAL.pattern + ")"
)
# How many earlier rows a "以上…合计" total may gather.
MAX_ROWS_ABOVE = 30
# A breakdown is a short list; longer runs of figures are not checked for sums
# (which would cost the square of their length).
MAX_BREAKDOWN_ROWS = 12


# Categories that name no kind of event of their own.
GENERIC_KINDS = frozenset({"other", "publicity"})


def _kinds_break_down(kind: str | None, kinds: set[Any]) -> bool:
    """Can events of ``kinds`` be the parts of a total of ``kind``? Yes under a
    generic total ("各类科普活动120场次"), when a part is of its kind, and when
    the parts name no kind (科普日: 主场活动, 各街道…); not events each of
    another kind (youth and cadre trainings under a farmers')."""
    return kind in GENERIC_KINDS or kind in kinds or kinds <= GENERIC_KINDS


def _link_sums(
    records: list[Extracted], sentences: Sequence[Sentence] = (), text: str = ""
) -> list[Extracted]:
    """Parts listed without 其中 whose figures add up exactly to a total stated
    in the same sentence, before them or after them (合计 …), or to a total
    of the rows above ("以上…合计")."""
    out = list(records)
    order = {s.start: (k, s.section, s.plan_part) for k, s in enumerate(sentences)}
    for table in ("funding", "trainings", "activities"):
        idx = [i for i, r in enumerate(out) if r.table == table]
        position = {i: pos for pos, i in enumerate(idx)}
        _link_table_to_text(out, idx, sentences, text)
        for pos, i in enumerate(idx):
            drawn = out[i].values.get("_table")
            if out[i].values.get("_sums_above") and drawn is not None:
                # a drawn table's 合计 row totals the rows above it, whether or
                # not they add up: counting both would count them twice
                for j in reversed(idx[:pos]):
                    if out[j].values.get("_table") != drawn:
                        break
                    out[j] = replace(out[j], parent=pos, part_of_previous=True)
                continue
            total = _sum_value(out[i])
            if not out[i].values.get("_sums_above") or total is None or total <= 0:
                continue
            running = 0.0
            gathered: list[int] = []
            for j in reversed(idx[max(0, pos - MAX_ROWS_ABOVE) : pos]):
                if out[j].part_of_previous:
                    continue  # already a part of a total among the rows above
                value = _sum_value(out[j])
                if value is None:
                    break
                running += value
                gathered.append(j)
                if len(gathered) >= 2 and abs(running - total) <= total * 0.005:
                    for k in gathered:
                        out[k] = replace(out[k], parent=pos, part_of_previous=True)
                    break
                if running > total:
                    break
        by_sentence: dict[int, list[int]] = {}
        for i in idx:
            by_sentence.setdefault(out[i].start, []).append(i)
        for members in by_sentence.values():
            if not 3 <= len(members) <= MAX_BREAKDOWN_ROWS:
                continue
            for i in members:
                total = _sum_value(out[i])
                if total is None or total <= 0 or out[i].part_of_previous:
                    continue
                free = [j for j in members if j != i and not out[j].part_of_previous]
                for group in ([j for j in free if j > i], [j for j in free if j < i]):
                    values = [_sum_value(out[j]) for j in group]
                    if len(group) < 2 or None in values:
                        continue
                    if abs(sum(v for v in values if v is not None) - total) <= total * 0.005:
                        for j in group:
                            out[j] = replace(out[j], parent=position[i], part_of_previous=True)
                        break
        # "全区开展活动58项,参与3.6万人次。主场活动参与8000人次;各街道…2.8万人次。":
        # the rows of the next sentence (same section) that add up to the one
        # total of the sentence before; not money (a sum of other payers' money
        # is no breakdown), not events each of a kind other than the total's
        starts = list(by_sentence) if table != "funding" else []
        for first, then in itertools.pairwise(starts):
            totals = [i for i in by_sentence[first] if not out[i].part_of_previous]
            parts = by_sentence[then]
            if len(totals) != 1 or len(parts) < 2:
                continue
            a, b = order.get(first), order.get(then)
            if a is None or b is None or b[0] != a[0] + 1 or a[1:] != b[1:]:
                continue
            if BESIDES.match(text, then):
                continue  # "此外,指导各学会举办讲座20场…": more events, not a breakdown
            kinds = {out[j].values.get("category") for j in parts}
            if not _kinds_break_down(out[totals[0]].values.get("category"), kinds):
                continue
            total = _sum_value(out[totals[0]])
            values = [_sum_value(out[j]) for j in parts]
            if total is None or total <= 0 or None in values:
                continue
            if any(out[j].part_of_previous or out[j].parent is not None for j in parts):
                continue
            if abs(sum(v for v in values if v is not None) - total) <= total * 0.005:
                for j in parts:
                    out[j] = replace(out[j], parent=position[totals[0]], part_of_previous=True)
        # "其中,实用技术培训22期1650人次…" then, under its own heading, "分别培训
        # 720人次、560人次和370人次": a later sentence's items that add up exactly to
        # a figure told earlier break it down again (three items, or 分别)
        # (the rows of the sentences before, by value: one look-up per sentence)
        told: dict[float, list[int]] = {}
        for then, members in by_sentence.items():
            _link_told_again(out, members, told, then, text, table, position)
            for i in members:
                v = _sum_value(out[i])
                if v is not None:
                    told.setdefault(round(v), []).append(i)
    return out


# Counts compared when a table breaks down a total told in the text, per table.
TABLE_SUM_COLUMNS = {
    "funding": ("amount_yuan",),
    "trainings": ("sessions", "trainees"),
    "activities": ("times", "participants", "materials"),
}
# How much text (the table's caption, its unit line) may stand between a
# total told in the text and the table that breaks it down.
TABLE_AFTER_TOTAL_LINES = 3
TABLE_AFTER_TOTAL_CHARS = 160


def _adds_up_to(total: Extracted, parts: Sequence[Extracted]) -> bool:
    """Do ``parts`` add up to ``total`` in every count both give (one at least)?"""
    compared = 0
    for column in TABLE_SUM_COLUMNS[total.table]:
        whole = total.values.get(column)
        values = [p.values.get(column) for p in parts]
        if whole is None or None in values:
            continue
        if whole <= 0 or abs(sum(v for v in values if v is not None) - whole) > whole * 0.005:
            return False
        compared += 1
    return compared > 0


def _link_table_to_text(
    out: list[Extracted],
    idx: list[int],
    sentences: Sequence[Sentence],
    text: str,
) -> None:
    """A total told in the text ("全年开展科普活动46场次,受益12000人次。具体如下:")
    and right after it a table of its kind: the table breaks it down. Its rows
    (or its 合计 row, which tells the total again) become the total's parts,
    so it is counted once, whether or not they add up (the rows may be some
    of its parts: "其中科技下乡活动情况如下"; parts that exceed it are said by
    validation)."""
    starts = [s.start for s in sentences]

    def sentence_of(pos: int) -> Sentence | None:
        k = bisect.bisect_right(starts, pos) - 1
        return sentences[k] if k >= 0 else None

    tables: dict[int, list[int]] = {}
    for pos, i in enumerate(idx):
        drawn = out[i].values.get("_table")
        if drawn is not None:
            tables.setdefault(drawn, []).append(pos)
    for drawn, members in tables.items():
        before = [p for p in range(members[0]) if out[idx[p]].values.get("_table") is None]
        if not before:
            continue
        t = before[-1]
        total = out[idx[t]]
        between = text[total.end : drawn]
        if (
            total.end > drawn
            or between.count("\n") > TABLE_AFTER_TOTAL_LINES
            or len(between) > TABLE_AFTER_TOTAL_CHARS
        ):
            continue
        a, b = sentence_of(total.start), sentence_of(out[idx[members[0]]].start)
        if a is None or b is None or (a.section, a.plan_part) != (b.section, b.plan_part):
            continue
        if total.part_of_previous or total.planned != out[idx[members[0]]].planned:
            continue
        if sum(1 for p in before if out[idx[p]].start == total.start) != 1:
            continue  # which of the sentence's figures the table breaks down is not known
        sums = [p for p in members if out[idx[p]].values.get("_sums_above")]
        parts = sums[-1:] if sums else members
        if len(parts) == 1 and not sums:
            if not _adds_up_to(total, [out[idx[parts[0]]]]):
                continue  # one row that is not the total: another event
        for p in parts:
            out[idx[p]] = replace(out[idx[p]], parent=t, part_of_previous=True)


def _link_told_again(
    out: list[Extracted],
    members: list[int],
    told: dict[float, list[int]],
    then: int,
    text: str,
    table: str,
    position: dict[int, int],
) -> None:
    """Make the rows of one sentence parts of a figure told in an earlier
    sentence (``told``: earlier rows by value) when they add up to it."""
    parts = [j for j in members if not out[j].part_of_previous]
    if len(parts) < 2 or len(parts) != len(members):
        return
    if len(parts) < 3 and (table == "funding" or "分别" not in text[then : out[parts[-1]].end]):
        return
    values = [_sum_value(out[j]) for j in parts]
    if None in values or any(out[j].values.get("_table") is not None for j in parts):
        return
    kinds = {out[j].values.get("category") for j in parts}
    for i in reversed(told.get(round(sum(v for v in values if v is not None)), [])):
        if out[i].planned == out[parts[0]].planned and (
            table == "funding" or _kinds_break_down(out[i].values.get("category"), kinds)
        ):
            for j in parts:
                out[j] = replace(out[j], parent=position[i], part_of_previous=True)
            return


def _drop_parts_not_adding_up(records: list[Extracted]) -> list[Extracted]:
    """A sentence of parts (其中:…) after a sentence that gave a total links
    to that sentence's last amount; they are its parts only when they add up
    to it (parts written in (含…) left out of the sum). Otherwise which total
    they break down is not known ("…50万元,争取企业赞助10万元。其中,…30万元,
    15万元"), and they are dropped; the parents of the records left are
    renumbered."""
    idx = [i for i, r in enumerate(records) if r.table == "funding"]
    drop: set[int] = set()
    for pos, i in enumerate(idx):
        parts = [
            j for j in idx if records[j].parent == pos and records[j].values.get("_after_total")
        ]
        total = records[i].values.get("amount_yuan")
        if not parts or total is None:
            continue
        summed = sum(
            records[j].values.get("amount_yuan") or 0.0
            for j in parts
            if not records[j].values.get("_inner")
        )
        if abs(summed - total) > total * 0.005:
            drop.update(parts)
    if not drop:
        return records
    renumber: dict[str, dict[int, int]] = {}
    for table in ("funding", "trainings", "activities"):
        old = [k for k, r in enumerate(records) if r.table == table]
        survivors = [k for k in old if k not in drop]
        where = {k: pos for pos, k in enumerate(old)}
        renumber[table] = {where[k]: n for n, k in enumerate(survivors)}
    out = []
    for k, r in enumerate(records):
        if k in drop:
            continue
        if r.parent is not None:
            r = replace(r, parent=renumber[r.table].get(r.parent))
        out.append(r)
    return out


SESSION_COLUMN = {"trainings": "sessions", "activities": "times"}


# A ;-part that tells of more than the parts before it.
NEW_STATEMENT = re.compile(r"\s*(?:另外|此外|同时|还|并|[^,;:]{0,6}?(?:举办|开展|组织))")
# A sentence that adds events to those before it, rather than breaking them down.
BESIDES = re.compile(r"\s*(?:此外|另外|同时|还|并且|另)")
# Headings of the part of a report that tells its shortcomings.
PROBLEMS_HEADING = re.compile(r"问题|不足|困难|短板|差距")


def _drop_restated_in_problems(
    records: list[Extracted], sentences: Sequence[Sentence]
) -> list[Extracted]:
    """An amount under a problems heading that equals one reported before it
    restates it ("存在的问题:…全年仅投入3万元"): counting it again would
    double the report's money."""
    section = {s.start: s.section for s in sentences}
    seen: set[float] = set()
    out = []
    for r in records:
        value = r.values.get("amount_yuan") if r.table == "funding" else None
        if (
            value is not None
            and value in seen
            and PROBLEMS_HEADING.search(section.get(r.start, ""))
        ):
            continue
        if value is not None:
            seen.add(value)
        out.append(r)
    return out


def _drop_restated_totals(records: list[Extracted]) -> list[Extracted]:
    """A total of sessions alone that the rows just above add up to ("…讲座
    1场…1场…1场。共计:3场。") restates them: linking them to it as parts
    would drop their people from the sums, keeping it would count them twice."""
    drop: set[int] = set()
    for table, column in SESSION_COLUMN.items():
        idx = [i for i, r in enumerate(records) if r.table == table]
        for pos, i in enumerate(idx):
            r = records[i]
            total = r.values.get(column)
            people = r.values.get("trainees" if table == "trainings" else "participants")
            if not r.values.get("_sums_above") or people is not None or not total:
                continue
            running = 0.0
            rows = 0
            for j in reversed(idx[max(0, pos - MAX_ROWS_ABOVE) : pos]):
                value = records[j].values.get(column)
                if value is None or records[j].part_of_previous:
                    break
                running += value
                rows += 1
                if running >= total:
                    break
            if rows >= 2 and running == total:
                drop.add(i)
    return [r for k, r in enumerate(records) if k not in drop]


# An event's people count, and its other counts, by table.
PEOPLE_MEASURE = {"trainings": "trainees", "activities": "participants"}
OTHER_MEASURES = {"trainings": ("sessions",), "activities": ("times", "materials")}


def _counts_alike(part: Extracted, total: Extracted) -> bool:
    """A part that only counts people ("其中培训农民3200人次") is a part of a
    total that counts people too; a part that is an event of its own (its own
    sessions or date) is one of the total's events. Money parts always are."""
    people = PEOPLE_MEASURE.get(part.table)
    if people is None or part.values.get(f"{people}_text") is None:
        return True
    if part.values.get("date_text") or any(
        part.values.get(f"{m}_text") is not None for m in OTHER_MEASURES[part.table]
    ):
        return True
    # (a masked count, "培训xxxx3人", is written though its value is null)
    return total.values.get(f"{people}_text") is not None


def _link_parts(
    records: list[Extracted], sentences: Sequence[Sentence] = (), text: str = ""
) -> list[Extracted]:
    """Set ``parent`` for parts introduced by 其中: the nearest total before them.

    A money part that names no purpose of its own shares its total's scope
    ("科普经费86万元,其中社会捐赠8万元" is science-popularization money too).
    """
    out = _link_sums(_drop_restated_totals(list(records)), sentences, text)
    for table in ("funding", "trainings", "activities"):
        idx = [i for i, r in enumerate(out) if r.table == table]
        for pos, i in enumerate(idx):
            if not out[i].part_of_previous or pos == 0 or out[i].parent is not None:
                continue
            for back in range(pos - 1, -1, -1):
                parent = out[idx[back]]
                if parent.part_of_previous:
                    continue
                if parent.planned and not out[i].planned:
                    break  # "计划总投资300万元,其中今年完成投资120万元": done, counted
                if not _counts_alike(out[i], parent):
                    # "培训班30期,参训的农民和技术员分别为2800人次和150人": the
                    # total counts no people, so these are no parts of it (nor
                    # totals of the parts after them)
                    break
                out[i] = replace(out[i], parent=back)
                if (
                    table == "funding"
                    and out[i].values["scope"] == "other"
                    and not out[i].values["purpose"]
                ):
                    out[i] = replace(
                        out[i], values={**out[i].values, "scope": parent.values["scope"]}
                    )
                if (
                    table == "funding"
                    and out[i].values["source"] == "unknown"
                    and parent.values["source"] != "unknown"
                    and not out[i].values.get("_payer_named")
                ):
                    # a part of one payer's money is that payer's, unless it names another
                    out[i] = replace(
                        out[i], values={**out[i].values, "source": parent.values["source"]}
                    )
                break
    return _drop_parts_not_adding_up(out)
