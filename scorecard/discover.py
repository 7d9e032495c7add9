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
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)  # slots: one of these per file stays in memory
class FoundFile:
    path: str  # relative to IN, POSIX separators, NFC
    abspath: str
    size_bytes: int


@dataclass(frozen=True)
class Discovery:
    files: tuple[FoundFile, ...]  # sorted by path
    skipped: int  # regular files the glob did not match


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


def discover_files(root: Path, pattern: str = "*.txt") -> Discovery:
    """Every regular file under ``root`` whose name matches ``pattern``.

    A pattern with a ``/`` is matched against the relative path, otherwise
    against the file name.  Symlinked directories are followed once: a
    directory already seen (same device and inode) is not entered again, so
    symlink loops end.  The walk keeps its own stack rather than recursing,
    so a tree of any depth is walked (``os.walk`` recurses on Python 3.11 and
    would stop at the recursion limit).  Entries that cannot be examined (a
    dangling symlink, a symlink loop, a file that vanished) are still found:
    reading them later says why they failed.
    """
    root = Path(root)
    found: list[FoundFile] = []
    skipped = 0
    seen_dirs: set[tuple[int, int]] = set()
    match_path = "/" in pattern
    stack = [str(root)]
    while stack:
        dirpath = stack.pop()
        try:
            st = os.stat(dirpath)
            if (st.st_dev, st.st_ino) in seen_dirs:
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
            with os.scandir(dirpath) as it:
                entries = list(it)
        except OSError:
            # A directory that vanished or cannot be listed holds nothing we
            # could read; there is no file to give a row to.
            continue
        subdirs: list[str] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(entry.path)
                continue
            try:
                fst: os.stat_result | None = entry.stat()
            except OSError:
                fst = None  # a dangling symlink, a symlink loop, or a file that vanished
            if fst is not None and not _is_regular(fst.st_mode):
                continue  # FIFOs, sockets, devices: reading them could block forever
            rel = relative_path(root, Path(entry.path))
            name = unicodedata.normalize("NFC", printable_name(entry.name))
            target = rel if match_path else name
            if not fnmatch.fnmatchcase(target, pattern):
                skipped += 1
                continue
            found.append(FoundFile(rel, entry.path, fst.st_size if fst else 0))
        # Reverse-sorted onto the stack so directories are entered in name
        # order; the final order comes from the sort below anyway.
        stack.extend(sorted(subdirs, reverse=True))
    found.sort(key=lambda f: (f.path, f.abspath))
    # Two names can become one relative path (NFC and NFD spellings of one
    # name, or the escaping of undecodable bytes): number the later ones so
    # that every file keeps a row and an id of its own.
    seen: dict[str, int] = {}
    for k, f in enumerate(found):
        n = seen[f.path] = seen.get(f.path, 0) + 1
        if n > 1:
            found[k] = FoundFile(f"{f.path}#{n}", f.abspath, f.size_bytes)
    return Discovery(tuple(found), skipped)


def _is_regular(mode: int) -> bool:
    return stat.S_ISREG(mode)
