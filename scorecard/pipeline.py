"""The per-file work: from a path and its bytes to rows of every table.

``process_file`` is a pure function of (relative path, bytes, options), so it
runs unchanged in this process, in a process pool or on a Dask worker.
Stages, in order:

1. decode the bytes (``decode``)
2. normalize and clean the text (``clean``)
3. split into reports, sections and sentences (``structure``) and describe
   each report (``meta``)
4. find quantities and dates and extract records per table (``extract``)
5. give records their ids, lines and evidence
6. validate what can be checked inside one file (``validate``)

Corpus-wide steps (duplicate reports, ``counted``, the scorecard) happen in
``run.py`` as results arrive in path order.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from typing import Any

from . import clean, extract, meta, structure, validate
from .decode import Decoded, decode_bytes
from .discover import file_id_for
from .model import Extracted, FileResult, Fingerprint, Options
from .schema import RECORD_ID_COLUMN, RECORD_ID_LETTER, RECORD_TABLES

# What duplicate detection compares: the words of a report, nothing else.
_NOT_WORDS = re.compile(r"[\s\W_]+", re.UNICODE)
# Shorter sentences are too common ("效果明显") to tell reports apart.
MIN_SHINGLE_CHARS = 12


_NEWLINE = re.compile("\n")


class LineIndex:
    """1-based line numbers of offsets in the decoded text."""

    def __init__(self, text: str) -> None:
        self._breaks = [m.start() for m in _NEWLINE.finditer(text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._breaks, offset) + 1


def read_error_result(relpath: str, size: int, status: str, error: str) -> FileResult:
    """The row (and issue) of a file that could not even be read."""
    decoded = Decoded(None, None, status, error)
    return _failed(relpath, size, None, decoded)


def too_large_result(relpath: str, size: int, options: Options) -> FileResult:
    """The row of a file above --max-file-mb (whoever found it out)."""
    return read_error_result(
        relpath,
        size,
        "too_large",
        f"larger than --max-file-mb {options.max_file_mb:g} ({size} bytes); not read",
    )


def process_file(relpath: str, data: bytes, options: Options | None = None) -> FileResult:
    """Everything one file contributes to the dataset."""
    options = options or Options()
    if len(data) > options.max_file_mb * 1024 * 1024:
        return too_large_result(relpath, len(data), options)
    sha = hashlib.sha256(data).hexdigest()
    # 1. decode
    decoded = decode_bytes(data)
    if decoded.status != "ok" or decoded.text is None:
        return _failed(relpath, len(data), sha, decoded)
    text = decoded.text
    file_id = file_id_for(relpath)
    result = FileResult(
        file_row={
            "file_id": file_id,
            "path": relpath,
            "size_bytes": len(data),
            "sha256": sha,
            "encoding": decoded.encoding,
            "status": "ok",
            "error": None,
            "n_documents": 0,
        }
    )
    if decoded.warning:
        result.issues.append(
            validate.file_issue(file_id, "decode_warning", "warning", decoded.warning)
        )
    # 2. normalize and clean
    cleaned = clean.clean_text(text)
    result.cleaned_chars = len(cleaned.text)
    lines = LineIndex(text)
    # 3. reports, sections, sentences
    reports = structure.split_reports(cleaned)
    for report in reports:
        doc_id = f"{file_id}-{report.index}"
        sentences = structure.split_sentences(cleaned, report)
        info = meta.describe_report(cleaned, report, sentences, text)
        doc_row = _document_row(doc_id, file_id, report, info, cleaned, text, lines)
        result.documents.append(doc_row)
        result.fingerprints.append(fingerprint(doc_id, cleaned.text[report.start : report.end]))
        # 4. extract
        figures: dict[int, list[Any]] = {}
        several: list[Extracted] = []  # records of another period
        unread: list[tuple[int, str]] = []  # tables not read, and why
        found = extract.extract_records(cleaned.text, sentences, info, figures, several, unread)
        # 5. ids, lines, evidence
        rows = _record_rows(doc_id, found, sentences, cleaned, text, lines, info.relevant)
        for table in RECORD_TABLES:
            result.records[table].extend(rows[table])
        # 6. validate inside the report
        unparsed = extract.unclaimed_figures(cleaned.text, sentences, [*found, *several], figures)
        other_period = extract.figures_of(cleaned.text, several)
        tables = [(why, _line_at(cleaned.text, start)) for start, why in unread]
        result.issues.extend(
            validate.validate_report(doc_row, rows, file_id, unparsed, other_period, tables)
        )
        # Rows leave the per-file work with their declared columns only.
        for table_rows in rows.values():
            for row in table_rows:
                for key in [k for k in row if k.startswith("_")]:
                    del row[key]
    result.file_row["n_documents"] = len(result.documents)
    if not result.documents:
        result.issues.append(
            validate.file_issue(
                file_id, "no_reports", "warning", f"{relpath}: no report text left after cleaning"
            )
        )
    return result


def _failed(relpath: str, size: int, sha: str | None, decoded: Decoded) -> FileResult:
    file_id = file_id_for(relpath)
    row = {
        "file_id": file_id,
        "path": relpath,
        "size_bytes": size,
        "sha256": sha,
        "encoding": decoded.encoding,
        "status": decoded.status,
        "error": decoded.error,
        "n_documents": 0,
    }
    result = FileResult(file_row=row)
    result.issues.append(validate.file_status_issue(row))
    return result


def _line_at(text: str, start: int) -> str:
    """The line of the clean text that starts at ``start``."""
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]


def source_span(cleaned: clean.CleanText, start: int, end: int) -> tuple[int, int]:
    """Offsets in the decoded text of clean.text[start:end] (end exclusive)."""
    if end <= start:
        o = cleaned.origin[start] if start < len(cleaned.origin) else 0
        return o, o
    return cleaned.origin[start], cleaned.origin[end - 1] + 1


def _document_row(
    doc_id: str,
    file_id: str,
    report: structure.ReportSpan,
    info: meta.ReportMeta,
    cleaned: clean.CleanText,
    text: str,
    lines: LineIndex,
) -> dict[str, Any]:
    s, e = source_span(cleaned, report.start, report.end)
    title = None
    if report.title_start >= 0:
        ts, te = source_span(cleaned, report.title_start, report.title_end)
        title = text[ts:te].strip() or None
    return {
        "doc_id": doc_id,
        "file_id": file_id,
        "index_in_file": report.index,
        "title": title,
        "organization": info.organization,
        "admin_level": info.admin_level,
        "org_type": info.org_type,
        "year": info.year,
        "year_text": info.year_text,
        "kind": info.kind,
        "script": info.script,
        "relevant": info.relevant,
        "duplicate_of": None,
        "line_start": lines.line(s),
        "line_end": lines.line(max(s, e - 1)),
        "n_chars": report.end - report.start,
    }


def _record_rows(
    doc_id: str,
    found: Sequence[Extracted],
    sentences: Sequence[structure.Sentence],
    cleaned: clean.CleanText,
    text: str,
    lines: LineIndex,
    relevant: bool,
) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in RECORD_TABLES}
    parents: dict[str, list[int | None]] = {t: [] for t in RECORD_TABLES}
    sentence_starts = [s.start for s in sentences]
    for rec in found:
        table_rows = rows[rec.table]
        record_id = f"{doc_id}-{RECORD_ID_LETTER[rec.table]}{len(table_rows) + 1}"
        s, e = source_span(cleaned, rec.start, rec.end)
        row: dict[str, Any] = {RECORD_ID_COLUMN[rec.table]: record_id}
        row.update(rec.values)
        # Figures and dates as written: the source span, in its own script.
        for column, (a, b) in rec.values.get("_spans", {}).items():
            fs, fe = source_span(cleaned, a, b)
            row[column] = text[fs:fe]
        row.update(
            {
                "doc_id": doc_id,
                "section": _section_of(sentences, sentence_starts, rec.anchor),
                "planned": rec.planned,
                "parent_id": None,
                "line": lines.line(s),
                "line_end": lines.line(max(s, e - 1)),
                "evidence": text[s:e],
            }
        )
        table_rows.append(row)
        parents[rec.table].append(rec.parent)
    # A total may come after its parts ("…,合计11.5万元"): ids first, then links.
    for table, table_rows in rows.items():
        for row, parent in zip(table_rows, parents[table], strict=True):
            if (
                parent is not None
                and 0 <= parent < len(table_rows)
                and table_rows[parent] is not row
            ):
                row["parent_id"] = table_rows[parent][RECORD_ID_COLUMN[table]]
            row["counted"] = relevant and not row["planned"] and row["parent_id"] is None
    return rows


def _section_of(
    sentences: Sequence[structure.Sentence], starts: list[int], anchor: int
) -> str | None:
    k = bisect.bisect_right(starts, anchor) - 1
    if k >= 0 and sentences[k].start <= anchor < sentences[k].end:
        return sentences[k].section or None
    return None


def fingerprint(doc_id: str, report_text: str) -> Fingerprint:
    words = _NOT_WORDS.sub("", report_text)
    digest = hashlib.sha1(words.encode("utf-8")).hexdigest()
    shingles: set[int] = set()
    for sentence in re.split(r"[。!?;\n]", report_text):
        w = _NOT_WORDS.sub("", sentence)
        if len(w) >= MIN_SHINGLE_CHARS:
            h = hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest()
            shingles.add(int.from_bytes(h, "big"))
    return Fingerprint(doc_id, digest, tuple(sorted(shingles)))
