"""Per-file results kept between runs, for ``convert --incremental``.

An entry is the ``FileResult`` of one file, as ``process_file`` returned it
(before the corpus-wide flags of ``run.finish_file``), keyed by

- the file's relative path (ids are derived from it) and the SHA-256 of its
  bytes, and
- a *salt*: a hash of everything else the result depends on — program
  version, ``rules.rules_hash()``, the source of the ``scorecard`` package
  (a code change without a version bump must not reuse stale results), the
  result-affecting options, and the versions of OpenCC, pyarrow and
  charset-normalizer.

The cache lives outside OUT (default ``$XDG_CACHE_HOME/kepu-scorecard`` or
``~/.cache/kepu-scorecard``).  Entries are written to a temporary file and
renamed into place, so a reader never sees half an entry; an entry that does
not verify (truncated, bit-flipped, written by another format) is treated as
absent and recomputed.  A hit refreshes its entry's modification time; at
the end of an incremental run (at most once a day) entries nobody has read
or written for ``MAX_AGE_DAYS`` are deleted, so entries of older salts and of
files that changed or went away do not pile up.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import re
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .model import FileResult, Options

# Changing how entries are laid out on disk changes this, so old entries are
# never misread.
FORMAT = b"kepu-scorecard-cache/1\n"
DEPENDENCIES = ("opencc", "pyarrow", "charset-normalizer")
# Entries unused for this long are deleted by ``prune``.
MAX_AGE_DAYS = 30
# ``prune`` walks the whole cache, so it runs at most this often.
PRUNE_EVERY_SECONDS = 24 * 3600
_PRUNED_MARKER = ".last-prune"
# What ``ResultCache`` writes: <2 hex digits>/<62 hex digits>.bin
_ENTRY_FOLDER = re.compile(r"[0-9a-f]{2}")
_ENTRY_FILE = re.compile(r"[0-9a-f]{62}\.bin")
# A temporary file this old belongs to a writer that died.
_STALE_TMP_SECONDS = 3600


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kepu-scorecard"


def _dependency_versions() -> dict[str, str]:
    versions = {}
    for name in DEPENDENCIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def _code_hash() -> str:
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def cache_salt(options: Options) -> str:
    """A hash of everything besides the file that a cached result depends on."""
    from .rules import rules_hash

    parts: dict[str, Any] = {
        "version": __version__,
        "rules": rules_hash(),
        "code": _code_hash(),
        # Only what changes one file's result: the glob picks files, it does
        # not change them, so a new --glob keeps the cache.
        "options": {"max_file_mb": options.max_file_mb},
        "dependencies": _dependency_versions(),
    }
    return hashlib.sha256(repr(sorted(parts.items())).encode()).hexdigest()


@dataclass(frozen=True)
class CacheSpec:
    """What a worker needs to open the cache: small and picklable."""

    directory: str
    salt: str


class ResultCache:
    def __init__(self, spec: CacheSpec) -> None:
        self.directory = Path(spec.directory)
        self.salt = spec.salt

    def _path(self, relpath: str, data: bytes) -> Path:
        h = hashlib.sha256(self.salt.encode())
        h.update(b"\0" + relpath.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(data).digest())
        key = h.hexdigest()
        return self.directory / key[:2] / f"{key[2:]}.bin"

    def get(self, relpath: str, data: bytes) -> FileResult | None:
        """The cached result, or None when absent or unreadable in any way."""
        path = self._path(relpath, data)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        head = len(FORMAT)
        if not blob.startswith(FORMAT) or len(blob) < head + 32:
            return None
        digest, payload = blob[head : head + 32], blob[head + 32 :]
        if hashlib.sha256(payload).digest() != digest:
            return None
        try:
            result = pickle.loads(zlib.decompress(payload))
        except Exception:  # a bad entry is a miss, whatever broke in it
            return None
        if not isinstance(result, FileResult):
            return None
        try:
            os.utime(path)  # in use: not for ``prune``
        except OSError:
            pass
        return result

    def put(self, relpath: str, data: bytes, result: FileResult) -> None:
        """Store atomically; a cache that cannot be written only costs speed."""
        path = self._path(relpath, data)
        payload = zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1)
        blob = FORMAT + hashlib.sha256(payload).digest() + payload
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
            tmp = None
        except OSError:
            pass
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


def prune(directory: Path, now: float | None = None, force: bool = False) -> int:
    """Delete entries unused for ``MAX_AGE_DAYS``; returns how many went.

    Runs at most once per ``PRUNE_EVERY_SECONDS`` (a marker file keeps the
    time) unless ``force``.  Anything it cannot delete stays; pruning only
    ever costs a later run the time to recompute an entry.
    """
    now = time.time() if now is None else now
    marker = Path(directory) / _PRUNED_MARKER
    try:
        if not force and now - marker.stat().st_mtime < PRUNE_EVERY_SECONDS:
            return 0
    except OSError:
        pass  # never pruned (or no cache yet)
    if not Path(directory).is_dir():
        return 0
    cutoff = now - MAX_AGE_DAYS * 86400
    removed = 0
    try:
        subs = [e for e in os.scandir(directory) if _ENTRY_FOLDER.fullmatch(e.name)]
    except OSError:
        return 0
    for sub in subs:
        try:
            if not sub.is_dir(follow_symlinks=False):
                continue
            entries = list(os.scandir(sub.path))
        except OSError:
            continue  # a folder this process may not read: someone else's
        for entry in entries:
            name = entry.name
            if _ENTRY_FILE.fullmatch(name):
                limit = cutoff
            elif name.startswith(".tmp-"):
                limit = now - _STALE_TMP_SECONDS
            else:
                continue  # not a file the cache writes
            try:
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
    try:
        marker.touch()
        os.utime(marker, (now, now))
    except OSError:
        pass
    return removed
