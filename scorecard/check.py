"""Re-check a written dataset: ``scorecard validate OUT``.

Types come from comparing each Parquet file's Arrow schema with the
declaration; nullability, allowed values and unique keys are checked by
pandera schemas built from the same declaration; references between tables
(every doc_id, file_id and parent_id exists) are checked by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .schema import RECORD_ID_COLUMN, RECORD_TABLES, TABLES, Table
from .write import is_our_dataset

MAX_PROBLEMS_PER_CHECK = 5


def pandera_schema(table: Table) -> Any:
    import pandera.pandas as pa

    columns = {}
    for c in table.columns:
        checks = [pa.Check.isin(list(c.values))] if c.values else []
        columns[c.name] = pa.Column(
            nullable=c.nullable, unique=c.unique, checks=checks, required=True
        )
    return pa.DataFrameSchema(columns, strict=True, name=table.name)


def check_dataset(out: Path) -> dict[str, Any]:
    import pandera.pandas as pa

    problems: list[str] = []
    rows: dict[str, int] = {}
    frames: dict[str, Any] = {}
    if not is_our_dataset(out):
        problems.append("no datapackage.json written by kepu-scorecard")
    for name, table in TABLES.items():
        path = out / f"{name}.parquet"
        try:
            arrow = pq.read_table(path)
        except Exception as exc:
            problems.append(f"{name}: cannot read {path.name}: {exc}")
            continue
        expected = table.arrow_schema()
        if not arrow.schema.remove_metadata().equals(expected.remove_metadata()):
            problems.append(f"{name}: columns or types differ from the declaration")
            continue
        if not (out / f"{name}.csv").exists():
            problems.append(f"{name}: {name}.csv is missing")
        df = arrow.to_pandas()
        rows[name] = len(df)
        frames[name] = df
        try:
            pandera_schema(table).validate(df, lazy=True)
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            for _, case in cases.head(MAX_PROBLEMS_PER_CHECK).iterrows():
                problems.append(
                    f"{name}.{case['column']}: {case['check']} fails on {case['failure_case']!r}"
                )
            if len(cases) > MAX_PROBLEMS_PER_CHECK:
                problems.append(
                    f"{name}: {len(cases) - MAX_PROBLEMS_PER_CHECK} more schema failures"
                )
    if {"files", "documents"} <= frames.keys():
        problems += _references(frames)
    if {"documents", *RECORD_TABLES, "scorecard", "issues"} <= frames.keys():
        try:
            problems += _consistency(frames)
        except (KeyError, ValueError, TypeError) as exc:
            # Ids that do not resolve already broke the references check.
            problems.append(f"cannot recompute the scorecard: {type(exc).__name__}: {exc}")
    errors = warnings = 0
    if "issues" in frames:
        severities = frames["issues"]["severity"].value_counts()
        errors, warnings = int(severities.get("error", 0)), int(severities.get("warning", 0))
    return {
        "out": str(out),
        "ok": not problems,
        "problems": problems,
        "rows": rows,
        "errors": errors,
        "warnings": warnings,
    }


def _consistency(frames: dict[str, Any]) -> list[str]:
    """``counted`` follows its definition and the scorecard sums counted rows."""
    from .assemble import scorecard_row

    problems: list[str] = []
    docs = frames["documents"].set_index("doc_id")
    keep = docs.relevant & docs.duplicate_of.isna()
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table in RECORD_TABLES:
        df = frames[table]
        if len(df):
            expected = (
                (~df.planned) & df.parent_id.isna() & df.doc_id.map(keep).fillna(False).astype(bool)
            )
            bad = df[df.counted != expected]
            if len(bad):
                problems.append(
                    f"{table}: {len(bad)} rows whose counted flag breaks its definition"
                )
        for row in df.to_dict("records"):
            row = {k: (None if _is_null(v) else v) for k, v in row.items()}
            by_doc.setdefault(row["doc_id"], {t: [] for t in RECORD_TABLES})[table].append(row)
    n_issues = frames["issues"].doc_id.value_counts()
    for card in frames["scorecard"].to_dict("records"):
        doc = {
            "doc_id": card["doc_id"],
            **{k: (None if _is_null(v) else v) for k, v in docs.loc[card["doc_id"]].items()},
        }
        records = by_doc.get(card["doc_id"], {t: [] for t in RECORD_TABLES})
        want = scorecard_row(doc, records, int(n_issues.get(card["doc_id"], 0)))
        diff = [
            k
            for k, v in want.items()
            if k not in ("organization", "year") and not _equal(v, card[k])
        ]
        if diff:
            problems.append(
                f"scorecard {card['doc_id']}: {', '.join(diff)} do not match the record tables"
            )
            if len(problems) > MAX_PROBLEMS_PER_CHECK:
                break
    return problems


def _is_null(v: Any) -> bool:
    try:
        return bool(v != v) or v is None  # NaN and pandas' NA
    except (TypeError, ValueError):
        return v is None


def _equal(a: Any, b: Any) -> bool:
    if _is_null(a) or _is_null(b):
        return _is_null(a) and _is_null(b)
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) < 0.005
    return bool(a == b)


def _missing(values: Any, known: set[str], label: str) -> list[str]:
    bad = sorted({v for v in values.dropna() if v not in known})
    if not bad:
        return []
    shown = ", ".join(bad[:MAX_PROBLEMS_PER_CHECK])
    return [f"{label}: {len(bad)} unknown ids ({shown})"]


def _references(frames: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    files = set(frames["files"]["file_id"])
    docs = set(frames["documents"]["doc_id"])
    problems += _missing(frames["documents"]["file_id"], files, "documents.file_id")
    problems += _missing(frames["documents"]["duplicate_of"], docs, "documents.duplicate_of")
    for table in RECORD_TABLES:
        if table not in frames:
            continue
        df = frames[table]
        problems += _missing(df["doc_id"], docs, f"{table}.doc_id")
        problems += _missing(
            df["parent_id"], set(df[RECORD_ID_COLUMN[table]]), f"{table}.parent_id"
        )
    if "scorecard" in frames:
        problems += _missing(frames["scorecard"]["doc_id"], docs, "scorecard.doc_id")
    if "issues" in frames:
        problems += _missing(frames["issues"]["doc_id"], docs, "issues.doc_id")
        problems += _missing(frames["issues"]["file_id"], files, "issues.file_id")
    return problems
