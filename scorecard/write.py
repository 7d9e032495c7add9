"""Stage 8: write the dataset, all of it or none of it.

Rows stream in (already in their final order) and go to one Parquet file and
one CSV file per table, inside a staging directory beside OUT.  When every
table is closed, ``datapackage.json`` is written and the staging directory is
swapped in for OUT.  A run killed at any moment leaves either the previous
dataset or the new one under OUT's name; the next run finishes or undoes a
half-done swap.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import datetime as dt
import errno
import glob
import hashlib
import importlib.abc
import json
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import TABLES, Table

PACKAGE_MARKER = "kepu_scorecard"
DATAPACKAGE = "datapackage.json"
# Beside the tables of an OUT URL while they are being uploaded.
UPLOAD_MARKER = ".kepu-scorecard-upload"
# Rows per Parquet row group.  Fixed, so that the file's bytes depend on the
# rows only, never on how the run was scheduled.
ROW_GROUP_ROWS = 20_000
# Rows held as Python values before they become an Arrow batch; divides
# ROW_GROUP_ROWS, so batches never straddle a row group.
BATCH_ROWS = 2_000
# OWASP's CSV-injection advice: a cell starting with one of these is a formula
# to a spreadsheet; a leading apostrophe makes it text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class OutputRefused(Exception):
    """OUT holds something this tool did not write."""


class OutputFailed(Exception):
    """OUT could not be written (permissions, disk)."""


def csv_cell(value: Any) -> str:
    """One CSV cell per the SPEC's conventions.

    >>> csv_cell(None), csv_cell(True), csv_cell(1234.5), csv_cell("=1+1")
    ('', 'true', '1234.50', "'=1+1")
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # Only text is guarded: a number is never a formula, and "'-5" would
    # turn a negative number into text in every spreadsheet.
    if isinstance(value, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _csv_cells(values: list[Any]) -> list[str]:
    """``csv_cell`` of every value, with the common types (text, null, int) inline."""
    out = []
    for v in values:
        kind = type(v)
        if kind is str:
            out.append("'" + v if v.startswith(FORMULA_PREFIXES) else v)
        elif v is None:
            out.append("")
        elif kind is int:  # not bool: type() is exact
            out.append(str(v))
        else:
            out.append(csv_cell(v))
    return out


class _TableWriter:
    """One table's Parquet and CSV files, filled row by row.

    Rows are kept as columns of at most ``BATCH_ROWS`` Python values, then as
    Arrow record batches until a row group is full: a table's memory is one
    row group in Arrow's compact form, whatever the corpus size.
    """

    def __init__(self, table: Table, directory: Path) -> None:
        self.table = table
        self.schema = table.arrow_schema()
        self.rows = 0
        self._columns: list[list[Any]] = [[] for _ in table.columns]
        self._pending = 0  # rows in _columns
        self._batches: list[pa.RecordBatch] = []
        self._batched = 0  # rows in _batches
        self.parquet_path = directory / f"{table.name}.parquet"
        self.csv_path = directory / f"{table.name}.csv"
        self._parquet = pq.ParquetWriter(
            self.parquet_path,
            self.schema,
            compression="zstd",
            write_statistics=True,
        )
        self._csv_file: TextIO = open(self.csv_path, "w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_file, lineterminator="\r\n")
        self._csv.writerow(table.names)

    def add(self, rows: Iterable[Mapping[str, Any]]) -> None:
        names = self.table.names
        columns = self._columns
        for row in rows:
            values = [row.get(n) for n in names]
            self._csv.writerow(_csv_cells(values))
            for column, value in zip(columns, values, strict=True):
                column.append(value)
            self.rows += 1
            self._pending += 1
            if self._pending == BATCH_ROWS:
                self._seal()

    def _seal(self) -> None:
        """The pending rows become one Arrow record batch."""
        arrays = [
            pa.array(values, type=c.type)
            for values, c in zip(self._columns, self.table.columns, strict=True)
        ]
        self._batches.append(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
        self._batched += self._pending
        for values in self._columns:
            values.clear()  # in place: ``add`` holds these lists
        self._pending = 0
        if self._batched >= ROW_GROUP_ROWS:
            self._write_group()

    def _write_group(self) -> None:
        table = pa.Table.from_batches(self._batches, schema=self.schema)
        self._parquet.write_table(table, row_group_size=ROW_GROUP_ROWS)
        self._batches = []
        self._batched = 0

    def close(self) -> None:
        if self._pending or self.rows == 0:
            self._seal()
        if self._batches:
            self._write_group()
        self._parquet.close()
        # Durable before the swap makes them visible: after a power cut a
        # renamed directory must not hold empty or truncated tables.
        self._csv_file.flush()
        os.fsync(self._csv_file.fileno())
        self._csv_file.close()
        _fsync_file(self.parquet_path)

    def abort(self) -> None:
        """Release the files without finishing them (the staging dir goes anyway)."""
        for closer in (self._parquet.close, self._csv_file.close):
            try:
                closer()
            except Exception:
                pass


def keep_pandas_out() -> None:
    """Keep pandas (about 50 MB) out of a process that only writes tables.

    pyarrow's first conversion of a Python list imports pandas, if it is
    installed, to ask whether the list is a pandas object.  Made while pandas
    cannot be imported, that first check records "no pandas": pa.array stops
    asking, and until something calls ``to_pandas`` or ``from_pandas``
    (which import pandas for real) it treats a pandas Series as a plain
    sequence.  So only a process that never hands pandas objects to pyarrow
    calls this: the ``scorecard convert`` command does, the library does not.
    """
    if "pandas" in sys.modules:
        return
    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)
    try:
        pa.array([], type=pa.int8())
    finally:
        sys.meta_path.remove(blocker)


class _NoPandas(importlib.abc.MetaPathFinder):
    """An import finder under which ``import pandas`` raises ImportError."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError(f"{name} is not imported by the writer")
        return None


@dataclass
class DatasetWriter:
    """Writes every table into a staging directory, then swaps it in.

    Use as a context manager: leaving the block normally commits, an
    exception discards the staging directory and leaves OUT untouched.
    """

    out: Path
    metadata: dict[str, Any]
    _writers: dict[str, _TableWriter] = field(default_factory=dict)
    _staging: Path | None = None
    _lock: int | None = None

    def __enter__(self) -> DatasetWriter:
        self.out = Path(self.out)
        check_output(self.out)
        self._lock = _lock_output(self.out)
        recover_output(self.out)
        staging = _sibling(self.out, f"tmp-{os.getpid()}")
        if staging.exists():
            shutil.rmtree(staging)
        try:
            staging.mkdir(parents=True)
            self._staging = staging
            for name, table in TABLES.items():
                self._writers[name] = _TableWriter(table, staging)
        except OSError as exc:
            for w in self._writers.values():
                w.abort()
            shutil.rmtree(staging, ignore_errors=True)
            _unlock(self._lock)
            raise OutputFailed(f"cannot write beside {self.out}: {exc}") from exc
        return self

    def add(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        self._writers[table].add(rows)

    def rows(self, table: str) -> int:
        return self._writers[table].rows

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            self._finish(exc_type)
        finally:
            _unlock(self._lock)

    def _finish(self, exc_type: object) -> None:
        assert self._staging is not None
        if exc_type is not None:
            for w in self._writers.values():
                w.abort()
            shutil.rmtree(self._staging, ignore_errors=True)
            return
        try:
            for w in self._writers.values():
                w.close()
            package = build_datapackage(self._staging, self._writers, self.metadata)
            _write_json_durably(self._staging / DATAPACKAGE, package)
            with _signals_deferred():
                swap_in(self._staging, self.out)
        except OSError as exc:
            shutil.rmtree(self._staging, ignore_errors=True)
            raise OutputFailed(f"cannot write {self.out}: {exc}") from exc
        except BaseException:
            # Ctrl-C while closing the tables: OUT is untouched, drop our staging.
            shutil.rmtree(self._staging, ignore_errors=True)
            raise


def _sibling(out: Path, tag: str) -> Path:
    return out.parent / f".{out.name}.{tag}"


def _not_ours(out: Path) -> list[str]:
    """Names in a dataset folder that its datapackage.json does not list."""
    try:
        package = json.loads((out / DATAPACKAGE).read_text(encoding="utf-8"))
        listed = {r["path"] for r in package.get("resources", []) if isinstance(r, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []  # not a dataset: check_output decided already
    listed.add(DATAPACKAGE)
    return sorted(p.name for p in out.iterdir() if p.name not in listed)


def is_our_dataset(path: Path) -> bool:
    try:
        package = json.loads((path / DATAPACKAGE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(package, dict) and PACKAGE_MARKER in package


def check_output(out: Path) -> None:
    """Refuse an OUT that exists and is not empty unless this tool wrote it."""
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputRefused(f"{out} exists and is not a directory")
    if any(out.iterdir()) and not is_our_dataset(out):
        raise OutputRefused(
            f"{out} is not empty and holds no datapackage.json written by kepu-scorecard; "
            "refusing to replace it"
        )
    foreign = _not_ours(out)
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise OutputRefused(
            f"{out} holds files this tool did not write ({shown}); replacing the dataset "
            "would delete them: move them out, or choose another OUT"
        )


def _lock_output(out: Path) -> int | None:
    """Hold ``.OUT.lock`` beside OUT for the whole write: a second run into
    the same OUT (an overlapping cron job) is refused instead of racing the
    first one to the final rename. The lock dies with its process."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    lock = _sibling(out, "lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputFailed(f"cannot write beside {out}: {exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise OutputRefused(
            f"{out} is being written by another run; try again when it has finished"
        ) from None
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing releases the lock; the empty file stays for the next run


def recover_output(out: Path) -> None:
    """Finish or undo what a killed run left beside OUT."""
    old = _sibling(out, "old")
    if old.exists():
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, out)  # the new dataset never arrived: put the old one back
    for stale in out.parent.glob(f".{glob.escape(out.name)}.tmp-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(staging: Path, out: Path) -> None:
    """Replace OUT with STAGING using renames only.

    On Linux the two directories are exchanged in one ``renameat2`` call, so
    OUT is never missing, not even for a moment; elsewhere OUT goes to
    ``.OUT.old`` first and ``recover_output`` undoes a swap killed halfway.
    """
    old = _sibling(out, "old")
    _fsync_dir(staging)
    if out.exists() and _exchange(staging, out):
        _fsync_dir(out.parent)
        # STAGING now holds the previous dataset; if we die here, its name
        # (tmp-<dead pid>) makes the next run delete it.
        shutil.rmtree(staging, ignore_errors=True)
        return
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    _fsync_dir(out.parent)
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False  # a libc without renameat2 (glibc < 2.28, some musl)
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # kernel or file system without RENAME_EXCHANGE
    raise OSError(err, os.strerror(err), str(b))


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block is done.

    A swap interrupted between its renames would leave OUT missing until
    the next run; a signal that arrives meanwhile is re-raised right after.
    Signal handlers can only be set from the main thread; elsewhere the
    block runs unprotected (``recover_output`` still repairs it).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous: dict[signal.Signals, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.getsignal(sig)
        signal.signal(sig, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in caught:
            signal.raise_signal(signum)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_json_durably(path: Path, data: Any) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=False)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def frictionless_schema(table: Table) -> dict[str, Any]:
    fields = []
    for c in table.columns:
        f: dict[str, Any] = {
            "name": c.name,
            "type": c.frictionless_type,
            "description": c.description,
        }
        constraints: dict[str, Any] = {}
        if not c.nullable:
            constraints["required"] = True
        if c.values:
            constraints["enum"] = list(c.values)
        if c.unique:
            constraints["unique"] = True
        if constraints:
            f["constraints"] = constraints
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if table.key:
        schema["primaryKey"] = [table.key]
    return schema


def build_datapackage(
    directory: Path, writers: Mapping[str, _TableWriter], metadata: Mapping[str, Any]
) -> dict[str, Any]:
    resources = []
    for name, w in writers.items():
        schema = frictionless_schema(w.table)
        for fmt, path in (("parquet", w.parquet_path), ("csv", w.csv_path)):
            res: dict[str, Any] = {
                "name": name if fmt == "parquet" else f"{name}-csv",
                "path": path.name,
                "format": fmt,
                "description": w.table.description,
                "rows": w.rows,
                "bytes": path.stat().st_size,
                "hash": "sha256:" + _sha256(path),
            }
            if fmt == "csv":
                res["mediatype"] = "text/csv"
                res["encoding"] = "utf-8-sig"
                res["dialect"] = {"delimiter": ",", "quoteChar": '"', "header": True}
            else:
                res["mediatype"] = "application/vnd.apache.parquet"
            res["schema"] = schema
            resources.append(res)
    return {
        "profile": "data-package",
        "name": "kepu-scorecard-dataset",
        "title": "Science-popularization work reports: activities, trainings, funding",
        PACKAGE_MARKER: dict(metadata),
        "resources": resources,
    }


# --------------------------------------------------------------------------
# OUT as an fsspec URL


def _url_fs(url: str) -> tuple[Any, str]:
    try:
        import fsspec

        fs, root = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise OutputFailed(f"cannot write to {url}: {exc}") from exc
    return fs, root.rstrip("/")


def check_output_url(url: str) -> None:
    """``check_output`` for an fsspec URL."""
    fs, root = _url_fs(url)
    try:
        if not fs.exists(root):
            return
        if not fs.isdir(root):
            raise OutputRefused(f"{url} exists and is not a folder")
        names = fs.ls(root, detail=False)
        ours = False
        if names:
            # An upload that died midway left its marker instead of a datapackage.
            ours = fs.exists(f"{root}/{UPLOAD_MARKER}")
            if not ours:
                with fs.open(f"{root}/{DATAPACKAGE}", "rb") as fh:
                    package = json.loads(fh.read().decode("utf-8"))
                ours = isinstance(package, dict) and PACKAGE_MARKER in package
    except FileNotFoundError:
        ours = False
    except (OSError, ValueError) as exc:
        raise OutputFailed(f"cannot read {url}: {exc}") from exc
    if names and not ours:
        raise OutputRefused(
            f"{url} is not empty and holds no datapackage.json written by kepu-scorecard; "
            "refusing to replace it"
        )


def publish(local: Path, url: str) -> None:
    """Upload a finished dataset folder to an fsspec URL.

    Object stores cannot rename a folder, so the swap of a local OUT becomes
    an order: an upload marker is written, the old ``datapackage.json`` is
    deleted, the tables are uploaded, files the new dataset no longer has
    are removed, the new ``datapackage.json`` goes up, and the marker goes
    last.  A reader that finds ``datapackage.json`` finds every table it
    lists complete (and can check them against its hashes); a run that dies
    midway leaves the marker, by which the next run knows the folder as its
    own and replaces it.
    """
    check_output_url(url)
    fs, root = _url_fs(url)
    names = sorted(p.name for p in local.iterdir())
    try:
        fs.makedirs(root, exist_ok=True)
        upload = f"{root}/{UPLOAD_MARKER}"
        fs.pipe_file(upload, json.dumps({PACKAGE_MARKER: "upload in progress"}).encode())
        package = f"{root}/{DATAPACKAGE}"
        if fs.exists(package):
            fs.rm(package)
        for name in names:
            if name != DATAPACKAGE:
                fs.put_file(str(local / name), f"{root}/{name}")
        keep = {*names, UPLOAD_MARKER}
        for path in fs.ls(root, detail=False):
            if path.rstrip("/").rsplit("/", 1)[-1] not in keep:
                fs.rm(path, recursive=True)
        fs.put_file(str(local / DATAPACKAGE), package)
        fs.rm(upload)
    except OSError as exc:
        raise OutputFailed(f"cannot write to {url}: {exc}") from exc
