"""Where the per-file work runs: this process, a local process pool, or Dask.

Every engine runs the same picklable task on chunks of files and hands the
results back *in submission order*, keeping at most a bounded window of
chunks in flight, so the run's memory does not depend on the corpus and the
output does not depend on the engine.  Dask is imported only when asked for.

Sources may be fsspec URLs (``memory://``, ``file://``, ``s3://`` …): they
are listed here and read by whichever process runs the task.
"""

from __future__ import annotations

import ctypes
import fnmatch
import itertools
import multiprocessing
import os
import signal
import sys
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from .discover import Discovery, FoundFile
from .model import FileResult, Options
from .pipeline import read_error_result, too_large_result

# A chunk is cut after this many bytes or files: big enough that a task's
# overhead (pickling, scheduling) is small next to the work, small enough
# that progress moves often and the in-order window stays short.
CHUNK_BYTES = 256 * 1024
CHUNK_MAX_FILES = 32
# Chunks in flight per worker.  More hides a slow chunk at the head of the
# queue; each one holds its results in memory until its turn comes.
WINDOW_PER_WORKER = 4

Task = Callable[..., Any]


def chunk_files(files: Iterable[FoundFile]) -> Iterator[list[FoundFile]]:
    """Consecutive files, cut by size, so path order survives."""
    chunk: list[FoundFile] = []
    size = 0
    for f in files:
        chunk.append(f)
        size += f.size_bytes
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_MAX_FILES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class Engine(Protocol):
    workers: int

    def map_ordered(self, task: Task, chunks: Iterable[Any], *args: Any) -> Iterator[Any]: ...

    def close(self) -> None: ...


class SerialEngine:
    workers = 1

    def map_ordered(self, task: Task, chunks: Iterable[Any], *args: Any) -> Iterator[Any]:
        for chunk in chunks:
            yield task(chunk, *args)

    def close(self) -> None:
        pass


def _warm_worker() -> None:
    # Start-up work once per worker, before the first file: importing the
    # pipeline compiles the rule patterns; the OpenCC dictionaries load here.
    from . import normalize, pipeline  # noqa: F401

    normalize.to_matching("經費")


def _ordered(
    submit: Callable[[Any], Any],
    result_of: Callable[[Any], Any],
    chunks: Iterable[Any],
    window: int,
) -> Iterator[Any]:
    pending: deque[Any] = deque()
    it = iter(chunks)
    for chunk in it:
        pending.append(submit(chunk))
        if len(pending) >= window:
            break
    while pending:
        head = pending.popleft()
        for chunk in it:
            pending.append(submit(chunk))
            break
        yield result_of(head)


# While a result is awaited, ``tick`` is called this often (seconds): a
# progress bar redrawn only when results arrive would stop its clock during a
# slow chunk.
TICK_SECONDS = 0.25


def _await(future: Any, tick: Callable[[], None] | None) -> Any:
    """The future's result, calling ``tick`` while it is not ready yet."""
    if tick is None:
        return future.result()
    while True:
        try:
            return future.result(timeout=TICK_SECONDS)
        except TimeoutError:
            tick()


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel send SIGTERM to this worker when the process
    that started it dies, even by SIGKILL (an OOM kill, `timeout -s KILL`):
    a worker left alone would wait on its pipe for ever."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # pragma: no cover - an unusual libc
        return
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request was made


# prctl(2): the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1


def _pool_worker_init(parent: int | None = None) -> None:
    # Ctrl-C on a terminal sends SIGINT to the whole process group.  Only the
    # parent should react (it cleans up and exits 130); workers that raised
    # KeyboardInterrupt too would each print a traceback and break the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the parent's SIGTERM handler (which raises
    # KeyboardInterrupt); the pool would catch that as a task's error and
    # keep the worker alive, so the parent's terminate() must kill instead.
    # The worker was forked with SIGTERM blocked (``PoolEngine._new_pool``):
    # one sent before this point waits, and kills it now.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    if parent is not None:
        _die_with_parent(parent)
    _warm_worker()


def _ready() -> None:
    """A task that does nothing: submitting it makes the pool fork its workers."""


class PoolEngine:
    """A local process pool that survives a worker killed mid-task.

    When a worker dies (the kernel's OOM killer, a segfault in a native
    library), every chunk in flight is lost.  Those chunks run again one file
    per task in a fresh pool; a file whose task kills its worker a second
    time gets ``on_crash(file)`` as its result, and the run goes on.
    """

    def __init__(
        self,
        jobs: int,
        on_crash: Callable[[Any], Any] | None = None,
        tick: Callable[[], None] | None = None,
    ) -> None:
        self.workers = jobs
        self._on_crash = on_crash
        self._tick = tick
        self._pool = self._new_pool()
        self._finished = False
        self.crashes = 0  # pools lost to a dead worker

    def _new_pool(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=self.workers, initializer=_pool_worker_init, initargs=(os.getpid(),)
        )
        if multiprocessing.get_start_method() != "fork" or not hasattr(signal, "pthread_sigmask"):
            return pool  # spawned workers start afresh, with no handler of ours
        # Fork every worker now, before the pool's own thread starts, and with
        # SIGTERM blocked: until its initializer runs, a worker still has this
        # process's handler, which would make the signal an exception.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        try:
            pool.submit(_ready)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return pool

    def _restart(self) -> None:
        self.crashes += 1
        manager = getattr(self._pool, "_executor_manager_thread", None)
        self._pool.shutdown(wait=False, cancel_futures=True)
        # The new pool forks its workers: the broken pool's thread, which is
        # only stopping the dead pool's workers, must not be running then.
        if manager is not None:
            manager.join(timeout=5)
        self._pool = self._new_pool()

    def map_ordered(self, task: Task, chunks: Iterable[Any], *args: Any) -> Iterator[Any]:
        window = self.workers * WINDOW_PER_WORKER

        def results() -> Iterator[Any]:
            it = iter(chunks)
            pending: deque[tuple[Any, Future[Any]]] = deque()
            for chunk in itertools.islice(it, window):
                pending.append((chunk, self._pool.submit(task, chunk, *args)))
            while pending:
                chunk, future = pending.popleft()
                fresh = list(itertools.islice(it, 1))  # keeps the window full while waiting
                try:
                    # A pool whose worker died refuses new work at once: the
                    # submission is as likely as the result to find out.
                    for nxt in fresh:
                        pending.append((nxt, self._pool.submit(task, nxt, *args)))
                    fresh = []
                    result = _await(future, self._tick)
                except BrokenProcessPool:
                    if self._on_crash is None:
                        raise
                    lost = [chunk, *(c for c, _ in pending), *fresh]
                    pending.clear()
                    self._restart()
                    for c in lost:
                        yield [r for item in c for r in self._alone(task, item, args)]
                    for nxt in itertools.islice(it, window):
                        pending.append((nxt, self._pool.submit(task, nxt, *args)))
                    continue
                yield result
            self._finished = True

        return results()

    def _alone(self, task: Task, item: Any, args: tuple[Any, ...]) -> Any:
        """One file's results from a task of its own; ``on_crash`` if it kills the worker."""
        assert self._on_crash is not None
        try:
            return self._pool.submit(task, [item], *args).result()
        except BrokenProcessPool:
            self._restart()
            return [self._on_crash(item)]

    def close(self) -> None:
        if self._finished:
            self._pool.shutdown(wait=True, cancel_futures=True)
            return
        # Interrupted or failed: nobody will read the chunks still running,
        # and waiting for them could take long (one hostile file).  Cancel what
        # is queued and stop the workers now.
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        results = getattr(self._pool, "_result_queue", None)
        manager = getattr(self._pool, "_executor_manager_thread", None)
        self._pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            if proc.is_alive():
                proc.terminate()
        for proc in processes:
            proc.join(timeout=5)
            if proc.is_alive():  # the pool joins its workers at exit: none may linger
                proc.kill()
                proc.join(timeout=5)
        # A worker killed while sending a result leaves half a message in the
        # result pipe, and the pool's thread would wait for the rest for ever
        # (and the interpreter for that thread at exit).  With every worker
        # gone, closing this process's writing end turns the wait into an
        # end of file, which the pool reads as a broken pool and stops.
        writer = getattr(results, "_writer", None)
        if writer is not None and not any(p.is_alive() for p in processes):
            writer.close()
        # Let that thread finish now: racing it at interpreter exit, the pool's
        # exit hook can write to a pipe the thread is closing.
        if manager is not None:
            manager.join(timeout=5)


class DaskEngine:
    """Tasks on a Dask cluster: an existing one (``scheduler``) or a local one."""

    def __init__(
        self,
        scheduler: str | None,
        jobs: int,
        processes: bool = True,
        tick: Callable[[], None] | None = None,
    ) -> None:
        self._tick = tick
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EngineUnavailable(
                "--engine dask needs the optional extra: pip install 'kepu-scorecard[dask]'"
            ) from exc
        self._cluster: Any = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
            )
            self._client = Client(self._cluster)
        self._client.run(_warm_worker)
        self.workers = max(1, sum(self._client.nthreads().values()))

    def map_ordered(self, task: Task, chunks: Iterable[Any], *args: Any) -> Iterator[Any]:
        def submit(chunk: Any) -> Any:
            # pure=False: two chunks with equal arguments are still two tasks.
            return self._client.submit(task, chunk, *args, pure=False)

        def result_of(future: Any) -> Any:
            try:
                return _await(future, self._tick)
            finally:
                future.release()

        return _ordered(submit, result_of, chunks, self.workers * WINDOW_PER_WORKER)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


class EngineUnavailable(Exception):
    """The engine asked for cannot be started (missing extra, bad address)."""


def make_engine(
    engine: str,
    jobs: int,
    scheduler: str | None = None,
    n_files: int = 0,
    on_crash: Callable[[Any], Any] | None = None,
    tick: Callable[[], None] | None = None,
) -> Engine:
    """The engine asked for; ``on_crash(file)`` is a file's result when its
    worker process dies (local pool only); ``tick()`` is called while a
    result is awaited (not by the serial engine, which awaits nothing)."""
    if engine == "dask":
        return DaskEngine(scheduler, jobs, tick=tick)
    if engine != "local":
        raise EngineUnavailable(f"no engine {engine!r} (local | dask)")
    if jobs <= 1 or n_files <= 1:
        return SerialEngine()
    return PoolEngine(jobs, on_crash, tick)


# --------------------------------------------------------------------------
# fsspec sources


def is_url(source: object) -> bool:
    return isinstance(source, str) and "://" in source


def discover_url(url: str, pattern: str = "*.txt") -> Discovery:
    """``discover.discover_files`` for an fsspec URL: same matching, same order.

    Folders (prefixes) are listed one at a time, as on a local disk, so a
    bucket of millions of objects is never held as one listing.
    """
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    root = root.rstrip("/")
    protocol = url.split("://", 1)[0]
    return Discovery.from_walk(lambda: _walk_url(fs, root, protocol, pattern))


def _walk_url(fs: Any, root: str, protocol: str, pattern: str) -> Iterator[FoundFile | None]:
    """Files under ``root`` in path order (None for each file the glob skips)."""
    match_path = "/" in pattern
    stack = [iter(_url_listing(fs, root, ""))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        key, rel, full, size, is_dir = entry
        if is_dir:
            stack.append(iter(_url_listing(fs, full, rel + "/")))
        elif fnmatch.fnmatchcase(rel if match_path else key, pattern):
            yield FoundFile(rel, f"{protocol}://{full}", size)
        else:
            yield None


def _url_listing(fs: Any, path: str, prefix: str) -> list[tuple[str, str, str, int, bool]]:
    """(sort key, relative path, full path, size, is a folder) of one folder, sorted
    as ``discover`` sorts a local one (a folder under its name plus ``/``)."""
    entries = []
    for info in fs.ls(path, detail=True):
        full = str(info["name"]).rstrip("/")
        if full == path:
            continue  # some stores list the prefix itself
        name = unicodedata.normalize("NFC", full.rsplit("/", 1)[-1])
        if info.get("type") == "directory":
            entries.append((name + "/", prefix + name, full, 0, True))
        else:
            entries.append((name, prefix + name, full, int(info.get("size") or 0), False))
    entries.sort(key=lambda e: (e[0], e[2]))
    return entries


def url_exists(url: str) -> bool:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    return bool(fs.isdir(root))


def read_url(
    found: FoundFile, options: Options, process: Callable[[str, bytes, Options], FileResult]
) -> FileResult:
    """Read one fsspec file (on the worker) and process it."""
    import fsspec

    limit = int(options.max_file_mb * 1024 * 1024)
    try:
        with fsspec.open(found.abspath, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        return read_error_result(
            found.path, found.size_bytes, "unreadable", "the file vanished during the run"
        )
    except Exception as exc:
        return read_error_result(
            found.path, found.size_bytes, "unreadable", f"cannot read: {type(exc).__name__}: {exc}"
        )
    if len(data) > limit:
        return too_large_result(found.path, max(found.size_bytes, len(data)), options)
    return process(found.path, data, options)
