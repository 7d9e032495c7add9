"""A whole conversion: discover, process every file, finish corpus-wide, write.

Per-file results arrive in path order (whatever the engine and the number of
workers) and stream to the writer; only what duplicate detection needs of
earlier reports stays in memory, as integers.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sqlite3
import stat
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .assemble import scorecard_row
from .cache import CacheSpec, ResultCache, cache_salt, default_cache_dir
from .cache import prune as prune_cache
from .discover import Discovery, FoundFile, discover_files
from .engines import Engine, chunk_files, discover_url, is_url, make_engine, read_url, url_exists
from .model import FileResult, Options
from .pipeline import process_file as _process_file_uncached
from .pipeline import read_error_result, too_large_result
from .rules import rules_hash
from .schema import FILE_STATUSES, RECORD_TABLES, TABLES
from .validate import RULES, duplicate_issue, file_issue
from .write import (
    DatasetWriter,
    OutputRefused,
    check_output,
    check_output_url,
    is_our_dataset,
    publish,
)

# A report is a near-duplicate of an earlier one when this share of its
# sentences already appeared there.
NEAR_DUPLICATE_SHARE = 0.9

ProgressFn = Callable[[int, int], None]  # (files done, bytes done)


class InputMissing(Exception):
    """IN is not a folder (or not a listable URL)."""


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
    engine: str = "local"
    workers: int = 1
    cached_files: int | None = None  # None unless --incremental
    duplicate_index_bytes: int = 0  # what duplicate detection kept of earlier reports
    warnings: list[str] = field(default_factory=list)  # about the run, not the data

    def as_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            # every status, 0 when none: `jq .files.decode_error` is a number
            "files": {status: self.files.get(status, 0) for status in FILE_STATUSES},
            "files_total": sum(self.files.values()),
            "skipped_by_glob": self.skipped_by_glob,
            "documents": self.documents,
            "relevant_documents": self.relevant_documents,
            "duplicate_documents": self.duplicate_documents,
            "rows": self.rows,
            "issues": {
                "error": self.issues.get("error", 0),
                "warning": self.issues.get("warning", 0),
            },
            "bytes": self.bytes_read,
            "seconds": round(self.seconds, 3),
            "mb_per_s": round(self.bytes_read / 1e6 / self.seconds, 2) if self.seconds else None,
            "engine": self.engine,
            "workers": self.workers,
            "cached_files": self.cached_files,
            "duplicate_index_bytes": self.duplicate_index_bytes,
            "warnings": self.warnings,
        }


class _SpillsToDisk:
    """Something that may move to an SQLite file in a temporary folder."""

    def __init__(self) -> None:
        self._disk: sqlite3.Connection | None = None
        self._disk_dir: tempfile.TemporaryDirectory[str] | None = None

    def close(self) -> None:
        """Remove the SQLite file, if the run needed one."""
        if self._disk is not None:
            self._disk.close()
            self._disk = None
        if self._disk_dir is not None:
            self._disk_dir.cleanup()
            self._disk_dir = None


class _FirstSeen(_SpillsToDisk):
    """uint64 key → the first int value stored for it, in ~12 bytes a key.

    New keys go to a small dict; when it grows past a quarter of the sorted
    arrays it is merged into them, so lookups stay a binary search and the
    merges cost O(n log n) overall.  A dict of Python ints would take ~100
    bytes a key, and duplicate detection keeps one key per distinct sentence
    of the whole run.  Past ``MAX_MEMORY_KEYS`` the sorted arrays move to an
    SQLite file in a temporary folder, so memory stops growing with the
    corpus; only runs that large pay for the disk look-ups.
    """

    MIN_MERGE = 1 << 16
    MAX_MEMORY_KEYS = 1 << 17  # 1.5 MB of arrays (a merge briefly needs about three times that)
    DISK_CACHE_KB = 4 * 1024
    _SQL_BATCH = 500  # keys per query, well under SQLite's parameter limit

    def __init__(self) -> None:
        super().__init__()
        self._keys = np.empty(0, dtype=np.uint64)
        self._values = np.empty(0, dtype=np.int32)
        self._recent: dict[int, int] = {}
        self.on_disk = 0  # keys moved to the SQLite file

    def __len__(self) -> int:
        return len(self._keys) + len(self._recent) + self.on_disk

    @property
    def nbytes(self) -> int:
        """Memory held: the arrays, the dict and, once used, SQLite's page cache."""
        disk = self.DISK_CACHE_KB * 1024 if self._disk is not None else 0
        return int(self._keys.nbytes + self._values.nbytes) + len(self._recent) * 100 + disk

    def lookup(self, keys: Sequence[int]) -> list[int]:
        """The value of every key, -1 where absent."""
        out = [-1] * len(keys)
        if len(self._keys):
            arr = np.fromiter(keys, dtype=np.uint64, count=len(keys))
            pos = np.searchsorted(self._keys, arr)
            pos[pos == len(self._keys)] = 0
            hit = self._keys[pos] == arr
            if hit.any():
                values = self._values[pos]
                out = [int(v) if h else -1 for v, h in zip(values, hit, strict=True)]
        if self._recent:
            recent = self._recent
            out = [recent.get(k, -1) if v < 0 else v for k, v in zip(keys, out, strict=True)]
        if self._disk is not None:
            missing = [k for k, v in zip(keys, out, strict=True) if v < 0]
            if missing:
                found = self._disk_lookup(missing)
                out = [found.get(k, -1) if v < 0 else v for k, v in zip(keys, out, strict=True)]
        return out

    def add_absent(self, keys: Sequence[int], value: int) -> None:
        """Store ``value`` under keys that ``lookup`` just reported absent."""
        for k in keys:
            self._recent.setdefault(k, value)
        if len(self._recent) >= max(self.MIN_MERGE, len(self._keys) // 4):
            self._merge()

    def _merge(self) -> None:
        new_keys = np.fromiter(self._recent.keys(), dtype=np.uint64, count=len(self._recent))
        new_values = np.fromiter(self._recent.values(), dtype=np.int32, count=len(self._recent))
        keys = np.concatenate([self._keys, new_keys])
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._values = np.concatenate([self._values, new_values])[order]
        self._recent = {}
        if len(self._keys) > self.MAX_MEMORY_KEYS:
            self._spill()

    def _spill(self) -> None:
        if self._disk is None:
            self._disk_dir, self._disk = _scratch_db(
                self.DISK_CACHE_KB,
                "CREATE TABLE seen (k INTEGER PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID",
            )
        signed = (self._keys ^ np.uint64(1 << 63)).view(np.int64)  # SQLite integers are signed
        self._disk.executemany(
            "INSERT INTO seen VALUES (?, ?)",
            zip(signed.tolist(), self._values.tolist(), strict=True),
        )
        self._disk.commit()
        self.on_disk += len(self._keys)
        self._keys = np.empty(0, dtype=np.uint64)
        self._values = np.empty(0, dtype=np.int32)

    def _disk_lookup(self, keys: list[int]) -> dict[int, int]:
        assert self._disk is not None
        found: dict[int, int] = {}
        flip = 1 << 63
        for i in range(0, len(keys), self._SQL_BATCH):
            batch = [k ^ flip for k in keys[i : i + self._SQL_BATCH]]
            batch = [k - (1 << 64) if k >= flip else k for k in batch]
            marks = ",".join("?" * len(batch))
            for k, v in self._disk.execute(f"SELECT k, v FROM seen WHERE k IN ({marks})", batch):
                found[(k + (1 << 64) if k < 0 else k) ^ flip] = v
        return found


def _scratch_db(
    cache_kb: int, create: str
) -> tuple[tempfile.TemporaryDirectory[str], sqlite3.Connection]:
    """An SQLite file in a new temporary folder: no journal, a bounded page cache."""
    folder = tempfile.TemporaryDirectory(prefix="kepu-scorecard-index-")
    db = sqlite3.connect(os.path.join(folder.name, "index.sqlite"))
    db.executescript(
        f"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-{cache_kb};{create};"
    )
    return folder, db


class _Names(_SpillsToDisk):
    """Report number → doc id; past ``MAX_MEMORY_NAMES`` the older ones go to SQLite."""

    MAX_MEMORY_NAMES = 1 << 14  # ~1.3 MB of short strings
    DISK_CACHE_KB = 2 * 1024

    def __init__(self) -> None:
        super().__init__()
        self._names: list[str] = []
        self._first = 0  # number of the first name still in memory

    def __len__(self) -> int:
        return self._first + len(self._names)

    @property
    def nbytes(self) -> int:
        held = sum(len(d) + 49 for d in self._names) + 8 * len(self._names)
        return held + (self.DISK_CACHE_KB * 1024 if self._disk is not None else 0)

    def append(self, name: str) -> None:
        self._names.append(name)
        if len(self._names) > self.MAX_MEMORY_NAMES:
            if self._disk is None:
                self._disk_dir, self._disk = _scratch_db(
                    self.DISK_CACHE_KB, "CREATE TABLE names (n INTEGER PRIMARY KEY, id TEXT)"
                )
            self._disk.executemany(
                "INSERT INTO names VALUES (?, ?)", enumerate(self._names, start=self._first)
            )
            self._disk.commit()
            self._first += len(self._names)
            self._names = []

    def __getitem__(self, number: int) -> str:
        if number >= self._first:
            return self._names[number - self._first]
        assert self._disk is not None
        row = self._disk.execute("SELECT id FROM names WHERE n = ?", (number,)).fetchone()
        return str(row[0])


class DuplicateIndex:
    """Earlier reports of the run, as much as finding repeats needs.

    Reports are numbered as they are added; digests and sentence hashes map
    to the number of the first report that had them.  Only reports that are
    not themselves duplicates are added, as before.
    """

    def __init__(self) -> None:
        self._doc_ids = _Names()
        self._digests = _FirstSeen()
        self._shingles = _FirstSeen()

    @property
    def nbytes(self) -> int:
        """Approximate memory held (for the benchmark)."""
        return self._doc_ids.nbytes + self._digests.nbytes + self._shingles.nbytes

    def close(self) -> None:
        self._doc_ids.close()
        self._digests.close()
        self._shingles.close()

    def check_and_add(self, doc_id: str, digest: str, shingles: tuple[int, ...]) -> str | None:
        digest_key = int(digest[:16], 16)
        first = self._digests.lookup([digest_key])[0]
        earlier = self._doc_ids[first] if first >= 0 else None
        owners: list[int] = []
        if earlier is None and shingles:
            owners = self._shingles.lookup(shingles)
            hits = Counter(o for o in owners if o >= 0)
            if hits:
                # Ties go to the earliest report: owners are numbered in path order.
                owner, n = min(hits.items(), key=lambda kv: (-kv[1], kv[0]))
                candidate = self._doc_ids[owner]
                if n / len(shingles) >= NEAR_DUPLICATE_SHARE:
                    earlier = candidate
        if earlier is None:
            number = len(self._doc_ids)
            self._doc_ids.append(doc_id)
            self._digests.add_absent([digest_key], number)
            if shingles:
                if not owners:
                    owners = self._shingles.lookup(shingles)
                self._shingles.add_absent(
                    [s for s, o in zip(shingles, owners, strict=True) if o < 0], number
                )
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
    rows = []
    for doc_id, doc in docs.items():
        if not doc["relevant"] or doc["duplicate_of"] is not None:
            continue
        row = scorecard_row(doc, by_doc[doc_id], issues_per_doc[doc_id])
        misfit = _misfit("scorecard", row)
        if misfit is None:
            rows.append(row)
            continue
        # A sum too large for its column fails this report's row, not the run.
        result.issues.append(
            file_issue(
                result.file_row["file_id"],
                "overflow",
                "error",
                f"{doc_id}: scorecard {misfit} does not fit its column; no scorecard row",
            )
            | {"doc_id": doc_id, "table": "scorecard", "issue_id": f"{doc_id}-overflow-1"}
        )
    return rows


# --------------------------------------------------------------------------
# the task every engine runs

_CACHE_LOCK = threading.Lock()
_cache: ResultCache | None = None
_cache_spec: CacheSpec | None = None
_hits = threading.local()


def _use_cache(spec: CacheSpec | None) -> None:
    global _cache, _cache_spec
    with _CACHE_LOCK:
        if spec != _cache_spec:
            _cache = ResultCache(spec) if spec is not None else None
            _cache_spec = spec


def cached_process_file(relpath: str, data: bytes, options: Options | None = None) -> FileResult:
    """``pipeline.process_file`` behind the incremental cache, when one is in use."""
    options = options or Options()
    cache = _cache
    if cache is None:
        return _process_file_uncached(relpath, data, options)
    result = cache.get(relpath, data)
    if result is not None:
        _hits.n = getattr(_hits, "n", 0) + 1
        return result
    result = _process_file_uncached(relpath, data, options)
    cache.put(relpath, data, result)
    return result


def _process_found(found: FoundFile, options: Options) -> FileResult:
    """Read one local file and process it; never raises for a bad file.

    Whatever goes wrong with one file becomes that file's row (a status and a
    reason) and an error-level issue, so the batch always goes on.
    """
    if found.problem is not None:
        return read_error_result(found.path, found.size_bytes, "unreadable", found.problem)
    limit = int(options.max_file_mb * 1024 * 1024)
    try:
        data = _read_bounded(found.abspath, limit)
    except _NotRegular as exc:
        return read_error_result(found.path, found.size_bytes, "unreadable", str(exc))
    except _TooLarge as exc:
        return too_large_result(found.path, max(found.size_bytes, exc.size), options)
    except FileNotFoundError:
        why = (
            "dangling symbolic link"
            if os.path.islink(found.abspath)
            else "the file vanished during the run"
        )
        return read_error_result(found.path, found.size_bytes, "unreadable", why)
    except OSError as exc:
        return read_error_result(
            found.path, found.size_bytes, "unreadable", f"cannot read: {exc.strerror or exc}"
        )
    return safe_process(found.path, data, options)


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class _NotRegular(Exception):
    """The path turned into something other than a regular file after discovery."""


def _read_bounded(path: str, limit: int) -> bytes:
    """The file's bytes, never more than ``limit`` of them in memory.

    Opened non-blocking and checked with fstat on the open descriptor: a
    file swapped for a FIFO after discovery would otherwise block the read
    forever, and the size check must be about the file actually opened.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _NotRegular("not a regular file any more (replaced during the run)")
        if st.st_size > limit:
            raise _TooLarge(st.st_size)
        # limit + 1: a file that grew since fstat is caught without reading it all.
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _TooLarge(max(st.st_size, len(data)))
    return data


def safe_process(relpath: str, data: bytes, options: Options) -> FileResult:
    """``cached_process_file`` for one file, turning any failure into that file's row.

    A bug or a resource limit hit on one hostile file (RecursionError,
    MemoryError, a value no column can hold) must not lose the other
    thousands: the file gets status ``unreadable`` (the SPEC's statuses are
    fixed, and "we could not read it into rows" is what it means to a user)
    or ``decode_error`` when decoding itself failed, with the exception named
    in ``error``, and a ``file_failed`` issue that tells it apart from an
    I/O failure.  KeyboardInterrupt and SystemExit still stop the run.
    """
    try:
        result = cached_process_file(relpath, data, options)
        conform(result)
        return result
    except Exception as exc:  # recorded per file, see above
        if isinstance(exc, UnicodeError):
            status, rule = "decode_error", "file_decode_error"
        else:
            status, rule = "unreadable", "file_failed"
        message = f"internal error: {type(exc).__name__}: {exc}"[:500]
        failed = read_error_result(relpath, len(data), status, message)
        failed.file_row["sha256"] = hashlib.sha256(data).hexdigest()
        failed.issues = [
            file_issue(failed.file_row["file_id"], rule, RULES[rule][0], f"{relpath}: {message}")
        ]
        return failed


WORKER_DIED = (
    "internal error: the worker process died while converting this file "
    "(killed by the system, out of memory?)"
)


def crashed_result(found: FoundFile) -> tuple[FileResult, bool]:
    """The row of a file whose worker process died twice while converting it."""
    failed = read_error_result(found.path, found.size_bytes, "unreadable", WORKER_DIED)
    failed.issues = [
        file_issue(
            failed.file_row["file_id"],
            "file_failed",
            RULES["file_failed"][0],
            f"{found.path}: {WORKER_DIED}",
        )
    ]
    return failed, False


def _misfit(table: str, row: dict[str, Any]) -> str | None:
    """The first column of ``row`` whose value its declared type cannot hold."""
    for column, kind, low, high in _column_checks(table):
        value = row.get(column)
        if value is None:
            continue
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                return column
        elif kind == "str":
            if not isinstance(value, str) or _SURROGATE.search(value):
                return column
        elif kind == "float" and not isinstance(value, (int, float)):
            return column
    return None


def conform(result: FileResult) -> None:
    """Raise unless every row of ``result`` fits its table's column types.

    Done per file, in the worker, so that a value no column can hold (a year
    beyond int32, a string that is not valid Unicode) fails this file only,
    instead of the writer and with it the whole run.  Plain Python checks
    against the declared types: building Arrow tables here cost a sixth of
    the per-file time.
    """
    tables = {
        "files": [result.file_row],
        "documents": result.documents,
        "issues": result.issues,
        **result.records,
    }
    for name, rows in tables.items():
        for row in rows:
            column = _misfit(name, row)
            if column is not None:
                raise ValueError(f"{name}.{column}: {row.get(column)!r} does not fit")


_SURROGATE = re.compile("[\ud800-\udfff]")


@functools.cache
def _column_checks(table: str) -> tuple[tuple[str, str, int, int], ...]:
    checks = []
    for c in TABLES[table].columns:
        if pa.types.is_integer(c.type):
            bits = c.type.bit_width
            checks.append((c.name, "int", -(2 ** (bits - 1)), 2 ** (bits - 1) - 1))
        elif pa.types.is_string(c.type):
            checks.append((c.name, "str", 0, 0))
        elif pa.types.is_floating(c.type):
            checks.append((c.name, "float", 0, 0))
    return tuple(checks)


def _process_any(found: FoundFile, options: Options) -> FileResult:
    if is_url(found.abspath):
        return read_url(found, options, safe_process)
    return _process_found(found, options)


def run_chunk(
    chunk: list[FoundFile], options: Options, cache: CacheSpec | None = None
) -> list[tuple[FileResult, bool]]:
    """The engines' task: results of consecutive files, each with "came from the cache"."""
    _use_cache(cache)
    out = []
    for found in chunk:
        before = getattr(_hits, "n", 0)
        result = _process_any(found, options)
        out.append((result, getattr(_hits, "n", 0) != before))
    return out


def iter_results(
    files: Iterable[FoundFile],
    options: Options,
    engine: Engine,
    cache: CacheSpec | None = None,
) -> Iterator[tuple[FileResult, bool]]:
    """Per-file results in path order, each with whether the cache gave it."""
    for results in engine.map_ordered(run_chunk, chunk_files(files), options, cache):
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


def _output_dirs(out: Path) -> Callable[[str], bool]:
    """Is a folder OUT, or one of the folders a run keeps beside it?"""
    target = os.path.abspath(out)
    parent, name = os.path.split(target)

    def is_output(path: str) -> bool:
        path = os.path.abspath(path)
        if path == target:
            return True
        head, tail = os.path.split(path)
        return head == parent and tail.startswith(f".{name}.")

    return is_output


def discover(source: Path | str, pattern: str, out: Path | None = None) -> Discovery:
    if is_url(source):
        url = str(source)
        if url.startswith("file://"):
            source = Path(url[len("file://") :])
        else:
            try:
                if not url_exists(url):
                    raise InputMissing(f"IN {url} is not a folder")
            except (OSError, ValueError, ImportError) as exc:
                raise InputMissing(f"IN {url} cannot be listed: {exc}") from exc
            return discover_url(url, pattern)
    path = Path(source)
    if not path.is_dir():
        raise InputMissing(f"IN {path} is not a folder")
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        raise InputMissing(f"IN {path} cannot be listed: {exc.strerror or exc}") from exc
    return discover_files(path, pattern, _output_dirs(out) if out is not None else None)


def _check_in_and_out(source: Path | str, out: Path) -> None:
    """Refuse an OUT whose replacement would remove IN or the current folder."""
    target = Path(os.path.realpath(out))
    if target == Path(os.path.realpath(os.getcwd())):
        raise OutputRefused(f"OUT {out} is the current folder; give a folder of its own")
    if is_url(source):
        return
    inside = Path(os.path.realpath(source))
    if inside == target or target in inside.parents:
        raise OutputRefused(f"IN {source} lies inside OUT {out}, which is replaced as a whole")


def _unwritable(directory: Path) -> str | None:
    """Why files cannot be written in ``directory`` (made if missing), or None."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".probe-"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _holds_rows(out: Path) -> bool:
    """Does OUT hold a dataset of this tool with at least one file row?"""
    if not is_our_dataset(out):
        return False
    try:
        return pq.read_metadata(out / "files.parquet").num_rows > 0
    except (OSError, ValueError):
        return True  # a dataset we cannot read: never replace it by nothing


def convert(
    source: Path | str,
    out: Path | str,
    options: Options | None = None,
    jobs: int | None = None,
    progress: ProgressFn | None = None,
    on_start: Callable[[int, int], None] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    incremental: bool = False,
    cache_dir: Path | None = None,
) -> Summary:
    """Convert every matching file under ``source`` into the dataset at ``out``.

    ``source`` is a folder or an fsspec URL.  ``jobs``, ``engine`` and
    ``scheduler`` choose where the work runs and never change a byte of the
    output; ``incremental`` reuses results cached in ``cache_dir`` for files
    whose bytes (and everything else a result depends on) are unchanged.
    ``out`` is a folder or an fsspec URL: a URL's dataset is built in a local
    temporary folder, then uploaded (see ``write.publish``).
    """
    if is_url(out) and not str(out).startswith("file://"):
        url = str(out)
        check_output_url(url)  # before walking a large IN, as for a folder
        with tempfile.TemporaryDirectory(prefix="kepu-scorecard-out-") as tmp:
            local = Path(tmp) / "dataset"
            summary = convert(
                source,
                local,
                options,
                jobs,
                progress,
                on_start,
                engine,
                scheduler,
                incremental,
                cache_dir,
            )
            publish(local, url)
        summary.out = url
        return summary
    out = Path(str(out)[len("file://") :] if is_url(out) else out)
    if out.is_symlink():
        # "current -> /data/2026-11": the dataset goes where the link points
        # and the link stays (renaming over it would replace the link itself)
        out = Path(os.path.realpath(out))
    options = options or Options()
    jobs = jobs or default_jobs()
    started = time.perf_counter()
    _check_in_and_out(source, out)
    check_output(out)  # refuse a foreign OUT before walking a large IN
    # OUT inside IN is never read back: its staging folder fills while the
    # walk (which streams) is still going.
    discovery = discover(source, options.glob, out)
    if discovery.count == 0 and _holds_rows(out):
        raise OutputRefused(
            f"IN {source} holds no file matching {options.glob!r}; the dataset in {out} "
            "is left as it was (delete it first to write an empty one)"
        )
    summary = Summary(skipped_by_glob=discovery.skipped, out=str(out), engine=engine)
    cache = None
    if incremental:
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        cache = CacheSpec(str(directory.resolve()), cache_salt(options))
        summary.cached_files = 0
        problem = _unwritable(directory)
        if problem:
            summary.warnings.append(
                f"--cache-dir {directory} cannot be written ({problem}): nothing is cached, "
                "so the next run recomputes every file"
            )
    if on_start:
        on_start(discovery.count, discovery.size_bytes)
    index = DuplicateIndex()
    done = 0
    with DatasetWriter(out, run_metadata(options)) as writer:
        # Redrawn with unchanged counts while a slow chunk runs, so that a
        # bar's clock keeps going.
        tick = (lambda: progress(done, summary.bytes_read)) if progress else None
        runner = make_engine(engine, jobs, scheduler, discovery.count, crashed_result, tick)
        summary.workers = runner.workers
        try:
            for result, cached in iter_results(discovery, options, runner, cache):
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
                if cached and summary.cached_files is not None:
                    summary.cached_files += 1
                done += 1
                if progress:
                    progress(done, summary.bytes_read)
        finally:
            runner.close()
            summary.duplicate_index_bytes = index.nbytes
            index.close()
        summary.rows = {
            t: writer.rows(t) for t in ("files", "documents", *RECORD_TABLES, "scorecard", "issues")
        }
    if cache is not None:
        try:
            prune_cache(Path(cache.directory))  # after the dataset is safely in place
        except OSError:
            pass  # a cache that cannot be pruned only costs disk space
    summary.seconds = time.perf_counter() - started
    return summary
