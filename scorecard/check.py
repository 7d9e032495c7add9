"""Re-check a written dataset: ``scorecard validate OUT``.

Every file ``datapackage.json`` lists must be there with the size and
SHA-256 recorded for it, so a file cut short or edited (a CSV included) is
found even where the tables still agree with one another.  Types come from
comparing each Parquet file's Arrow schema with the declaration; nullability
and allowed values are checked by pandera schemas built from the same
declaration; unique keys, references between tables (every doc_id, file_id
and parent_id exists) and the scorecard's sums are checked by hand.

Tables are read in batches, never whole: keys are kept as 64-bit hashes in
sorted NumPy arrays (8 bytes a row), and the scorecard is recomputed one
source file at a time, since every table lists its rows in the files'
order.  A dataset of a few hundred MB of reports checks in about the memory
of a conversion.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from .schema import RECORD_ID_COLUMN, RECORD_TABLES, TABLES, Table
from .write import DATAPACKAGE, is_our_dataset

MAX_PROBLEMS_PER_CHECK = 5
BATCH_ROWS = 10_000
# The scorecard pass holds a batch of every table at once, as Python rows.
GROUP_BATCH_ROWS = 2_000
# Distinct unknown ids remembered per reference, to show a few and count them.
MAX_UNKNOWN_KEPT = 10_000
# How ``write.build_datapackage`` records a resource's hash.
HASH_PREFIX = "sha256:"

# (table, column) → (table, key column) it must point to.
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("documents", "file_id", "files", "file_id"),
    ("documents", "duplicate_of", "documents", "doc_id"),
    *((t, "doc_id", "documents", "doc_id") for t in RECORD_TABLES),
    *((t, "parent_id", t, RECORD_ID_COLUMN[t]) for t in RECORD_TABLES),
    ("scorecard", "doc_id", "documents", "doc_id"),
    ("issues", "doc_id", "documents", "doc_id"),
    ("issues", "file_id", "files", "file_id"),
)


def pandera_schema(table: Table) -> Any:
    """Nullability and allowed values of one table (uniqueness is checked across
    batches by ``check_dataset`` itself)."""
    import pandera.pandas as pa

    columns = {}
    for c in table.columns:
        checks = [pa.Check.isin(list(c.values))] if c.values else []
        columns[c.name] = pa.Column(nullable=c.nullable, checks=checks, required=True)
    return pa.DataFrameSchema(columns, strict=True, name=table.name)


def _hashes(values: Any) -> np.ndarray:
    """64-bit hashes of a column's non-null strings."""
    import pandas as pd

    array = np.asarray([v for v in values if v is not None], dtype=object)
    return pd.util.hash_array(array, categorize=False) if len(array) else np.empty(0, np.uint64)


def _batches(path: Path, columns: list[str] | None = None, size: int = 0) -> Iterator[Any]:
    yield from pq.ParquetFile(path).iter_batches(batch_size=size or BATCH_ROWS, columns=columns)


def check_dataset(out: Path) -> dict[str, Any]:
    problems: list[str] = []
    rows: dict[str, int] = {}
    if is_our_dataset(out):
        problems += _check_resources(out)
    else:
        problems.append("no datapackage.json written by kepu-scorecard")
    paths: dict[str, Path] = {}
    for name, table in TABLES.items():
        path = out / f"{name}.parquet"
        try:
            schema = pq.ParquetFile(path).schema_arrow
        except Exception as exc:
            problems.append(f"{name}: cannot read {path.name}: {exc}")
            continue
        if not schema.remove_metadata().equals(table.arrow_schema().remove_metadata()):
            problems.append(f"{name}: columns or types differ from the declaration")
            continue
        if not (out / f"{name}.csv").exists():
            problems.append(f"{name}: {name}.csv is missing")
        paths[name] = path
    keys: dict[str, np.ndarray] = {}
    severities: Counter[str] = Counter()
    for name, path in paths.items():
        try:
            problems += _check_table(TABLES[name], path, rows, keys, severities)
        except Exception as exc:  # a file whose header read but whose data does not
            problems.append(f"{name}: cannot read {path.name}: {exc}")
            paths.pop(name)
            break
    if {"files", "documents"} <= paths.keys():
        problems += _references(paths, keys)
    if {"files", "documents", *RECORD_TABLES, "scorecard", "issues"} <= paths.keys():
        try:
            problems += _consistency(paths)
        except (KeyError, ValueError, TypeError) as exc:
            # Ids that do not resolve already broke the references check.
            problems.append(f"cannot recompute the scorecard: {type(exc).__name__}: {exc}")
    return {
        "out": str(out),
        "ok": not problems,
        "problems": problems,
        "rows": rows,
        "errors": severities.get("error", 0),
        "warnings": severities.get("warning", 0),
    }


def _check_resources(out: Path) -> list[str]:
    """Every file ``datapackage.json`` lists exists with the size and SHA-256 it
    records, and every table is listed in both formats."""
    try:
        package = json.loads((out / DATAPACKAGE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{DATAPACKAGE}: cannot read: {exc}"]
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        return [f"{DATAPACKAGE}: no list of resources"]
    problems: list[str] = []
    listed: set[str] = set()
    for res in resources:
        path = res.get("path") if isinstance(res, dict) else None
        # This tool writes every file directly in OUT; a listed path must not lead elsewhere.
        if not isinstance(path, str) or Path(path).name != path or path in ("", ".", ".."):
            problems.append(f"{DATAPACKAGE}: resource path {path!r} is not a file name in OUT")
            continue
        listed.add(path)
        problems += _check_file(out / path, res.get("bytes"), res.get("hash"))
    for name in TABLES:
        for file in (f"{name}.parquet", f"{name}.csv"):
            if file not in listed:
                problems.append(f"{file}: not listed in {DATAPACKAGE}")
    return problems


def _check_file(path: Path, size: Any, digest: Any) -> list[str]:
    """One file against the size and hash recorded for it."""
    name = path.name
    if not isinstance(size, int) or isinstance(size, bool):
        return [f"{name}: {DATAPACKAGE} records no size for it"]
    if not isinstance(digest, str) or not digest.startswith(HASH_PREFIX):
        return [f"{name}: {DATAPACKAGE} records no SHA-256 hash for it"]
    try:
        actual = path.stat().st_size
        if actual != size:  # no need to read it: it cannot hash alike
            return [f"{name}: {actual} bytes, {DATAPACKAGE} records {size}"]
        with open(path, "rb") as fh:
            found = HASH_PREFIX + hashlib.file_digest(fh, "sha256").hexdigest()
    except FileNotFoundError:
        return [f"{name}: listed in {DATAPACKAGE} but missing"]
    except OSError as exc:
        return [f"{name}: cannot read: {exc}"]
    if found != digest.lower():
        return [f"{name}: SHA-256 differs from {DATAPACKAGE} (file {found}, recorded {digest})"]
    return []


def _check_table(
    table: Table,
    path: Path,
    rows: dict[str, int],
    keys: dict[str, np.ndarray],
    severities: Counter[str],
) -> list[str]:
    """Schema checks batch by batch; the key's hashes for references and uniqueness."""
    import pandera.pandas as pa

    schema = pandera_schema(table)
    problems: list[str] = []
    failures = 0
    n = 0
    key = next((c.name for c in table.columns if c.unique), None)
    key_parts: list[np.ndarray] = []
    for batch in _batches(path):
        df = batch.to_pandas()
        n += len(df)
        try:
            schema.validate(df, lazy=True)
        except pa.errors.SchemaErrors as exc:
            for _, case in exc.failure_cases.iterrows():
                failures += 1
                if failures <= MAX_PROBLEMS_PER_CHECK:
                    problems.append(
                        f"{table.name}.{case['column']}: {case['check']} fails on "
                        f"{case['failure_case']!r}"
                    )
        if key is not None:
            key_parts.append(_hashes(batch.column(key).to_pylist()))
        if table.name == "issues":
            severities.update(batch.column("severity").to_pylist())
    if failures > MAX_PROBLEMS_PER_CHECK:
        problems.append(f"{table.name}: {failures - MAX_PROBLEMS_PER_CHECK} more schema failures")
    rows[table.name] = n
    if key is not None:
        hashes = np.sort(np.concatenate(key_parts)) if key_parts else np.empty(0, np.uint64)
        same = hashes[1:] == hashes[:-1]
        if same.any():
            problems += _repeated(table.name, key, path, set(hashes[1:][same].tolist()))
        keys[table.name] = np.unique(hashes)
    return problems


def _repeated(table: str, key: str, path: Path, suspects: set[int]) -> list[str]:
    """Keys whose hashes repeat, confirmed on the values (a hash collision is not a repeat)."""
    counts: Counter[str] = Counter()
    for batch in _batches(path, [key]):
        values = [v for v in batch.column(key).to_pylist() if v is not None]
        for value, h in zip(values, _hashes(values).tolist(), strict=True):
            if h in suspects:
                counts[value] += 1
    repeats = sorted(v for v, n in counts.items() if n > 1)
    if not repeats:
        return []
    extra = sum(counts[v] - 1 for v in repeats)
    shown = ", ".join(repeats[:MAX_PROBLEMS_PER_CHECK])
    return [f"{table}.{key}: {extra} values repeat a unique key ({shown})"]


def _references(paths: dict[str, Path], keys: dict[str, np.ndarray]) -> list[str]:
    problems: list[str] = []
    for source, column, target, _key in REFERENCES:
        if source not in paths or target not in keys:
            continue
        known = keys[target]
        unknown: set[str] = set()
        for batch in _batches(paths[source], [column]):
            values = [v for v in batch.column(column).to_pylist() if v is not None]
            if not values:
                continue
            found = np.isin(_hashes(values), known)
            if not found.all() and len(unknown) < MAX_UNKNOWN_KEPT:
                unknown.update(v for v, ok in zip(values, found, strict=True) if not ok)
        if unknown:
            shown = ", ".join(sorted(unknown)[:MAX_PROBLEMS_PER_CHECK])
            problems.append(f"{source}.{column}: {len(unknown)} unknown ids ({shown})")
    return problems


def _file_of_doc(row: dict[str, Any]) -> str:
    return str(row["doc_id"]).rsplit("-", 1)[0]


def _groups(path: Path, key: Callable[[dict[str, Any]], str]) -> Iterator[tuple[str, list[Any]]]:
    """Consecutive rows of a table with the same key (its source file)."""
    current: str | None = None
    group: list[dict[str, Any]] = []
    for batch in _batches(path, size=min(GROUP_BATCH_ROWS, BATCH_ROWS)):
        for row in batch.to_pylist():
            k = key(row)
            if k != current:
                if group:
                    yield str(current), group
                current, group = k, []
            group.append(row)
    if group:
        yield str(current), group


class _Cursor:
    """The groups of one table, taken in the files' order."""

    def __init__(self, groups: Iterator[tuple[str, list[Any]]]) -> None:
        self._groups = groups
        self._head = next(groups, None)

    def take(self, file_id: str) -> list[Any]:
        if self._head is None or self._head[0] != file_id:
            return []
        rows = self._head[1]
        self._head = next(self._groups, None)
        return rows

    @property
    def done(self) -> bool:
        return self._head is None


def _consistency(paths: dict[str, Path]) -> list[str]:
    """``counted`` follows its definition and the scorecard sums counted rows.

    Every table lists its rows in the order of the files table, so one pass
    over all of them together sees one source file at a time.
    """
    from .assemble import scorecard_row

    problems: list[str] = []
    cursors = {
        "documents": _Cursor(_groups(paths["documents"], lambda r: str(r["file_id"]))),
        "issues": _Cursor(_groups(paths["issues"], lambda r: str(r["file_id"]))),
        "scorecard": _Cursor(_groups(paths["scorecard"], _file_of_doc)),
        **{t: _Cursor(_groups(paths[t], _file_of_doc)) for t in RECORD_TABLES},
    }
    bad_counted: Counter[str] = Counter()
    mismatched = 0
    for batch in _batches(paths["files"], ["file_id"]):
        for file_id in batch.column("file_id").to_pylist():
            docs = {d["doc_id"]: d for d in cursors["documents"].take(file_id)}
            keep = {d: doc["relevant"] and doc["duplicate_of"] is None for d, doc in docs.items()}
            by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {
                d: {t: [] for t in RECORD_TABLES} for d in docs
            }
            for table in RECORD_TABLES:
                for row in cursors[table].take(file_id):
                    expected = (
                        not row["planned"]
                        and row["parent_id"] is None
                        and keep.get(row["doc_id"], False)
                    )
                    if row["counted"] != expected:
                        bad_counted[table] += 1
                    by_doc.setdefault(row["doc_id"], {t: [] for t in RECORD_TABLES})[table].append(
                        row
                    )
            n_issues = Counter(i["doc_id"] for i in cursors["issues"].take(file_id))
            for card in cursors["scorecard"].take(file_id):
                doc = docs[card["doc_id"]]
                want = scorecard_row(doc, by_doc[card["doc_id"]], n_issues[card["doc_id"]])
                diff = [
                    k
                    for k, v in want.items()
                    if k not in ("organization", "year") and not _equal(v, card[k])
                ]
                if diff:
                    mismatched += 1
                    if mismatched <= MAX_PROBLEMS_PER_CHECK:
                        problems.append(
                            f"scorecard {card['doc_id']}: {', '.join(diff)} "
                            "do not match the record tables"
                        )
    for table in RECORD_TABLES:
        if bad_counted[table]:
            problems.append(
                f"{table}: {bad_counted[table]} rows whose counted flag breaks its definition"
            )
    if mismatched > MAX_PROBLEMS_PER_CHECK:
        problems.append(f"scorecard: {mismatched - MAX_PROBLEMS_PER_CHECK} more rows do not match")
    for name, cursor in cursors.items():
        if not cursor.done:
            problems.append(f"{name}: rows out of the files' order (or of unknown files)")
    return problems


def _equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) < 0.005
    return bool(a == b)
