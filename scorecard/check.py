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
        columns[c.name] = pa.Column(nullable=c.nullable, unique=c.unique, checks=checks, required=True)
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
        except Exception as exc:  # noqa: BLE001 - any unreadable file is a finding
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
                problems.append(f"{name}: {len(cases) - MAX_PROBLEMS_PER_CHECK} more schema failures")
    if {"files", "documents"} <= frames.keys():
        problems += _references(frames)
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
        problems += _missing(df["parent_id"], set(df[RECORD_ID_COLUMN[table]]), f"{table}.parent_id")
    if "scorecard" in frames:
        problems += _missing(frames["scorecard"]["doc_id"], docs, "scorecard.doc_id")
    if "issues" in frames:
        problems += _missing(frames["issues"]["doc_id"], docs, "issues.doc_id")
        problems += _missing(frames["issues"]["file_id"], files, "issues.file_id")
    return problems
