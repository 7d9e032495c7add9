"""Throughput and memory of `scorecard convert`, next to its floors.

    python tools/bench.py                  # 20 MB corpus, --jobs = all cores
    python tools/bench.py --mb 200         # memory must not grow with the corpus
    python tools/bench.py --mb 5 --quick   # only the main convert run

Builds a corpus of the requested size from ``samples/`` (each copy with its
digits and clause order varied, so most reports are not duplicates of one
another), then measures in one run, side by side:

- read + decode: every file read and decoded by ``scorecard.decode`` (the floor);
- a bare ``jieba.lcut`` pass over the same decoded text (the ceiling the
  issue compares against; at ~0.45 MB/s it is timed on a slice when the
  corpus is larger than --jieba-mb, and the rate is what is compared);
- ``scorecard convert --jobs N`` as a subprocess of the installed console
  script, with peak memory summed over the whole process tree from
  /proc/<pid>/status VmRSS;
- --jobs 1 against --jobs 2;
- an incremental re-run after a few files changed, against a full run.

Everything is written under bench-out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
BENCH_OUT = ROOT / "bench-out"
SCRIPT = Path(sys.executable).parent / "scorecard"
FILES_PER_DIR = 1000

_DIGITS = re.compile(r"[0-9０-９]")
_DIGIT_RUN = re.compile(r"[0-9０-９]+")
_YEAR = re.compile(r"(19|20|１９|２０)[0-9０-９]{2}")
_SENTENCE = re.compile(r"([^。！？!?\n]*[。！？!?]?)")


# --------------------------------------------------------------------------
# corpus


def _vary_digits(text: str, rng: random.Random) -> str:
    def digit(ch: str) -> str:
        d = rng.randrange(1, 10)
        return chr(d + ord("０")) if ch >= "０" else str(d)

    def sub(m: re.Match[str]) -> str:
        run = m.group(0)
        # Years stay years: a report dated 7391 would test nothing useful.
        if _YEAR.fullmatch(run) or text[m.end() : m.end() + 1] in ("、", ".", "．"):
            return run  # headings keep their numbers, so report structure stays
        return "".join(digit(ch) for ch in run)

    return _DIGIT_RUN.sub(sub, text)


def _rotate_clauses(text: str, rng: random.Random) -> str:
    # Sentences without digits would repeat verbatim across copies and make
    # every copy a near-duplicate; rotating their clauses keeps the words
    # (and so the work the pipeline does) while changing the sentence.
    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        if not s or _DIGITS.search(s):
            return s
        end = s[-1]
        if end not in "。！？!?":
            return s  # a heading or a cut line: its structure matters
        body = s[:-1]
        parts = body.split("，")
        if len(parts) < 2:
            return s
        k = rng.randrange(1, len(parts))
        return "，".join(parts[k:] + parts[:k]) + end

    return _SENTENCE.sub(sub, text)


def _load_samples() -> list[tuple[str, str, str]]:
    from scorecard.decode import decode_bytes

    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        decoded = decode_bytes(path.read_bytes())
        if decoded.text is None or decoded.encoding is None:
            continue
        codec = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(
            decoded.encoding, decoded.encoding
        )
        out.append((path.stem, decoded.text, codec))
    return out


def build_corpus(directory: Path, mb: float, seed: int = 7) -> tuple[int, int]:
    """Write about ``mb`` MB of varied sample copies; returns (files, bytes)."""
    marker = directory / ".complete"
    if marker.exists():
        files, size = json.loads(marker.read_text())
        return int(files), int(size)
    shutil.rmtree(directory, ignore_errors=True)
    rng = random.Random(seed)
    samples = _load_samples()
    target = int(mb * 1e6)
    total = n = 0
    while total < target:
        stem, text, codec = samples[n % len(samples)]
        varied = _rotate_clauses(_vary_digits(text, rng), rng)
        data = varied.replace("\n", "\r\n" if n % 5 == 0 else "\n").encode(codec)
        sub = directory / f"d{n // FILES_PER_DIR:04d}"
        if n % FILES_PER_DIR == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:07d}_{stem}.txt").write_bytes(data)
        total += len(data)
        n += 1
    marker.write_text(json.dumps([n, total]))
    return n, total


def touch_files(directory: Path, count: int, seed: int = 11) -> list[Path]:
    """Change the digits of ``count`` UTF-8 files, as a cron job would find them."""
    from scorecard.decode import decode_bytes

    rng = random.Random(seed)
    paths = sorted(directory.rglob("*.txt"))
    chosen: list[Path] = []
    for p in rng.sample(paths, len(paths)):
        decoded = decode_bytes(p.read_bytes())
        if decoded.encoding != "utf-8" or decoded.text is None:
            continue
        p.write_text(_vary_digits(decoded.text, rng), encoding="utf-8")
        chosen.append(p)
        if len(chosen) >= count:
            break
    (directory / ".complete").unlink(missing_ok=True)  # no longer the seeded corpus
    return chosen


# --------------------------------------------------------------------------
# measurements


def read_decode(directory: Path) -> tuple[float, list[str]]:
    from scorecard.decode import decode_bytes

    texts = []
    started = time.perf_counter()
    for path in sorted(directory.rglob("*.txt")):
        decoded = decode_bytes(path.read_bytes())
        if decoded.text is not None:
            texts.append(decoded.text)
    return time.perf_counter() - started, texts


def jieba_pass(texts: list[str], limit_bytes: int) -> tuple[float, int]:
    """Seconds and bytes of a bare jieba.lcut pass over the first texts."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()  # the dictionary load is start-up, not per-text work
    chosen, size = [], 0
    for t in texts:
        if size >= limit_bytes:
            break
        chosen.append(t)
        size += len(t.encode("utf-8"))
    started = time.perf_counter()
    for t in chosen:
        jieba.lcut(t)
    return time.perf_counter() - started, size


# Where one process's time goes, stage by stage (module, function, label).
STAGES = (
    ("scorecard.pipeline", "decode_bytes", "decode"),
    ("scorecard.clean", "clean_text", "clean + t2s"),
    ("scorecard.structure", "split_reports", "reports"),
    ("scorecard.structure", "split_sentences", "sentences + headings"),
    ("scorecard.meta", "describe_report", "report metadata"),
    ("scorecard.extract", "extract_records", "records (numbers, dates, rules)"),
    ("scorecard.extract", "unclaimed_figures", "unclaimed figures"),
    ("scorecard.validate", "validate_report", "validation"),
    ("scorecard.pipeline", "fingerprint", "fingerprints"),
)


def stage_times(corpus: Path, limit_bytes: int) -> tuple[float, int, dict[str, float]]:
    """``process_file`` over the first ``limit_bytes`` of the corpus, each stage timed."""
    import importlib

    from scorecard.pipeline import process_file

    spent: dict[str, float] = {label: 0.0 for _, _, label in STAGES}
    originals = []

    def timed(fn, label):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - t

        return wrapper

    for module_name, name, label in STAGES:
        module = importlib.import_module(module_name)
        originals.append((module, name, getattr(module, name)))
        setattr(module, name, timed(getattr(module, name), label))
    size = 0
    started = time.perf_counter()
    try:
        for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
            data = path.read_bytes()
            process_file(path.name, data)
            size += len(data)
            if size >= limit_bytes:
                break
    finally:
        for module, name, fn in originals:
            setattr(module, name, fn)
    return time.perf_counter() - started, size, spent


def _tree_rss_kb(root: int) -> int:
    """VmRSS summed over ``root`` and all its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                ppid = vm = 0
                for line in fh:
                    if line.startswith("PPid:"):
                        ppid = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        vm = int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents[int(entry)] = ppid
        rss[int(entry)] = vm
    tree = {root}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                changed = True
    return sum(rss.get(p, 0) for p in tree)


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system of the whole process tree
    peak_mb: float
    load: float  # 1-minute load average at the end: other work on the machine skews seconds
    summary: dict[str, object]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def snapshot_code(work: Path) -> Path:
    """A copy of the package that every run of this bench imports.

    Runs minutes apart must run the same code, or a comparison of their
    bytes (and the cache's code hash) would measure someone's edit instead.
    """
    snap = work / "code-snapshot"
    shutil.rmtree(snap, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "scorecard", snap / "scorecard", ignore=ignore)
    shutil.copytree(ROOT / "cli", snap / "scorecard_cli", ignore=ignore)
    return snap


_ENV: dict[str, str] = dict(os.environ)


def run_convert(corpus: Path, out: Path, jobs: int, *extra: str) -> Run:
    cmd = [
        str(SCRIPT),
        "convert",
        str(corpus),
        "-o",
        str(out),
        "--jobs",
        str(jobs),
        "--json",
        "-q",
        *extra,
    ]
    peak = 0
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_ENV)
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            stop.wait(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    poller.join()
    if proc.returncode != 0:
        sys.exit(f"convert failed ({proc.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    cpu = _children_cpu() - cpu_before
    return Run(seconds, cpu, peak / 1024, os.getloadavg()[0], json.loads(stdout))


def same_dataset(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir())
    if names != sorted(p.name for p in b.iterdir()):
        return False
    return all(filecmp.cmp(a / n, b / n, shallow=False) for n in names)


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="--jobs of the main run"
    )
    parser.add_argument(
        "--jieba-mb", type=float, default=20.0, help="time jieba.lcut on at most this many MB"
    )
    parser.add_argument(
        "--touch", type=int, default=10, help="files changed before the incremental re-run"
    )
    parser.add_argument(
        "--stages-mb", type=float, default=2.0, help="MB timed stage by stage in one process"
    )
    parser.add_argument(
        "--quick", action="store_true", help="only read+decode and the main convert run"
    )
    parser.add_argument("--dir", type=Path, default=BENCH_OUT, help="where corpus and outputs go")
    args = parser.parse_args(argv)

    work: Path = args.dir
    work.mkdir(parents=True, exist_ok=True)
    _ENV["PYTHONPATH"] = str(snapshot_code(work))
    corpus = work / f"corpus-{args.mb:g}mb"
    t = time.perf_counter()
    n_files, n_bytes = build_corpus(corpus, args.mb)
    mb = n_bytes / 1e6
    print(
        f"corpus: {corpus} — {n_files} files, {mb:.1f} MB (built/checked in {time.perf_counter() - t:.1f} s)"
    )
    print(f"machine: {_machine()}; {dt.date.today().isoformat()}")

    read_s, texts = read_decode(corpus)
    print(f"read+decode        {read_s:8.2f} s  {mb / read_s:8.1f} MB/s")
    jieba_rate = None
    if not args.quick:
        j_s, j_bytes = jieba_pass(texts, int(args.jieba_mb * 1e6))
        jieba_rate = j_bytes / 1e6 / j_s
        note = "" if j_bytes >= n_bytes else f"  (timed on {j_bytes / 1e6:.1f} MB)"
        print(f"jieba.lcut         {j_s:8.2f} s  {jieba_rate:8.2f} MB/s{note}")
    del texts
    if not args.quick:
        total, size, spent = stage_times(corpus, int(args.stages_mb * 1e6))
        print(f"one process, stage by stage ({size / 1e6:.1f} MB): {size / 1e6 / total:.2f} MB/s")
        for label, seconds in [*spent.items(), ("other", total - sum(spent.values()))]:
            print(f"  {label:<32}{seconds / total * 100:5.1f} %  {size / 1e6 / seconds:8.1f} MB/s")

    out = work / "out"
    main_run = run_convert(corpus, out, args.jobs)
    rate = mb / main_run.seconds
    print(_line(f"convert --jobs {args.jobs}", main_run, mb))
    floor = f"{rate / (mb / read_s) * 100:.1f}% of the read floor"
    if jieba_rate:
        print(f"  = {rate / jieba_rate:.2f}× bare jieba.lcut, {floor}")
    else:
        print(f"  = {floor}")
    s = main_run.summary
    print(
        f"  {s['files_total']} files, {s['documents']} reports, {s['duplicate_documents']} duplicates"
    )
    print(f"  duplicate index: {s['duplicate_index_bytes'] / 1e6:.1f} MB")
    if args.quick:
        return 0

    runs = {args.jobs: main_run}
    for jobs in (1, 2):
        if jobs not in runs:
            runs[jobs] = run_convert(corpus, work / f"out-j{jobs}", jobs)
            print(_line(f"convert --jobs {jobs}", runs[jobs], mb))
    one, two = runs[1], runs[2]
    print(
        f"  1 → 2 jobs: {one.seconds / two.seconds:.2f}× faster by the clock; "
        f"CPU seconds {one.cpu_seconds:.0f} → {two.cpu_seconds:.0f} "
        f"(ideal scaling on an idle machine ≈ {2 * one.cpu_seconds / two.cpu_seconds:.2f}×)"
    )
    for jobs in (1, 2):
        if jobs != args.jobs and not same_dataset(out, work / f"out-j{jobs}"):
            # The code may have changed between the runs: compare with `diff -r` after a re-run.
            print(f"  WARNING: --jobs {jobs} wrote different bytes than --jobs {args.jobs}")

    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    inc = work / "out-inc"
    cold = run_convert(corpus, inc, args.jobs, "--incremental", "--cache-dir", str(cache))
    print(_line("incremental, cold", cold, mb) + "  (fills the cache)")
    touched = touch_files(corpus, args.touch)
    print(f"after changing {len(touched)} files:")
    warm = run_convert(corpus, inc, args.jobs, "--incremental", "--cache-dir", str(cache))
    full = run_convert(corpus, out, args.jobs)
    print(_line("  full run", full, mb))
    print(_line("  incremental", warm, mb) + f"  {full.seconds / warm.seconds:.1f}× faster")
    print(
        f"  cached files: {warm.summary['cached_files']} of {warm.summary['files_total']}; "
        f"same bytes as the full run: {same_dataset(out, inc)}"
    )
    shutil.rmtree(corpus, ignore_errors=True)  # touched: rebuilt from the seed next time
    return 0


def _line(label: str, run: Run, mb: float) -> str:
    return (
        f"{label:<19}{run.seconds:8.2f} s {mb / run.seconds:8.2f} MB/s  "
        f"cpu {run.cpu_seconds:6.1f} s  peak {run.peak_mb:5.0f} MB (all processes)  "
        f"load {run.load:.1f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
