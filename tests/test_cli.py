"""The command line, through Typer's runner and through the installed script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scorecard_cli.main import app
from typer.testing import CliRunner

from scorecard.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).parent / "scorecard"
runner = CliRunner()
COMMANDS = ("convert", "schema", "validate", "inspect")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    assert f"#### scorecard {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_convert_json_summary(samples_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(samples_copy), "-o", str(out), "--json", "-j", "1"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    n_samples = len(list(samples_copy.glob("*.txt")))
    assert summary["files"] == {
        "ok": n_samples,
        "empty": 0,
        "binary": 0,
        "too_large": 0,
        "decode_error": 0,
        "unreadable": 0,
    }
    assert summary["rows"]["files"] == n_samples
    for table in TABLES:
        assert (out / f"{table}.parquet").exists() and (out / f"{table}.csv").exists()


def test_glob_skips_are_counted(samples_copy: Path, tmp_path: Path) -> None:
    (samples_copy / "notes.md").write_text("not a report")
    result = runner.invoke(
        app, ["convert", str(samples_copy), "-o", str(tmp_path / "o"), "--json", "-j", "1"]
    )
    assert json.loads(result.stdout)["skipped_by_glob"] == 1


def test_missing_input_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2


def test_foreign_output_is_refused(samples_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = runner.invoke(app, ["convert", str(samples_copy), "-o", str(out), "-q"])
    assert result.exit_code == 2
    assert (out / "keep.txt").read_text() == "mine"


def test_strict_exits_1_on_error_issues(samples_copy: Path, tmp_path: Path) -> None:
    (samples_copy / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    args = ["convert", str(samples_copy), "-o", str(tmp_path / "o"), "-q", "-j", "1"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--strict"]).exit_code == 1


def test_unwritable_output_exits_3(samples_copy: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        out = blocker / "out"  # a path under a regular file can never be created
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        out = locked / "out"
    result = runner.invoke(app, ["convert", str(samples_copy), "-o", str(out), "-q"])
    assert result.exit_code == 3


def test_schema_formats() -> None:
    md = runner.invoke(app, ["schema", "funding", "--format", "markdown"])
    assert md.exit_code == 0 and "amount_yuan" in md.output
    js = runner.invoke(app, ["schema", "--format", "json"])
    assert [t["name"] for t in json.loads(js.output)] == list(TABLES)
    assert runner.invoke(app, ["schema", "nope"]).exit_code == 2


def test_validate_written_dataset(samples_out: Path) -> None:
    result = runner.invoke(app, ["validate", str(samples_out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ok"] is True


def test_validate_finds_broken_references(samples_out: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    broken = tmp_path / "broken"
    shutil.copytree(samples_out, broken)
    table = pq.read_table(broken / "documents.parquet")
    ids = table.column("file_id").to_pylist()
    ids[0] = "fdeadbeef0000"
    i = table.schema.get_field_index("file_id")
    table = table.set_column(i, table.schema.field(i), pa.array(ids, pa.string()))
    pq.write_table(table, broken / "documents.parquet")
    result = runner.invoke(app, ["validate", str(broken), "--json"])
    assert result.exit_code == 1
    assert any("documents.file_id" in p for p in json.loads(result.stdout)["problems"])


def test_inspect_shows_records() -> None:
    result = runner.invoke(app, ["inspect", str(ROOT / "samples" / "clean_county_summary.txt")])
    assert result.exit_code == 0, result.output
    assert "report f" in result.output and "→ " in result.output


def _tree_bytes(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_subprocess_is_deterministic_across_jobs(samples_copy: Path, tmp_path: Path) -> None:
    assert SCRIPT.exists(), "the console script is not installed"
    outs = []
    for jobs, name in ((1, "a"), (2, "b")):
        out = tmp_path / name
        proc = subprocess.run(
            [str(SCRIPT), "convert", str(samples_copy), "-o", str(out), "--jobs", str(jobs)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        assert proc.returncode == 0, proc.stderr
        assert "files" in proc.stderr  # plain lines and the summary when not a TTY
        outs.append(_tree_bytes(out))
    assert outs[0] == outs[1]
    # Re-running over the same OUT replaces it with identical bytes.
    again = subprocess.run(
        [str(SCRIPT), "convert", str(samples_copy), "-o", str(tmp_path / "a"), "-q"],
        capture_output=True,
    )
    assert again.returncode == 0
    assert _tree_bytes(tmp_path / "a") == outs[0]


def test_validate_finds_a_tampered_scorecard(samples_out: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    broken = tmp_path / "tampered"
    shutil.copytree(samples_out, broken)
    table = pq.read_table(broken / "scorecard.parquet")
    i = table.schema.get_field_index("trainees")
    values = [v + 1 for v in table.column("trainees").to_pylist()]
    table = table.set_column(i, table.schema.field(i), pa.array(values, pa.int64()))
    pq.write_table(table, broken / "scorecard.parquet")
    result = runner.invoke(app, ["validate", str(broken), "--json"])
    assert result.exit_code == 1
    assert any("trainees" in p for p in json.loads(result.stdout)["problems"])


def test_inspect_with_in_uses_the_ids_of_the_dataset(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    src = tmp_path / "in"
    (src / "2019" / "county").mkdir(parents=True)
    report = src / "2019" / "county" / "a.txt"
    shutil.copyfile(ROOT / "samples" / "clean_county_summary.txt", report)
    runner.invoke(app, ["convert", str(src), "-o", str(tmp_path / "out"), "-q"])
    file_id = pq.read_table(tmp_path / "out" / "files.parquet").column("file_id")[0].as_py()
    inside = runner.invoke(app, ["inspect", str(report), "--in", str(src)])
    assert inside.exit_code == 0, inside.output
    assert f"report {file_id}-1" in inside.output
    alone = runner.invoke(app, ["inspect", str(report)])  # ids from the name alone
    assert f"report {file_id}-1" not in alone.output and "report f" in alone.output
    outside = runner.invoke(app, ["inspect", str(report), "--in", str(tmp_path / "elsewhere")])
    assert outside.exit_code == 2


def test_inspect_flags_a_report_repeated_in_its_file() -> None:
    result = runner.invoke(app, ["inspect", str(ROOT / "samples" / "pasted_twice.txt")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "duplicate of" in text
    assert "not counted" in text


def test_progress_bar_draws_without_a_thread_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pool workers are forked while the bar is shown: no thread may be writing then.
    import io
    import threading

    from rich.console import Console
    from scorecard_cli import render

    screen = io.StringIO()
    monkeypatch.setattr(render, "err", Console(file=screen, force_terminal=True, width=100))
    before = threading.active_count()
    with render.RunProgress(quiet=False) as progress:
        progress.start(3, 3_000_000)
        assert progress.tty
        assert threading.active_count() == before
        progress.update(1, 1_000_000)
        progress.update(3, 3_000_000)
        assert threading.active_count() == before
    drawn = screen.getvalue()
    assert "0/3 files" in drawn and "3/3 files" in drawn


# ------------------------------------------------- runs from scripts and cron


def _dataset(samples_copy: Path, out: Path) -> dict[str, bytes]:
    args = ["convert", str(samples_copy), "-o", str(out), "-q", "-j", "1"]
    assert runner.invoke(app, args).exit_code == 0
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_an_empty_in_or_out_argument_is_usage_error(tmp_path: Path) -> None:
    # `scorecard convert "$IN"` with IN unset must not convert the current folder
    assert runner.invoke(app, ["convert", "", "-o", str(tmp_path / "o")]).exit_code == 2
    assert runner.invoke(app, ["convert", str(tmp_path), "-o", " "]).exit_code == 2


def test_an_out_that_would_remove_in_or_the_current_folder_is_refused(
    samples_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = runner.invoke(app, ["convert", str(samples_copy), "-o", str(samples_copy.parent)])
    assert inside.exit_code == 2
    assert "lies inside OUT" in inside.output
    assert (
        runner.invoke(app, ["convert", str(samples_copy), "-o", str(samples_copy)]).exit_code == 2
    )
    monkeypatch.chdir(tmp_path)
    here = runner.invoke(app, ["convert", str(samples_copy), "-o", "."])
    assert here.exit_code == 2
    assert "current folder" in here.output
    assert samples_copy.is_dir()


def test_an_empty_in_never_replaces_a_dataset(samples_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = _dataset(samples_copy, out)
    empty = tmp_path / "empty"  # an unmounted share looks like this
    empty.mkdir()
    result = runner.invoke(app, ["convert", str(empty), "-o", str(out)])
    assert result.exit_code == 2
    assert "left as it was" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # into a new OUT, an empty IN is an empty dataset
    assert runner.invoke(app, ["convert", str(empty), "-o", str(tmp_path / "new")]).exit_code == 0


def test_an_out_that_is_a_symlink_is_written_where_it_points(
    samples_copy: Path, tmp_path: Path
) -> None:
    real = tmp_path / "datasets" / "2026"
    link = tmp_path / "current"
    link.symlink_to(real, target_is_directory=True)
    _dataset(samples_copy, link)
    assert link.is_symlink()
    assert (real / "datapackage.json").is_file()
    assert not list(tmp_path.glob(".current.*"))  # nothing left beside the link


def test_a_second_run_into_the_same_out_is_refused(samples_copy: Path, tmp_path: Path) -> None:
    from scorecard.write import _lock_output, _unlock

    out = tmp_path / "out"
    held = _lock_output(out)  # a run still writing
    try:
        result = runner.invoke(app, ["convert", str(samples_copy), "-o", str(out), "-j", "1"])
        assert result.exit_code == 2
        assert "another run" in result.output
    finally:
        _unlock(held)
    assert runner.invoke(app, ["convert", str(samples_copy), "-o", str(out), "-q"]).exit_code == 0


def test_an_in_that_cannot_be_listed_is_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    scandir = os.scandir

    def refuse(path: Any) -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = runner.invoke(app, ["convert", str(locked), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "cannot be listed" in result.output


def test_a_cache_that_cannot_be_written_is_said(samples_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder")
    args = ["convert", str(samples_copy), "-o", str(tmp_path / "o"), "--json", "-j", "1"]
    result = runner.invoke(app, [*args, "--incremental", "--cache-dir", str(blocker)])
    assert result.exit_code == 0
    (warning,) = json.loads(result.stdout)["warnings"]
    assert "cannot be written" in warning
    assert "warning:" in result.stderr


def test_a_reader_that_stops_early_is_no_failure() -> None:
    import fcntl

    r, w = os.pipe()
    fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ: the schema is far longer than the pipe
    proc = subprocess.Popen(
        [str(SCRIPT), "schema"], stdout=w, stderr=subprocess.PIPE, env={**os.environ}
    )
    os.close(w)
    with os.fdopen(r, "rb") as reader:
        assert reader.read(100)  # `| head -c 100`
    assert proc.wait(timeout=60) == 0
    assert proc.stderr is not None and proc.stderr.read() == b""


def test_standard_output_that_cannot_be_written_is_exit_3() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(SCRIPT), "schema", "-f", "json"], stdout=full, stderr=subprocess.PIPE
        )
    assert done.returncode == 3
    assert b"cannot write to standard output" in done.stderr
    assert b"Traceback" not in done.stderr


def test_files_of_a_user_inside_the_dataset_are_never_deleted(
    samples_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _dataset(samples_copy, out)
    (out / "NOTES.md").write_text("my notes")
    (out / "analysis").mkdir()
    result = runner.invoke(app, ["convert", str(samples_copy), "-o", str(out)])
    assert result.exit_code == 2
    assert "NOTES.md" in result.output and "analysis" in result.output
    assert (out / "NOTES.md").read_text() == "my notes"
