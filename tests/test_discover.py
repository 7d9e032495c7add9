"""Discovery walks files in path order without holding the list of all of them."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.discover import discover_files

# Names whose order is easy to get wrong: "a" (a folder) against "a.txt" and
# "a!b.txt" (punctuation sorts before "/"), the NFC and NFD spellings of é,
# digits against letters.
NAMES = ["a", "a.txt", "a!b.txt", "a-1.txt", "b.txt", "é.txt", "e\u0301.txt", "1.txt", "é"]


def reference(root: Path) -> list[tuple[str, str]]:
    """(relative path, real path) of every file, sorted after collecting them all."""
    found = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            real = os.path.join(dirpath, name)
            rel = unicodedata.normalize("NFC", Path(real).relative_to(root).as_posix())
            found.append((rel, real))
    found.sort()
    out, seen = [], {}
    for rel, real in found:
        n = seen[rel] = seen.get(rel, 0) + 1
        out.append((rel if n == 1 else f"{rel}#{n}", real))
    return out


tree = st.lists(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree)
def test_walk_order_is_the_order_of_sorted_paths(paths: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for parts in paths:
            target = root.joinpath(*parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    target.write_text("x", encoding="utf-8")
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                continue  # a name already taken by a file or a folder
        found = discover_files(root, "*")
        walked = [(f.path, f.abspath) for f in found]
        assert walked == reference(root)
        assert found.count == len(walked)
        assert found.size_bytes == len(walked)  # one byte a file
        assert list(found) == list(found)  # each iteration walks again, the same


def test_a_numbered_spelling_never_takes_a_real_files_name(tmp_path: Path) -> None:
    for name in ("é.txt", "e\u0301.txt", "é.txt#2"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    paths = [f.path for f in discover_files(tmp_path, "*")]
    assert len(set(paths)) == 3
    assert "é.txt#2" in paths and "é.txt" in paths


def test_glob_skips_are_counted_and_paths_keep_their_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("12", encoding="utf-8")
    (tmp_path / "a.txt").write_text("1", encoding="utf-8")
    (tmp_path / "notes.md").write_text("1", encoding="utf-8")
    found = discover_files(tmp_path, "*.txt")
    assert [f.path for f in found] == ["a.txt", "sub/b.txt"]
    assert (found.count, found.size_bytes, found.skipped) == (2, 3, 1)
    # A pattern with a / is matched against the relative path.
    assert [f.path for f in discover_files(tmp_path, "sub/*")] == ["sub/b.txt"]


def test_a_url_is_walked_in_the_same_order_as_a_folder(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    from scorecard.engines import discover_url

    # The tricky order: a folder "a" against files "a.txt" and "a!b.txt".
    fs = fsspec.filesystem("memory")
    for parts in (["a.txt"], ["a", "x.txt"], ["a", "a.txt"], ["a!b.txt"], ["b.txt"], ["1.txt"]):
        (tmp_path.joinpath(*parts)).parent.mkdir(parents=True, exist_ok=True)
        tmp_path.joinpath(*parts).write_text("x", encoding="utf-8")
        fs.pipe("/walk-order/" + "/".join(parts), b"x")
    local = [f.path for f in discover_files(tmp_path, "*.txt")]
    assert local == ["1.txt", "a!b.txt", "a.txt", "a/a.txt", "a/x.txt", "b.txt"]
    remote = discover_url("memory://walk-order", "*.txt")
    assert [f.path for f in remote] == local
    assert (remote.count, remote.size_bytes, remote.skipped) == (len(local), len(local), 0)


def test_a_folder_that_cannot_be_listed_gets_a_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("x")
    scandir = os.scandir

    def refuse(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    found = discover_files(tmp_path).files
    assert [f.path for f in found] == ["a.txt", "locked/"]
    assert found[0].problem is None
    assert found[1].problem == "folder cannot be listed: Permission denied"


def test_a_fifo_is_found_with_its_problem(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (found,) = discover_files(tmp_path).files
    assert found.problem == "not a regular file (a FIFO); not read"
