"""Split a cleaned file into reports, and a report into sections and sentences.

All offsets are offsets in `CleanText.text`.

>>> from scorecard.clean import clean_text
>>> c = clean_text("一、工作总结\\n(一)培训\\n举办培训班3期。\\n二、明年工作计划\\n力争培训500人。")
>>> [(s.section, s.plan_part) for s in split_sentences(c, split_reports(c)[0])]
[('一、工作总结 > (一)培训', False), ('二、明年工作计划', True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorecard.clean import CleanText


@dataclass(frozen=True)
class ReportSpan:
    index: int  # 1-based number of the report in its file
    start: int  # offset in clean.text, inclusive
    end: int  # offset in clean.text, exclusive
    title: str  # title as written in clean.text ("" if none)
    title_start: int  # offset of the title in clean.text (-1 if none)
    title_end: int  # exclusive (-1 if none)


@dataclass(frozen=True)
class Sentence:
    start: int  # offset in clean.text, whitespace trimmed
    end: int  # exclusive
    section: str  # heading path, "一、工作总结 > (一)培训"; "" outside any heading
    plan_part: bool  # inside a plan part (工作计划, 打算, 工作要点 …) or a plan report


CN_DIGITS = "一二三四五六七八九十"
_CN_VALUE = {ch: i + 1 for i, ch in enumerate(CN_DIGITS)}

# --- reports ------------------------------------------------------------------
# "篇一:…" … "篇十八": sites that paste many sample reports into one page.
PIECE_HEADER = rf"[ \t]*篇([{CN_DIGITS}]+)[ \t]*[:、.]?[ \t]*(.*)"
# "扩展阅读:<title>": an appended further report.
APPENDIX_HEADER = r"[ \t]*(?:扩展阅读|延伸阅读|拓展阅读)[ \t]*[:][ \t]*(.*)"
# "1、乡镇科协年度总结": a numbered article title on its own line; it ends in
# a word naming a kind of report and carries no sentence punctuation.
REPORT_TITLE_WORDS = (
    "总结",
    "计划",
    "汇报",
    "要点",
    "报告",
    "方案",
    "打算",
    "规划",
    "讲话",
    "材料",
    "简报",
)
NUMBERED_TITLE = (
    r"[ \t]*(\d{1,2})、[ \t]*([^,。;:!?\s]{2,40}?(?:"
    + "|".join(REPORT_TITLE_WORDS)
    + r")(?:范文|大全|范本|精选)?(?:\(\d+\))?)[ \t]*"
)
# Front matter (file title, site intro, the title again) is merged into the
# first report when it is this small.
FRONT_MATTER_MAX_CHARS = 200
FRONT_MATTER_MAX_LINE = 60
# A title taken from the first line of a report is cut at these.
TITLE_STOPS = r"[\s。,;:!?]|汇报人|报告人"
TITLE_MAX_CHARS = 60
TITLE_MIN_CHARS = 6  # "工作总结" alone names no report
# Sites append their own name to a title: "…工作总结_工作总结范文_第一范文网".
TITLE_SPAM = r"_[^_\n]*(?:范文|网|文库|站|大全)"
_TITLE_SPAM_RE = re.compile(TITLE_SPAM)

_PIECE_RE = re.compile(PIECE_HEADER)
_APPENDIX_RE = re.compile(APPENDIX_HEADER)
_NUMBERED_TITLE_RE = re.compile(NUMBERED_TITLE)
_TITLE_STOP_RE = re.compile(TITLE_STOPS)

# --- headings -----------------------------------------------------------------
# (kind, pattern); group 1 is the number. Order matters: 第一、 before 一、,
# (一) before (1).
HEADING_PATTERNS: tuple[tuple[str, str], ...] = (
    ("di", rf"第([{CN_DIGITS}]+)[、,.]"),  # 第一、领导重视
    # 一、 but not "一、二次" (a range of counts)
    ("cn", rf"([{CN_DIGITS}]+)[、.](?![{CN_DIGITS}]+[次项个名种批届期])"),
    ("paren_cn", rf"\([ \t]*([{CN_DIGITS}]+)[ \t]*\)"),  # (一) and （一）
    ("arabic", r"(\d{1,2})(?:、|\.(?![\d.]))(?![\d%])"),  # 1、 1. 1． but not 1.2万, 5.12
    ("paren_ar", r"\([ \t]*(\d{1,2})[ \t]*\)"),  # (1)
    ("shi", rf"([{CN_DIGITS}]+|\d)是(?=[\u4e00-\u9fff“\"《])"),  # 一是 二是 … 1是
)
_HEADING_RES = tuple((kind, re.compile(pat)) for kind, pat in HEADING_PATTERNS)
# 一是/二是 enumerate inside whatever heading encloses them: never a parent
# of a numbered heading that follows.
LEAF_KINDS = ("shi",)
# A heading glued into a line starts right after one of these (or right after
# another heading's label, "四、保障与支撑(一)切实…").
GLUED_AFTER = "。!?"
# Report-title words after which a first heading can be glued ("…工作打算一、…").
GLUED_AFTER_WORDS = REPORT_TITLE_WORDS
# A heading's label (its number and text) ends at the first of these; one
# space after a digit does not end it ("三、2022 年工作打算", as a PDF spaces it).
LABEL_STOP = r"[,。、;:!?()”\"》<>…—\-]|\s{2,}|(?<!\d)\s"
# Opening quotes and brackets do not end a label; they are dropped from it
# ("三是加快“科学素质行动工程”与…" → "三是加快科学素质行动工程").
LABEL_DROP = "“‘《<"
LABEL_MAX_CHARS = 30
_LABEL_STOP_RE = re.compile(LABEL_STOP)

# What follows a heading's label in its own sentence is body text when it is
# this long or carries a figure ("(一)开展培训、提高全民素质。" is all heading).
HEADING_BODY_MIN_CHARS = 8
# A figure in a heading sentence (a number that is not a year or a heading number).
HEADING_FIGURE = r"(?<![\d.])(?<!第)\d+(?:\.\d+)?(?![\d年*xX×、.])"
_FIGURE_RE = re.compile(HEADING_FIGURE)
# A sentence ends at these, together with closing quotes and brackets after it.
SENTENCE_END = "。!?"
SENTENCE_CLOSERS = '”’")」』》'

# A heading or title that opens a plan part: figures in it are plans.
PLAN_PART_TERMS = (
    r"工作计划",
    r"工作打算",
    r"打算",
    r"工作要点",
    r"实施方案",
    r"活动方案",
    r"工作方案",
    r"工作安排",
    r"工作思路",
    r"工作设想",
    r"工作重点",
    r"明年",
    r"下一年",
    r"下一步",
    r"下步",
    r"今后(?:的)?工作",
    r"年度计划",
    r"年计划",
    r"(?:19|20)[\dxX*]{2}年(?:度)?(?:的)?(?:主要)?(?:工作)?(?:目标|任务|安排|重点)",
)
# ...unless it reports on the past ("一、20xx年工作回顾", "工作要点落实情况").
PLAN_PART_EXCLUDE = (r"回顾", r"总结", r"情况", r"进展", r"做法", r"成效", r"成绩", r"存在")
# A heading that names problems, then plans ("存在的问题及下一步工作打算"),
# opens a plan part: problems hold no figures, the plans do.
PROBLEM_WORDS = r"存在"
_PLAN_PART_RE = re.compile("|".join(PLAN_PART_TERMS))
_PLAN_EXCLUDE_RE = re.compile("|".join(PLAN_PART_EXCLUDE))
_JOINED_RE = re.compile(r"和|(?<!普)及|与|暨")
# An unnumbered short line naming a plan part ("20xx年工作打算") is a heading.
BARE_HEADING_MAX_CHARS = 25
# ... or a short label ending in a colon that leads its paragraph ("明年打算:…").
_PLAN_LEAD_RE = re.compile(r"[ \t]*([^。,;:!?\s]{2,12}):")
# ... when it names a time to come: "工作思路:" may open any summary.
_FUTURE_RE = re.compile(
    r"明年|来年|下一?步|下一?年|下半年|今后|20\d\d年|二[〇零][〇零一二三四五六七八九]{2}年"
)

# A restart of 一、 after 二、 or later, with an untitled intro paragraph
# before it, is a report pasted in without its title (seed 004: a 综治 report
# followed by a 信访 report).
RESTART_INTRO_MIN_CHARS = 40


def _cn_int(s: str) -> int:
    """一..九十九 or digits → int (0 if not a number)."""
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_VALUE.get(tens, 0) if tens else 1) * 10 + (
            _CN_VALUE.get(ones, 0) if ones else 0
        )
    return _CN_VALUE.get(s, 0) if len(s) == 1 else 0


def _lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line of text[start:end], end excluding the newline."""
    stop = len(text) if end is None else end
    spans = []
    pos = start
    while pos <= stop:
        nl = text.find("\n", pos, stop)
        if nl < 0:
            spans.append((pos, stop))
            break
        spans.append((pos, nl))
        pos = nl + 1
    return spans


def is_plan_title(label: str) -> bool:
    """A heading or title that opens a plan part, also after problems
    ("存在的问题及下一步工作打算"); not one that also names results
    ("完成情况及2022年工作计划" holds both: its sentences' own markers tell
    the plans)."""
    if not _PLAN_PART_RE.search(label):
        return False
    if not _PLAN_EXCLUDE_RE.search(label):
        return True
    if _PLAN_EXCLUDE_RE.search(re.sub(PROBLEM_WORDS, "", label)):
        return False  # it names results too
    parts = _JOINED_RE.split(label)
    return len(parts) > 1 and bool(_PLAN_PART_RE.search(parts[-1]))


def _plan_report_title(title: str) -> bool:
    """A report that is all plan (its title names a plan and no summary)."""
    return is_plan_title(title) and not re.search(r"总结|汇报|回顾|报告", title)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A line that names a unit only, the first line of a title on two lines.
UNIT_NAME_END = re.compile(r"(?:协会|科协|学会|局|委员会|厅|人民政府|政府|馆|中心|办公室)$")


def _first_line_title(text: str, start: int, end: int) -> tuple[str, int, int]:
    """A title taken from the first line of a report, if it looks like one."""
    s, e = _trim(text, start, end)
    if s >= e:
        return "", -1, -1
    nl = text.find("\n", s, e)
    line_end = e if nl < 0 else nl
    if _heading_at(text, s, line_end):
        return "", -1, -1  # the report opens with its first heading
    m = _TITLE_STOP_RE.search(text, s, line_end)
    t_end = m.start() if m else line_end
    if t_end - s < 4 or t_end - s > TITLE_MAX_CHARS:
        return "", -1, -1
    if m and text[m.start()] in "。,;:!?" and not m.group().startswith(("汇", "报")):
        # a sentence, not a title
        return "", -1, -1
    spam = _TITLE_SPAM_RE.search(text, s, t_end)
    if spam:
        t_end = spam.start()
    elif t_end == line_end and UNIT_NAME_END.search(text, s, t_end) and line_end < e:
        # a title set on two lines: the unit's name, then the kind of report
        # ("峤阳市科学技术协会" / "2021 年工作总结和 2022 年工作打算")
        ns, ne = _trim(text, line_end + 1, e)
        nl2 = text.find("\n", ns, ne)
        ne = ne if nl2 < 0 else _trim(text, ns, nl2)[1]
        second = re.sub(r"\s+", "", text[ns:ne])  # "2021 年工作总结": spaces of a PDF
        if (
            0 < len(second) <= TITLE_MAX_CHARS
            and not _TITLE_STOP_RE.search(second)
            and not _heading_at(text, ns, ne)
            and second.endswith(RESTART_TITLE_WORDS)
        ):
            return text[s:t_end] + second, s, ne
    return text[s:t_end], s, t_end


@dataclass(frozen=True)
class _Start:
    line: int  # line index where the report starts
    title: str
    title_start: int
    title_end: int


def _report_starts(text: str, lines: list[tuple[int, int]]) -> list[_Start]:
    starts: list[_Start] = []
    numbered: list[tuple[int, int, re.Match[str]]] = []
    for i, (s, e) in enumerate(lines):
        m = _PIECE_RE.fullmatch(text, s, e) or _APPENDIX_RE.fullmatch(text, s, e)
        if m:
            t_s, t_e = _trim(text, m.start(m.lastindex or 0), e)
            title = text[t_s:t_e]
            starts.append(_Start(i, title, t_s if title else -1, t_e if title else -1))
            continue
        m = _NUMBERED_TITLE_RE.fullmatch(text, s, e)
        if m:
            numbered.append((i, int(m.group(1)), m))
    # numbered titles count only as a sequence 1, 2, 3 … in file order
    # (a list pasted twice starts again at 1)
    expected = 1
    for i, n, m in numbered:
        if n == expected or (n == 1 and expected > 2):
            starts.append(_Start(i, m.group(2), m.start(2), m.end(2)))
            expected = n + 1
    starts.sort(key=lambda st: st.line)
    return starts


# Closing formulas that end in a report word but end a report ("特此报告").
CLOSING_LINES = ("特此", "以上", "此致", "现将")


def _is_title_line(text: str, s: int, e: int) -> bool:
    """A short line naming a kind of report, with no sentence punctuation."""
    line = text[s:e]
    return (
        TITLE_MIN_CHARS <= len(line) <= TITLE_MAX_CHARS
        and not line.startswith(CLOSING_LINES)
        and not _TITLE_STOP_RE.search(line)
        and not _heading_at(text, s, e)
        and line.endswith(RESTART_TITLE_WORDS)
    )


# A notice's opening paragraph ends by announcing its list ("现将有关事项通知如下:");
# a report's "具体安排如下:" opens its own plan part, not another report.
INTRO_ENDS = ("通知如下:",)
# A report restarting after another may be a notice ("关于做好…工作的通知").
RESTART_TITLE_WORDS = (*REPORT_TITLE_WORDS, "通知")
ADDRESSEES_MAX_CHARS = 40


def _is_addressees(text: str, s: int, e: int) -> bool:
    """A short line naming whom a notice is for ("各社区居委会、街道各科室:")."""
    line = text[s:e]
    return len(line) <= ADDRESSEES_MAX_CHARS and line.endswith(":") and "。" not in line


def _restarts(text: str, lines: list[tuple[int, int]], first: int, last: int) -> list[int]:
    """Line indexes (in [first, last)) where an untitled report begins."""
    found: list[int] = []
    top = 0
    prev_content: list[int] = []  # indexes of the content lines seen so far
    cn_re = dict(_HEADING_RES)["cn"]
    for i in range(first, last):
        s, e = _trim(text, *lines[i])
        if s >= e:
            continue
        m = cn_re.match(text, s, e)
        if m:
            n = _cn_int(m.group(1))
            label = _label(text, s, m.end(), e)
            if n == 1 and top >= 2 and len(prev_content) >= 2 and not is_plan_title(label):
                para, before = prev_content[-1], prev_content[-2]
                ps, pe = _trim(text, *lines[para])
                bs, be = _trim(text, *lines[before])
                para_is_body = not _heading_at(text, ps, pe)
                # a short heading line right before the paragraph owns it
                before_owns = _heading_at(text, bs, be) and be - bs < RESTART_INTRO_MIN_CHARS
                if (
                    para_is_body
                    and not before_owns
                    and pe - ps >= RESTART_INTRO_MIN_CHARS
                    and (text[pe - 1] in SENTENCE_END or text.endswith(INTRO_ENDS, ps, pe))
                ):
                    # A title line right before the opening paragraph is the
                    # new report's title ("黄坪县科协201*年工作总结"), also
                    # above the addressees of a notice ("各社区、各科室:").
                    owner = para
                    if _is_title_line(text, bs, be):
                        owner = before
                    elif len(prev_content) >= 3 and _is_addressees(text, bs, be):
                        ts, te = _trim(text, *lines[prev_content[-3]])
                        if _is_title_line(text, ts, te):
                            owner = prev_content[-3]
                    found.append(owner)
                    top = 0
            top = n if n == 1 else max(top, n)
        prev_content.append(i)
    return found


def _repeated_title(text: str, lines: list[tuple[int, int]], first: int, last: int) -> list[int]:
    """Lines of a report that repeat its first line after real content: the
    report pasted twice (a repeat right after a site intro is front matter)."""
    s, e = _trim(text, *lines[first])
    title = text[s:e]
    if not title or len(title) > TITLE_MAX_CHARS or _TITLE_STOP_RE.search(title.strip()):
        return []
    found = []
    content_from = lines[first][1]
    for i in range(first + 1, last):
        ls, le = _trim(text, *lines[i])
        if text[ls:le] == title and ls - content_from > FRONT_MATTER_MAX_CHARS:
            if _signed_below(text, lines, i, last):
                continue  # the unit's name over the report's date: its signature
            found.append(i)
            content_from = le
    return found


# A signature's date line ("2022年1月12日", "2022 年 1 月 12 日", "20xx年12月28日").
SIGNATURE_DATE = re.compile(
    r"(?:\d{4}|20[xX*×]{2}|201[*xX]|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}"
    r"\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?"
)


def _signed_below(text: str, lines: list[tuple[int, int]], i: int, last: int) -> bool:
    """Is the next line with text after line i a date alone (a signature)?"""
    for j in range(i + 1, last):
        ls, le = _trim(text, *lines[j])
        if ls < le:
            return SIGNATURE_DATE.fullmatch(text, ls, le) is not None
    return True  # the name is the last line: a signature


def _heading_at(text: str, s: int, e: int) -> bool:
    return any(pat.match(text, s, e) for _, pat in _HEADING_RES)


# A site's name above its navigation: a unit or a web site, nothing else.
MASTHEAD_RE = re.compile(
    r"[^\d\s,。:]{2,20}(?:科学技术协会|科协|科学技术局|科技局|科技厅|人民政府|政府"
    r"|门户网站|网站|官网|政府网|信息网|网)"
)


def _removed_below(clean: CleanText, line_end: int, reason: str) -> int | None:
    """Where the text goes on after the line ending at ``line_end``, if
    debris of ``reason`` was removed between the two; else None."""
    text = clean.text
    nxt = line_end
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    if nxt >= len(text) or line_end == 0:
        return None
    lo, hi = clean.origin[line_end - 1], clean.origin[nxt]
    return nxt if any(r.reason == reason and lo < r.start < hi for r in clean.removed) else None


def _is_masthead(clean: CleanText, line_start: int, line_end: int) -> bool:
    """Is the line a site's name (a unit or a web site, no date, no report
    word), followed by the site's header lines (removed as site_header)?"""
    return bool(MASTHEAD_RE.fullmatch(clean.text, line_start, line_end)) and (
        _removed_below(clean, line_end, "site_header") is not None
    )


# The opening of an article's body: a sentence of some length.
_ARTICLE_BODY_RE = re.compile(
    r"(?:[^\n]{0,4}(?:通讯员|记者|作者|来源|文/|图/)[^\n]{0,24}\n\s*)?[^\n]{20,}?[。!?:]"
)  # after a byline, if any


def _article_starts(clean: CleanText, lines: list[tuple[int, int]]) -> list[_Start]:
    """Titles of the articles of a site's list page: each title line is
    followed by its data line (发布时间…, removed as article_info). One such
    article is a page of its own, not a list: nothing to split."""
    if sum(r.reason == "article_info" for r in clean.removed) < 2:
        return []
    text = clean.text
    found = []
    for i, (s, e) in enumerate(lines):
        ts, te = _trim(text, s, e)
        if ts >= te or te - ts > TITLE_MAX_CHARS or _TITLE_STOP_RE.search(text, ts, te):
            continue
        # an article's title: its data line below it, then a body of sentences
        nxt = _removed_below(clean, te, "article_info")
        if nxt is not None and _ARTICLE_BODY_RE.match(text, nxt):
            found.append(_Start(i, text[ts:te], ts, te))
    return found if len(found) >= 2 else []


def split_reports(clean: CleanText) -> list[ReportSpan]:
    """The reports held in one file, in order (≥1 when there is any text)."""
    text = clean.text
    if not text.strip():
        return []
    lines = _lines(text)
    starts = _report_starts(text, lines)
    listed = _article_starts(clean, lines)
    if listed:
        taken = {st.line for st in starts}
        starts = sorted(starts + [a for a in listed if a.line not in taken], key=lambda st: st.line)
    # front matter: a file title, a site intro and the title again (on a
    # site's list page, everything above its first article)
    if starts and starts[0].line > 0 and listed and starts[0].line == listed[0].line:
        first = starts[0]
        starts[0] = _Start(0, first.title, first.title_start, first.title_end)
    elif starts and starts[0].line > 0:
        fs, fe = _trim(text, 0, lines[starts[0].line][0])
        front_lines = [e - s for s, e in (_trim(text, *ln) for ln in lines[: starts[0].line])]
        small = (
            fe - fs <= FRONT_MATTER_MAX_CHARS
            and max(front_lines, default=0) <= FRONT_MATTER_MAX_LINE
        )
        if fs < fe and not small:
            starts.insert(0, _Start(0, "", -1, -1))
        else:
            first = starts[0]
            starts[0] = _Start(0, first.title, first.title_start, first.title_end)
    if not starts:
        starts = [_Start(0, "", -1, -1)]
    # untitled reports pasted in after another one
    bounds = [st.line for st in starts] + [len(lines)]
    extra: list[_Start] = []
    for k, st in enumerate(starts):
        extra.extend(_Start(i, "", -1, -1) for i in _restarts(text, lines, st.line, bounds[k + 1]))
    starts = sorted(starts + extra, key=lambda st: st.line)
    # the same report pasted again under its own title line
    bounds = [st.line for st in starts] + [len(lines)]
    repeats = [
        _Start(i, "", -1, -1)
        for k, st in enumerate(starts)
        for i in _repeated_title(text, lines, st.line, bounds[k + 1])
    ]
    starts = sorted(starts + repeats, key=lambda st: st.line)
    spans: list[ReportSpan] = []
    for k, st in enumerate(starts):
        begin = lines[st.line][0]
        stop = lines[starts[k + 1].line][0] if k + 1 < len(starts) else len(text)
        s, e = _trim(text, begin, stop)
        if s >= e:
            continue
        title, t_s, t_e = st.title, st.title_start, st.title_end
        if not title:
            title, t_s, t_e = _first_line_title(text, s, e)
            if t_s >= 0 and _is_masthead(clean, t_s, t_e):
                # The site's name above its navigation bar: the article's
                # own title is the next line.
                nxt = text.find("\n", t_e, e)
                if nxt >= 0:
                    below = _first_line_title(text, nxt, e)
                    if below[1] >= 0:
                        title, t_s, t_e = below
        spans.append(ReportSpan(len(spans) + 1, s, e, title, t_s, t_e))
    return spans


# --- sentences ----------------------------------------------------------------


@dataclass(frozen=True)
class _Heading:
    kind: str
    number: int
    label: str
    plan: bool


def _label_end(text: str, after_number: int, stop: int) -> int:
    """End of a heading's label: the first punctuation after its text."""
    pos = after_number
    while pos < stop and text[pos] in " \t":
        pos += 1
    m = _LABEL_STOP_RE.search(text, pos, stop)
    return m.start() if m else stop


def _label(text: str, start: int, after_number: int, stop: int) -> str:
    """Heading label: number and text up to the first punctuation (≤30 chars)."""
    label = re.sub(r"\s+", "", text[start : _label_end(text, after_number, stop)])
    return "".join(ch for ch in label if ch not in LABEL_DROP)[:LABEL_MAX_CHARS]


def _match_heading(text: str, pos: int, stop: int) -> tuple[str, int, int] | None:
    """(kind, number, end of the number marker) of a heading starting at pos."""
    for kind, pat in _HEADING_RES:
        m = pat.match(text, pos, stop)
        if m:
            n = _cn_int(m.group(1))
            if n > 0:
                return kind, n, m.end()
    return None


# Nominal depth of each heading kind (一、 > (一) > 1、 > (1) > 一是); the
# outline itself nests by order of appearance, so a report that puts 1、
# above (一) still nests correctly.
HEADING_LEVELS: dict[str, int] = {
    "di": 1,
    "cn": 1,
    "paren_cn": 2,
    "arabic": 3,
    "paren_ar": 4,
    "shi": 5,
}


def parse_heading(line: str) -> tuple[int, int, str] | None:
    """(level, number, label) of a heading at the start of a matching-text line.

    >>> parse_heading("(一)开展培训、提高全民素质。")
    (2, 1, '(一)开展培训')
    """
    s = len(line) - len(line.lstrip())
    found = _match_heading(line, s, len(line))
    if not found:
        return None
    kind, n, after = found
    return HEADING_LEVELS[kind], n, _label(line, s, after, len(line))


def _glued_ok(text: str, pos: int, line_start: int, label_ends: set[int]) -> tuple[bool, bool]:
    """(allowed context, strong context) for a heading glued at pos."""
    j = pos
    while j > line_start and text[j - 1] in " \t":
        j -= 1
    if j == line_start:
        return False, False
    spaced = j < pos
    if j in label_ends:
        return True, True
    prev = text[j - 1]
    if prev in GLUED_AFTER or (
        prev in SENTENCE_CLOSERS and j - 2 >= line_start and text[j - 2] in GLUED_AFTER
    ):
        return True, True
    if spaced and not prev.isascii():
        return True, False
    if text.endswith(GLUED_AFTER_WORDS, line_start, j):
        return True, False
    return False, False


class _Outline:
    """The stack of open headings while a report is read in order."""

    def __init__(self, report_plan: bool) -> None:
        self.stack: list[_Heading] = []
        self.report_plan = report_plan

    def last(self, kind: str) -> int | None:
        for h in reversed(self.stack):
            if h.kind == kind:
                return h.number
        return None

    def accepts_glued(self, kind: str, n: int, label: str, strong: bool) -> bool:
        last = self.last(kind)
        if last is None:
            return n == 1
        if n == last + 1:
            return True
        # a plan part glued after a sentence: "二、XX年工作打算" repeated after
        # a 二、 by a careless author, or a skipped number before it
        return strong and n >= last and kind in ("cn", "di") and is_plan_title(label)

    def push(self, kind: str, n: int, label: str) -> None:
        idx = next(
            (i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].kind == kind), None
        )
        if idx is not None:
            del self.stack[idx:]
        else:
            while self.stack and self.stack[-1].kind in LEAF_KINDS:
                self.stack.pop()
        parent_plan = bool(self.stack) and self.stack[-1].plan
        self.stack.append(_Heading(kind, n, label, parent_plan or is_plan_title(label)))

    def push_bare(self, label: str) -> None:
        self.stack = [_Heading("bare", 0, label, is_plan_title(label))]

    @property
    def section(self) -> str:
        return " > ".join(h.label for h in self.stack)

    @property
    def plan(self) -> bool:
        """Inside a plan part; in a plan report, a review part ("一、2023年工作
        回顾") is not one: the innermost heading that says either decides."""
        for h in reversed(self.stack):
            if h.plan:
                return True
            if _PLAN_EXCLUDE_RE.search(h.label):
                return False
        return self.report_plan


# A sentence ends at its mark and the marks and closing quotes right after it.
_SENTENCE_END_RE = re.compile(
    f"[{re.escape(SENTENCE_END)}][{re.escape(SENTENCE_END + SENTENCE_CLOSERS)}]*"
)


# A "sentence" longer than this (a page without 。, a list run together) is
# cut after its last , or ; within the limit (or at the limit): no record's
# evidence grows past what a reader, or a spreadsheet cell, can take.
MAX_SENTENCE_CHARS = 1000


def _sentence_ends(text: str, start: int, stop: int) -> list[int]:
    """End offsets (exclusive) of the sentences in text[start:stop]."""
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text, start, stop)]
    if not ends or ends[-1] < stop:
        ends.append(stop)
    if stop - start <= MAX_SENTENCE_CHARS:
        return ends
    out = []
    previous = start
    for end in ends:
        while end - previous > MAX_SENTENCE_CHARS:
            limit = previous + MAX_SENTENCE_CHARS
            cut = max(text.rfind(",", previous + 1, limit), text.rfind(";", previous + 1, limit))
            previous = cut + 1 if cut > previous else limit
            out.append(previous)
        out.append(end)
        previous = end
    return out


_CONTENT_RE = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


def _emit(text: str, s: int, e: int, outline: _Outline, out: list[Sentence]) -> None:
    for end in _sentence_ends(text, s, e):
        a, b = _trim(text, s, end)
        if a < b and _CONTENT_RE.search(text, a, b):
            out.append(Sentence(a, b, outline.section, outline.plan))
        s = end


def split_sentences(clean: CleanText, report: ReportSpan) -> list[Sentence]:
    """Sentences of one report with their heading path and plan flag."""
    text = clean.text
    outline = _Outline(_plan_report_title(report.title))
    out: list[Sentence] = []
    title = report.title.strip()
    for ls, le in _lines(text, report.start, report.end):
        s, e = _trim(text, ls, le)
        if s >= e:
            continue
        if report.title_start >= 0 and s < report.title_end and report.title_start < e:
            if report.title_end >= e:
                continue  # the title line itself (or one of its two lines)
            s, e = _trim(text, report.title_end, e)
            if s >= e:
                continue
        elif (title and text[s:e] == title) or _APPENDIX_RE.fullmatch(text, s, e):
            continue  # the title repeated as front matter
        _read_line(text, s, e, outline, out)
    return out


# Where a heading glued into a line can start: the scan jumps between them
# (any heading pattern, so positions where none matches are never tried).
_GLUE_START_RE = re.compile("|".join(f"(?:{pat})" for _, pat in HEADING_PATTERNS))


def _read_line(text: str, s: int, e: int, outline: _Outline, out: list[Sentence]) -> None:
    # headings: one at the line start, others glued into the line
    heads: list[tuple[int, int, str]] = []  # (start, end of label, kind)
    label_ends: set[int] = set()
    first = _match_heading(text, s, e)
    if first:
        kind, n, after = first
        label = _label(text, s, after, e)
        outline_label_end = _label_end(text, after, e)
        heads.append((s, outline_label_end, kind))
        label_ends.add(outline_label_end)
        outline.push(kind, n, label)
        # the heading sentence: label, then body if it carries figures
        pos = outline_label_end
    else:
        bare = text[s:e]
        if (
            out
            and len(bare) <= BARE_HEADING_MAX_CHARS
            and not re.search(r"[。,;!?]", bare)
            and is_plan_title(bare)
        ):
            outline.push_bare(_label(text, s, s, e))
            return
        lead = _PLAN_LEAD_RE.match(text, s, e)
        if out and lead and is_plan_title(lead.group(1)) and _FUTURE_RE.search(lead.group(1)):
            # "明年打算:再办…": an unnumbered plan heading that leads its paragraph
            outline.push_bare(lead.group(1))
        pos = s
    segment_start = s if not first else -1
    i = pos
    while i < e:
        jump = _GLUE_START_RE.search(text, i, e)
        if jump is None:
            break
        i = jump.start()
        m = _match_heading(text, i, e)
        if m:
            allowed, strong = _glued_ok(text, i, s, label_ends)
            kind, n, after = m
            label = _label(text, i, after, e)
            if allowed and outline.accepts_glued(kind, n, label, strong):
                _flush(text, heads, segment_start, i, outline, out)
                lend = _label_end(text, after, e)
                outline.push(kind, n, label)
                heads.append((i, lend, kind))
                label_ends.add(lend)
                segment_start = -1
                i = lend
                continue
        i += 1
    _flush(text, heads, segment_start, e, outline, out)


def _flush(
    text: str,
    heads: list[tuple[int, int, str]],
    segment_start: int,
    stop: int,
    outline: _Outline,
    out: list[Sentence],
) -> None:
    """Emit the sentences between the last heading (or segment start) and stop."""
    if segment_start >= 0:
        _emit(text, segment_start, stop, outline, out)
        return
    if not heads:
        return
    h_start, lend, _kind = heads[-1]
    # the heading's own sentence runs to the first sentence end; it is also a
    # sentence of the body when it says more than a title or holds a figure
    first_end = _sentence_ends(text, lend, stop)[0]
    a, b = _trim(text, lend, first_end)
    while a < b and not _CONTENT_RE.match(text[a]):
        a += 1
    rest = b - a
    if rest >= HEADING_BODY_MIN_CHARS or _FIGURE_RE.search(text, h_start, first_end):
        hs, he = _trim(text, h_start, first_end)
        out.append(Sentence(hs, he, outline.section, outline.plan))
    if first_end < stop:
        _emit(text, first_end, stop, outline, out)
