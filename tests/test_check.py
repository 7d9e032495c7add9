"""`scorecard validate` reads tables in batches and still sees across them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scorecard import check
from scorecard.check import check_dataset


@pytest.fixture
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Three rows a batch: every table, and one file's rows, span several batches.
    monkeypatch.setattr(check, "BATCH_ROWS", 3)


def _rewrite(out: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    table = pq.read_table(out / f"{name}.parquet")
    pq.write_table(change(table), out / f"{name}.parquet")


def test_a_sound_dataset_checks_ok_in_tiny_batches(samples_out: Path, tiny_batches: None) -> None:
    report = check_dataset(samples_out)
    assert report["ok"], report["problems"]
    assert (
        report["rows"]["activities"] == pq.read_table(samples_out / "activities.parquet").num_rows
    )
    issues = pq.read_table(samples_out / "issues.parquet").column("severity").to_pylist()
    assert (report["errors"], report["warnings"]) == (
        issues.count("error"),
        issues.count("warning"),
    )


def test_a_repeated_key_is_found_across_batches(
    samples_out: Path, tmp_path: Path, tiny_batches: None
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(samples_out, broken)
    # The last row again at the end: far from the first copy, in another batch.
    _rewrite(broken, "activities", lambda t: pa.concat_tables([t, t.slice(0, 1)]))
    first = pq.read_table(broken / "activities.parquet").column("activity_id")[0].as_py()
    problems = check_dataset(broken)["problems"]
    assert f"activities.activity_id: 1 values repeat a unique key ({first})" in problems


def test_a_hash_collision_is_not_a_repeat(
    samples_out: Path, monkeypatch: pytest.MonkeyPatch, tiny_batches: None
) -> None:
    import numpy as np

    # Every value hashes alike: only the values themselves can tell.
    monkeypatch.setattr(check, "_hashes", lambda values: np.zeros(len(list(values)), np.uint64))
    problems = check_dataset(samples_out)["problems"]
    assert not [p for p in problems if "repeat a unique key" in p]


def test_rows_out_of_the_files_order_are_found(
    samples_out: Path, tmp_path: Path, tiny_batches: None
) -> None:
    broken = tmp_path / "reordered"
    shutil.copytree(samples_out, broken)
    _rewrite(broken, "trainings", lambda t: t.take(list(range(t.num_rows))[::-1]))
    problems = check_dataset(broken)["problems"]
    assert any(p.startswith("trainings: rows out of the files' order") for p in problems)


def test_a_wrong_counted_flag_is_found(
    samples_out: Path, tmp_path: Path, tiny_batches: None
) -> None:
    broken = tmp_path / "counted"
    shutil.copytree(samples_out, broken)

    def flip(t: pa.Table) -> pa.Table:
        i = t.schema.get_field_index("counted")
        values = t.column("counted").to_pylist()
        values[0] = not values[0]
        return t.set_column(i, t.schema.field(i), pa.array(values, pa.bool_()))

    _rewrite(broken, "funding", flip)
    problems = check_dataset(broken)["problems"]
    assert "funding: 1 rows whose counted flag breaks its definition" in problems
