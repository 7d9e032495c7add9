"""Stage 6: what validation finds, as rows of the ``issues`` table.

Each rule has a name, a severity and a test; the README lists them (the
table below is the source of that list).  Rules inside one report run in the
per-file work; ``duplicate_report`` runs where the whole corpus is seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .schema import RECORD_ID_COLUMN, RECORD_TABLES

# rule → (severity, meaning).  The README's rule list is generated from this.
RULES: dict[str, tuple[str, str]] = {
    "file_empty": ("error", "the file is empty or holds only whitespace"),
    "file_binary": ("error", "the file is not text (NUL bytes or a known binary signature)"),
    "file_too_large": ("error", "the file is larger than --max-file-mb and was not read"),
    "file_decode_error": ("error", "the bytes are not valid UTF-8, GB18030, Big5 or UTF-16"),
    "file_unreadable": ("error", "the file could not be read (permissions, vanished, I/O error)"),
    "file_failed": (
        "error",
        "processing the file raised an internal error; recorded with status unreadable, the run went on",
    ),
    "decode_warning": ("warning", "the file was decoded, but something was dropped or guessed"),
    "no_reports": ("warning", "the file decoded but holds no report text after cleaning"),
    "masked_value": (
        "warning",
        "a figure is masked in the source (××, xx, 201*): its value is null",
    ),
    "implausible_count": (
        "warning",
        "a count beyond a plausible ceiling, or more sessions than trainees",
    ),
    "implausible_amount": ("error", "an amount beyond 10^11 yuan or too large to store"),
    "overflow": ("error", "a count too large for its column; stored as null"),
    "parts_exceed_total": (
        "warning",
        "parts (其中 / breakdown) add up to more than their total, allowing for qualifiers",
    ),
    "date_invalid": (
        "warning",
        "a date that cannot exist (month 13, day 32) or ends before it starts",
    ),
    "duplicate_report": (
        "warning",
        "the report repeats an earlier one; its records are kept but not counted",
    ),
    "unparsed_number": (
        "warning",
        "a number next to a funding or training keyword that no record took (a recall monitor)",
    ),
    "table_not_read": (
        "warning",
        "a table (drawn with vertical bars or aligned) holds figures that were not read "
        "(the message says why)",
    ),
    "other_period_figure": (
        "warning",
        "a figure of several years (2016年以来, 近三年) or of an earlier year, in a report "
        "on one year: not a row",
    ),
}

# Ceilings beyond which a figure is more likely a misread than a fact.
MAX_PEOPLE = 10_000_000
MAX_SESSIONS = 100_000
MAX_AMOUNT_YUAN = 1e11
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
# A total with one of these qualifiers may be exceeded a little by its parts.
LOOSE_QUALIFIERS = frozenset({"over", "about", "nearly", "at_least", "range"})
LOOSE_SLACK = 1.2


def _quote(evidence: str | None, limit: int = 80) -> str:
    if not evidence:
        return ""
    flat = " ".join(evidence.split())
    return "«" + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + "»"


class _Issues:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self._n: Counter[tuple[str, str]] = Counter()

    def add(
        self,
        rule: str,
        message: str,
        *,
        table: str,
        file_id: str,
        doc_id: str | None = None,
        record_id: str | None = None,
    ) -> None:
        target = record_id or doc_id or file_id
        self._n[(target, rule)] += 1
        self.rows.append(
            {
                "issue_id": f"{target}-{rule}-{self._n[(target, rule)]}",
                "table": table,
                "record_id": record_id,
                "doc_id": doc_id,
                "file_id": file_id,
                "rule": rule,
                "severity": RULES[rule][0],
                "message": message,
            }
        )


def file_issue(file_id: str, rule: str, severity: str, message: str) -> dict[str, Any]:
    issues = _Issues()
    issues.add(rule, message, table="files", file_id=file_id)
    row = issues.rows[0]
    row["severity"] = severity
    return row


def file_status_issue(file_row: Mapping[str, Any]) -> dict[str, Any]:
    rule = f"file_{file_row['status']}"
    return file_issue(
        file_row["file_id"], rule, RULES[rule][0], f"{file_row['path']}: {file_row['error']}"
    )


def duplicate_issue(doc: Mapping[str, Any], n_records: int) -> dict[str, Any]:
    issues = _Issues()
    issues.add(
        "duplicate_report",
        f"report repeats {doc['duplicate_of']}; its {n_records} records are not counted",
        table="documents",
        file_id=doc["file_id"],
        doc_id=doc["doc_id"],
    )
    return issues.rows[0]


def validate_report(
    doc: Mapping[str, Any],
    rows: Mapping[str, Sequence[dict[str, Any]]],
    file_id: str,
    unparsed: Iterable[tuple[str, str]] = (),
    other_period: Iterable[tuple[str, str]] = (),
    unread_tables: Iterable[tuple[str, str]] = (),
) -> list[dict[str, Any]]:
    """Findings on one report and its records (rows may be corrected in place:
    an overflowing value becomes null); ``unparsed`` and ``other_period`` are
    (figure, sentence) pairs no record took, ``unread_tables`` (why, header)
    pairs of tables not read."""
    issues = _Issues()
    doc_id = doc["doc_id"]
    for table in RECORD_TABLES:
        by_id = {r[RECORD_ID_COLUMN[table]]: r for r in rows[table]}
        for row in rows[table]:
            _check_record(issues, table, row, file_id)
        _check_parts(issues, table, rows[table], by_id, file_id)
    # Figures and tables no record took: (what, where it stands).
    for rule, found, say in (
        ("unparsed_number", unparsed, "{} in {} was not taken by any record"),
        ("table_not_read", unread_tables, "the table line {1} was not read: {0}"),
        ("other_period_figure", other_period, "{} in {} is not of the report's year; not a row"),
    ):
        for what, where in found:
            issues.add(
                rule,
                say.format(what, _quote(where)),
                table="documents",
                file_id=file_id,
                doc_id=doc_id,
            )
    return issues.rows


def _check_record(issues: _Issues, table: str, row: dict[str, Any], file_id: str) -> None:
    rid = row[RECORD_ID_COLUMN[table]]
    where = {"table": table, "file_id": file_id, "doc_id": row["doc_id"], "record_id": rid}
    ev = _quote(row["evidence"])
    masked = [
        k[: -len("_qualifier")]
        for k, v in row.items()
        if k.endswith("_qualifier") and v == "masked"
    ]
    for name in masked:
        issues.add(
            "masked_value", f"{name} is masked: {row.get(name + '_text')!r} in {ev}", **where
        )
    for column, ceiling, limit in (
        ("trainees", MAX_PEOPLE, INT64_MAX),
        ("participants", MAX_PEOPLE, INT64_MAX),
        ("materials", MAX_PEOPLE * 10, INT64_MAX),
        ("sessions", MAX_SESSIONS, INT32_MAX),
        ("times", MAX_SESSIONS, INT32_MAX),
    ):
        value = row.get(column)
        if value is None:
            continue
        if value > limit:
            row[column] = None
            issues.add(
                "overflow", f"{column} {value} does not fit its column; set to null: {ev}", **where
            )
        elif value > ceiling:
            issues.add("implausible_count", f"{column} {value} is beyond {ceiling}: {ev}", **where)
    if table == "trainings":
        s, t = row.get("sessions"), row.get("trainees")
        if s is not None and t is not None and s > t:
            issues.add("implausible_count", f"{s} sessions but {t} trainees: {ev}", **where)
    amount = row.get("amount_yuan")
    if amount is not None and amount > MAX_AMOUNT_YUAN:
        issues.add("implausible_amount", f"{amount:.2f} yuan is beyond 10^11: {ev}", **where)
    for note in row.get("_notes", ()):
        if note == "date_invalid":
            issues.add("date_invalid", f"date {row.get('date_text')!r} cannot exist: {ev}", **where)


# The figure a part is compared with its total by, per table.
PART_COLUMNS = {
    "funding": ("amount_yuan",),
    "trainings": ("trainees", "sessions"),
    "activities": ("participants", "times", "materials"),
}


def _check_parts(
    issues: _Issues,
    table: str,
    rows: Sequence[Mapping[str, Any]],
    by_id: Mapping[str, Mapping[str, Any]],
    file_id: str,
) -> None:
    children: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        if r["parent_id"]:
            children.setdefault(r["parent_id"], []).append(r)
    for parent_id, parts in children.items():
        parent = by_id.get(parent_id)
        if parent is None:
            continue
        for column in PART_COLUMNS[table]:
            total = parent.get(column)
            values: list[float] = [float(p[column]) for p in parts if p.get(column) is not None]
            if total is None or not values:
                continue
            qualifier = "amount_qualifier" if column == "amount_yuan" else f"{column}_qualifier"
            slack = LOOSE_SLACK if parent.get(qualifier) in LOOSE_QUALIFIERS else 1.0
            parts_sum = sum(values)
            if parts_sum > total * slack + 0.005:
                issues.add(
                    "parts_exceed_total",
                    f"parts of {parent_id} add up to {parts_sum:g} {column}, more than its "
                    f"{total:g}: {_quote(parent['evidence'])}",
                    table=table,
                    file_id=file_id,
                    doc_id=parent["doc_id"],
                    record_id=parent_id,
                )
            break
