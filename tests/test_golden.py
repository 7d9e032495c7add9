"""Golden files: each sample document in, its reports and records out.

The files in tests/golden are sorted, diffable JSON Lines.  After a change
that is meant to alter the output, rewrite them with `make golden` (pytest
--update-golden) and review the diff line by line before committing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scorecard.pipeline import process_file
from scorecard.schema import RECORD_TABLES

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
# What a golden line keeps of a row: enough to review, nothing volatile.
DOC_KEYS = (
    "index_in_file",
    "title",
    "organization",
    "admin_level",
    "org_type",
    "year_text",
    "kind",
    "script",
    "relevant",
    "line_start",
    "line_end",
)
SKIP_KEYS = ("evidence", "doc_id")
# Fields that keep the source as written (script, full-width digits): a
# traditional or re-encoded twin differs there and nowhere else.
AS_WRITTEN = re.compile(r'(?:, )?"\w+_text": "[^"]*"')


def golden_lines(path: Path) -> list[str]:
    result = process_file(path.name, path.read_bytes())
    file_id = result.file_row["file_id"]
    lines = [
        json.dumps(
            {"file": result.file_row["encoding"], "status": result.file_row["status"]},
            ensure_ascii=False,
        )
    ]
    for doc in result.documents:
        lines.append(json.dumps({"document": {k: doc[k] for k in DOC_KEYS}}, ensure_ascii=False))
    for table in RECORD_TABLES:
        for row in result.records[table]:
            kept = {k: v for k, v in row.items() if k not in SKIP_KEYS and v is not None}
            for k, v in kept.items():
                if hasattr(v, "isoformat"):
                    kept[k] = v.isoformat()
            lines.append(json.dumps({table: kept}, ensure_ascii=False, sort_keys=True))
    # Ids begin with the file's id; the golden file names the file instead.
    return [line.replace(file_id, "<file>") for line in lines]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_golden(path: Path, update_golden: bool) -> None:
    golden = GOLDEN / f"{path.stem}.jsonl"
    lines = golden_lines(path)
    if update_golden:
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    assert golden.exists(), f"no golden file for {path.name}: run make golden and review it"
    assert golden.read_text(encoding="utf-8").splitlines() == lines


def test_traditional_twin_gives_the_same_records() -> None:
    simplified = golden_lines(ROOT / "samples" / "clean_county_summary.txt")
    traditional = golden_lines(ROOT / "samples" / "traditional_twin.txt")

    def strip(lines: list[str]) -> list[str]:
        return [AS_WRITTEN.sub("", line) for line in lines if not line.startswith('{"document"')]

    assert strip(simplified) == strip(traditional)
    assert any("萬" in line for line in traditional)  # figures keep their script


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_give_the_same_records(tmp_path: Path, encoding: str) -> None:
    source = ROOT / "samples" / "clean_county_summary.txt"
    copy = tmp_path / source.name
    copy.write_bytes(source.read_text(encoding="utf-8").replace("\n", "\r\n").encode(encoding))
    strip = lambda lines: lines[1:]  # noqa: E731 - the first line names the encoding
    assert strip(golden_lines(copy)) == strip(golden_lines(source))
