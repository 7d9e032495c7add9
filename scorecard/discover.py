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


@dataclass(frozen=True)
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
    return unicodedata.normalize("NFC", rel)


def discover_files(root: Path, pattern: str = "*.txt") -> Discovery:
    """Every regular file under ``root`` whose name matches ``pattern``.

    A pattern with a ``/`` is matched against the relative path, otherwise
    against the file name.  Symlinked directories are followed once: a
    directory already seen (same device and inode) is not entered again, so
    symlink loops end.
    """
    root = Path(root)
    found: list[FoundFile] = []
    skipped = 0
    seen_dirs: set[tuple[int, int]] = set()
    match_path = "/" in pattern
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(dirpath) / name
            try:
                fst = full.stat()
            except OSError:
                # A dangling symlink or a file that vanished: still a file we found.
                fst = None
            if fst is not None and not _is_regular(fst.st_mode):
                continue
            rel = relative_path(root, full)
            target = rel if match_path else unicodedata.normalize("NFC", name)
            if not fnmatch.fnmatchcase(target, pattern):
                skipped += 1
                continue
            found.append(FoundFile(rel, str(full), fst.st_size if fst else 0))
    found.sort(key=lambda f: f.path)
    return Discovery(tuple(found), skipped)


def _is_regular(mode: int) -> bool:
    return stat.S_ISREG(mode)
