"""Tables: one record per body row.

A table is drawn with | (a Word or Markdown export) or aligned with tabs or
runs of spaces (a table pasted as text, every line with the same number of
cells).

A table's header names what each column counts and often its unit
("培训期数", "培训人数(人次)", "金额(万元)"); its rows hold bare numbers that
the sentence rules cannot read. The caption above the table (or the header)
says which table the rows belong to: money columns make funding rows,
training words trainings, activity words activities. A 合计 row is the total
of the rows above it (``_sums_above``), linked as their parent when they add
up.

This module reads the tables; ``extract`` makes records of their rows (the
row's own line is the evidence; a cell's unit is the header's, so
``*_text`` holds the cell as written, "45.0", and the value is in yuan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import PROSE_MARK
from .quantities import QuantitySpan, parse_quantity

# What a header cell counts, by its words; the first match wins.
COLUMN_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("money", ("金额", "经费", "资金", "投入", "万元")),
    ("people", ("人数", "人次", "学员数", "参加人")),
    ("sessions", ("期数", "场次", "次数", "场数", "班次", "期次", "班数")),
    ("materials", ("份数", "资料数", "册数")),
)
# The unit a header cell implies when it writes none in parentheses.
DEFAULT_UNITS = {"money": "元", "people": "人", "materials": "份"}
SESSION_UNITS_BY_WORD = (("期", "期"), ("场次", "场次"), ("场", "场"), ("班", "班"), ("次", "次"))
# Row labels that total the rows above.
TOTAL_LABELS = re.compile(r"(?:合\s*计|总\s*计|共\s*计|小\s*计)")
# Words of a caption or header that say which table the rows belong to.
TRAINING_WORDS = ("培训", "轮训", "继续教育")
ACTIVITY_WORDS = ("活动", "讲座", "展览", "竞赛", "咨询", "义诊", "放映", "科普日", "科技周")
UNIT_IN_HEADER = re.compile(r"\(([^()]{1,4})\)")
# A unit stated once for the whole table ("表2 科普经费来源 单位:万元").
UNIT_IN_CAPTION = re.compile(r"单位[:]\s*([^\s,;。)]{1,4})")
# Columns that hold no count of what was done: targets, budgets, rates,
# changes, staff, population, another year's figure.
NOT_A_COUNT = re.compile(
    r"计划|预算|目标|人均|户均|占比|比例|比上年|同比|增长|增减|志愿者|特派员|专家|人口|户数"
    r"|(?:19|20)\d\d"
)
# Money tables of other things than the work (GDP, research spending).
NOT_SCIENCE_MONEY = re.compile(r"生产总值|产值|收入|研发|营业|税|工业|固定资产")
# Rows that are not a part of what the table counts.
NOT_A_ROW_LABEL = re.compile(r"比上年|比去年|同比|增长|增减|占比|平均|人均")
PLAN_CAPTION = re.compile(r"计划|打算|目标|安排")
# ... unless it tells how a plan went ("科普惠农计划项目培训情况").
DONE_CAPTION = re.compile(r"情况|完成")
YEAR_LABEL = re.compile(r"(?:19|20)\d\d\s*年?度?")
RULE_ROW = re.compile(r"[\s|:+=\-—_]*")
UNIT_LINE = re.compile(r"\(?单位[:][^。,;]{1,12}\)?")
SERIAL_HEADER = re.compile(r"序号|编号|序|No\.?")


@dataclass(frozen=True)
class _Cell:
    text: str
    start: int  # offsets of the stripped cell in the clean text
    end: int


@dataclass(frozen=True)
class _Column:
    kind: str  # money | people | sessions | materials | other
    unit: str | None


# Cells of a table pasted as text: separated by tabs, or by runs of 2+ spaces.
ALIGNED_GAP = re.compile(r"[ \t]*\t[ \t]*| {2,}")
_PROSE_MARK_RE = re.compile(PROSE_MARK)
TAB_GAP = re.compile(r" *\t *")


def _style(line: str) -> str | None:
    """How a line is drawn as a table row: "bar" ("| a | b |", "a | b | c"),
    "aligned" (cells between tabs or wide gaps), or None (not a row)."""
    s = line.strip()
    if len(s) >= 3 and s.startswith("|") and s.endswith("|"):
        return "bar"
    if s.count("|") >= 2 and not s.startswith("|") and not s.endswith("|"):
        return "bar"
    if ALIGNED_GAP.search(s) and not _PROSE_MARK_RE.search(s):
        return "aligned"
    return None


def _cells(text: str, start: int, end: int) -> list[_Cell]:
    """The cells of a row between offsets start and end (either style)."""
    line = text[start:end]
    stripped = line.strip()
    first, last = len(line) - len(line.lstrip()), len(line.rstrip())
    if _style(line) == "aligned":
        # every tab ends a cell, so "合计\t\t51" and "\t蔬菜种植\t2\t150" keep
        # their empty cells; a run of spaces is one gap
        gaps = ALIGNED_GAP
        if "\t" in line[first:last]:
            gaps = TAB_GAP
            first, last = len(line) - len(line.lstrip(" ")), len(line.rstrip(" "))
        cells, pos = [], first
        for gap in gaps.finditer(line, first, last):
            cells.append(_Cell(line[pos : gap.start()], start + pos, start + gap.start()))
            pos = gap.end()
        cells.append(_Cell(line[pos:last], start + pos, start + last))
        if (
            gaps is ALIGNED_GAP
            and len(cells) > 2
            and len(cells[0].text) == 1
            and TOTAL_LABELS.fullmatch(cells[0].text + cells[1].text)
        ):
            # "合  计      35": the label spaced out to the column's width
            cells[:2] = [_Cell(line[first : cells[1].end - start], cells[0].start, cells[1].end)]
        return cells
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) >= 2:
        first, last = line.index("|") + 1, line.rindex("|")
    cells = []
    pos = start + first
    for raw in line[first:last].split("|"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        cells.append(_Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return cells


def _column(header: str, caption_unit: str | None) -> _Column:
    if NOT_A_COUNT.search(header):
        return _Column("other", None)
    unit_m = UNIT_IN_HEADER.search(header)
    unit = unit_m.group(1) if unit_m else None
    for kind, words in COLUMN_KINDS:
        if any(w in header for w in words):
            if unit is None and kind == "sessions":
                unit = next((u for w, u in SESSION_UNITS_BY_WORD if w in header), "次")
            if unit is None and kind == "money":
                # no unit, or one for the whole table: never guess 元 against 万元
                if caption_unit is None or "元" not in caption_unit:
                    return _Column("other", None)
                unit = caption_unit
            return _Column(kind, unit or DEFAULT_UNITS.get(kind))
    return _Column("other", None)


def _rows(text: str, start: int, end: int) -> list[tuple[str, list[tuple[int, int]]]]:
    """Runs of consecutive table lines in text[start:end], each with its
    style and its lines as (start, end)."""
    runs: list[tuple[str, list[tuple[int, int]]]] = []
    style = ""
    current: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        this = _style(text[pos:stop])
        if current and this != style:
            runs.append((style, current))
            current = []
        if this is not None:
            style = this
            current.append((pos, stop))
        pos = stop + 1
    if current:
        runs.append((style, current))
    return runs


def _caption(text: str, table_start: int) -> str:
    """The nearest line of text above a table ("表1 2020年各乡镇培训情况"),
    with the unit line under it, if any ("单位:期、人次")."""
    before = text[max(0, table_start - 200) : table_start].rstrip()
    lines = before.rsplit("\n", 2)
    nearest = lines[-1].strip()
    if UNIT_LINE.fullmatch(nearest) and len(lines) > 1:
        return lines[-2].strip() + " " + nearest
    return nearest


# Units a cell may write itself ("12期", "800人次"), by the column's kind.
CELL_UNITS = {
    "people": ("人次", "人", "名"),
    "sessions": ("场次", "期", "场", "次", "班"),
    "materials": ("份", "册"),
    "money": ("万元", "元"),
}
_NUMBER_CELL = r"[0-9０-９.,，．\s约近余多万亿xX×*]+"


def _quantity(cell: _Cell, unit: str | None, kind: str = "") -> QuantitySpan | None:
    if not cell.text:
        return None
    if re.fullmatch(_NUMBER_CELL, cell.text):
        q = parse_quantity(cell.text + (unit or ""))
    elif re.fullmatch(rf"{_NUMBER_CELL}(?:{'|'.join(CELL_UNITS.get(kind, ('-',)))})", cell.text):
        q = parse_quantity(cell.text)  # the cell writes its own unit
    else:
        return None
    if q is None:
        return None
    return QuantitySpan(q, cell.start, cell.end)


@dataclass(frozen=True)
class TableRow:
    """One body row of a | table, with what its cells count."""

    table: str  # funding | trainings | activities
    label: str  # the row's first cell ("城关镇", "县财政专项", "合计")
    caption: str  # the line above the table
    start: int  # the row's line in the clean text
    end: int
    table_start: int  # the whole table's lines (the sentence rules leave them)
    table_end: int
    figures: dict[str, QuantitySpan]  # money | people | sessions | materials → cell
    total: bool  # a 合计 row: the total of the rows above
    planned: bool  # the caption names a plan ("2022年各乡镇培训计划")


def table_rows(
    text: str, start: int, end: int, unread: list[tuple[int, str]] | None = None
) -> list[TableRow]:
    """The body rows of the | tables in text[start:end] that count something.

    A table that holds figures but is not read gets (its start, why) in
    ``unread`` (when given), so that it can be said rather than lost.
    """
    segment = text[start:end]
    if "|" not in segment and "\t" not in segment and "  " not in segment:
        return []
    out: list[TableRow] = []
    for style, run in _rows(text, start, end):
        body = [(s, e) for s, e in run if not RULE_ROW.fullmatch(text[s:e])]
        if len(body) < 2:
            continue
        header = _cells(text, *body[0])
        if style == "aligned" and any(re.search(r"\d", c.text) for c in header):
            continue  # no header row: lines of figures aligned, read as sentences
        # a table indented by a tab: every row starts with an empty cell
        lead = 1 if style == "aligned" and len(header) > 2 and not header[0].text else 0
        header = header[lead:]
        # a 序号 column numbers the rows: the row's name is in the next one
        name_at = 1 if len(header) > 2 and SERIAL_HEADER.fullmatch(header[0].text) else 0
        caption = _caption(text, run[0][0])
        unit_m = UNIT_IN_CAPTION.search(caption)
        columns = [_column(c.text, unit_m.group(1) if unit_m else None) for c in header]
        kinds = [c.kind for c in columns if c.kind != "other"]
        why = None
        if len(kinds) != len(set(kinds)):
            why = "two columns count the same thing (two years, or plan and done)"
        words = caption + " " + " ".join(c.text for c in header)
        counts = bool(set(kinds) & {"people", "sessions", "materials"})
        trained = any(w in words for w in TRAINING_WORDS)
        held = any(w in words for w in ACTIVITY_WORDS)
        if why is not None:
            pass
        elif "money" in kinds and not counts:
            if NOT_SCIENCE_MONEY.search(words) or "科普" not in words:
                why = "its money is not said to be science popularization's"
            table = "funding"
        # (a money column beside counts is what the trainings or activities
        # cost: their counts are read, the money is not a funding row)
        elif counts and trained and not held:
            table = "trainings"
        elif counts and held and not trained:
            table = "activities"
        elif counts and trained:
            why = "it counts trainings and activities together"
        elif counts:
            why = (
                "neither its caption nor its header says whether it counts trainings or activities"
            )
        elif re.search(r"\d", text[body[1][0] : run[-1][1]]) and NOT_A_COUNT.search(
            " ".join(c.text for c in header)
        ):
            why = "its columns are targets, budgets, rates or years, not counts of what was done"
        else:
            continue  # nothing counted
        if why is not None:
            if unread is not None:
                unread.append((run[0][0], why))
            continue
        wanted = {"funding": {"money"}, "trainings": {"people", "sessions"}}.get(
            table, {"people", "sessions", "materials"}
        )
        read_before = len(out)
        label = ""
        misaligned: list[int] = []
        worded: int | None = None  # a row with words beside a number in a count's cell
        for k, (row_start, row_end) in enumerate(body[1:]):
            cells = _cells(text, row_start, row_end)[lead:]
            if len(cells) != len(columns):
                if style == "aligned":
                    misaligned.append(row_start)
                continue
            if TOTAL_LABELS.fullmatch(cells[0].text):
                label = cells[0].text  # "合计\t\t5\t410" under a 序号 column
            elif cells[name_at].text:
                label = cells[name_at].text
            elif style != "aligned" or not label:
                continue  # (a blank name under a tab is a merged cell: the name above)
            if NOT_A_ROW_LABEL.search(label) or YEAR_LABEL.fullmatch(label):
                continue  # changes, rates, and rows of several years
            if k == 0 and TOTAL_LABELS.search(label):
                continue  # a total above its parts: the parts are the rows
            figures: dict[str, QuantitySpan] = {}
            for cell, column in zip(cells, columns, strict=True):
                if column.kind in wanted and column.kind not in figures:
                    q = _quantity(cell, column.unit, column.kind)
                    if q is not None:
                        figures[column.kind] = q
                    elif re.search(r"\d", cell.text) and worded is None:
                        worded = row_start
            if not figures or (table == "funding" and "money" not in figures):
                continue
            out.append(
                TableRow(
                    table=table,
                    label=label,
                    caption=caption,
                    start=row_start,
                    end=row_end,
                    table_start=run[0][0],
                    table_end=run[-1][1],
                    figures=figures,
                    total=bool(TOTAL_LABELS.search(label)),
                    planned=bool(PLAN_CAPTION.search(caption)) and not DONE_CAPTION.search(caption),
                )
            )
        if worded is not None:
            # "城关镇\t培训20期\t1800人次": the rows are read as sentences instead
            del out[read_before:]
            if unread is not None:
                unread.append((worded, "a cell holds words beside its number"))
            continue
        if unread is not None:
            unread.extend(
                (row, "its cells do not line up with the header (a blank or merged cell?)")
                for row in misaligned
            )
        if len(out) == read_before and unread is not None and not misaligned:
            unread.append(
                (run[0][0], "no cell holds a number this reader takes (units in the cells?)")
            )
    return out
