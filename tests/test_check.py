"""`scorecard validate` reads tables in batches and still sees across them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scorecard import check
from scorecard.check import check_dataset
from scorecard.schema import TABLES


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


# Every file datapackage.json lists is checked against its recorded size and SHA-256.


def _copy(samples_out: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy"
    shutil.copytree(samples_out, out)
    return out


def _named(problems: list[str], file: str) -> list[str]:
    return [p for p in problems if p.startswith(f"{file}: ")]


def test_an_untouched_dataset_passes_the_file_checks(samples_out: Path) -> None:
    package = json.loads((samples_out / "datapackage.json").read_text(encoding="utf-8"))
    assert len(package["resources"]) == 2 * len(TABLES)
    report = check_dataset(samples_out)
    assert report["ok"], report["problems"]


def test_a_truncated_csv_fails(samples_out: Path, tmp_path: Path) -> None:
    out = _copy(samples_out, tmp_path)
    data = (out / "funding.csv").read_bytes()
    (out / "funding.csv").write_bytes(data[: len(data) // 2])
    report = check_dataset(out)
    assert not report["ok"]
    assert _named(report["problems"], "funding.csv") == [
        f"funding.csv: {len(data) // 2} bytes, datapackage.json records {len(data)}"
    ]


def test_an_emptied_csv_fails(samples_out: Path, tmp_path: Path) -> None:
    out = _copy(samples_out, tmp_path)
    (out / "scorecard.csv").write_bytes(b"")
    report = check_dataset(out)
    assert not report["ok"]
    assert _named(report["problems"], "scorecard.csv")[0].startswith(
        "scorecard.csv: 0 bytes, datapackage.json records "
    )


def test_an_edited_csv_amount_fails(samples_out: Path, tmp_path: Path) -> None:
    out = _copy(samples_out, tmp_path)
    header, first, rest = (out / "funding.csv").read_bytes().split(b"\n", 2)
    cells = first.split(b",")
    amount = header.split(b",").index(b"amount_yuan")
    # The first digit changed, the length kept (450000.00 → 950000.00): only the hash can tell.
    cells[amount] = (b"1" if cells[amount].startswith(b"9") else b"9") + cells[amount][1:]
    (out / "funding.csv").write_bytes(b"\n".join([header, b",".join(cells), rest]))
    assert (out / "funding.csv").stat().st_size == (samples_out / "funding.csv").stat().st_size
    report = check_dataset(out)
    assert not report["ok"]
    [problem] = _named(report["problems"], "funding.csv")
    assert problem.startswith("funding.csv: SHA-256 differs from datapackage.json (file sha256:")


def test_an_edited_parquet_value_fails(samples_out: Path, tmp_path: Path) -> None:
    out = _copy(samples_out, tmp_path)

    def edit(t: pa.Table) -> pa.Table:
        # A value no other check looks at: the tables still agree with one another.
        i = t.schema.get_field_index("evidence")
        values = t.column("evidence").to_pylist()
        values[0] = values[0] + "。"
        return t.set_column(i, t.schema.field(i), pa.array(values, pa.string()))

    _rewrite(out, "activities", edit)
    report = check_dataset(out)
    assert not report["ok"]
    assert report["problems"] == _named(report["problems"], "activities.parquet") != []


def test_parquet_tables_edited_in_agreement_fail(samples_out: Path, tmp_path: Path) -> None:
    import pyarrow.compute as pc

    out = _copy(samples_out, tmp_path)

    def times_ten(*columns: str):  # type: ignore[no-untyped-def]
        def change(t: pa.Table) -> pa.Table:
            for c in columns:
                i = t.schema.get_field_index(c)
                field = t.schema.field(i)
                t = t.set_column(i, field, pc.multiply(t.column(c), 10).cast(field.type))
            return t

        return change

    # Every amount ×10 and the scorecard's sums with them: the tables still agree.
    _rewrite(out, "funding", times_ten("amount_yuan"))
    _rewrite(
        out,
        "scorecard",
        times_ten(
            "funding_total_yuan", "funding_science_popularization_yuan", "funding_government_yuan"
        ),
    )
    problems = check_dataset(out)["problems"]
    assert [p.split(":")[0] for p in problems] == ["funding.parquet", "scorecard.parquet"]


def test_a_missing_resource_file_fails(samples_out: Path, tmp_path: Path) -> None:
    out = _copy(samples_out, tmp_path)
    (out / "trainings.csv").unlink()
    report = check_dataset(out)
    assert not report["ok"]
    assert "trainings.csv: listed in datapackage.json but missing" in report["problems"]


def test_a_resource_dropped_from_the_datapackage_fails(samples_out: Path, tmp_path: Path) -> None:
    out = _copy(samples_out, tmp_path)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["path"] != "issues.csv"]
    (out / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (out / "issues.csv").write_bytes(b"")
    problems = check_dataset(out)["problems"]
    assert problems == ["issues.csv: not listed in datapackage.json"]


def test_a_resource_path_outside_the_dataset_fails(samples_out: Path, tmp_path: Path) -> None:
    out = _copy(samples_out, tmp_path)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["path"] = "../elsewhere.parquet"
    (out / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    problems = check_dataset(out)["problems"]
    assert (
        "datapackage.json: resource path '../elsewhere.parquet' is not a file name in OUT"
        in problems
    )
