"""CSV conventions, atomic replacement, refusing what is not ours."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.write import DatasetWriter, OutputRefused, csv_cell, recover_output


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (5000000.0, "5000000.00"),
        (12, "12"),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("科普经费", "科普经费"),
    ],
)
def test_csv_cell(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


def _write(out: Path, rows: list[dict]) -> None:
    with DatasetWriter(out, {"program": "test"}) as w:
        w.add("issues", rows)


ISSUE = {
    "issue_id": "f1-x-1",
    "table": "files",
    "record_id": None,
    "doc_id": None,
    "file_id": "f1",
    "rule": "x",
    "severity": "warning",
    "message": "=cmd|' /C calc'!A0 line one\nline two",
}


def test_csv_keeps_line_breaks_inside_quoted_cells_and_parquet_keeps_raw_text(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    _write(out, [ISSUE])
    raw = (out / "issues.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[1][-1] == "'" + ISSUE["message"]
    assert pq.read_table(out / "issues.parquet").column("message")[0].as_py() == ISSUE["message"]


def test_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(OutputRefused):
        _write(out, [])
    assert (out / "thesis.docx").read_text() == "precious"


def test_failure_inside_leaves_previous_dataset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, [ISSUE])
    before = (out / "issues.parquet").read_bytes()
    with pytest.raises(RuntimeError), DatasetWriter(out, {"program": "test"}) as w:
        w.add("issues", [])
        raise RuntimeError("boom")
    assert (out / "issues.parquet").read_bytes() == before
    assert [p.name for p in tmp_path.glob(".out.*")] == [".out.lock"]  # kept, unlocked


def test_recovers_from_a_half_done_swap(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, [ISSUE])
    old = tmp_path / ".out.old"
    out.rename(old)  # killed between the two renames
    recover_output(out)
    assert json.loads((out / "datapackage.json").read_text())["kepu_scorecard"]
    assert not old.exists()


@pytest.mark.parametrize("sizes", [[20], [1] * 20, [5, 0, 7, 8], [2, 11, 7]])
def test_rows_survive_batches_and_row_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sizes: list[int]
) -> None:
    # Small batches and groups, so 20 rows cross several of each, added in
    # calls of every size (a call can end a batch in its middle).
    from scorecard import write

    monkeypatch.setattr(write, "BATCH_ROWS", 3)
    monkeypatch.setattr(write, "ROW_GROUP_ROWS", 6)
    rows = [ISSUE | {"issue_id": f"f1-x-{k}", "message": f"m{k}"} for k in range(20)]
    out = tmp_path / "out"
    with DatasetWriter(out, {"program": "test"}) as w:
        pos = 0
        for n in sizes:
            w.add("issues", rows[pos : pos + n])
            pos += n
    table = pq.read_table(out / "issues.parquet")
    assert table.column("issue_id").to_pylist() == [r["issue_id"] for r in rows]
    meta = pq.ParquetFile(out / "issues.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [6, 6, 6, 2]
    with open(out / "issues.csv", encoding="utf-8-sig", newline="") as fh:
        assert [r[0] for r in csv.reader(fh)][1:] == [r["issue_id"] for r in rows]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False),
            st.text(),
            st.dates(),
        ),
        max_size=12,
    )
)
def test_the_row_fast_path_renders_cells_as_csv_cell_does(values: list[object]) -> None:
    from scorecard.write import _csv_cells

    assert _csv_cells(values) == [csv_cell(v) for v in values]
