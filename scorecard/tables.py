"""Tables drawn with | (a Word or Markdown export): one record per body row.

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
RULE_ROW = re.compile(r"[\s|:+=\-—_]*")


@dataclass(frozen=True)
class _Cell:
    text: str
    start: int  # offsets of the stripped cell in the clean text
    end: int


@dataclass(frozen=True)
class _Column:
    kind: str  # money | people | sessions | materials | other
    unit: str | None


def _cells(text: str, start: int, end: int) -> list[_Cell]:
    """The cells of a row "| a | b |" between offsets start and end."""
    line = text[start:end]
    first = line.index("|")
    last = line.rindex("|")
    cells = []
    pos = start + first + 1
    for raw in line[first + 1 : last].split("|"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        cells.append(_Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return cells


def _column(header: str) -> _Column:
    unit_m = UNIT_IN_HEADER.search(header)
    unit = unit_m.group(1) if unit_m else None
    for kind, words in COLUMN_KINDS:
        if any(w in header for w in words):
            if unit is None and kind == "sessions":
                unit = next((u for w, u in SESSION_UNITS_BY_WORD if w in header), "次")
            return _Column(kind, unit or DEFAULT_UNITS.get(kind))
    return _Column("other", None)


def _rows(text: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    """Runs of consecutive table lines (each line as (start, end)) in text[start:end]."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = text[pos:stop].strip()
        if len(line) >= 3 and line.startswith("|") and line.endswith("|"):
            current.append((pos, stop))
        elif current:
            runs.append(current)
            current = []
        pos = stop + 1
    if current:
        runs.append(current)
    return runs


def _caption(text: str, table_start: int) -> str:
    """The nearest line of text above a table ("表1 2020年各乡镇培训情况")."""
    before = text[max(0, table_start - 200) : table_start].rstrip()
    return before.rsplit("\n", 1)[-1].strip()


def _quantity(cell: _Cell, unit: str | None) -> QuantitySpan | None:
    if not cell.text or not re.fullmatch(r"[0-9０-９.,，．\s约近余多xX×*]+", cell.text):
        return None
    q = parse_quantity(cell.text + (unit or ""))
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
    figures: dict[str, QuantitySpan]  # money | people | sessions | materials → cell
    total: bool  # a 合计 row: the total of the rows above


def table_rows(text: str, start: int, end: int) -> list[TableRow]:
    """The body rows of the | tables in text[start:end] that count something."""
    if "|" not in text[start:end]:
        return []
    out: list[TableRow] = []
    for run in _rows(text, start, end):
        body = [(s, e) for s, e in run if not RULE_ROW.fullmatch(text[s:e])]
        if len(body) < 2:
            continue
        header = _cells(text, *body[0])
        columns = [_column(c.text) for c in header]
        kinds = {c.kind for c in columns}
        caption = _caption(text, run[0][0])
        words = caption + " " + " ".join(c.text for c in header)
        counts = bool(kinds & {"people", "sessions", "materials"})
        if "money" in kinds:
            table = "funding"
        elif counts and any(w in words for w in TRAINING_WORDS):
            table = "trainings"
        elif counts and any(w in words for w in ACTIVITY_WORDS):
            table = "activities"
        else:
            continue
        wanted = {"funding": {"money"}, "trainings": {"people", "sessions"}}.get(
            table, {"people", "sessions", "materials"}
        )
        for row_start, row_end in body[1:]:
            cells = _cells(text, row_start, row_end)
            if len(cells) != len(columns) or not cells[0].text:
                continue
            figures: dict[str, QuantitySpan] = {}
            for cell, column in zip(cells, columns, strict=True):
                if column.kind in wanted and column.kind not in figures:
                    q = _quantity(cell, column.unit)
                    if q is not None:
                        figures[column.kind] = q
            if not figures or (table == "funding" and "money" not in figures):
                continue
            label = cells[0].text
            out.append(
                TableRow(
                    table=table,
                    label=label,
                    caption=caption,
                    start=row_start,
                    end=row_end,
                    figures=figures,
                    total=bool(TOTAL_LABELS.fullmatch(label)),
                )
            )
    return out
