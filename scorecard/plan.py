"""Is a figure a plan or target rather than a result?

A figure is planned when it sits in a plan part of the report, or when a
future marker (计划, 力争, 将, 拟, 预计, 争取, 确保, 明年, 下一步, 准备, 目标;
预算 against what was actually spent) governs the clause holding it, or one
of the few clauses before it that still speak of the plan ("2020年,将举办
讲座35场,投入经费40万元"). Clauses are delimited by , ; : 。 ! ?; the marker
must come before the figure. Not a marker: the word inside 《…》 or “…” or as part of a
programme's name (科普惠农计划), 将 used like 把 (将科普工作纳入…), a past plan
reported as done (按计划完成, 计划…已完成, 有计划、有步骤地).

>>> is_planned("力争建成科普示范村4个", 8, False)
True
>>> is_planned("将科技经费50万元列入年度财政预算", 5, False)
False
"""

from __future__ import annotations

import re

# Clause boundaries: a marker governs the figures up to the next of these.
CLAUSE_BREAKS = ",;。!?:\n"

# Future markers. Each is (pattern, why); the pattern matches at the marker.
FUTURE_MARKERS: tuple[tuple[str, str], ...] = (
    (r"计划", "计划举办/计划投入: a plan"),
    (r"力争", "a target"),
    (r"力求", "a target"),
    (r"将(?!近|军|领|士)", "will (but 将近 = nearly)"),
    (r"即将", "about to"),
    (r"(?<![模虚草比])拟", "intends (but 模拟, 虚拟, 草拟, 比拟)"),
    (r"预计", "expected"),
    (
        r"争取(?!到|了)(?![^,;。]{0,10}支持)",
        "strive for (but 争取到 = obtained, 争取…支持 = backed by)",
    ),
    (r"确保(?!了)", "ensure (but 确保了 = ensured)"),
    (r"明年", "next year"),
    (r"下一年", "next year"),
    (r"下一步", "next step"),
    (r"下步", "next step"),
    (r"今后", "from now on"),
    (r"打算", "intends"),
    (r"准备(?=投入|举办|开展|组织|建设|新建|筹建|实施|购置|安排|启动|建立|设立)", "about to"),
    (r"目标", "a target (目标培训5000人次, 2020年目标:…)"),
    (r"预算", "a budget, when the sentence goes on to what was actually spent"),
)
_MARKER_RE = re.compile("|".join(f"(?:{p})" for p, _ in FUTURE_MARKERS))

# 计划 as a noun in a programme's name or a plan document, not a verb.
PLAN_NOUN_BEFORE = (
    "行动",
    "惠农",
    "兴村",
    "益民",
    "惠民",
    "富民",
    "百人",
    "千人",
    "万人",
    "倍增",
    "星火",
    "火炬",
    "春晖",
    "培训",
    "年度",
    "工作",
    "实施",
    "发展",
    "项目",
    "人才",
    "教育",
    "专项",
    "科技",
    "科普",
    "五年",
    "中长期",
    "生育",
    "有",
    "按",
    "该",
    "此",
    "的",
    "”",
    "》",
    '"',
)
PLAN_NOUN_AFTER = (
    "纲要",
    "生育",
    "单列",
    "经济",
    "书",
    "表",
    "的",
    "、",
    "”",
    "》",
    '"',
    "要求",
    "任务",
    "项目",
    "安排",
    "内容",
    "目标",
    ",",
    "。",
    ";",
)
# 将 like 把: 将 + object + one of these verbs reports what was done.
JIANG_AS_BA = (
    r"将[^,;。!?]{1,30}?(?:列入|纳入|列为|作为|融入|摆上|摆到|放在|写入|并入|转化为|评为|授予"
    r"|确定为|定为|结合|融合|设在|用于|落到|落实到|延伸到|覆盖到|送到|扩大到|扩展到|推广到)"
)
_JIANG_AS_BA_RE = re.compile(JIANG_AS_BA)
# 目标 reached or followed, not set: "完成目标任务", "围绕目标", "目标明确".
TARGET_MET_BEFORE = re.compile(r"完成|实现|达到|达成|围绕|按照|根据|超额|以|为")
TARGET_NOUN_AFTER = ("明确", "任务", "要求", "责任", "考核", "管理")
# A marker in an earlier clause of the sentence governs the clauses after it
# ("2020年,将举办讲座35场,投入经费40万元"), unless one of them says what was
# done. 将 does so only before a verb of doing (elsewhere it is often 把);
# 确保 and 争取 in a clause of their own describe effort ("积极争取上级支持,").
GOVERNS_LATER = re.compile(
    r"(?<![超出高低过于按])计划(?![周内外性])|(?<![模虚草比])拟(?![定订])"
    r"|(?<![超出高低过于])预计(?=\S)|力争(?!上游)|力求(?!实效)"
    r"|将(?=继续(?!教育)|进一步|举办|开展|组织|投入|实施|新建|筹建|建设|启动|安排|培训)"
    r"|准备(?=投入|举办|开展|组织|建设|新建|筹建|实施|购置|安排|启动|建立|设立)"
    r"|目标$"
)
# A marker whose clause goes on to 的 names a thing, not a plan of the
# sentence ("年初计划开展的10项工作全部完成", "准备投入的资金落实到位").
ATTRIBUTIVE_AFTER = re.compile(r"[^,;:]{0,4}?的")  # not "计划开展让青少年了解…的活动"
# A later clause that says when or how far it was done ends a marker's reach
# ("年初计划举办培训班10期,全年举办14期", "…,截至年底,举办12期"), and so does
# one with a subject of its own ("…预计年增收200万元,县科协为此举办…",
# "县科协计划…,县农业局举办…").
DONE_WHEN = re.compile(
    r"截至|截止|全年|今年|当年|年底|年末|共(?:计)?(?:举办|开展|组织|举行|接待|培训)"
)
OWN_SUBJECT = re.compile(
    r"^(?:我们|我[县市区镇乡局会]"
    r"|(?:县|市|区|镇|乡|省|街道)[^,;:]{0,8}?(?:局|委|办|科协|学会|协会|站|中心|政府|部))"
)
# A clause of a plan or budget whose next clause tells what was actually done.
PLANNED_THEN_ACTUAL = re.compile(r"计划|预算")
ACTUAL_NEXT = re.compile(r"[,;]\s*实际(?:举办|开展|完成|组织|举行|支出|投入|到位|使用|拨付)")
# A sentence about the future: its 全年 and 年底 are the plan's too.
FUTURE_TIME = re.compile(r"明年|下一年|今后|下一步|下步")
# Clauses joined within one sentence (the marker's reach); 。!? end it.
CLAUSE_JOINS = ",;:"
# How many clauses back a marker may stand.
GOVERNS_CLAUSES = 3
# A clause that reports the plan as done.
DONE_MARKERS = (
    r"按(?:照)?计划",
    r"根据计划",
    r"依计划",
    r"如期",
    r"已",
    r"圆满完成",
    r"顺利完成",
    r"超额完成",
    r"完成了",
    r"有计划",
    r"(?<![为除罢])了(?!解)",  # 了解 is "learn about"
)
_DONE_RE = re.compile("|".join(DONE_MARKERS))
# 根据/按照 … 计划 + verb: the plan was the basis of something done.
PLAN_AS_BASIS = r"(?:根据|按照|依据|按)[^,;。!?]{0,30}计划"
_PLAN_AS_BASIS_RE = re.compile(PLAN_AS_BASIS)


# A time marker heading the sentence governs every clause of it.
TIME_HEAD = r"\s*(?:明年|下一年|下一步|下步|今后)"
_TIME_HEAD_RE = re.compile(TIME_HEAD)


def _clause(sentence: str, pos: int) -> tuple[int, int]:
    start = max(sentence.rfind(c, 0, pos) for c in CLAUSE_BREAKS) + 1
    ends = [i for i in (sentence.find(c, pos) for c in CLAUSE_BREAKS) if i >= 0]
    return start, min(ends, default=len(sentence))


def _inside_brackets(sentence: str, pos: int) -> bool:
    """pos lies inside 《…》 or “…”."""
    for open_, close in (("《", "》"), ("“", "”"), ("<", ">")):
        o = sentence.rfind(open_, 0, pos)
        if o >= 0 and sentence.find(close, o, pos + 1) < 0:
            return True
    return False


def _plan_is_noun(sentence: str, m: re.Match[str]) -> bool:
    before = sentence[: m.start()]
    after = sentence[m.end() :]
    return before.endswith(PLAN_NOUN_BEFORE) or after.startswith(PLAN_NOUN_AFTER) or not after


def _is_marker(sentence: str, m: re.Match[str], clause_start: int, pos: int) -> bool:
    word = m.group()
    if _inside_brackets(sentence, m.start()):
        return False
    if word == "计划":
        if _plan_is_noun(sentence, m) or _PLAN_AS_BASIS_RE.search(sentence, clause_start, m.end()):
            return False
    if word == "将":
        if _JIANG_AS_BA_RE.match(sentence, m.start()):
            return False
    if word == "预算" and "实际" not in sentence[pos:]:
        return False
    if word == "目标":
        if TARGET_MET_BEFORE.search(sentence, clause_start, m.start()):
            return False
        if sentence.startswith(TARGET_NOUN_AFTER, m.end()):
            return False
    return True


def _governed_by_earlier_clause(sentence: str, start: int) -> bool:
    """A future marker in one of the few clauses before ``start`` (the
    figure's own clause) reaches the figure, with no done clause between."""
    if _MARKER_RE.search(sentence, 0, start) is None:
        return False  # no marker before the clause at all
    own = sentence[start : _clause(sentence, start)[1]]
    future = FUTURE_TIME.search(sentence, 0, start) is not None

    def done_since(clause: str) -> bool:
        # (in a sentence about next year, every clause is the plan's)
        return not future and (
            OWN_SUBJECT.match(clause) is not None or DONE_WHEN.search(clause) is not None
        )

    if "实际" in own or done_since(own):
        return False
    k = start - 1
    for _ in range(GOVERNS_CLAUSES):
        if k < 1 or sentence[k] not in CLAUSE_JOINS:
            return False
        a, b = _clause(sentence, k - 1)
        clause = sentence[a:b]
        if _DONE_RE.search(clause) or "实际" in clause:
            return False
        for m in GOVERNS_LATER.finditer(sentence, a, b):
            if _is_marker(sentence, m, a, b) and not ATTRIBUTIVE_AFTER.match(sentence, m.end(), b):
                return True
        if done_since(clause):
            return False  # a clause between says it was done, or who else did
        k = a - 1
    return False


def is_planned(sentence: str, pos: int, plan_part: bool) -> bool:
    """True when the figure at sentence[pos] is a plan or target."""
    if plan_part:
        return True
    if not sentence:
        return False
    pos = max(0, min(pos, len(sentence) - 1))
    if _MARKER_RE.search(sentence, 0, pos) is None:
        return False  # no marker before the figure: most figures of a summary
    start, end = _clause(sentence, pos)
    clause = sentence[start:end]
    if PLANNED_THEN_ACTUAL.search(clause) and ACTUAL_NEXT.match(sentence, end):
        return True  # "按年初计划举办20期,实际举办24期", "纳入预算30万元,实际支出28万元"
    if _DONE_RE.search(clause):
        return False
    # a time marker at the head of the sentence governs all of it ("明年,…")
    head = sentence[: _clause(sentence, 0)[1]]
    if _TIME_HEAD_RE.match(head):
        return True
    for m in _MARKER_RE.finditer(sentence, start, pos):
        if m.start() < pos and _is_marker(sentence, m, start, pos):
            return True
    return _governed_by_earlier_clause(sentence, start)
