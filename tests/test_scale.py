"""Engines, workers, the incremental cache and fsspec sources change no output byte."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from scorecard_cli.main import app
from typer.testing import CliRunner

from scorecard import engines, run
from scorecard.cache import CacheSpec, ResultCache, cache_salt
from scorecard.model import Options
from scorecard.pipeline import process_file
from scorecard.run import NEAR_DUPLICATE_SHARE, DuplicateIndex, _FirstSeen, _Names, convert

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def dataset_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Many chunks even for the few samples, so order across chunks is exercised.
    monkeypatch.setattr(engines, "CHUNK_MAX_FILES", 2)


def test_process_pool_matches_serial(samples_out: Path, tmp_path: Path, small_chunks: None) -> None:
    seen: list[tuple[int, int]] = []
    summary = convert(SAMPLES, tmp_path / "out", jobs=2, progress=lambda f, b: seen.append((f, b)))
    assert dataset_bytes(tmp_path / "out") == dataset_bytes(samples_out)
    assert summary.workers == 2
    # One progress step per file, in order, ending at the totals.
    assert [f for f, _ in seen] == list(range(1, summary.as_dict()["files_total"] + 1))
    assert seen[-1][1] == summary.bytes_read
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(seen))


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    # Threads in this process: starts in a second and needs no pickled imports.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_engine_matches_local(
    samples_out: Path, tmp_path: Path, dask_scheduler: str, small_chunks: None
) -> None:
    summary = convert(SAMPLES, tmp_path / "out", engine="dask", scheduler=dask_scheduler)
    assert summary.engine == "dask" and summary.workers == 2
    assert dataset_bytes(tmp_path / "out") == dataset_bytes(samples_out)


def _to_memory_fs(prefix: str) -> str:
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    for path in sorted(SAMPLES.iterdir()):
        fs.pipe(
            f"/{prefix}/sub/{path.name}" if "utf16" in path.name else f"/{prefix}/{path.name}",
            path.read_bytes(),
        )
    return f"memory://{prefix}"


def test_fsspec_source_reads_like_a_folder(tmp_path: Path, dask_scheduler: str) -> None:
    url = _to_memory_fs("reports")
    local = tmp_path / "local"
    shutil.copytree(SAMPLES, local)
    (local / "sub").mkdir()
    for p in local.glob("*utf16*"):
        p.rename(local / "sub" / p.name)
    convert(local, tmp_path / "a", jobs=1)
    convert(url, tmp_path / "b", jobs=1)
    convert(url, tmp_path / "c", engine="dask", scheduler=dask_scheduler)
    convert(f"file://{local}", tmp_path / "d", jobs=1)
    expected = dataset_bytes(tmp_path / "a")
    for name in "bcd":
        assert dataset_bytes(tmp_path / name) == expected


def _url_bytes(url: str) -> dict[str, bytes]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    return {p.rsplit("/", 1)[-1]: fs.cat_file(p) for p in sorted(fs.ls(root, detail=False))}


def test_out_can_be_a_url(samples_out: Path, tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    url = "memory://datasets/kepu"
    fs, root = fsspec.core.url_to_fs(url)
    fs.pipe(f"{root}/left-over.csv", b"a table of an older layout")
    fs.pipe(f"{root}/datapackage.json", (samples_out / "datapackage.json").read_bytes())
    summary = convert(SAMPLES, url, jobs=1)
    assert summary.out == url
    assert _url_bytes(url) == dataset_bytes(samples_out)  # left-over.csv is gone
    # Through the command line, and a second time over its own dataset.
    result = CliRunner().invoke(app, ["convert", str(SAMPLES), "-o", url, "-q"])
    assert result.exit_code == 0, result.output
    assert _url_bytes(url) == dataset_bytes(samples_out)


def test_an_upload_that_died_midway_is_replaced_by_the_next_run(samples_out: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    from scorecard import write

    url = "memory://died-midway"
    fs, _root = fsspec.core.url_to_fs(url)
    real_put = fs.put_file
    calls = []

    def put_then_die(local: str, remote: str, **kwargs: Any) -> None:
        calls.append(remote)
        if len(calls) == 3:
            raise KeyboardInterrupt  # killed after two tables went up
        real_put(local, remote, **kwargs)

    fs.put_file = put_then_die
    try:
        with pytest.raises(KeyboardInterrupt):
            convert(SAMPLES, url, jobs=1)
    finally:
        del fs.put_file
    left = _url_bytes(url)
    assert write.DATAPACKAGE not in left and write.UPLOAD_MARKER in left
    convert(SAMPLES, url, jobs=1)  # not refused: the marker says whose folder it is
    assert _url_bytes(url) == dataset_bytes(samples_out)


def test_a_url_that_holds_something_else_is_refused(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    url = "memory://not-ours"
    fs, root = fsspec.core.url_to_fs(url)
    fs.pipe(f"{root}/thesis.docx", b"someone's work")
    result = CliRunner().invoke(app, ["convert", str(SAMPLES), "-o", url])
    assert result.exit_code == 2
    assert "refusing" in result.output
    assert _url_bytes(url) == {"thesis.docx": b"someone's work"}


def test_missing_url_is_usage_error(tmp_path: Path) -> None:
    pytest.importorskip("fsspec")
    result = CliRunner().invoke(
        app, ["convert", "memory://nothing-here", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2


def test_scheduler_needs_dask_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["convert", str(SAMPLES), "-o", str(tmp_path / "o"), "--scheduler", "tcp://x:1"]
    )
    assert result.exit_code == 2


def _cache_entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*.bin"))


def test_incremental_gives_the_same_bytes(samples_out: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    cache = tmp_path / "cache"
    expected = dataset_bytes(samples_out)

    cold = convert(src, tmp_path / "out", jobs=1, incremental=True, cache_dir=cache)
    n = cold.as_dict()["files_total"]
    assert cold.cached_files == 0 and len(_cache_entries(cache)) == n
    assert dataset_bytes(tmp_path / "out") == expected

    warm = convert(src, tmp_path / "out", jobs=2, incremental=True, cache_dir=cache)
    assert warm.cached_files == n
    # Duplicate detection ran again over cached results: same flags, same bytes.
    assert dataset_bytes(tmp_path / "out") == expected

    # Corrupt entries are recomputed, never trusted and never fatal.
    entries = _cache_entries(cache)
    entries[0].write_bytes(entries[0].read_bytes()[:-7])
    blob = bytearray(entries[1].read_bytes())
    blob[-3] ^= 0xFF
    entries[1].write_bytes(bytes(blob))
    entries[2].write_bytes(b"")
    again = convert(src, tmp_path / "out", jobs=1, incremental=True, cache_dir=cache)
    assert again.cached_files == n - 3
    assert dataset_bytes(tmp_path / "out") == expected


def test_incremental_recomputes_changed_files_and_options(tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    cache = tmp_path / "cache"
    convert(src, tmp_path / "out", jobs=1, incremental=True, cache_dir=cache)
    changed = src / "clean_county_summary.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("86万元", "87万元"), encoding="utf-8"
    )
    warm = convert(src, tmp_path / "out", jobs=1, incremental=True, cache_dir=cache)
    n = warm.as_dict()["files_total"]
    assert warm.cached_files == n - 1
    convert(src, tmp_path / "full", jobs=1)
    assert dataset_bytes(tmp_path / "out") == dataset_bytes(tmp_path / "full")
    # A result-affecting option is part of the key: nothing is reused.
    other = convert(
        src,
        tmp_path / "out2",
        jobs=1,
        options=Options(max_file_mb=49.0),
        incremental=True,
        cache_dir=cache,
    )
    assert other.cached_files == 0


def test_cache_key_and_atomic_entries(tmp_path: Path) -> None:
    data = (SAMPLES / "two_reports.txt").read_bytes()
    result = process_file("a.txt", data)
    spec = CacheSpec(str(tmp_path), cache_salt(Options()))
    cache = ResultCache(spec)
    assert cache.get("a.txt", data) is None
    cache.put("a.txt", data, result)
    assert cache.get("a.txt", data) == result
    assert cache.get("b.txt", data) is None  # ids depend on the path
    assert cache.get("a.txt", data + b"\n") is None
    assert ResultCache(CacheSpec(str(tmp_path), "other-salt")).get("a.txt", data) is None
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]
    assert cache_salt(Options()) == cache_salt(Options(glob="*.md"))  # the glob picks files only
    assert cache_salt(Options()) != cache_salt(Options(max_file_mb=1))


def test_prune_deletes_what_no_run_used_for_a_month(tmp_path: Path) -> None:
    from scorecard import cache as cache_mod

    data = (SAMPLES / "two_reports.txt").read_bytes()
    result = process_file("a.txt", data)
    cache = ResultCache(CacheSpec(str(tmp_path), cache_salt(Options())))
    for name in ("used.txt", "unused.txt"):
        cache.put(name, data, result)
    entries = {p.name: p for p in tmp_path.rglob("*.bin")}
    assert len(entries) == 2
    stray = next(iter(entries.values())).parent / ".tmp-dead-writer"
    stray.write_bytes(b"half")
    keep = tmp_path / "README"  # not the cache's: never touched
    keep.write_text("mine", encoding="utf-8")
    (tmp_path / "db").mkdir()
    other = tmp_path / "db" / "index.bin"  # a two-letter folder, but not the cache's
    other.write_bytes(b"someone else's")
    month_ago = time.time() - (cache_mod.MAX_AGE_DAYS + 1) * 86400
    for p in [*entries.values(), stray, keep, other]:
        os.utime(p, (month_ago, month_ago))
    assert cache.get("used.txt", data) == result  # a hit makes its entry young again
    assert cache_mod.prune(tmp_path) == 2  # the unused entry and the stray temporary file
    assert sorted(p.name for p in tmp_path.rglob("*.bin")) == sorted(
        [cache._path("used.txt", data).name, "index.bin"]
    )
    assert keep.exists() and other.exists() and not stray.exists()
    # Once a day at most, unless forced.
    os.utime(cache._path("used.txt", data), (month_ago, month_ago))
    assert cache_mod.prune(tmp_path) == 0
    assert cache_mod.prune(tmp_path, force=True) == 1


def test_jobs_engine_and_cache_are_not_recorded(samples_out: Path, tmp_path: Path) -> None:
    convert(SAMPLES, tmp_path / "out", jobs=2, incremental=True, cache_dir=tmp_path / "c")
    package = (tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8")
    assert package == (samples_out / "datapackage.json").read_text(encoding="utf-8")
    for word in ("jobs", "engine", "incremental", "cache"):
        assert f'"{word}' not in package


class _ReferenceIndex:
    """The index as it was before it was made compact: dicts of doc ids."""

    def __init__(self) -> None:
        self.digests: dict[str, str] = {}
        self.shingles: dict[int, str] = {}

    def check_and_add(self, doc_id: str, digest: str, shingles: tuple[int, ...]) -> str | None:
        from collections import Counter

        earlier = self.digests.get(digest)
        if earlier is None and shingles:
            hits = Counter(self.shingles[s] for s in shingles if s in self.shingles)
            if hits:
                candidate, n = min(hits.items(), key=lambda kv: (-kv[1], kv[0]))
                if n / len(shingles) >= NEAR_DUPLICATE_SHARE:
                    earlier = candidate
        if earlier is None:
            self.digests.setdefault(digest, doc_id)
            for s in shingles:
                self.shingles.setdefault(s, doc_id)
        return earlier


@pytest.mark.parametrize("on_disk", [False, True])
def test_compact_duplicate_index_agrees_with_the_reference(
    monkeypatch: pytest.MonkeyPatch, on_disk: bool
) -> None:
    monkeypatch.setattr(_FirstSeen, "MIN_MERGE", 16)  # merge often
    if on_disk:  # a tiny memory budget: most keys and names live in SQLite
        monkeypatch.setattr(_FirstSeen, "MAX_MEMORY_KEYS", 40)
        monkeypatch.setattr(_Names, "MAX_MEMORY_NAMES", 50)
    rng = random.Random(3)
    pool = [rng.getrandbits(64) for _ in range(400)]
    compact, reference = DuplicateIndex(), _ReferenceIndex()
    for i in range(600):
        doc_id = f"f{rng.getrandbits(48):012x}-{i}"
        shingles = tuple(sorted(set(rng.sample(pool, rng.randrange(0, 12)))))
        digest = hashlib.sha1(str(rng.randrange(150)).encode()).hexdigest()
        args: tuple[Any, ...] = (doc_id, digest, shingles)
        assert compact.check_and_add(*args) == reference.check_and_add(*args)
    shingles = compact._shingles
    assert (shingles.on_disk > 0) == on_disk
    assert len(shingles) == len(reference.shingles)
    folder = shingles._disk_dir.name if shingles._disk_dir else None
    if not on_disk:
        assert compact.nbytes < 200_000
    compact.close()
    assert folder is None or not Path(folder).exists()


def test_a_worker_killed_mid_file_costs_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    (src / "boom.txt").write_text("科普活动12场。", encoding="utf-8")
    serial = convert(src, tmp_path / "serial", jobs=1)
    real = run.cached_process_file

    def deadly(relpath: str, data: bytes, options: Options | None = None) -> Any:
        if relpath == "boom.txt":  # as the OOM killer would
            os.kill(os.getpid(), signal.SIGKILL)
        return real(relpath, data, options)

    # Pool workers are forked from this process, so they run the patched function.
    monkeypatch.setattr(run, "cached_process_file", deadly)
    summary = convert(src, tmp_path / "out", jobs=2)
    files = {r["path"]: r for r in pq.read_table(tmp_path / "out" / "files.parquet").to_pylist()}
    assert files["boom.txt"]["status"] == "unreadable"
    assert files["boom.txt"]["error"] == run.WORKER_DIED
    assert all(r["status"] == "ok" for p, r in files.items() if p != "boom.txt")
    issues = pq.read_table(tmp_path / "out" / "issues.parquet").to_pylist()
    boom_id = files["boom.txt"]["file_id"]
    assert [i["rule"] for i in issues if i["file_id"] == boom_id] == ["file_failed"]
    # Every other file's rows are those of a run where nothing died.
    for table in ("documents", "activities", "trainings", "funding", "scorecard"):
        a = pq.read_table(tmp_path / "out" / f"{table}.parquet").to_pylist()
        b = pq.read_table(tmp_path / "serial" / f"{table}.parquet").to_pylist()
        assert [r for r in a if not r.get("doc_id", "").startswith(boom_id)] == [
            r for r in b if not r.get("doc_id", "").startswith(boom_id)
        ]
    assert summary.documents == serial.documents - 1


@pytest.fixture(scope="module")
def tcp_scheduler() -> Iterator[str]:
    """A scheduler and a worker as separate processes, as on a real cluster."""
    distributed = pytest.importorskip("distributed")
    dask_cli = Path(sys.executable).parent / "dask"
    if not dask_cli.exists():
        pytest.skip("the dask command is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    common = ["--no-dashboard"]
    procs = [
        subprocess.Popen(
            [str(dask_cli), "scheduler", "--host", "127.0.0.1", "--port", str(port), *common],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        procs.append(
            subprocess.Popen(
                [str(dask_cli), "worker", address, "--nworkers", "2", "--nthreads", "1", *common],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


def test_convert_on_a_tcp_scheduler_matches_local(
    samples_out: Path, tmp_path: Path, tcp_scheduler: str
) -> None:
    # Through the installed command, as a cron job would run it.
    script = Path(sys.executable).parent / "scorecard"
    out = tmp_path / "out"
    done = subprocess.run(
        [
            str(script),
            "convert",
            str(SAMPLES),
            "-o",
            str(out),
            "--engine",
            "dask",
            "--scheduler",
            tcp_scheduler,
            "--json",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["engine"], summary["workers"]) == ("dask", 2)
    assert dataset_bytes(out) == dataset_bytes(samples_out)


def test_the_convert_command_never_loads_pandas(tmp_path: Path) -> None:
    # pandas costs ~50 MB a process; pyarrow would import it on the writer's
    # first conversion.  Later code that does want pandas still gets it.
    out = tmp_path / "out"
    code = (
        "import sys; from scorecard_cli.main import app; "
        f"app(['convert', {str(SAMPLES)!r}, '-o', {str(out)!r}, '-j', '2', '-q'], "
        "standalone_mode=False); "
        "assert 'pandas' not in sys.modules, 'pandas was imported'; "
        "import pyarrow.parquet as pq; "
        f"frame = pq.read_table({str(out / 'files.parquet')!r}).to_pandas(); "
        "print(type(frame).__name__, len(frame))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["DataFrame", str(len(list(SAMPLES.glob("*.txt"))))]


def _die_on(item: str) -> list[str]:
    if item == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return [item]


def _chunk_task(chunk: list[str]) -> list[str]:
    return [r for item in chunk for r in _die_on(item)]


@pytest.mark.parametrize("slow_reader", [False, True])
def test_the_pool_recovers_whether_the_result_or_the_next_submission_finds_the_dead_worker(
    slow_reader: bool,
) -> None:
    # A slow reader lets the pool notice the death before the head result is
    # read, so the next submission is what fails.
    # More chunks than the in-flight window (4 per worker), so submissions
    # continue while the death is found.
    chunks = [["a"], ["b"], ["die", "c"], *([f"x{k}"] for k in range(20))]
    engine = engines.PoolEngine(2, on_crash=lambda item: f"crashed:{item}")
    got = []
    try:
        for result in engine.map_ordered(_chunk_task, chunks):
            got.append(result)
            if slow_reader:
                time.sleep(0.1)
    finally:
        engine.close()
    assert got == [["a"], ["b"], ["crashed:die", "c"], *([f"x{k}"] for k in range(20))]
    assert engine.crashes >= 1


def _slow_chunk(chunk: list[str]) -> list[str]:
    time.sleep(1.0)
    return chunk


def test_the_pool_ticks_while_a_slow_chunk_runs() -> None:
    # A bar redrawn only when results arrive would stop its clock here.
    ticks: list[float] = []
    engine = engines.PoolEngine(1, tick=lambda: ticks.append(time.monotonic()))
    try:
        assert list(engine.map_ordered(_slow_chunk, [["a"]])) == [["a"]]
    finally:
        engine.close()
    assert len(ticks) >= 2
    assert all(b - a < 4 * engines.TICK_SECONDS for a, b in itertools.pairwise(ticks))


def test_the_dask_engine_ticks_while_a_slow_chunk_runs() -> None:
    pytest.importorskip("dask.distributed")
    ticks: list[float] = []
    engine = engines.DaskEngine(None, 1, processes=False, tick=lambda: ticks.append(1.0))
    try:
        assert list(engine.map_ordered(_slow_chunk, [["a"]])) == [["a"]]
    finally:
        engine.close()
    assert len(ticks) >= 2


_SIGTERM_SCRIPT = """
import signal, sys, time
from scorecard import engines

def slow(chunk):
    time.sleep(20)
    return chunk

def interrupt(signum, frame):
    raise KeyboardInterrupt

signal.signal(signal.SIGTERM, interrupt)  # as the command line does
if sys.argv[1] == "0":
    # Hold a starting worker before its initializer resets the handler, so
    # the signal surely lands while the worker is still setting up.
    set_handler = signal.signal
    def slow_set_handler(*args):
        time.sleep(1.0)
        return set_handler(*args)
    signal.signal = slow_set_handler
engine = engines.PoolEngine(1)
engine._pool.submit(slow, ["a"])
deadline = time.monotonic() + 20
while not engine._pool._processes and time.monotonic() < deadline:
    time.sleep(0.05)
time.sleep(float(sys.argv[1]))  # 0: still starting; 2: inside the task
(worker,) = engine._pool._processes.values()
worker.terminate()
# The pool's thread reaps a dead worker too; whichever reaps it first, the
# exit code shows up on the shared process object.
deadline = time.monotonic() + 10
while worker.exitcode is None and time.monotonic() < deadline:
    time.sleep(0.05)
alive = worker.exitcode is None
engine.close()
print("alive" if alive else "dead")
"""


@pytest.mark.parametrize("delay", ["0", "2.0"])
def test_a_worker_dies_on_sigterm_even_in_the_middle_of_a_task(delay: str) -> None:
    # The command line turns SIGTERM into KeyboardInterrupt; a forked worker
    # that kept that handler would survive terminate() mid-task (the pool
    # records the interrupt as the task's error), and the pool would wait
    # for it for ever at exit.  A worker still starting up (held there for a
    # second) dies too, quietly: it was forked with SIGTERM blocked until its
    # handler is the default.
    # Run in a fresh process: forking this test process, with its many
    # threads, is not what the command line does.
    done = subprocess.run(
        [sys.executable, "-c", _SIGTERM_SCRIPT, delay], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["dead"]
    assert "KeyboardInterrupt" not in done.stderr


_ORPHAN_SCRIPT = """
import sys, time
from scorecard import engines

def slow(chunk):
    time.sleep(60)
    return chunk

engine = engines.PoolEngine(2)
futures = [engine._pool.submit(slow, [k]) for k in range(2)]
deadline = time.monotonic() + 20
while len(engine._pool._processes) < 2 and time.monotonic() < deadline:
    time.sleep(0.05)
time.sleep(1.0)  # past the initializer
print(" ".join(str(pid) for pid in engine._pool._processes), flush=True)
time.sleep(60)
"""


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie waiting for init is dead


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_workers_die_with_a_parent_killed_by_sigkill() -> None:
    # `timeout -s KILL` or the OOM killer: no handler of the parent runs.
    proc = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2 and all(_running(p) for p in pids)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 15
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(p) for p in pids)
