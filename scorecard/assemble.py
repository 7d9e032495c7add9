"""Stage 7: the scorecard, one row per relevant, non-duplicate report.

Each column follows the indicators of the national science-popularization
statistics (全国科普统计) and sums ``counted`` rows only; a null count adds
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, localcontext
from typing import Any

from .schema import RECORD_TABLES, TABLES

# (scorecard column, activity category) pairs counted as Σ coalesce(times, 1).
ACTIVITY_COLUMNS = (
    ("lectures", "lecture"),
    ("exhibitions", "exhibition"),
    ("competitions", "competition"),
    ("science_week_events", "science_week"),
    ("science_day_events", "science_day"),
)


def _money(rows: Sequence[Mapping[str, Any]]) -> float:
    # The default 28 digits cannot round an absurd amount ("999999999999999999
    # 亿元", an implausible_amount issue) to the fen; enough digits for any
    # float64 keep one hostile figure from crashing the whole run.
    with localcontext() as ctx:
        ctx.prec = 400
        total = sum(
            (Decimal(str(r["amount_yuan"])) for r in rows if r["amount_yuan"] is not None),
            Decimal(0),
        )
        return float(round(total, 2))


def _sum(rows: Sequence[Mapping[str, Any]], column: str) -> int:
    return sum(int(r[column]) for r in rows if r.get(column) is not None)


def _events(rows: Sequence[Mapping[str, Any]]) -> int:
    return sum(int(r["times"]) if r["times"] is not None else 1 for r in rows)


# The qualifier columns of each record table (a masked figure is flagged there).
_QUALIFIER_COLUMNS = {
    t: tuple(c.name for c in TABLES[t].columns if c.name.endswith("_qualifier"))
    for t in RECORD_TABLES
}


def scorecard_row(
    doc: Mapping[str, Any], records: Mapping[str, Sequence[Mapping[str, Any]]], n_issues: int
) -> dict[str, Any]:
    """The scorecard row of one report from its records."""
    funding = [r for r in records["funding"] if r["counted"]]
    trainings = [r for r in records["trainings"] if r["counted"]]
    activities = [r for r in records["activities"] if r["counted"]]
    practical = [r for r in trainings if r["category"] == "practical_tech"]
    masked = sum(
        1
        for table, table_rows in records.items()
        for r in table_rows
        if any(r.get(c) == "masked" for c in _QUALIFIER_COLUMNS[table])
    )
    row: dict[str, Any] = {
        "doc_id": doc["doc_id"],
        "organization": doc["organization"],
        "admin_level": doc["admin_level"],
        "year": doc["year"],
        "funding_total_yuan": _money(funding),
        "funding_science_popularization_yuan": _money(
            [r for r in funding if r["scope"] == "science_popularization"]
        ),
        "funding_government_yuan": _money([r for r in funding if r["source"] == "government"]),
        "trainings": len(trainings),
        "training_sessions": _sum(trainings, "sessions"),
        "trainees": _sum(trainings, "trainees"),
        "practical_tech_sessions": _sum(practical, "sessions"),
        "practical_tech_trainees": _sum(practical, "trainees"),
        "activities": _events(activities),
    }
    for column, category in ACTIVITY_COLUMNS:
        row[column] = _events([r for r in activities if r["category"] == category])
    row["participants"] = _sum(activities, "participants")
    row["materials"] = _sum(activities, "materials")
    row["masked_figures"] = masked
    row["n_issues"] = n_issues
    return row
