"""One declaration drives the writers, datapackage.json, `schema` and the README."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from scorecard.schema import TABLES, schema_markdown

ROOT = Path(__file__).resolve().parents[1]
SPEC_TABLES = ("files", "documents", "activities", "trainings", "funding", "scorecard", "issues")


def test_all_spec_tables_are_declared() -> None:
    assert tuple(TABLES) == SPEC_TABLES


def test_every_column_has_a_description_and_tables_have_one_key() -> None:
    for table in TABLES.values():
        assert len({c.name for c in table.columns}) == len(table.columns)
        assert all(c.description for c in table.columns), table.name
        assert sum(c.unique for c in table.columns) == 1, table.name


def test_written_parquet_has_the_declared_schema(samples_out: Path) -> None:
    for name, table in TABLES.items():
        written = pq.read_schema(samples_out / f"{name}.parquet")
        assert written.remove_metadata().equals(table.arrow_schema().remove_metadata()), name
        header = (samples_out / f"{name}.csv").read_bytes().decode("utf-8-sig").split("\r\n")[0]
        assert header.split(",") == table.names


def test_datapackage_describes_both_formats(samples_out: Path) -> None:
    package = json.loads((samples_out / "datapackage.json").read_text(encoding="utf-8"))
    meta = package["kepu_scorecard"]
    assert meta["version"] and meta["rules_hash"] and meta["options"]["glob"] == "*.txt"
    names = {r["name"] for r in package["resources"]}
    assert names == set(TABLES) | {f"{t}-csv" for t in TABLES}
    for res in package["resources"]:
        table = TABLES[res["name"].removesuffix("-csv")]
        assert [f["name"] for f in res["schema"]["fields"]] == table.names
        assert (samples_out / res["path"]).exists()


def test_readme_reference_is_in_sync() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_readme.py"), "--check"], cwd=ROOT
    )
    assert result.returncode == 0, "README.md is stale: run python tools/gen_readme.py"


def test_schema_markdown_lists_allowed_values() -> None:
    md = schema_markdown("funding")
    assert "| amount_yuan | double | yes |" in md
    assert "science_popularization" in md
