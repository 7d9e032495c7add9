"""Plain data passed between the stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Options:
    """What the user chose; everything here that changes the output is hashed."""

    glob: str = "*.txt"
    max_file_mb: float = 50.0

    def result_affecting(self) -> dict[str, Any]:
        return {"glob": self.glob, "max_file_mb": self.max_file_mb}


@dataclass(frozen=True)
class Extracted:
    """One record found in a report, before ids and corpus-wide flags."""

    table: str  # funding | trainings | activities
    start: int  # the sentence, as offsets into the clean text
    end: int
    anchor: int  # offset of the record's key figure in the clean text
    values: dict[str, Any]  # table-specific columns (no shared columns)
    planned: bool
    parent: int | None = None  # index of the total, among this report's records of the table
    part_of_previous: bool = False  # introduced by 其中: a part of the total before it


@dataclass(frozen=True)
class Fingerprint:
    """What duplicate detection needs of one report."""

    doc_id: str
    digest: str  # of the report's words, whitespace and punctuation aside
    shingles: tuple[int, ...]  # hashes of its sentences


@dataclass
class FileResult:
    """Everything one file gives, in output order; built by a pure function."""

    file_row: dict[str, Any]
    documents: list[dict[str, Any]] = field(default_factory=list)
    records: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"funding": [], "trainings": [], "activities": []}
    )
    issues: list[dict[str, Any]] = field(default_factory=list)
    fingerprints: list[Fingerprint] = field(default_factory=list)
    cleaned_chars: int = 0
