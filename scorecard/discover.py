"""Stage 1a: find the files of a run.

Walks IN recursively without following directory symlinks into loops, keeps
regular files whose name matches the glob, and gives each its stable id.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)  # slots: one of these per file stays in memory
class FoundFile:
    path: str  # relative to IN, POSIX separators, NFC
    abspath: str
    size_bytes: int
    # Why it cannot be read, known from the walk: a folder that cannot be
    # listed (its files are unknown, so it stands for them), a FIFO.
    problem: str | None = None


class Discovery:
    """The files of a run, walked again (in path order) each time it is iterated.

    A first walk only counts them, so that a run of millions of files holds
    one directory listing at a time rather than a list of every file.
    """

    def __init__(
        self,
        walk: Callable[[], Iterator[FoundFile]],
        count: int,
        size_bytes: int,
        skipped: int,
    ) -> None:
        self._walk = walk
        self.count = count  # files found by the counting walk
        self.size_bytes = size_bytes
        self.skipped = skipped  # regular files the glob did not match

    @classmethod
    def from_walk(cls, walk: Callable[[], Iterator[FoundFile | None]]) -> Discovery:
        """Count one walk now; each iteration walks again (None: a file the glob skipped)."""
        count = size = skipped = 0
        for found in walk():
            if found is None:
                skipped += 1
            else:
                count += 1
                size += found.size_bytes

        def files() -> Iterator[FoundFile]:
            return (f for f in walk() if f is not None)

        return cls(files, count, size, skipped)

    def __iter__(self) -> Iterator[FoundFile]:
        return self._walk()

    @property
    def files(self) -> tuple[FoundFile, ...]:
        """Every file, in path order, in memory (for small trees and tests)."""
        return tuple(self._walk())


def file_id_for(relpath: str) -> str:
    """``"f"`` + the first 12 hex digits of sha1 of the relative path.

    >>> file_id_for("a/b.txt")
    'f09a62d2dcd90'
    """
    return "f" + hashlib.sha1(relpath.encode("utf-8")).hexdigest()[:12]


def relative_path(root: Path, path: Path) -> str:
    rel = path.relative_to(root).as_posix()
    return unicodedata.normalize("NFC", printable_name(rel))


def printable_name(name: str) -> str:
    """A file name as valid Unicode.

    Linux names are bytes; Python keeps bytes that are not UTF-8 (names from
    GBK Windows archives) as lone surrogates, which neither sha1 nor Parquet
    accept.  Those bytes are written as ``\\xNN`` escapes instead: the name
    stays readable, deterministic and points at the right file.

    >>> print(printable_name(os.fsdecode(b"a\\xb1\\xe0.txt")))
    a\\xb1\\xe0.txt
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return name


def discover_files(
    root: Path, pattern: str = "*.txt", skip_dir: Callable[[str], bool] | None = None
) -> Discovery:
    """Every regular file under ``root`` whose name matches ``pattern``.

    A pattern with a ``/`` is matched against the relative path, otherwise
    against the file name.  Symlinked directories are followed once: a
    directory already seen (same device and inode) is not entered again, so
    symlink loops end.  The walk keeps its own stack rather than recursing,
    so a tree of any depth is walked (``os.walk`` recurses on Python 3.11 and
    would stop at the recursion limit).  Entries that cannot be examined (a
    dangling symlink, a symlink loop, a file that vanished) are still found:
    reading them later says why they failed.  A folder that cannot be listed
    and a file that is not a regular one (a FIFO, a socket, a device: reading
    it could block for ever) are found too, with the ``problem`` that keeps
    them from being read, so that nothing under IN vanishes without a row.
    Folders for which ``skip_dir(path)`` is true are not entered (OUT, when
    it lies inside IN), and files for which it is true are not found (the
    lock a run keeps beside OUT).
    """
    root = Path(root)
    return Discovery.from_walk(lambda: _walk(root, pattern, skip_dir))


# One entry of a directory listing: (sort key, relative path, relative path
# before numbering, real paths, size, problem).  Real paths is a list for a
# directory (several spellings can share one relative path), one path for a
# file.
_Entry = tuple[str, str, str, Any, int, str | None]


def _walk(
    root: Path, pattern: str, skip_dir: Callable[[str], bool] | None = None
) -> Iterator[FoundFile | None]:
    """Files in path order (None for each file the glob skips).

    Each directory is listed and sorted on its own, a subdirectory under its
    name plus ``/``: every path below it starts with that, so this order is
    the order of the full relative paths, without holding them all.
    """
    match_path = "/" in pattern
    seen_dirs: set[tuple[int, int]] = set()
    stack = [iter(_listing([str(root)], "", seen_dirs))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        key, rel, plain, real, size, problem = entry
        if isinstance(real, list):
            kept = [d for d in real if skip_dir is None or not skip_dir(d)]
            if kept:
                stack.append(iter(_listing(kept, rel + "/", seen_dirs)))
        elif skip_dir is not None and skip_dir(real):
            continue  # a run's own file beside OUT (its lock)
        elif (problem is not None and rel.endswith("/")) or fnmatch.fnmatchcase(
            plain if match_path else key, pattern
        ):
            # (an unlisted folder may hold files the glob takes: always a row)
            yield FoundFile(rel, real, size, problem)
        else:
            yield None


def _listing(dirpaths: list[str], prefix: str, seen_dirs: set[tuple[int, int]]) -> list[_Entry]:
    """The sorted entries of one directory (or of several spellings of one)."""
    subdirs: dict[str, list[str]] = {}
    files: list[tuple[str, str, int, str | None]] = []  # (name, real path, size, problem)
    for dirpath in dirpaths:
        try:
            st = os.stat(dirpath)
            if (st.st_dev, st.st_ino) in seen_dirs:
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
            with os.scandir(dirpath) as it:
                entries = list(it)
        except FileNotFoundError:
            continue  # a folder that vanished during the walk held nothing to read
        except OSError as exc:
            # Its files are unknown: the folder gets the row ("sub/"), so a
            # folder without permission never makes its reports vanish.
            why = f"folder cannot be listed: {exc.strerror or exc}"
            files.append(("", dirpath, 0, why))
            continue
        for entry in entries:
            name = unicodedata.normalize("NFC", printable_name(entry.name))
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.setdefault(name, []).append(entry.path)
                continue
            try:
                fst: os.stat_result | None = entry.stat()
            except OSError:
                fst = None  # a dangling symlink, a symlink loop, or a file that vanished
            problem = None
            if fst is not None and not _is_regular(fst.st_mode):
                problem = f"not a regular file ({_kind(fst.st_mode)}); not read"
            files.append((name, entry.path, fst.st_size if fst and not problem else 0, problem))
    out: list[_Entry] = [
        (name + "/", prefix + name, prefix + name, sorted(paths), 0, None)
        for name, paths in subdirs.items()
    ]
    files.sort()
    # Two names can become one relative path (NFC and NFD spellings of one
    # name, or the escaping of undecodable bytes): number the later ones so
    # that every file keeps a row and an id of its own.
    taken = {name for name, _, _, _ in files}
    previous, n = None, 0
    for name, real, size, problem in files:
        n = n + 1 if name == previous else 1
        previous = name
        rel = prefix + name
        numbered = name
        if n > 1:
            # "#n" that no real file of the folder is already called
            while f"{name}#{n}" in taken:
                n += 1
            numbered = f"{name}#{n}"
            taken.add(numbered)
        out.append((name, prefix + numbered, rel, real, size, problem))
    out.sort(key=lambda e: (e[0], e[3] if isinstance(e[3], str) else ""))
    return out


def _is_regular(mode: int) -> bool:
    return stat.S_ISREG(mode)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"
