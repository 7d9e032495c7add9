"""What a report is: who wrote it, about which year, what kind, and whether it
is about science popularization at all.

>>> from scorecard.clean import clean_text
>>> from scorecard.structure import split_reports, split_sentences
>>> c = clean_text("吴江区科协2013年工作总结\\n今年吴江区科协举办科普活动124项。")
>>> r = split_reports(c)[0]
>>> m = describe_report(c, r, split_sentences(c, r), "")
>>> (m.organization, m.admin_level, m.org_type, m.year, m.kind, m.relevant)
('吴江区科协', 'district', 'science_association', 2013, 'summary', True)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from scorecard.clean import CleanText
from scorecard.dates import CN_DATE_DIGITS, PERIOD_OF_YEARS
from scorecard.normalize import detect_script, simplify
from scorecard.structure import ReportSpan, Sentence


@dataclass(frozen=True)
class ReportMeta:
    organization: str | None  # reporting unit, simplified ("板桥镇", "卢氏县", "xx县科协")
    admin_level: str  # province | city | county | district | township | village | unknown
    org_type: str  # government | party | science_association | science_bureau | department | other
    year: int | None  # the year reported on; None when unknown or masked
    year_text: str | None  # as written: "2008", "201*", "20xx"
    kind: str  # summary | plan | summary_and_plan | briefing | other
    script: str  # simplified | traditional (of the report's source span)
    relevant: bool  # about science popularization (relevance_score ≥ RELEVANCE_THRESHOLD)
    # relevance(body) + TITLE_RELEVANCE_WEIGHT × relevance(title); see relevance()
    relevance_score: float
    # The title names the one year reported on ("…2018年工作总结"): sums over
    # several years in the text ("2016年以来累计…") are not the report's.
    one_year: bool = False


# --- organization ---------------------------------------------------------------
# Unit suffixes, longest first → org_type. A suffix alone ("科协") names no
# particular unit; with a place before it ("吴江区科协", "市科技局") it does.
ORG_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("科学技术协会", "science_association"),
    ("老科协", "science_association"),
    # member societies of the 科协 (市医学会); 学会 alone is also "learned"
    ("医学会", "science_association"),
    ("农学会", "science_association"),
    ("林学会", "science_association"),
    ("药学会", "science_association"),
    ("护理学会", "science_association"),
    ("气象学会", "science_association"),
    ("水利学会", "science_association"),
    ("科协", "science_association"),
    ("科学技术局", "science_bureau"),
    ("科学技术厅", "science_bureau"),
    ("科技局", "science_bureau"),
    ("科技厅", "science_bureau"),
    ("科经局", "science_bureau"),
    ("人民政府", "government"),
    ("政府", "government"),
    # a village's committee governs it (村委会 = 村民委员会); 村党支部 is the party's
    ("村民委员会", "government"),
    ("居民委员会", "government"),
    ("村委会", "government"),
    ("居委会", "government"),
    ("党委", "party"),
    ("党工委", "party"),
    ("党支部", "party"),
    ("党总支", "party"),
    ("组织部", "party"),
    ("宣传部", "party"),
    ("委员会", "department"),
    ("办公室", "department"),
    # a museum reports as itself ("南州市科技馆")
    ("科学技术馆", "other"),
    ("科技馆", "other"),
    ("厅", "department"),
    ("局", "department"),
)
# Units that a report's body names mostly as venues ("组织学生参观县科技馆"):
# taken from its title, issuer or signature only.
VENUE_SUFFIXES = ("科学技术馆", "科技馆")
# Place suffix → the jurisdiction it names.
PLACE_LEVELS: dict[str, str] = {
    "省": "province",
    "自治区": "province",
    "市": "city",
    "州": "city",
    "盟": "city",
    "县": "county",
    "旗": "county",
    "区": "district",
    "镇": "township",
    "乡": "township",
    "街道": "township",
    "村": "village",
    "社区": "village",
}
# 县委, 市委 …: a place directly followed by 委 is the party committee, and
# so is a place followed by 委员会 (中共杨柳镇委员会); 村委 is the villagers'
# committee, the village's government.
PARTY_AFTER_PLACE = "委"
COMMITTEE = "委员会"
# A name led by the party's name is the party's (中共杨柳镇委员会).
PARTY_PREFIXES = ("中共", "中国共产党")
# The report speaks of itself: 我镇, 我县, 本市 … (level known, name not).
SELF_REFERENCE = r"(?:我|本)(省|市|县|区|镇|乡|村)"
# Characters that cannot be part of a unit's name: they end the leftward
# scan from a suffix ("今年吴江区科协" → 吴江区科协).
NAME_BREAKS = set("年在由向与及对经被受从同把将为以的了是今并其这该各全我本")
# 和 joins two units ("县科协和县教育局") but is also part of names (永和县,
# 人力资源和社会保障局): it ends the scan after a whole unit (县科协和…, 省和市…)
# and after a word followed by a place-led unit (工作和市科协), nowhere else.
AND_CHAR = "和"
# Verbs that end the leftward scan as a whole word ("认真抓好区科协" → 区科协).
NAME_BREAK_WORDS = (
    "抓好",
    "认真",
    "加强",
    "开展",
    "组织",
    "参加",
    "举办",
    "支持",
    "指导",
    "领导",
    "配合",
    "协助",
    "会同",
    "联合",
    "推荐",
    "通过",
    "按照",
    "根据",
    "围绕",
    "经过",
    "成立",
    "设立",
    "建立",
    "贯彻",
    "落实",
    "做好",
    "发挥",
    "充分",
    "代表",
    "报送",
    "呈报",
    "授予",
    "参观",
    "位于",
    "邀请",
    "争取",
    "获得",
    "实施",
    "牵头",
    "深入",
    "走进",
)
# Names too generic to be a unit ("乡镇科协年度总结").
GENERIC_PLACES = ("乡镇", "各", "全", "基层", "上级", "有关")
NAME_MAX_CHARS = 16
# Words that hold a place suffix but name no jurisdiction.
NOT_PLACE_WORDS = (
    "城市",
    "市场",
    "集市",
    "超市",
    "都市",
    "地区",
    "山区",
    "景区",
    "园区",
    "小区",
    "城区",
    "辖区",
    "区域",
    "乡村",
    "乡镇",
    "村镇",
    "农村",
    "城乡",
    "老区",
    "县域",
    "市民",
    "村民",
    "村庄",
    "村社",
    "省级",
    "市级",
    "县级",
    "区级",
    "镇级",
    "村级",
    "全省",
    "全市",
    "全县",
    "全区",
    "全镇",
    "全乡",
    # going to a place is no place (科技下乡, 科普进社区, 驻村干部)
    "下乡",
    "返乡",
    "回乡",
    "进村",
    "驻村",
    "进社区",
)
# Such words that also end real place names (兴城市, 成都市, 金山区, 东城区):
# there they are the place when one or two characters with no place in them
# stand before, and a unit suffix ("兴城市科协") or a year ("金山区2019年")
# follows.
PLACE_NAME_ENDINGS = ("城市", "都市", "山区", "城区")
PLACE_NAME_PREFIX_MAX = 2
# How far into a report's body its own unit is looked for.
ORG_SCAN_CHARS = 400

_PLACE_ALT = "|".join(sorted(PLACE_LEVELS, key=len, reverse=True))
_SUFFIX_ALT = "|".join(s for s, _ in ORG_SUFFIXES)
# 委 not followed by 员会: 杨柳镇委员会 is read as 杨柳镇 + 委员会.
_UNIT_RE = re.compile(
    rf"(?:{_SUFFIX_ALT})|(?:{_PLACE_ALT})(?:{PARTY_AFTER_PLACE}(?!{COMMITTEE[1:]}))?"
)
# A name ending in a whole unit: a suffix, a place, a party committee.
_UNIT_END_RE = re.compile(rf"(?:{_SUFFIX_ALT}|(?:{_PLACE_ALT}){PARTY_AFTER_PLACE}?)$")
_SELF_RE = re.compile(SELF_REFERENCE)
_QUOTED_RE = re.compile(r"《[^》]*》|“[^”]*”|\"[^\"]*\"")
_ADDRESSEE_RE = re.compile(r"[^\n。]{2,40}:\s*$")
_SUFFIX_TYPE = dict(ORG_SUFFIXES)
_NOT_PLACE_RE = re.compile("|".join(NOT_PLACE_WORDS))
_PLACES_LONGEST = sorted(PLACE_LEVELS, key=len, reverse=True)

# --- year -----------------------------------------------------------------------
# A year as written, masked or not ("2008", "201*", "20xx", "XX") before 年.
YEAR_DIGITS = r"(?:19|20)\d{2}|20[\dxX×*]{2}|201[xX×*]|[xX]{2,4}"
YEAR = rf"(?<![\d])({YEAR_DIGITS})(?=\s*年)"
_YEAR_RE = re.compile(YEAR)
# Titles and dates also write it in numerals ("二〇一九年度科普工作总结").
CN_YEAR = r"(?<![〇零○一二三四五六七八九十])[一二][〇零○一二三四五六七八九]{3}"
TITLE_YEAR = rf"(?<![\d])({YEAR_DIGITS}|{CN_YEAR})(?=\s*年)"
_TITLE_YEAR_RE = re.compile(TITLE_YEAR)
# A year right after a place ("金山区2019年科普日活动总结").
_YEAR_AFTER_PLACE_RE = re.compile(rf"\s*{TITLE_YEAR}")
# A date (year and month, often the day) on a line of its own under the title
# or at the end, where a report is dated and signed ("2021年6月10日",
# "桂花镇人民政府 2019年12月20日").
DATE_LINE = (
    rf"[(（]?{TITLE_YEAR}\s*年\s*(\d{{1,2}}|十[一二]?|[一二三四五六七八九])\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号])?[)）]?"
)
_DATE_LINE_RE = re.compile(DATE_LINE)
# A dated line is short and no sentence ("2021年6月10日上午,区科协…" is one).
DATE_LINE_MAX_CHARS = 40
_SENTENCE_PUNCT_RE = re.compile(r"[,;。，；]")
# How many lines under the title and above the end are looked at for a date.
HEAD_DATE_LINES, SIGNATURE_LINES = 5, 4
# The months (first, last) in which a dated report of a kind is about the
# year of its date: a summary dated in January or February may review the
# year before, a plan dated in November or December plans the next one (the
# year is then left unknown).
DATED_YEAR_MONTHS: dict[str, tuple[int, int]] = {
    "summary": (3, 12),
    "summary_and_plan": (3, 12),
    "plan": (1, 10),
    "briefing": (1, 12),
    "other": (1, 12),
}
# "现将2008年工作总结如下": the year the report is about, named in its opening.
YEAR_OF_REPORT = r"现(?:将|就)[^。]{0,12}?" + YEAR
_YEAR_OF_REPORT_RE = re.compile(YEAR_OF_REPORT)
# In a title, the summary year stands before these ("…201*年总结及201*年计划").
SUMMARY_WORDS = r"总结|汇报|回顾|情况|工作报告"
_SUMMARY_YEAR_TAIL_RE = re.compile(
    rf"\s*年(?:度)?(?:的)?(?:全民科学素质行动|科普|科协)?[^,。]{{0,8}}?(?:{SUMMARY_WORDS})"
)
YEAR_MIN, YEAR_MAX = 1949, 2100

# --- kind -----------------------------------------------------------------------
# A year's 工作情况报告 reviews it; a 情况报告 on some matter is a briefing.
# A 工作(情况)汇报 to superiors reviews the work too ("青石镇2021年全民科学素质
# 工作情况汇报"); a 落实情况汇报 on a programme is a briefing.
KIND_SUMMARY = (
    r"总结|小结|回顾|工作报告|述职|(?:\d{4}|20[\dxX*]{2})年[^,。\n]{0,30}工作情况的?报告"
    r"|工作(?:开展)?(?:情况)?的?汇报"
)
KIND_PLAN = r"计划|打算|要点|安排|规划|思路|方案"
KIND_BRIEFING = r"汇报|简报|情况的?报告|情况通报|通报|落实情况|工作动态"
# In a title, these are programme names, not a plan ("全民素质行动计划纲要").
KIND_PLAN_NAMES = r"行动计划|计划纲要|实施方案》|惠农计划|益民计划"
_KIND_SUMMARY_RE = re.compile(KIND_SUMMARY)
_KIND_PLAN_RE = re.compile(KIND_PLAN)
_KIND_BRIEFING_RE = re.compile(KIND_BRIEFING)
_KIND_PLAN_NAMES_RE = re.compile(KIND_PLAN_NAMES)
# Body phrases that say what the report is when its title does not.
BODY_KIND_CUES: tuple[tuple[str, str], ...] = (
    (r"总结如下|工作总结", "summary"),
    (r"汇报如下|作以汇报|作汇报|报告如下", "briefing"),
    # a news brief opens on the day of its event ("9月16日上午,由区科协…"),
    # within its first lines (a dated item deep in a report is not a cue)
    (
        r"\A(?:[^\n]*\n){0,5}[ \t]*(?:本网讯|本报讯|讯)?[ \t]*"
        r"\d{1,2}月\d{1,2}日(?:至\d{1,2}日)?(?:上午|下午|晚上?)?,",
        "briefing",
    ),
)

# The year on a news item's data line ("发布时间:2021-09-16").
PUBLISHED_RE = re.compile(r"(?:发布时间|发布日期|發布時間|發布日期)[:：]\s*((?:19|20)\d{2})")

# --- relevance ------------------------------------------------------------------
# Terms and weights: positive ones are the vocabulary of science
# popularization work, negative ones of other fields whose reports sites mix
# in (扶贫, 信访, 综治). Counts are capped so one long report cannot drown the
# rest; the score is the plain weighted sum, easy to recompute by hand.
RELEVANCE_TERMS: dict[str, float] = {
    "科普": 3,
    "科学素质": 3,
    "科学素养": 3,
    "科协": 2,
    "科技活动周": 3,
    "科技周": 2,
    "科普日": 3,
    "科技下乡": 2,
    "科技之春": 2,
    "科技馆": 2,
    "科学技术普及": 3,
    "农技协": 1,
    "实用技术": 1,
    # the kinds of work the national statistics count without saying 科普
    "实用技术培训": 2,
    "农民培训": 1,
    "三下乡": 2,
    "科学教育": 1,
    "科技教育": 1,
    "青少年科技": 2,
    "科技培训": 1,
    "科技特派员": 2,
    "科技": 0.3,
    "扶贫": -2,
    "帮扶": -2,
    "驻村": -1,
    "贫困": -1,
    "信访": -3,
    "上访": -2,
    "综治": -3,
    "社会治安": -2,
    "维稳": -2,
    "党风廉政": -2,
    "招商引资": -1,
}
RELEVANCE_COUNT_CAP = 10
RELEVANCE_THRESHOLD = 6.0
# A term in the title counts this many times: a 科协's own report (科协: 2 × 3)
# is relevant on its title alone.
TITLE_RELEVANCE_WEIGHT = 3


def _is_name_char(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff") or ch in "xX×"


def _and_joins_units(text: str, k: int, suffix_end: int) -> bool:
    """Whether 和 at k joins two units rather than standing in a name."""
    j = k
    while j > 0 and k - j < NAME_MAX_CHARS:
        ch = text[j - 1]
        if ch in NAME_BREAKS or ch == AND_CHAR or not _is_name_char(ch):
            break
        j -= 1
    left, right = text[j:k], text[k + 1 : suffix_end]
    if not left:
        return False  # 和平区
    if _UNIT_END_RE.search(_NOT_PLACE_RE.sub(lambda w: "\u3000" * len(w.group()), left)):
        return True  # 县科协和县教育局
    # a word, then a place (工作和市科协, 内审和省认证), not the one character
    # that begins a place's name (永和县, 山西省太和县)
    own = left[max((left.rfind(p) + len(p) for p in PLACE_LEVELS if p in left), default=0) :]
    return len(own) >= 2 and right.startswith(tuple(PLACE_LEVELS))


def _unit_before(text: str, suffix_start: int, suffix_end: int) -> str | None:
    """The unit name ending at suffix_end: place (and department) + suffix."""
    i = suffix_start
    while i > 0 and suffix_end - i < NAME_MAX_CHARS:
        ch = text[i - 1]
        if ch in NAME_BREAKS or not _is_name_char(ch):
            break
        if ch == AND_CHAR and _and_joins_units(text, i - 1, suffix_end):
            break
        i -= 1
    name = text[i:suffix_end]
    body_end = suffix_start - i
    cut = max(
        (name.rfind(w, 0, body_end) + len(w) for w in NAME_BREAK_WORDS if w in name[:body_end]),
        default=0,
    )
    return name[cut:] or None


def _place_level(name: str) -> str:
    """Jurisdiction of a unit name from its last place suffix (红旗村, 金州县,
    云川州云岭县科协); of two ending together the longer (社区, 自治区)."""
    best: tuple[tuple[int, int], str] | None = None
    for place, level in PLACE_LEVELS.items():
        k = name.rfind(place)
        key = (k + len(place), len(place))
        if k >= 0 and (best is None or key > best[0]):
            best = (key, level)
    return best[1] if best else "unknown"


def _committee_place(name: str, suffix: str) -> str | None:
    """The place whose committee the name is: 县委 → 县, 杨柳镇委员会 → 镇."""
    if suffix.endswith(PARTY_AFTER_PLACE) and suffix[:-1] in PLACE_LEVELS:
        return suffix[:-1]
    if suffix == COMMITTEE:
        body = name[: -len(suffix)]
        return next((p for p in _PLACES_LONGEST if body.endswith(p)), None)
    return None


def _org_type(name: str, suffix: str) -> str:
    if name.startswith(PARTY_PREFIXES):
        return "party"
    place = _committee_place(name, suffix)
    if place is not None:
        return "government" if PLACE_LEVELS[place] == "village" else "party"
    return _SUFFIX_TYPE.get(suffix, "government")


def _names_place(name: str, start: int, end: int, suffix: str, after: str) -> bool:
    """Whether the word of NOT_PLACE_WORDS at name[start:end] ends the place's
    name (兴城市科协, 金山区2019年…)."""
    prefix = name[:start]
    return (
        name[start:end] in PLACE_NAME_ENDINGS
        and 1 <= len(prefix) <= PLACE_NAME_PREFIX_MAX
        and _place_level(prefix) == "unknown"
        and (
            name[end:] in (suffix, PARTY_AFTER_PLACE)
            or (end == len(name) and _YEAR_AFTER_PLACE_RE.match(after) is not None)
        )
    )


def _find_unit(text: str, venues: bool = True) -> tuple[str | None, str, str, bool] | None:
    """First unit named in text: (name or None, admin_level, org_type, named).

    A self-reference (我镇) or a named unit (吴江区科协) wins over a bare
    suffix (科协) that comes earlier. Without venues, a museum (县科技馆) is a
    place the text speaks of, not a unit.
    """
    masked = _QUOTED_RE.sub(lambda m: "\u3000" * len(m.group()), text)
    not_place = [(w.start(), w.end()) for w in _NOT_PLACE_RE.finditer(masked)]
    hits: list[
        tuple[int, int, str | None, str, str, bool]
    ] = []  # pos, -len, name, level, type, decisive
    for m in _SELF_RE.finditer(masked):
        hits.append((m.start(), -2, None, PLACE_LEVELS[m.group(1)], "government", True))
    for m in _UNIT_RE.finditer(masked):
        suffix = m.group()
        if not venues and suffix in VENUE_SUFFIXES:
            continue
        name = _unit_before(masked, m.start(), m.end())
        if not name:
            continue
        body = name[: -len(suffix)]
        if body in ("我", "本") or name.startswith(GENERIC_PLACES):
            continue
        is_place = suffix.rstrip(PARTY_AFTER_PLACE) in PLACE_LEVELS
        at = m.end() - len(name)
        after = masked[m.end() : m.end() + 12]
        # Such words in the name (农村 in 省农业农村厅) or running on from a
        # place suffix (集贸市场, 18个乡镇); not inside a unit suffix (村民委员会).
        words = [
            (s - at, e - at)
            for s, e in not_place
            if at <= s < (m.end() if is_place else m.start())
            and not _names_place(name, s - at, e - at, suffix, after)
        ]
        places = name
        if words:
            # 农村 in 省农业农村厅 names no place, and 省 before it still does;
            # a place name holding such a word (全县农村, 省级示范县) names none.
            if is_place or _place_level(name[: words[0][0]]) == "unknown":
                continue
            places = "".join(
                "\u3000" if any(s <= k < e for s, e in words) else ch for k, ch in enumerate(name)
            )
        if is_place and not body and not suffix.endswith(PARTY_AFTER_PLACE):
            continue  # a bare 市 or 县
        level = _place_level(places)
        named = level != "unknown"
        hits.append(
            (
                at,
                -len(name),
                name if named else None,
                level,
                _org_type(name, suffix),
                named,
            )
        )
    if not hits:
        return None
    hits.sort(key=lambda h: (h[0], h[1]))
    pick = next((h for h in hits if h[5]), hits[0])
    return pick[2], pick[3], pick[4], pick[5]


def _issuer(line: str) -> tuple[str | None, str, str, bool] | None:
    """The first unit of a line made only of unit names ("岭西州科学技术协会 岭西州教育局")."""
    names = line.split()
    if not 1 <= len(names) <= 3:
        return None
    units = [_find_unit(name) for name in names]
    if all(u is not None and u[3] and u[0] == name for u, name in zip(units, names, strict=True)):
        return units[0]
    return None


def _organization(title: str, opening: str, closing: str = "") -> tuple[str | None, str, str]:
    from_title = _find_unit(title) if title else None
    issuer = _issuer(opening.split("\n", 1)[0].strip())
    if (
        issuer is not None
        and issuer[0] is not None
        and from_title is not None
        and from_title[0] is not None
        and from_title[2] == "government"
        and issuer[0].startswith(from_title[0])
        and issuer[0] != from_title[0]
        # the title's own place, not a place inside it (云川州云岭县科协)
        and _place_level(issuer[0][len(from_title[0]) :]) == "unknown"
    ):
        # The title names the place, the line under it the unit that reports.
        return issuer[0], issuer[1], issuer[2]
    if from_title and from_title[3]:
        return from_title[0], from_title[1], from_title[2]
    from_body = _find_unit(opening, venues=False)
    if from_body and from_body[0] is not None and from_body[3]:
        return from_body[0], from_body[1], from_body[2]
    # The unit that signs the report names what "我镇" leaves unnamed.
    signed = _signature([ln for ln in closing.split("\n") if ln.strip()])
    if signed is not None and (from_body is None or from_body[1] in ("unknown", signed[1])):
        return signed[0], signed[1], signed[2]
    if from_body and (from_body[3] or from_body[1] != "unknown"):
        return from_body[0], from_body[1], from_body[2]
    if from_title:
        return from_title[0], from_title[1], from_title[2]
    if from_body:
        return from_body[0], from_body[1], from_body[2]
    return None, "unknown", "other"


def _year_value(text: str) -> int | None:
    if text and all(c in CN_DATE_DIGITS for c in text):
        text = "".join(str(CN_DATE_DIGITS[c]) for c in text)
    if text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX:
        return int(text)
    return None


def _month_value(text: str) -> int:
    """12, 十二, 六 → the month's number."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return CN_DATE_DIGITS.get(text, 0)
    return 10 * CN_DATE_DIGITS.get(tens, 1) + CN_DATE_DIGITS.get(ones, 0)


def _dated_year(head: list[str], closing: list[str], kind: str) -> str | None:
    """The year of the report's date, on a short line under its title or at its
    end, when a report of its kind dated in that month is about that year."""
    for line in [*head[:HEAD_DATE_LINES], *reversed(closing[-SIGNATURE_LINES:])]:
        line = line.strip()
        m = _DATE_LINE_RE.search(line)
        if m is None or len(line) > DATE_LINE_MAX_CHARS or _SENTENCE_PUNCT_RE.search(line):
            continue
        first, last = DATED_YEAR_MONTHS.get(kind, (1, 12))
        return m.group(1) if first <= _month_value(m.group(2)) <= last else None
    return None


def _signature(closing: list[str]) -> tuple[str | None, str, str, bool] | None:
    """The unit that signs the report on one of its last lines ("桂花镇人民政府
    2019年12月20日")."""
    for line in reversed(closing[-SIGNATURE_LINES:]):
        unit = _issuer(_DATE_LINE_RE.sub(" ", line).strip())
        if unit is not None:
            return unit
    return None


# A year written this often in a report with no year in its title or opening
# is the year it reports on ("举办2010年科技活动周 … 2010年6月8日").
YEAR_REPEATS = 2


def _year(title: str, opening: str, first_sentences: list[str], body: str = "") -> str | None:
    years = list(_TITLE_YEAR_RE.finditer(title))
    for y in years:
        if _SUMMARY_YEAR_TAIL_RE.match(title, y.end()):
            return y.group(1)
    if years:
        return years[0].group(1)
    m = _YEAR_OF_REPORT_RE.search(opening)
    if m:
        return m.group(1)
    for s in first_sentences:
        m = _YEAR_RE.match(s.strip())
        if m:
            return m.group(1)
    counts = Counter(m.group(1) for m in _YEAR_RE.finditer(body) if m.group(1).isdigit())
    if counts:
        (top, n), *rest = [*counts.most_common(2), ("", 0)]
        if n >= YEAR_REPEATS and n > rest[0][1]:
            return top
    return None


def _kind(title: str, head: str, body: str, has_plan_part: bool) -> str:
    words = _KIND_PLAN_NAMES_RE.sub("", title + "\n" + head)
    summary = bool(_KIND_SUMMARY_RE.search(words))
    plan = bool(_KIND_PLAN_RE.search(words))
    briefing = bool(_KIND_BRIEFING_RE.search(words))
    if summary and (plan or has_plan_part):
        return "summary_and_plan"
    if summary:
        return "summary"
    if briefing:
        return "briefing"
    if plan:
        return "plan"
    for pattern, kind in BODY_KIND_CUES:
        if re.search(pattern, body):
            return "summary_and_plan" if kind == "summary" and has_plan_part else kind
    return "other"


def relevance(text: str) -> float:
    """Σ weight × min(count, cap) over RELEVANCE_TERMS (longer terms counted first)."""
    score = 0.0
    remaining = text
    for term in sorted(RELEVANCE_TERMS, key=len, reverse=True):
        n = remaining.count(term)
        if n:
            score += RELEVANCE_TERMS[term] * min(n, RELEVANCE_COUNT_CAP)
            remaining = remaining.replace(term, "\u3000")
    return score


def describe_report(
    clean: CleanText, report: ReportSpan, sentences: list[Sentence], decoded: str
) -> ReportMeta:
    """Organization, year, kind, script and relevance of one report."""
    text = clean.text
    body = text[report.start : report.end]
    title = report.title
    # the opening: the report's first lines after its title, minus an
    # addressee line ("省…办公室:") that names the recipient, not the writer
    opening_lines = [
        ln for ln in body[:ORG_SCAN_CHARS].split("\n") if ln.strip() and ln.strip() != title
    ]
    opening_lines = [ln for ln in opening_lines if not _ADDRESSEE_RE.fullmatch(ln.strip())]
    opening = "\n".join(opening_lines)[:ORG_SCAN_CHARS]
    # short lines at the top continue the title ("及201*年工作计划")
    head_lines = [
        ln.strip() for ln in body.split("\n")[:4] if 0 < len(ln.strip()) <= 40 and "。" not in ln
    ]
    # the lines under the title, and the last ones, where a report is dated
    # and signed
    after_title = text[report.title_end : report.end] if report.title_end >= 0 else body
    under_title = [ln for ln in after_title.split("\n")[:HEAD_DATE_LINES] if ln.strip()]
    closing = [ln for ln in body.split("\n") if ln.strip()][-SIGNATURE_LINES:]
    organization, level, org_type = _organization(title, opening, "\n".join(closing))
    first = [text[s.start : s.end] for s in sentences[:3]]
    year_text = _year(title, opening, first, body)
    has_plan = any(s.plan_part for s in sentences)
    # body cues are read from the title on (front matter may stand above it)
    from_title = text[report.title_start : report.end] if report.title_start >= 0 else body
    kind = _kind(title, "\n".join(head_lines), from_title[:ORG_SCAN_CHARS], has_plan)
    if decoded and report.end > report.start and report.end <= len(clean.origin):
        src = decoded[clean.origin[report.start] : clean.origin[report.end - 1] + 1]
    else:
        src = body
    if year_text is None:
        year_text = _dated_year(under_title, closing, kind)
    if year_text is None and kind == "briefing":
        # A news item's year may be only on its data line (removed as debris);
        # a summary is often posted the year after the one it reports on.
        published = PUBLISHED_RE.search(src[:ORG_SCAN_CHARS])
        year_text = published.group(1) if published else None
    score = relevance(body) + relevance(title) * TITLE_RELEVANCE_WEIGHT
    return ReportMeta(
        organization=simplify(organization) if organization else None,
        admin_level=level,
        org_type=org_type,
        year=_year_value(year_text) if year_text else None,
        year_text=year_text,
        kind=kind,
        script=detect_script(src),
        relevant=score >= RELEVANCE_THRESHOLD,
        relevance_score=round(score, 2),
        one_year=kind in ("summary", "summary_and_plan")
        and bool(year_text and title and f"{year_text}年" in title)
        and not PERIOD_OF_YEARS.search(title or ""),
    )
