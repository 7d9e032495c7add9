"""A whole conversion: discover, process every file, finish corpus-wide, write.

Per-file results arrive in path order (whatever the number of workers) and
stream to the writer; only what duplicate detection needs of earlier reports
stays in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .assemble import scorecard_row
from .discover import FoundFile, discover_files
from .model import FileResult, Options
from .pipeline import process_file, read_error_result
from .rules import rules_hash
from .schema import RECORD_ID_COLUMN, RECORD_TABLES
from .validate import duplicate_issue
from .write import DatasetWriter

# A report is a near-duplicate of an earlier one when this share of its
# sentences already appeared there.
NEAR_DUPLICATE_SHARE = 0.9
# Files handed to a worker at a time: enough to keep the pool busy, few
# enough that the order-preserving queue stays short.
CHUNK_FILES = 4

ProgressFn = Callable[[int, int], None]  # (files done, bytes done)


@dataclass
class Summary:
    files: Counter[str] = field(default_factory=Counter)  # by status
    skipped_by_glob: int = 0
    documents: int = 0
    relevant_documents: int = 0
    duplicate_documents: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    issues: Counter[str] = field(default_factory=Counter)  # by severity
    bytes_read: int = 0
    seconds: float = 0.0
    out: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            "files": dict(sorted(self.files.items())),
            "files_total": sum(self.files.values()),
            "skipped_by_glob": self.skipped_by_glob,
            "documents": self.documents,
            "relevant_documents": self.relevant_documents,
            "duplicate_documents": self.duplicate_documents,
            "rows": self.rows,
            "issues": {"error": self.issues.get("error", 0), "warning": self.issues.get("warning", 0)},
            "bytes": self.bytes_read,
            "seconds": round(self.seconds, 3),
            "mb_per_s": round(self.bytes_read / 1e6 / self.seconds, 2) if self.seconds else None,
        }


class DuplicateIndex:
    """Earlier reports of the run, as much as finding repeats needs."""

    def __init__(self) -> None:
        self._digests: dict[str, str] = {}
        self._shingles: dict[int, str] = {}

    def check_and_add(self, doc_id: str, digest: str, shingles: tuple[int, ...]) -> str | None:
        earlier = self._digests.get(digest)
        if earlier is None and shingles:
            hits = Counter(self._shingles[s] for s in shingles if s in self._shingles)
            if hits:
                candidate, n = min(hits.items(), key=lambda kv: (-kv[1], kv[0]))
                if n / len(shingles) >= NEAR_DUPLICATE_SHARE:
                    earlier = candidate
        if earlier is None:
            self._digests.setdefault(digest, doc_id)
            for s in shingles:
                self._shingles.setdefault(s, doc_id)
        return earlier


def finish_file(result: FileResult, index: DuplicateIndex) -> list[dict[str, Any]]:
    """Corpus-wide flags for one file's rows; returns its scorecard rows."""
    docs = {d["doc_id"]: d for d in result.documents}
    for fp in result.fingerprints:
        earlier = index.check_and_add(fp.doc_id, fp.digest, fp.shingles)
        if earlier is not None:
            docs[fp.doc_id]["duplicate_of"] = earlier
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {
        d: {t: [] for t in RECORD_TABLES} for d in docs
    }
    for table in RECORD_TABLES:
        for row in result.records[table]:
            by_doc[row["doc_id"]][table].append(row)
    for doc_id, doc in docs.items():
        if doc["duplicate_of"] is not None:
            n = 0
            for table in RECORD_TABLES:
                for row in by_doc[doc_id][table]:
                    row["counted"] = False
                    n += 1
            result.issues.append(duplicate_issue(doc, n))
    issues_per_doc = Counter(i["doc_id"] for i in result.issues if i["doc_id"])
    return [
        scorecard_row(doc, by_doc[doc_id], issues_per_doc[doc_id])
        for doc_id, doc in docs.items()
        if doc["relevant"] and doc["duplicate_of"] is None
    ]


def _process_found(found: FoundFile, options: Options) -> FileResult:
    try:
        with open(found.abspath, "rb") as fh:
            data = fh.read(int(options.max_file_mb * 1024 * 1024) + 1)
    except FileNotFoundError:
        return read_error_result(found.path, found.size_bytes, "unreadable", "the file vanished during the run")
    except OSError as exc:
        return read_error_result(found.path, found.size_bytes, "unreadable", f"cannot read: {exc.strerror or exc}")
    if len(data) > options.max_file_mb * 1024 * 1024:
        size = max(found.size_bytes, len(data))
        return read_error_result(
            found.path, size, "too_large", f"larger than --max-file-mb {options.max_file_mb:g}"
        )
    return process_file(found.path, data, options)


def _process_chunk(chunk: list[FoundFile], options: Options) -> list[FileResult]:
    return [_process_found(f, options) for f in chunk]


def iter_results(
    files: tuple[FoundFile, ...], options: Options, jobs: int
) -> Iterator[FileResult]:
    """Per-file results in path order."""
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            yield _process_found(f, options)
        return
    chunks = [list(files[i : i + CHUNK_FILES]) for i in range(0, len(files), CHUNK_FILES)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        window = jobs * 4
        pending = [pool.submit(_process_chunk, c, options) for c in chunks[:window]]
        next_chunk = window
        while pending:
            results = pending.pop(0).result()
            if next_chunk < len(chunks):
                pending.append(pool.submit(_process_chunk, chunks[next_chunk], options))
                next_chunk += 1
            yield from results


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_metadata(options: Options) -> dict[str, Any]:
    return {
        "program": "kepu-scorecard",
        "version": __version__,
        "rules_hash": rules_hash(),
        "options": options.result_affecting(),
    }


def convert(
    source: Path,
    out: Path,
    options: Options | None = None,
    jobs: int | None = None,
    progress: ProgressFn | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> Summary:
    """Convert every matching file under ``source`` into the dataset at ``out``."""
    options = options or Options()
    jobs = jobs or default_jobs()
    started = time.perf_counter()
    discovery = discover_files(source, options.glob)
    summary = Summary(skipped_by_glob=discovery.skipped, out=str(out))
    if on_start:
        on_start(len(discovery.files), sum(f.size_bytes for f in discovery.files))
    index = DuplicateIndex()
    done = 0
    with DatasetWriter(out, run_metadata(options)) as writer:
        for result in iter_results(discovery.files, options, jobs):
            score_rows = finish_file(result, index)
            writer.add("files", [result.file_row])
            writer.add("documents", result.documents)
            for table in RECORD_TABLES:
                writer.add(table, result.records[table])
            writer.add("scorecard", score_rows)
            writer.add("issues", result.issues)
            summary.files[result.file_row["status"]] += 1
            summary.documents += len(result.documents)
            summary.relevant_documents += sum(1 for d in result.documents if d["relevant"])
            summary.duplicate_documents += sum(1 for d in result.documents if d["duplicate_of"])
            summary.issues.update(i["severity"] for i in result.issues)
            summary.bytes_read += result.file_row["size_bytes"]
            done += 1
            if progress:
                progress(done, summary.bytes_read)
        summary.rows = {t: writer.rows(t) for t in ("files", "documents", *RECORD_TABLES, "scorecard", "issues")}
    summary.seconds = time.perf_counter() - started
    return summary


def options_digest(options: Options) -> str:
    blob = json.dumps(run_metadata(options), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()
