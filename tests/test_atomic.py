"""OUT is replaced as a whole or not at all (issue 8).

Real ``scorecard convert`` subprocesses are killed in the middle of a large
conversion (SIGKILL, Ctrl-C, SIGTERM); the previous dataset must stay
intact and readable, and the next run must clean up after the dead one.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from scorecard.check import check_dataset
from scorecard.run import convert
from scorecard.schema import TABLES
from scorecard.write import DatasetWriter, recover_output, swap_in

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SCRIPT = Path(sys.executable).parent / "scorecard"
N_COPIES = 3000  # ~10 s of work on two workers: plenty of time to interrupt

pytestmark = pytest.mark.slow


def _snapshot(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def _assert_intact(out: Path, before: dict[str, str]) -> None:
    assert _snapshot(out) == before
    for name in TABLES:
        pq.read_table(out / f"{name}.parquet")  # every table reads
    report = check_dataset(out)
    assert report["ok"], report


def _leftovers(out: Path) -> list[str]:
    """What a run left beside OUT, but for its lock file (empty, kept for the next run)."""
    lock = f".{out.name}.lock"
    return sorted(
        p.name
        for p in out.parent.iterdir()
        if p.name.startswith(f".{out.name}.") and p.name != lock
    )


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Thousands of sample copies with varied numbers (so none is a duplicate)."""
    src = tmp_path_factory.mktemp("big") / "in"
    texts = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.txt"))]
    for i in range(N_COPIES):
        name, data = texts[i % len(texts)]
        folder = src / f"batch{i // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        # Vary ASCII digits only: every encoding of the samples keeps them as is.
        shift = i

        def vary(m: re.Match[bytes], shift: int = shift) -> bytes:
            return str((int(m.group()) + shift) % 9 + 1).encode()

        varied = re.sub(rb"[1-9]", vary, data)
        (folder / f"{i:05d}_{name}").write_bytes(varied)
    return src


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    out = tmp_path / "out"
    convert(SAMPLES, out, jobs=1)
    return out, _snapshot(out)


def _start(src: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(SCRIPT), "convert", str(src), "-o", str(out), "-j", "2", "-q", *extra],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: Ctrl-C reaches the workers too
    )


def _wait_mid_run(proc: subprocess.Popen[bytes], out: Path, timeout: float = 60) -> Path:
    """Block until the run is writing rows into its staging directory."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        for staging in out.parent.glob(f".{out.name}.tmp-*"):
            csv = staging / "documents.csv"
            try:
                if csv.stat().st_size > 20_000:
                    return staging
            except OSError:
                pass
        time.sleep(0.02)
    raise AssertionError("no staging directory with rows appeared")


def _reap_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill whatever is left of the process group we started (orphaned workers)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait(timeout=30)


def _group_gone(pgid: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_kill_9_mid_run_leaves_previous_dataset_and_next_run_recovers(
    big_corpus: Path, previous: tuple[Path, dict[str, str]]
) -> None:
    out, before = previous
    proc = _start(big_corpus, out)
    try:
        staging = _wait_mid_run(proc, out)
        proc.send_signal(signal.SIGKILL)  # the main process only, as `kill -9 PID`
        proc.wait(timeout=30)
    finally:
        _reap_group(proc)
    assert proc.returncode == -signal.SIGKILL
    assert staging.exists()  # a dead run cannot clean up: the next one must
    _assert_intact(out, before)

    # The next run (on other input) removes the dead run's staging and swaps in.
    small = out.parent / "small"
    small.mkdir()
    (small / "one.txt").write_bytes((SAMPLES / "clean_county_summary.txt").read_bytes())
    done = subprocess.run(
        [str(SCRIPT), "convert", str(small), "-o", str(out), "-j", "1", "-q"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert _leftovers(out) == []
    assert pq.read_table(out / "files.parquet").num_rows == 1
    assert check_dataset(out)["ok"]


def _ctrl_c(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does


def _sigterm(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)  # a CI timeout, `kill PID`


@pytest.mark.parametrize("interrupt", [_ctrl_c, _sigterm], ids=["ctrl_c", "sigterm"])
def test_interrupt_exits_130_cleanly_and_leaves_out_as_it_was(
    big_corpus: Path,
    previous: tuple[Path, dict[str, str]],
    interrupt: Callable[[subprocess.Popen[bytes]], None],
) -> None:
    out, before = previous
    proc = _start(big_corpus, out)
    try:
        _wait_mid_run(proc, out)
        interrupt(proc)
        _, stderr = proc.communicate(timeout=60)
    finally:
        _reap_group(proc)
    text = stderr.decode("utf-8", "replace")
    assert proc.returncode == 130, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert "interrupted" in text
    assert _group_gone(proc.pid), "worker processes outlived the run"
    assert _leftovers(out) == []  # the run removed its own staging directory
    _assert_intact(out, before)


# ------------------------------------------------------------ swap and recovery


def test_swap_exchanges_out_in_one_step(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old")
    staging = tmp_path / ".out.tmp-1"
    staging.mkdir()
    (staging / "new.txt").write_text("new")
    swap_in(staging, out)
    assert sorted(p.name for p in out.iterdir()) == ["new.txt"]
    assert _leftovers(out) == []


def test_a_staging_dir_of_a_dead_run_is_removed_but_a_live_ones_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert(SAMPLES, out, jobs=1)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    # Killed right after exchanging: the old dataset sits under the staging name.
    (tmp_path / f".out.tmp-{dead_pid}").mkdir()
    (tmp_path / f".out.tmp-{dead_pid}" / "files.parquet").write_bytes(b"half")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / f".out.tmp-{live.pid}").mkdir()
        recover_output(out)
        assert _leftovers(out) == [f".out.tmp-{live.pid}"]  # another run's work in progress
    finally:
        live.kill()
        live.wait()
    assert check_dataset(out)["ok"]


def test_ctrl_c_while_closing_tables_leaves_out_and_no_staging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    convert(SAMPLES, out, jobs=1)
    before = _snapshot(out)
    import scorecard.write as write

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "build_datapackage", interrupted)
    with pytest.raises(KeyboardInterrupt), DatasetWriter(out, {"program": "t"}) as w:
        w.add("files", [])
    assert _snapshot(out) == before
    assert _leftovers(out) == []
