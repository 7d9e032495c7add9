"""What ``scorecard inspect FILE`` shows: how one file was read.

Plain data only (the command line renders it): the decoded lines, which
parts cleaning dropped, where each report and section starts, and which
records came from which lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import clean, structure
from .discover import file_id_for, relative_path
from .pipeline import LineIndex, process_file, source_span
from .schema import RECORD_ID_COLUMN, RECORD_TABLES


@dataclass(frozen=True)
class Mark:
    start: int  # offsets into the line
    end: int
    kind: str  # "removed" or "evidence"


@dataclass
class ExplainedLine:
    number: int
    text: str
    marks: list[Mark] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # report / section starts before the line
    notes: list[str] = field(default_factory=list)  # records ending on the line, cleaning reasons


@dataclass
class Explanation:
    path: str
    file_row: dict[str, Any]
    lines: list[ExplainedLine]
    records: dict[str, list[dict[str, Any]]]
    issues: list[dict[str, Any]]


def explain_file(path: Path, root: Path | None = None) -> Explanation:
    """How ``path`` is read; ids are those of a run over ``root`` (default: its folder).

    Reports that repeat an earlier report of the same file are flagged and
    their rows not counted, as in a run; repeats of other files' reports
    are known only to a run over the whole folder.
    """
    from .run import DuplicateIndex, finish_file

    data = path.read_bytes()
    relpath = relative_path(root, path) if root is not None else path.name
    result = process_file(relpath, data)
    duplicates = DuplicateIndex()
    try:
        finish_file(result, duplicates)
    finally:
        duplicates.close()
    text = _decoded(data)
    raw_lines = text.split("\n") if text is not None else []
    starts = [0]
    for line in raw_lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    lines = [ExplainedLine(i + 1, s) for i, s in enumerate(raw_lines)]
    index = LineIndex(text or "")

    def add_mark(s: int, e: int, kind: str) -> None:
        for n in range(index.line(s), index.line(max(s, e - 1)) + 1):
            ls = starts[n - 1]
            le = ls + len(raw_lines[n - 1])
            a, b = max(s, ls) - ls, min(e, le) - ls
            if b > a:
                lines[n - 1].marks.append(Mark(a, b, kind))

    if text is not None:
        cleaned = clean.clean_text(text)
        index = LineIndex(text)
        for removal in cleaned.removed:
            add_mark(removal.start, removal.end, "removed")
            lines[index.line(removal.start) - 1].notes.append(f"cleaned: {removal.reason}")
        for doc, report in zip(result.documents, structure.split_reports(cleaned), strict=False):
            flags = [doc["kind"], doc["admin_level"], f"year {doc['year_text'] or '?'}"]
            flags.append("relevant" if doc["relevant"] else "NOT relevant")
            if doc["duplicate_of"]:
                flags.append(f"duplicate of {doc['duplicate_of']}")
            lines[doc["line_start"] - 1].headers.append(
                f"report {doc['doc_id']}: {doc['title'] or '(untitled)'} "
                f"— {doc['organization'] or '?'} ({', '.join(flags)})"
            )
            last = None
            for sentence in structure.split_sentences(cleaned, report):
                if sentence.section and sentence.section != last:
                    s, _ = source_span(cleaned, sentence.start, sentence.end)
                    plan = " [plan part]" if sentence.plan_part else ""
                    lines[index.line(s) - 1].headers.append(f"section {sentence.section}{plan}")
                    last = sentence.section
        for table in RECORD_TABLES:
            for row in result.records[table]:
                s = text.find(row["evidence"], starts[row["line"] - 1])
                if s >= 0:
                    add_mark(s, s + len(row["evidence"]), "evidence")
                lines[row["line_end"] - 1].notes.append(_describe(table, row))
    return Explanation(relpath, result.file_row, lines, result.records, result.issues)


def _decoded(data: bytes) -> str | None:
    from .decode import decode_bytes

    return decode_bytes(data).text


def _describe(table: str, row: dict[str, Any]) -> str:
    rid = row[RECORD_ID_COLUMN[table]]
    flags = [f for f in ("planned",) if row["planned"]]
    if row["parent_id"]:
        flags.append(f"part of {row['parent_id']}")
    if not row["counted"]:
        flags.append("not counted")
    if table == "funding":
        what = f"{row['amount_yuan']} yuan ({row['amount_text']}, {row['amount_qualifier']}) {row['scope']}/{row['source']}"
    elif table == "trainings":
        what = f"{row['category']}: sessions {row['sessions_text']} trainees {row['trainees_text']}"
    else:
        what = (
            f"{row['category']} {row['name'] or ''}: times {row['times_text']} "
            f"participants {row['participants_text']} materials {row['materials_text']}"
        )
    extra = f" [{', '.join(flags)}]" if flags else ""
    return f"→ {rid} {what}{extra}"


__all__ = ["Explanation", "explain_file", "file_id_for"]
