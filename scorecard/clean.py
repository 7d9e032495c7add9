"""Remove scraping debris and rejoin what page breaks and wraps cut apart.

The result keeps a map back to the decoded text: `origin[i]` is the index in
the decoded text of `text[i]`, so evidence can always be quoted in the
original script. Every decoded character is either kept (it appears in
`origin`) or dropped (it lies in exactly one `Removal`).

Stages (each works on the output of the one before):
 1. matching text: `to_matching` (t2s + half-width, same length);
 2. debris lines: site headers and footers, disclaimers, related-title lists;
 3. debris inside lines: English spam, pinyin after characters, backticks,
    stray dots and spam words;
 4. line joins: page markers ("…科普教\\n2、育资源…"), blank lines inside a
    cut sentence, hard wraps inside words;
 5. numbers: spaces inside numbers, "1。2万" → "1.2万".

>>> clean_text("培训学员1\\n\\n2、20人,網(wǎng)絡培训3 800人次").text
'培训学员120人,网络培训3800人次'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from scorecard.normalize import to_matching


@dataclass(frozen=True)
class Removal:
    start: int  # offset in the decoded text, inclusive
    end: int  # offset in the decoded text, exclusive
    reason: str  # site_header | article_info | site_footer | disclaimer | related_list | spam | pinyin | backtick | page_marker | wrap | number_space


@dataclass(frozen=True)
class CleanText:
    text: str  # matching text with debris removed and cut lines rejoined
    origin: tuple[int, ...]  # origin[i] = index in the decoded text of text[i]
    removed: tuple[Removal, ...]  # what was dropped, in decoded order


# --- 2. debris lines --------------------------------------------------------
# A button of a government site's article page ("【打印本页】", "[关闭窗口]").
SITE_BUTTON = r"[【\[]?\s*(?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|返回顶部|分享到)\s*[】\]]?"
# Whole lines (stripped, matching text) that document sites wrap around a
# report. Each is (reason, pattern); a pattern must match the whole line.
DEBRIS_LINES: tuple[tuple[str, str], ...] = (
    # document-site page headers (e.g. 人人文库, 文萃谷, 瑞文网)
    ("site_header", r"下载本文档|下载文档|立即下载|文档简介|文档介绍|收藏本文"),
    ("site_header", r"版权说明[:].*"),
    ("site_header", r"来源[:]\s*文萃谷.*"),
    ("site_header", r"《[^》]{1,80}》属于.{0,20}的内容[,]?欢迎参考[。.]?"),
    ("site_header", r".{0,40}属于.{0,20}比较优秀的内容[,].{0,6}欢迎参考[。.]?"),
    # footers: disclaimers and notices
    ("disclaimer", r"温馨提示[:]?"),
    ("disclaimer", r"(?:免责声明|友情提示|特别声明)[:].*"),
    ("disclaimer", r"来源[:]\s*网络整理.*"),
    ("disclaimer", r".{0,80}当前网页未完全显示.*"),
    ("disclaimer", r"-\s*\d{1,2}[.、]\s*.*(?:本站|下载|侵权|上传|权益|人人文库).*"),
    # comment boxes
    ("site_footer", r"(?:评论|提交评论|发表评论|返回顶部|上一篇[:].*|下一篇[:].*)"),
    # government and news sites: navigation bars, breadcrumbs, article data;
    # never a line with digits in a menu item ("讲座 | 3月5日 | 200人" is a
    # table) or with a sentence in it ("主办单位:…联合举办,共有500人参加。")
    ("site_header", r"(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)[:].*"),
    ("site_header", r"(?:网站)?首页\s*[>»›].{0,60}"),  # 首页 > 工作动态
    ("site_header", r"[^|\d。,;:]{1,10}(?:\s*\|\s*[^|\d。,;:]{1,10}){3,}"),  # 首页 | 概况 | …
    # an article's data line under its title (a list page holds several)
    (
        "article_info",
        r"(?:作者|来源|文章来源|信息来源|发布时间|发布日期|发稿时间|浏览次数|点击次数|点击数"
        r"|阅读次数|浏览量|阅读量)[:][^。,;]{0,120}",
    ),
    # 【字体:大 中 小】, also with the page's buttons beside it
    ("site_header", rf"【\s*字[体号]\s*[:][^】]{{0,12}}】(?:\s*{SITE_BUTTON})*"),
    ("site_footer", rf"{SITE_BUTTON}(?:\s*{SITE_BUTTON})*"),  # 【打印本页】 【关闭窗口】
    (
        "site_footer",
        r"(?:相关链接|友情链接|版权所有|主办单位|承办单位|技术支持|网站标识码)[:©][^。,;]*",
    ),
    ("site_footer", r"[^。,;]{0,60}ICP备\d+号[^。,;]*"),
    ("site_footer", r"\(?\s*(?:供稿|责任编辑|审核|校对)[:][^。,;]{0,60}"),  # (供稿:… 责任编辑:…)
    # WeChat articles: the account's header and the page's buttons and counters
    ("site_header", r"点击上方(?:蓝字|“[^”]{1,12}”)\s*(?:关注我们|关注|即可关注)?[^。,;]{0,10}"),
    (
        "site_header",
        r"(?:原创\s+)?\S{2,20}\s+\S{2,20}\s+\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?",
    ),
    ("site_header", r"原创\s+\S{2,20}"),
    ("site_footer", r"-+\s*(?:END|完|The End)\s*-+|长按(?:识别)?二维码[^。,;]{0,12}|阅读原文"),
    (
        "site_footer",
        r"(?:阅读|赞|在看|点赞)\s*\d{1,7}|写留言|留言|已无更多数据|左右滑动查看更多图片",
    ),
    ("site_footer", r"(?:分享|收藏|点赞|在看)(?:\s+(?:分享|收藏|点赞|在看)(?:\s*\d{1,7})?)+"),
    ("site_footer", r"(?:编辑|排版|校审)[:][^。,;]{0,30}"),
    # a page number alone on its line: "- 2 -", "— 2 —", "第2页", "第2页 共5页"
    ("page_marker", r"[-—–]\s*\d{1,3}\s*[-—–]"),
    ("page_marker", r"第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?"),
)

# A header after which the site lists other documents' titles: the header
# and the list lines that follow it go together.
RELATED_HEADERS = r"往期推荐|往期回顾|最新文档|相关范文推荐|相关文档|相关文章|推荐阅读|猜你喜欢|热门标签|热门文档|相关推荐|精品文档"
# A list line: a bullet item, or a short line without sentence punctuation.
RELATED_ITEM = r"[-·•*▶►▸]\s*.+|[^。,;!?]{1,50}"
# "0/150" belongs to a comment box only right after 评论.
COMMENT_COUNTER = r"\d{1,4}/\d{1,5}"

# A page's running header (the report's title or unit, repeated at the top
# of each printed page) is at most this long.
RUNNING_HEADER_MAX_CHARS = 40
# All debris lines in one pattern: alternatives are tried in table order, so
# the first pattern that matches the whole line names the reason.
_DEBRIS_RE = re.compile("|".join(f"(?P<d{k}>{pat})" for k, (_, pat) in enumerate(DEBRIS_LINES)))


def _debris_reason(line: str) -> str | None:
    m = _DEBRIS_RE.fullmatch(line)
    return DEBRIS_LINES[int(m.lastgroup[1:])][0] if m and m.lastgroup else None


_RELATED_HEADER_RE = re.compile(rf"(?:{RELATED_HEADERS})[:]?")
_RELATED_ITEM_RE = re.compile(RELATED_ITEM)
_COMMENT_COUNTER_RE = re.compile(COMMENT_COUNTER)

# --- 3. debris inside lines -------------------------------------------------
INLINE_DEBRIS: tuple[tuple[str, str], ...] = (
    # template filler that PPT/Word-derived pages leave in, glued or alone
    ("spam", r"Your\s*content\s*to\s*play\s*here.{0,160}?select\s*only\s*the\s*text\.?"),
    ("spam", r"(?i:click\s+(?:here\s+)?to\s+(?:add|edit)\s+(?:your\s+)?(?:text|title)\.?)"),
    ("spam", r"(?i:lorem\s+ipsum[^\n。]{0,200})"),
    # spam words sites insert into sentences ("总结( 提供更多总结)堆浸")
    ("spam", r"\(\s*(?:提供|查看|更多)[^()\n]{0,12}\)"),
    # pinyin after a character: 網(wǎng)絡; lowercase latin with a tone mark
    (
        "pinyin",
        r"(?<=[\u4e00-\u9fff])\((?=[a-zü\u00e0-\u01dc ]*[\u00e0-\u01dc])[a-zü\u00e0-\u01dc ]{1,12}\)",
    ),
    ("backtick", r"`+"),
    # a dot dropped between two characters by spam sites ("之间的.合作")
    ("spam", r"(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff“])"),
)
_INLINE_RES = tuple((reason, re.compile(pat)) for reason, pat in INLINE_DEBRIS)

# --- 4. line joins ------------------------------------------------------------
# A line ending in one of these is complete; the next line starts afresh.
LINE_TERMINALS = '。!?;:…”’")）》」』|'
# A page marker: "N、" at a line start, put there by sites that paginate.
PAGE_MARKER = r"[ \t]*(\d{1,3})、"
# Shares/lengths that tell a page marker from a numbered heading: in a run of
# markers 1、2、3… most follow a line cut mid-sentence; headings follow
# complete sentences or short title lines.
PAGE_RUN_MIN_CUT_SHARE = 0.6
# A line this long (stripped) not ending in LINE_TERMINALS was cut by a wrap;
# a blank line between the halves needs a longer line (subheadings without
# punctuation run up to ~35 chars).
WRAP_MIN_LEN = 30
WRAP_MIN_LEN_BLANK = 40
# Text hard-wrapped at a fixed width (a mail or terminal export): most lines
# that stop mid-sentence have one length (±1), and that length, however
# short, marks a cut. Counted over lines at least this long (a list of short
# items, "县科协举办科普讲座12场", is no wrap)…
WRAP_WIDTH_MIN_LINE = 14
# …when at least this many of them, and this share, have the one length.
WRAP_WIDTH_MIN_LINES = 4
WRAP_WIDTH_SHARE = 0.6
# A line ending like this stops mid-sentence, however short ("5期,").
OPEN_ENDINGS = (",", "、")
# The next line goes on with the number or unit of the line before:
# "…科普经费" + "3.5万元", "…3.5" + "万元".
NUMBER_GOES_ON = re.compile(
    r"[ \t]*[\d.]+[ \t]*[万亿千百]?(?:元|人次|人|名|期|场次|场|次|份|册|个|项|班)"
)
UNIT_GOES_ON = re.compile(r"[ \t]*(?:\.\d|[万亿千百]?(?:元|人次|人|名|期|场次|场|次|份|册|项))")
# The next line starts a heading or a new report: never glued to the line
# before it.
LINE_START_BLOCK = (
    r"[ \t]*(?:[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十]+[、,]|\(\s*[一二三四五六七八九十\d]+\s*\)"
    r"|\d{1,2}[、.](?!\d)|[一二三四五六七八九十]+是|篇[一二三四五六七八九十]+|扩展阅读|附件|附[:]"
    r"|\|)"  # a table row drawn with |
)
# A short line ending with one of these is a title, not a cut sentence.
TITLE_ENDINGS = (
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
    "范文",
    "大全",
)

# A row of a table pasted as text: cells aligned by a tab or by two runs of
# spaces (one wide gap is as likely a justified line of prose), and no
# sentence punctuation (a comma between digits is a thousands separator).
ALIGNED_CELLS = r"\S[ ]*\t[ \t]*\S|\S {2,}\S.*? {2,}\S"
PROSE_MARK = r"[。;!?]|(?<!\d),|,(?!\d)"
_ALIGNED_CELLS_RE = re.compile(ALIGNED_CELLS)
_PROSE_MARK_RE = re.compile(PROSE_MARK)


def is_aligned_row(line: str) -> bool:
    """Is ``line`` a row of a table pasted as text ("科普讲座\t20\t4000")?"""
    return bool(_ALIGNED_CELLS_RE.search(line)) and not _PROSE_MARK_RE.search(line)


_PAGE_MARKER_RE = re.compile(PAGE_MARKER)
_LINE_START_BLOCK_RE = re.compile(LINE_START_BLOCK)

# --- 5. numbers ---------------------------------------------------------------
UNITS_AFTER_NUMBER = "万亿千百余多人名个元次期场份册套项家篇台亩米户%"
NUMBER_SPACES = (
    r"(?<=\d)[ \t]+(?=\d{3}(?!\d))",  # "3 800人次": a thousands gap (not between cells)
    rf"(?<=\d)[ \t]+(?=[{UNITS_AFTER_NUMBER}])",  # "120 名"
)
_NUMBER_SPACE_RES = tuple(re.compile(p) for p in NUMBER_SPACES)
# "1。2万人次": a full stop between digits is a decimal point, unless a
# numbered item or a date follows ("共9。2、…", "…95。2012年").
DECIMAL_STOP = r"(?<=\d)。(?=\d+(?![\d、.年月日号]))"
_DECIMAL_STOP_RE = re.compile(DECIMAL_STOP)

Edit = tuple[int, int, str | None, str]  # (start, end, replacement or None, reason)


def _apply(text: str, origin: list[int], edits: list[Edit]) -> tuple[str, list[int], list[Removal]]:
    """Apply non-overlapping edits (sorted by start) to text/origin."""
    out_chars: list[str] = []
    out_origin: list[int] = []
    removed: list[Removal] = []
    pos = 0
    for start, end, repl, reason in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos or end <= start:
            continue  # overlapping or empty: the earlier edit wins
        out_chars.append(text[pos:start])
        out_origin.extend(origin[pos:start])
        if repl is None:
            run_start = origin[start]
            prev = run_start
            for i in range(start + 1, end):
                if origin[i] != prev + 1:
                    removed.append(Removal(run_start, prev + 1, reason))
                    run_start = origin[i]
                prev = origin[i]
            removed.append(Removal(run_start, prev + 1, reason))
        else:
            out_chars.append(repl)
            out_origin.append(origin[start])
        pos = end
    out_chars.append(text[pos:])
    out_origin.extend(origin[pos:])
    return "".join(out_chars), out_origin, removed


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    spans = []
    start = 0
    for m in re.finditer("\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _line_edit(text: str, start: int, end: int, reason: str) -> Edit:
    """Drop a whole line together with its newline."""
    return (start, end + 1 if end < len(text) else end, None, reason)


def _debris_lines(text: str) -> list[Edit]:
    edits: list[Edit] = []
    in_list = False
    after_comment = False
    after_page = False  # the last content line was a page number
    seen: set[str] = set()  # short lines met so far: a page's running header repeats one
    under_numbers: list[tuple[int, int, str]] = []  # earlier lines repeated under a page number
    for start, end in _lines(text):
        s = text[start:end].strip()
        if not s:
            continue
        if after_page and s in seen and not _LINE_START_BLOCK_RE.match(s):
            under_numbers.append((start, end, s))
            after_page = False
            continue
        after_page = False
        if len(s) <= RUNNING_HEADER_MAX_CHARS:
            seen.add(s)
        if _RELATED_HEADER_RE.fullmatch(s):
            edits.append(_line_edit(text, start, end, "related_list"))
            in_list, after_comment = True, False
            continue
        if in_list and _RELATED_ITEM_RE.fullmatch(s) and _debris_reason(s) is None:
            edits.append(_line_edit(text, start, end, "related_list"))
            continue
        in_list = False
        if after_comment and _COMMENT_COUNTER_RE.fullmatch(s):
            edits.append(_line_edit(text, start, end, "site_footer"))
            continue
        after_comment = False
        reason = _debris_reason(s)
        if reason is not None:
            edits.append(_line_edit(text, start, end, reason))
            after_comment = s == "评论"
            after_page = reason == "page_marker"
    # The running header a printed page repeats under its number: the same
    # line under two page numbers or more (a report pasted again under one
    # page number opens with its title once).
    repeats = Counter(line for _, _, line in under_numbers)
    for start, end, line in under_numbers:
        if repeats[line] >= 2:
            edits.append(_line_edit(text, start, end, "page_marker"))
    return sorted(edits)


def _inline_debris(text: str) -> list[Edit]:
    found: list[Edit] = []
    for reason, pat in _INLINE_RES:
        found.extend(
            (m.start(), m.end(), None, reason) for m in pat.finditer(text) if m.end() > m.start()
        )
    found.sort(key=lambda e: (e[0], -e[1]))
    edits: list[Edit] = []
    last_end = -1
    for e in found:
        if e[0] >= last_end:
            edits.append(e)
            last_end = e[1]
    return edits


def _is_cut(line: str, min_len: int) -> bool:
    """A content line that stops mid-sentence (a page break or a wrap)."""
    s = line.strip()
    if len(s) < min_len or s[-1] in LINE_TERMINALS:
        return False
    if not any(ch.isalnum() for ch in s):
        return False  # a rule line ("-----", "＊＊＊") between two parts
    return not (len(s) < 60 and s.endswith(TITLE_ENDINGS))


def _is_title_line(text: str, span: tuple[int, int]) -> bool:
    """A short line ending in a report-kind word ("8、科协年度总结")."""
    s = text[span[0] : span[1]].strip()
    return len(s) <= 40 and s.endswith(TITLE_ENDINGS)


def _page_markers(text: str, lines: list[tuple[int, int]], content: list[int]) -> dict[int, int]:
    """Line index → end offset of its page marker, for lines that carry one."""
    cands: list[
        tuple[int, int, int, bool, bool]
    ] = []  # (line idx, number, marker end, cut, strong)
    for k, li in enumerate(content):
        start, end = lines[li]
        m = _PAGE_MARKER_RE.match(text, start, end)
        if not m:
            continue
        prev = text[lines[content[k - 1]][0] : lines[content[k - 1]][1]].strip() if k else ""
        cut = bool(prev) and _is_cut(prev, 20)
        after = text[m.end() : m.end() + 1]
        # a marker directly followed by a comma, or cutting a number in two,
        # cannot be a heading
        strong = (
            bool(prev)
            and prev[-1] not in LINE_TERMINALS
            and (after in ",、。;:" or (prev[-1].isdigit() and after.isdigit()))
        )
        cands.append((li, int(m.group(1)), m.end(), cut, strong))
    chains: list[list[tuple[int, int, int, bool, bool]]] = []
    for c in cands:
        for chain in reversed(chains):
            if chain[-1][1] == c[1] - 1:
                chain.append(c)
                break
        else:
            chains.append([c])
    markers: dict[int, int] = {}
    for chain in chains:
        rest = chain[1:]
        if rest and sum(c[3] for c in rest) / len(rest) >= PAGE_RUN_MIN_CUT_SHARE:
            markers.update((c[0], c[2]) for c in chain)
        elif chain[0][1] > 1 and all(c[3] and not _is_title_line(text, lines[c[0]]) for c in chain):
            # "2、" after a cut line with no "1、" anywhere before it: headings
            # count from 1, pages of a scraped excerpt need not
            first_start = lines[chain[0][0]][0]
            if f"{chain[0][1] - 1}、" not in text[:first_start]:
                markers.update((c[0], c[2]) for c in chain)
    for c in cands:
        if c[4]:
            markers[c[0]] = c[2]
    return markers


def _join_lines(text: str) -> list[Edit]:
    lines = _lines(text)
    content = [i for i, (s, e) in enumerate(lines) if text[s:e].strip()]
    markers = _page_markers(text, lines, content)
    width = _wrap_width(text, lines, content)
    aligned = [_may_align(text[s:e]) and is_aligned_row(text[s:e]) for s, e in lines]
    aligned = [aligned[li] for li in content]
    edits: list[Edit] = []
    for k, li in enumerate(content):
        start, end = lines[li]
        line = text[start:end]
        lead = len(line) - len(line.lstrip())
        body_start = start + lead
        if li in markers:
            if k:
                prev_end = lines[content[k - 1]][1]
                edits.append((prev_end, body_start, None, "wrap"))
            edits.append((body_start, markers[li], None, "page_marker"))
            continue
        if not k or _LINE_START_BLOCK_RE.match(line):
            continue
        prev_li = content[k - 1]
        prev = text[lines[prev_li][0] : lines[prev_li][1]]
        blank_between = li - prev_li > 1
        min_len = WRAP_MIN_LEN_BLANK if blank_between else WRAP_MIN_LEN
        # At the wrap width, a line is cut unless it is the title (the first
        # line) or a heading alone (not one run on by its text): those stand
        # alone, whatever their length.
        wrapped = (
            width is not None
            and not blank_between
            and k > 1
            and not (_LINE_START_BLOCK_RE.match(prev) and "。" not in prev)
            and _is_cut(prev, width - 1)
        )
        if "|" in prev or "|" in line:
            continue  # table rows drawn with | are never glued
        if _in_aligned_table(aligned, k):
            continue  # nor rows of a table pasted as text, beside another row
        if _is_cut(prev, min_len) or wrapped or _goes_on(prev.rstrip(), line):
            edits.append((lines[prev_li][1], body_start, None, "wrap"))
    return edits


def _wrap_width(text: str, lines: list[tuple[int, int]], content: list[int]) -> int | None:
    """The width the text was hard-wrapped at, if it was."""
    lengths: Counter[int] = Counter()
    for li in content:
        s = text[lines[li][0] : lines[li][1]].strip()
        if (
            len(s) >= WRAP_WIDTH_MIN_LINE
            and s[-1] not in LINE_TERMINALS
            and not _LINE_START_BLOCK_RE.match(s)  # headings of one length are no wrap
        ):
            lengths[len(s)] += 1
    total = sum(lengths.values())
    if total < WRAP_WIDTH_MIN_LINES:
        return None
    width, near = max(
        ((n, lengths[n - 1] + lengths[n] + lengths[n + 1]) for n in lengths), key=lambda x: x[1]
    )
    if near < WRAP_WIDTH_MIN_LINES or near < WRAP_WIDTH_SHARE * total:
        return None
    return width


def _goes_on(prev: str, line: str) -> bool:
    """Does ``line`` continue ``prev`` whatever their lengths: ``prev`` ends
    on a comma, or a number or its unit runs on across the break?"""
    if not prev or prev[-1] in LINE_TERMINALS or "|" in prev or "|" in line:
        return False  # table rows are never glued
    if prev.endswith(OPEN_ENDINGS):
        return True
    if prev[-1].isdigit() or (prev[-1] in "万亿千百" and prev[-2:-1].isdigit()):
        return UNIT_GOES_ON.match(line) is not None
    return NUMBER_GOES_ON.match(line) is not None and not prev[-1].isascii()


def _may_align(line: str) -> bool:
    return "\t" in line or "  " in line


def _in_aligned_table(aligned: list[bool], k: int) -> bool:
    """Do content lines k-1 and k belong to a table pasted as text (``aligned``
    says which content lines are its rows): both rows, or one of them a row
    beside another row (its table's first or last)?"""

    def row(j: int) -> bool:
        return 0 <= j < len(aligned) and aligned[j]

    prev, this = row(k - 1), row(k)
    return (prev and this) or (prev and row(k - 2)) or (this and row(k + 1))


def _number_fixes(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for pat in _NUMBER_SPACE_RES:
        for m in pat.finditer(text):
            if m.end() - m.start() > 1 or "\t" in m.group():
                # a wide gap or a tab between digits separates the cells of a row
                ls = text.rfind("\n", 0, m.start()) + 1
                le = text.find("\n", m.end())
                if is_aligned_row(text[ls : le if le >= 0 else len(text)]):
                    continue
            edits.append((m.start(), m.end(), None, "number_space"))
    edits.extend(
        (m.start(), m.end(), ".", "decimal_point") for m in _DECIMAL_STOP_RE.finditer(text)
    )
    return edits


def clean_text(decoded: str) -> CleanText:
    """Matching text of `decoded` without debris, cut lines rejoined."""
    # 1. matching text, same length as decoded
    text = to_matching(decoded)
    origin = list(range(len(text)))
    removed: list[Removal] = []
    # 2.-5. each stage edits the previous stage's output
    for stage in (_debris_lines, _inline_debris, _join_lines, _number_fixes):
        text, origin, dropped = _apply(text, origin, stage(text))
        removed.extend(dropped)
    return CleanText(text=text, origin=tuple(origin), removed=_merge(removed))


def _merge(removed: list[Removal]) -> tuple[Removal, ...]:
    """Sort removals and merge touching ones that share a reason."""
    merged: list[Removal] = []
    for r in sorted(removed, key=lambda r: (r.start, r.end)):
        if merged and merged[-1].end == r.start and merged[-1].reason == r.reason:
            merged[-1] = Removal(merged[-1].start, r.end, r.reason)
        else:
            merged.append(r)
    return tuple(merged)
