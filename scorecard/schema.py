"""The seven tables of the dataset, declared once.

Every consumer reads these declarations: the Parquet and CSV writers, the
``datapackage.json`` descriptor, ``scorecard schema`` and validation.  A column
is a name, an Arrow type, a one-line description, whether it may be null and,
for categorical text, the values it may take.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

QUALIFIERS = ("masked", "range", "at_least", "over", "nearly", "about", "exact")
ADMIN_LEVELS = ("province", "city", "county", "district", "township", "village", "unknown")
ORG_TYPES = ("government", "party", "science_association", "science_bureau", "department", "other")
KINDS = ("summary", "plan", "summary_and_plan", "briefing", "other")
SCRIPTS = ("simplified", "traditional")
FILE_STATUSES = ("ok", "empty", "binary", "too_large", "decode_error", "unreadable")
ACTIVITY_CATEGORIES = (
    "lecture",
    "exhibition",
    "competition",
    "science_week",
    "science_day",
    "campaign",
    "outreach",
    "consultation",
    "screening",
    "visit",
    "publicity",
    "other",
)
TRAINING_CATEGORIES = (
    "practical_tech",
    "professional",
    "cadre",
    "vocational",
    "entrepreneurship",
    "youth",
    "other",
)
FUNDING_SOURCES = ("government", "social", "enterprise", "foundation", "self", "unknown")
FUNDING_SCOPES = ("science_popularization", "project", "other")
SEVERITIES = ("error", "warning")
PEOPLE_UNITS = ("人", "人次", "名")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True
    values: tuple[str, ...] | None = None  # allowed values of a categorical column
    unique: bool = False  # the table's key

    @property
    def frictionless_type(self) -> str:
        return _frictionless_type(self.type)


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> str | None:
        for c in self.columns:
            if c.unique:
                return c.name
        return None

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns],
            metadata={"description": self.description},
        )


def _frictionless_type(t: pa.DataType) -> str:
    if pa.types.is_string(t):
        return "string"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_floating(t):
        return "number"
    if pa.types.is_date(t):
        return "date"
    raise TypeError(f"no Frictionless type for {t}")


def _c(name: str, type_: pa.DataType, description: str, **kw: Any) -> Column:
    return Column(name, type_, description, **kw)


S, B, I8, I32, I64, F64, D = (
    pa.string(),
    pa.bool_(),
    pa.int8(),
    pa.int32(),
    pa.int64(),
    pa.float64(),
    pa.date32(),
)


def _count(prefix: str, what: str, type_: pa.DataType, units: str | None) -> tuple[Column, ...]:
    cols = [_c(prefix, type_, f"{what} (normalized value; null when not stated or masked)")]
    if units is not None:
        allowed = tuple(u.strip() for u in units.split("|"))
        cols.append(_c(f"{prefix}_unit", S, f"measure word of {prefix}", values=allowed))
    cols += [
        _c(f"{prefix}_text", S, f"{prefix} as written in the source, e.g. '2500人(次)左右'"),
        _c(f"{prefix}_qualifier", S, f"how exact {prefix} is", values=QUALIFIERS),
    ]
    return tuple(cols)


_DATES = (
    _c("date_text", S, "the date as written in the source"),
    _c("date_start", D, "first day; null unless year, month and day are known"),
    _c("date_end", D, "last day; null unless year, month and day are known"),
    _c("month", I8, "month of the date, known even when the year is masked"),
    _c("location", S, "where it took place (simplified script)"),
)

_SHARED = (
    _c("doc_id", S, "report the record comes from", nullable=False),
    _c("section", S, "heading path of the sentence inside its report, joined by ' > '"),
    _c("planned", B, "the figure is a plan or target, not a result", nullable=False),
    _c(
        "counted",
        B,
        "a plain SUM may add this row: not planned, no parent, relevant non-duplicate report",
        nullable=False,
    ),
    _c("parent_id", S, "id of the total this row is a part of (其中 / breakdown)"),
    _c("line", I32, "first line (1-based) of the evidence in the decoded file", nullable=False),
    _c("line_end", I32, "last line of the evidence in the decoded file", nullable=False),
    _c("evidence", S, "exact span of the decoded source text the record came from", nullable=False),
)

FILES = Table(
    "files",
    "Every file found under IN that matches the glob, with how it was read.",
    (
        _c(
            "file_id",
            S,
            "'f' + first 12 hex digits of sha1 of the relative path",
            nullable=False,
            unique=True,
        ),
        _c("path", S, "path relative to IN, POSIX separators, NFC", nullable=False),
        _c("size_bytes", I64, "size of the file in bytes", nullable=False),
        _c("sha256", S, "SHA-256 of the file's bytes (null when unreadable)"),
        _c("encoding", S, "detected encoding, as iconv names it (utf-8, gb18030, big5, utf-16)"),
        _c("status", S, "how the file was read", nullable=False, values=FILE_STATUSES),
        _c("error", S, "why the file could not be read (null when ok)"),
        _c("n_documents", I32, "number of reports found in the file", nullable=False),
    ),
)

DOCUMENTS = Table(
    "documents",
    "One row per report found in a file.",
    (
        _c(
            "doc_id",
            S,
            "'<file_id>-<n>', n the 1-based report number in the file",
            nullable=False,
            unique=True,
        ),
        _c("file_id", S, "file the report is in", nullable=False),
        _c("index_in_file", I32, "1-based report number in the file", nullable=False),
        _c("title", S, "title as written in the source"),
        _c("organization", S, "reporting unit (simplified script), e.g. 卢氏县科协"),
        _c(
            "admin_level",
            S,
            "jurisdiction of the reporting unit",
            nullable=False,
            values=ADMIN_LEVELS,
        ),
        _c("org_type", S, "kind of reporting unit", nullable=False, values=ORG_TYPES),
        _c("year", I32, "year reported on; null when unknown or masked"),
        _c("year_text", S, "year as written: '2008', '201*', '20xx'"),
        _c("kind", S, "summary, plan, both, or briefing", nullable=False, values=KINDS),
        _c("script", S, "script of the source text", nullable=False, values=SCRIPTS),
        _c("relevant", B, "the report is about science popularization at all", nullable=False),
        _c("duplicate_of", S, "doc_id of an earlier identical or near-identical report in the run"),
        _c("line_start", I32, "first line of the report in the decoded file", nullable=False),
        _c("line_end", I32, "last line of the report in the decoded file", nullable=False),
        _c("n_chars", I32, "characters of cleaned report text", nullable=False),
    ),
)

ACTIVITIES = Table(
    "activities",
    "Science-popularization events and campaigns.",
    (
        _c("activity_id", S, "'<doc_id>-A<n>', n in document order", nullable=False, unique=True),
        _c("category", S, "kind of activity", nullable=False, values=ACTIVITY_CATEGORIES),
        _c("name", S, "name of the activity, e.g. 科技之春科普活动月"),
        *_count("times", "how many were held", I32, None),
        *_count("participants", "people reached (人, 人次, 名)", I64, "人 | 人次 | 名"),
        *_count("materials", "materials handed out (份, 册, 幅, 套)", I64, "份 | 册 | 幅 | 套"),
        *_DATES,
        _c("organizers", S, "organizing units, 、-joined"),
        *_SHARED,
    ),
)

TRAININGS = Table(
    "trainings",
    "Training classes and courses, including lectures counted as 培训.",
    (
        _c("training_id", S, "'<doc_id>-T<n>', n in document order", nullable=False, unique=True),
        _c("category", S, "kind of training", nullable=False, values=TRAINING_CATEGORIES),
        _c("topic", S, "what was taught"),
        _c("audience", S, "who was trained, 、-joined (农民, 专业技术人员 …)"),
        _c("organizer", S, "organizing unit"),
        *_count(
            "sessions", "number of sessions (期, 场, 班, 次, 场次)", I32, "期 | 场 | 班 | 次 | 场次"
        ),
        *_count("trainees", "people trained", I64, "人 | 人次 | 名"),
        *_DATES,
        *_SHARED,
    ),
)

FUNDING = Table(
    "funding",
    "Money put into the work, in yuan.",
    (
        _c("funding_id", S, "'<doc_id>-F<n>', n in document order", nullable=False, unique=True),
        _c("amount_yuan", F64, "amount in yuan, exact to the fen; null when masked"),
        _c("amount_text", S, "amount as written, e.g. '500余万'", nullable=False),
        _c("amount_qualifier", S, "how exact the amount is", nullable=False, values=QUALIFIERS),
        _c("purpose", S, "what the money paid for (simplified script)"),
        _c("source", S, "who put the money in", nullable=False, values=FUNDING_SOURCES),
        _c(
            "scope",
            S,
            "science popularization, a development project, or other",
            nullable=False,
            values=FUNDING_SCOPES,
        ),
        *_SHARED,
    ),
)

SCORECARD = Table(
    "scorecard",
    "One row per relevant, non-duplicate report, summing counted rows (全国科普统计 indicators).",
    (
        _c("doc_id", S, "report", nullable=False, unique=True),
        _c("organization", S, "reporting unit"),
        _c(
            "admin_level",
            S,
            "jurisdiction of the reporting unit",
            nullable=False,
            values=ADMIN_LEVELS,
        ),
        _c("year", I32, "year reported on"),
        _c("funding_total_yuan", F64, "Σ amount_yuan of counted funding rows", nullable=False),
        _c(
            "funding_science_popularization_yuan",
            F64,
            "Σ amount_yuan where scope = science_popularization",
            nullable=False,
        ),
        _c(
            "funding_government_yuan",
            F64,
            "Σ amount_yuan where source = government",
            nullable=False,
        ),
        _c("trainings", I32, "number of counted training rows", nullable=False),
        _c("training_sessions", I64, "Σ sessions of counted trainings", nullable=False),
        _c("trainees", I64, "Σ trainees of counted trainings", nullable=False),
        _c(
            "practical_tech_sessions",
            I64,
            "Σ sessions where category = practical_tech",
            nullable=False,
        ),
        _c(
            "practical_tech_trainees",
            I64,
            "Σ trainees where category = practical_tech",
            nullable=False,
        ),
        _c("activities", I32, "Σ coalesce(times, 1) over counted activity rows", nullable=False),
        _c("lectures", I32, "the same for category lecture", nullable=False),
        _c("exhibitions", I32, "the same for category exhibition", nullable=False),
        _c("competitions", I32, "the same for category competition", nullable=False),
        _c("science_week_events", I32, "the same for category science_week", nullable=False),
        _c("science_day_events", I32, "the same for category science_day", nullable=False),
        _c("participants", I64, "Σ participants of counted activities", nullable=False),
        _c("materials", I64, "Σ materials of counted activities", nullable=False),
        _c("masked_figures", I32, "rows of this report with a masked value", nullable=False),
        _c("n_issues", I32, "validation findings on this report and its records", nullable=False),
    ),
)

ISSUES = Table(
    "issues",
    "What validation found.",
    (
        _c(
            "issue_id",
            S,
            "'<record_id or doc_id or file_id>-<rule>-<n>'",
            nullable=False,
            unique=True,
        ),
        _c("table", S, "table of the record concerned", nullable=False),
        _c("record_id", S, "id of the record concerned"),
        _c("doc_id", S, "report concerned"),
        _c("file_id", S, "file concerned", nullable=False),
        _c("rule", S, "name of the rule (see the README)", nullable=False),
        _c("severity", S, "error or warning", nullable=False, values=SEVERITIES),
        _c("message", S, "what was found, quoting the evidence", nullable=False),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (FILES, DOCUMENTS, ACTIVITIES, TRAININGS, FUNDING, SCORECARD, ISSUES)
}
RECORD_TABLES = ("funding", "trainings", "activities")
RECORD_ID_COLUMN = {
    "funding": "funding_id",
    "trainings": "training_id",
    "activities": "activity_id",
}
RECORD_ID_LETTER = {"funding": "F", "trainings": "T", "activities": "A"}


def describe_schema(table: str | None = None) -> list[dict[str, Any]]:
    """Plain data for ``scorecard schema``: one dict per table."""
    chosen = [TABLES[table]] if table else list(TABLES.values())
    return [
        {
            "name": t.name,
            "description": t.description,
            "columns": [
                {
                    "name": c.name,
                    "type": str(c.type),
                    "nullable": c.nullable,
                    "values": list(c.values) if c.values else None,
                    "description": c.description,
                }
                for c in t.columns
            ],
        }
        for t in chosen
    ]


def schema_markdown(table: str | None = None) -> str:
    """The data dictionary as Markdown (also the README's table reference)."""
    out: list[str] = []
    for t in describe_schema(table):
        out.append(f"### {t['name']}\n\n{t['description']}\n")
        out.append("| column | type | null | description |")
        out.append("|---|---|---|---|")
        for c in t["columns"]:
            desc = c["description"]
            if c["values"]:
                desc += " (" + " \\| ".join(c["values"]) + ")"
            null = "yes" if c["nullable"] else "no"
            out.append(f"| {c['name']} | {c['type']} | {null} | {desc} |")
        out.append("")
    return "\n".join(out)
