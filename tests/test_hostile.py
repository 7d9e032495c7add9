"""Hostile input: whatever a folder holds, the run finishes and every file is
accounted for (issue 8).

Each matching regular file is one row of ``files`` with a status and a
reason, and every status other than ok gives an error-level issue.  Parsers
must run in time linear in their input; we cannot assert complexity in a
test, so the per-file work gets long pathological runs under a generous time
guard (measured locally: each case below takes well under 2 s).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import stat
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard import run
from scorecard.clean import clean_text
from scorecard.decode import decode_bytes
from scorecard.discover import discover_files, file_id_for
from scorecard.model import FileResult, Options
from scorecard.pipeline import process_file
from scorecard.schema import RECORD_ID_COLUMN, RECORD_TABLES
from scorecard.validate import RULES

REPORT = (
    "卢氏县科协2010年工作总结\n"
    "一、开展科普培训\n"
    "全年举办农民实用技术培训班12期，培训农民2627人次，发放资料3000份。\n"
    "投入科普经费5万元，用于修建镇科普文化活动中心。\n"
)
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def to_traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


REPORT_B = "板桥镇2011年科普工作总结\n组织科技下乡6次，参加群众1200人次。\n"


def _convert(src: Path, out: Path, **options: Any) -> dict[str, Any]:
    run.convert(src, out, Options(**options), jobs=1)
    return {
        name: pq.read_table(out / f"{name}.parquet").to_pylist()
        for name in ("files", "documents", "issues", *RECORD_TABLES)
    }


def _by_path(tables: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["path"]: row for row in tables["files"]}


def _errors_of(tables: dict[str, Any], file_id: str) -> list[str]:
    return [
        i["rule"] for i in tables["issues"] if i["file_id"] == file_id and i["severity"] == "error"
    ]


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs too long."""

    def _expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s: not linear?")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("报告.txt", REPORT * 20)
    return buf.getvalue()


# ---------------------------------------------------------------- the corpus


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Path]:
    src = tmp_path / "in"
    src.mkdir()
    files: dict[str, bytes] = {
        "ok.txt": REPORT.encode("utf-8"),
        "empty.txt": b"",
        "blank.txt": " \r\n\t \n\u3000\n".encode("utf-8"),
        "bom_only.txt": b"\xef\xbb\xbf\r\n",
        "image.txt": _png(),
        "archive.txt": _zip(),
        "nul.txt": REPORT.encode() + b"\x00\x01\x02" + REPORT.encode(),
        "truncated.txt": REPORT.encode("utf-8")[:-2],  # cut inside the final "。"
        "mixed.txt": REPORT.encode("utf-8") + REPORT_B.encode("gbk"),
        "padded.txt": REPORT.encode("utf-8") + b"\x00" * 20_000,
        "random.txt": bytes((i * 7919 + 13) % 255 + 1 for i in range(4000)),
        "big.txt": (REPORT * 300).encode(),  # > 0.05 MB
        "a b.txt": REPORT.encode(),
        "a;b;c.txt": REPORT.encode(),
        "中文 报告（一）.txt": REPORT.encode(),
        'it\'s "quoted".txt': REPORT.encode(),
        "$(touch pwned) `id` | & > <.txt": REPORT.encode(),
        "new\nline.txt": REPORT.encode(),
        "folder.txt/inside.txt": REPORT.encode(),
    }
    for rel, data in files.items():
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    # A name that is not UTF-8 (GBK "报告", from a Windows archive).
    with open(os.path.join(os.fsencode(src), b"\xb1\xa8\xb8\xe6.txt"), "wb") as fh:
        fh.write(REPORT.encode())
    # A tree deeper than Python's recursion limit.
    deep = src
    for _ in range(1100):  # os.makedirs recurses too
        deep = deep / "d"
        deep.mkdir()
    (deep / "deep.txt").write_bytes(REPORT.encode())
    # Symlinks: a loop of directories, a loop of files, a dangling one.
    (src / "loop").symlink_to(src, target_is_directory=True)
    (src / "sub").mkdir()
    (src / "sub" / "back").symlink_to("..", target_is_directory=True)
    (src / "cycle_a.txt").symlink_to("cycle_b.txt")
    (src / "cycle_b.txt").symlink_to("cycle_a.txt")
    (src / "dangling.txt").symlink_to("nowhere/at/all.txt")
    # Not a regular file: reading a FIFO would block forever.
    os.mkfifo(src / "pipe.txt")
    yield src
    # shutil.rmtree recurses too: pytest's clean-up of old temp folders would
    # print a RecursionError at exit, so the deep tree goes bottom-up here.
    levels = []
    level = src / "d"
    while level.is_dir():
        levels.append(level)
        level = level / "d"
    for level in reversed(levels):
        for child in level.iterdir():
            if not child.is_dir():
                child.unlink()
        level.rmdir()


EXPECTED_STATUS = {
    "ok.txt": "ok",
    "empty.txt": "empty",
    "blank.txt": "empty",
    "bom_only.txt": "empty",
    "image.txt": "binary",
    "archive.txt": "binary",
    "nul.txt": "binary",
    "truncated.txt": "ok",
    "mixed.txt": "ok",
    "padded.txt": "ok",
    "random.txt": "decode_error",
    "big.txt": "too_large",
    "a b.txt": "ok",
    "a;b;c.txt": "ok",
    "中文 报告（一）.txt": "ok",
    'it\'s "quoted".txt': "ok",
    "$(touch pwned) `id` | & > <.txt": "ok",
    "new\nline.txt": "ok",
    "folder.txt/inside.txt": "ok",
    "\\xb1\\xa8\\xb8\\xe6.txt": "ok",
    "/".join(["d"] * 1100) + "/deep.txt": "ok",
    "cycle_a.txt": "unreadable",
    "cycle_b.txt": "unreadable",
    "dangling.txt": "unreadable",
    "pipe.txt": "unreadable",  # a FIFO: a row, never read
}


def test_every_hostile_file_is_one_row_with_a_status(hostile: Path, tmp_path: Path) -> None:
    with time_limit(120):
        tables = _convert(hostile, tmp_path / "out", max_file_mb=0.05)
    rows = _by_path(tables)
    assert {p: r["status"] for p, r in rows.items()} == EXPECTED_STATUS
    assert len(tables["files"]) == len(EXPECTED_STATUS)  # loops walked once
    for row in tables["files"]:
        assert row["file_id"] == file_id_for(row["path"])
        if row["status"] == "ok":
            assert row["error"] is None
            continue
        # A human-readable reason and an error-level issue for every failure.
        assert row["error"] and len(row["error"]) > 5, row
        assert _errors_of(tables, row["file_id"]), row
    assert "vanished" not in rows["dangling.txt"]["error"]
    assert "dangling" in rows["dangling.txt"]["error"]
    assert "symbolic links" in rows["cycle_a.txt"]["error"]
    assert "--max-file-mb" in rows["big.txt"]["error"]
    assert rows["big.txt"]["size_bytes"] == len((REPORT * 300).encode())
    assert not (hostile.parent / "pwned").exists()
    # Files that decoded with a caveat say so in a warning.
    warned = {i["file_id"] for i in tables["issues"] if i["rule"] == "decode_warning"}
    for name in ("truncated.txt", "mixed.txt", "padded.txt"):
        assert rows[name]["file_id"] in warned, name
    # Files with awkward names still give their records.
    n_docs = {r["path"]: r["n_documents"] for r in tables["files"]}
    assert n_docs["$(touch pwned) `id` | & > <.txt"] == n_docs["ok.txt"] >= 1
    # The writer's own check of the result passes.
    from scorecard.check import check_dataset

    assert check_dataset(tmp_path / "out")["ok"]


def test_statuses_and_rules_are_the_specs() -> None:
    assert set(EXPECTED_STATUS.values()) <= {
        "ok",
        "empty",
        "binary",
        "too_large",
        "decode_error",
        "unreadable",
    }
    for status in ("empty", "binary", "too_large", "decode_error", "unreadable"):
        assert RULES[f"file_{status}"][0] == "error"
    assert RULES["file_failed"][0] == "error"


def test_symlink_loops_end_and_directories_named_txt_are_not_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    (src / "a" / "b" / "up").symlink_to(src, target_is_directory=True)
    (src / "a" / "self").symlink_to(".", target_is_directory=True)
    (src / "x.txt").mkdir()
    (src / "x.txt" / "y.txt").write_text(REPORT, encoding="utf-8")
    with time_limit(10):
        found = discover_files(src)
    assert [f.path for f in found.files] == ["x.txt/y.txt"]


# ---------------------------------------------------------------- decoding


def test_truncated_utf8_keeps_the_text_and_warns() -> None:
    data = "县科协举办培训班".encode()[:-1]
    decoded = decode_bytes(data)
    assert decoded.status == "ok"
    assert decoded.text == "县科协举办培训"
    assert decoded.warning and "truncated" in decoded.warning


def test_mixed_utf8_and_gbk_halves_are_decoded_line_by_line() -> None:
    # Decision: recover the text, per line, and warn (decode_warning), rather
    # than refuse the file: a valid UTF-8 line with several multi-byte
    # characters is practically never GBK by chance, so the result is reliable.
    decoded = decode_bytes(REPORT.encode("utf-8") + REPORT_B.encode("gbk"))
    assert decoded.status == "ok"
    assert decoded.encoding == "utf-8+gb18030"
    assert decoded.text == REPORT + REPORT_B
    assert decoded.warning and "mixed encodings" in decoded.warning
    result = process_file("mixed.txt", REPORT.encode("utf-8") + REPORT_B.encode("gbk"))
    evidence = [r["evidence"] for rows in result.records.values() for r in rows]
    assert any("1200人次" in e for e in evidence)  # from the GBK half
    assert any("2627人次" in e for e in evidence)  # from the UTF-8 half


def test_a_gbk_file_is_not_mistaken_for_a_mix() -> None:
    decoded = decode_bytes((REPORT + REPORT_B).encode("gbk"))
    assert (decoded.status, decoded.encoding, decoded.warning) == ("ok", "gb18030", None)


def _cjk_only(text: str) -> str:
    return "".join(c for c in text if ord(c) > 0x7F)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_utf16_without_bom_or_ascii_is_still_utf16(codec: str, name: str) -> None:
    # No BOM and no ASCII means no NUL byte to tell UTF-16 by, and GB18030
    # decodes most short such files into nonsense: the whole file, and every
    # line of ten characters or more on its own, must come back as written.
    text = _cjk_only(decode_bytes((SAMPLES / name).read_bytes()).text or "")
    lines = [
        _cjk_only(line)
        for line in (decode_bytes((SAMPLES / name).read_bytes()).text or "").splitlines()
    ]
    for piece in [text, *(line for line in lines if len(line) >= 10)]:
        decoded = decode_bytes(piece.encode(codec))
        assert (decoded.status, decoded.encoding, decoded.text) == ("ok", "utf-16", piece)


@pytest.mark.parametrize("codec", ["gb18030", "big5"])
def test_legacy_files_of_even_length_stay_legacy(codec: str) -> None:
    text = _cjk_only(REPORT + REPORT_B)
    if codec == "big5":
        text = to_traditional(text)
    data = text.encode(codec, errors="ignore")
    data = data if len(data) % 2 == 0 else data + b"\n"
    assert decode_bytes(data).encoding == codec


def test_nul_bytes_anywhere_mean_binary_but_trailing_padding_is_dropped() -> None:
    late_nul = REPORT.encode() * 500 + b"\x00" + REPORT.encode()
    assert len(late_nul) > 8192
    assert decode_bytes(late_nul).status == "binary"
    padded = decode_bytes(REPORT.encode() + b"\x00" * 100)
    assert padded.status == "ok" and padded.text == REPORT
    assert padded.warning == "100 trailing NUL bytes dropped"


@pytest.mark.parametrize(
    "data, status",
    [
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"\xff\xfe", "empty"),
        (b"\xff\xfe" + "  \n".encode("utf-16-le"), "empty"),
        (b"\x89PNG\r\n\x1a\n", "binary"),
        (b"PK\x03\x04\x14\x00", "binary"),
        (b"%PDF-1.4\n", "binary"),
        (b"\x00\x00\x00\x00", "binary"),
        (b"\xff\xfe" + b"\x00\xd8", "decode_error"),  # a lone UTF-16 surrogate
    ],
)
def test_decode_statuses(data: bytes, status: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.status == status
    assert (decoded.text is None) == (status != "ok")
    if status != "ok":
        assert decoded.error


# ---------------------------------------------------------------- reading


def test_too_large_files_are_not_read_into_memory(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    found = discover_files(tmp_path).files[0]
    tracemalloc.start()
    try:
        result = run._process_found(found, Options(max_file_mb=100))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.file_row["status"] == "too_large"
    assert result.file_row["size_bytes"] == 200 * 1024 * 1024
    assert peak < 5 * 1024 * 1024


def test_unreadable_and_vanished_files_are_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "denied.txt", "gone.txt", "z.txt"):
        (src / name).write_text(REPORT, encoding="utf-8")
    real_open = os.open

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        # Tests run as root, where permission bits do not stop a read.
        if str(path).endswith("denied.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        if str(path).endswith("a.txt") and (src / "gone.txt").exists():
            # Its directory was listed before a.txt is read: gone.txt
            # vanishes between discovery and reading.
            (src / "gone.txt").unlink()
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(run.os, "open", fake_open)
    tables = _convert(src, tmp_path / "out")
    rows = _by_path(tables)
    assert rows["a.txt"]["status"] == rows["z.txt"]["status"] == "ok"
    assert rows["denied.txt"]["status"] == "unreadable"
    assert rows["denied.txt"]["error"] == "cannot read: Permission denied"
    assert rows["gone.txt"]["status"] == "unreadable"
    assert rows["gone.txt"]["error"] == "the file vanished during the run"
    for name in ("denied.txt", "gone.txt"):
        assert _errors_of(tables, rows[name]["file_id"]) == ["file_unreadable"]


def test_a_file_replaced_by_a_fifo_does_not_block(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    found = discover_files(tmp_path).files[0]
    (tmp_path / "a.txt").unlink()
    os.mkfifo(tmp_path / "a.txt")
    with time_limit(10):
        result = run._process_found(found, Options())
    assert result.file_row["status"] == "unreadable"
    assert "regular file" in result.file_row["error"]


# ---------------------------------------------------------------- one file fails


def test_one_failing_file_never_stops_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "boom.txt", "badcodec.txt", "toobig.txt", "z.txt"):
        (src / name).write_text(REPORT, encoding="utf-8")
    real = run.cached_process_file

    def flaky(relpath: str, data: bytes, options: Options | None = None) -> FileResult:
        if relpath == "boom.txt":
            raise RuntimeError("boom")
        if relpath == "badcodec.txt":
            raise UnicodeDecodeError("gb18030", b"\x81", 0, 1, "illegal multibyte sequence")
        result = real(relpath, data, options)
        if relpath == "toobig.txt":
            result.documents[0]["year"] = 2**40  # no int32 column holds it
        return result

    monkeypatch.setattr(run, "cached_process_file", flaky)
    tables = _convert(src, tmp_path / "out")
    rows = _by_path(tables)
    assert [r["path"] for r in tables["files"]] == sorted(rows)
    assert rows["a.txt"]["status"] == rows["z.txt"]["status"] == "ok"
    boom = rows["boom.txt"]
    assert boom["status"] == "unreadable"
    assert boom["error"] == "internal error: RuntimeError: boom"
    assert boom["sha256"] is not None
    assert _errors_of(tables, boom["file_id"]) == ["file_failed"]
    assert rows["badcodec.txt"]["status"] == "decode_error"
    assert _errors_of(tables, rows["badcodec.txt"]["file_id"]) == ["file_decode_error"]
    big = rows["toobig.txt"]
    assert big["status"] == "unreadable" and "does not fit" in big["error"]
    # The failed files contributed nothing half-made.
    failed = {boom["file_id"], big["file_id"], rows["badcodec.txt"]["file_id"]}
    assert not [d for d in tables["documents"] if d["file_id"] in failed]


def test_cli_exits_0_with_failed_files_and_1_with_strict(hostile: Path, tmp_path: Path) -> None:
    from scorecard_cli.main import app
    from typer.testing import CliRunner

    out = tmp_path / "out"
    args = ["convert", str(hostile), "-o", str(out), "-j", "1", "-q", "--max-file-mb", "0.05"]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert CliRunner().invoke(app, [*args, "--strict"]).exit_code == 1


def test_cli_reports_an_internal_failure_of_the_run_as_exit_3(
    samples_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scorecard_cli import main
    from typer.testing import CliRunner

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the pool broke")

    monkeypatch.setattr(main, "run_convert", broken)
    res = CliRunner().invoke(main.app, ["convert", str(samples_copy), "-o", str(tmp_path / "o")])
    assert res.exit_code == 3
    assert "internal error: RuntimeError: the pool broke" in res.output


# ---------------------------------------------------------------- numbers


def test_numbers_too_large_for_int64_are_issues_not_crashes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "huge.txt").write_text(
        "县科协2010年工作总结\n"
        "全年培训99999999999999999999人次。\n"
        "投入经费999999999999999999亿元。\n"
        "举办培训班99999999999期，培训农民200人。\n"
        "投入经费" + "9" * 400 + "亿元。\n",
        encoding="utf-8",
    )
    tables = _convert(src, tmp_path / "out")
    assert tables["files"][0]["status"] == "ok"
    rules = {i["rule"] for i in tables["issues"]}
    assert "overflow" in rules
    assert "implausible_amount" in rules
    for row in tables["trainings"]:
        assert row["trainees"] is None or row["trainees"] < 2**63
        assert row["sessions"] is None or row["sessions"] < 2**31
    money = [r for r in tables["funding"] if "999999999999999999亿" in r["evidence"]]
    assert money and money[0]["amount_text"]


# ---------------------------------------------------------------- linear time

LONG = 100_000


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("培训" + "1" * LONG + "人次。", id="digits"),
        pytest.param("投入" + "１" * LONG + "万元。", id="fullwidth-digits"),
        pytest.param("培训" + "、" * LONG + "人次。", id="dun"),
        pytest.param("培训1" + "余" * LONG + "人次。", id="yu"),
        pytest.param("\n" * LONG, id="newlines"),
        pytest.param("培训\n" * (LONG // 3), id="wrapped-lines"),
        pytest.param("1、" * (LONG // 2), id="numbered-headings"),
        pytest.param("一、" * (LONG // 2), id="cn-headings"),
        pytest.param("(一)" * (LONG // 3), id="paren-headings"),
        pytest.param("一二三四五六七八九十百千万亿" * (LONG // 14), id="cn-numerals"),
        pytest.param("×" * LONG, id="mask"),
        pytest.param("1." * (LONG // 2), id="dots"),
        pytest.param("篇一\n" * (LONG // 3), id="many-reports"),
        pytest.param("2010年1月" * (LONG // 7), id="dates"),
    ],
)
def test_process_file_is_linear_on_long_runs(text: str) -> None:
    with time_limit(20):  # ~1 s each when linear; minutes when quadratic
        result = process_file("long.txt", text.encode("utf-8"))
    assert result.file_row["status"] in ("ok", "empty")


def test_a_single_line_of_megabytes() -> None:
    # 3 MB of prose with a figure now and then, no line break: ~4 s locally.
    prose = "县科协积极开展科普宣传活动，提高了群众的科学素质，2010年取得了明显成效。" * 50
    block = prose + "举办农民实用技术培训班3期，培训120人次，投入经费5万元。"
    line = block * (3_000_000 // len(block.encode()))
    with time_limit(60):
        result = process_file("one_line.txt", line.encode("utf-8"))
    assert result.file_row["status"] == "ok"
    assert result.records["trainings"]
    assert all(r["line"] == r["line_end"] == 1 for r in result.records["trainings"])


def test_a_record_dense_line_is_linear() -> None:
    sentence = "县科协举办农民实用技术培训班3期，培训120人次，投入经费5万元。"
    line = sentence * (600_000 // len(sentence.encode()))
    with time_limit(8):
        process_file("dense.txt", line.encode("utf-8"))


# Shapes that once made extraction quadratic (one sentence of thousands of
# clauses or figures, a report dense with records): each must stay linear.
def test_one_sentence_of_many_clauses_is_linear() -> None:
    with time_limit(3):
        process_file("clauses.txt", ("培训120人次，" * 3000).encode())


def test_many_separated_figures_in_one_sentence_are_linear() -> None:
    with time_limit(3):
        process_file("figures.txt", ("投入" + "1," * 20_000 + "万元").encode())


def test_spaced_figures_are_linear() -> None:
    with time_limit(3):
        process_file("spaced.txt", ("培训1 " * 20_000).encode())


# ---------------------------------------------------------------- CSV injection

FORMULAS = ["=", "+", "-", "@", "\t", "\r"]


def test_formula_cells_are_neutralized_in_csv_and_raw_in_parquet(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i, lead in enumerate(FORMULAS):
        (src / f"{lead}cmd{i}.txt").write_text(REPORT, encoding="utf-8")
    (src / "title.txt").write_text(
        '=HYPERLINK("x")县科协工作总结\n'
        "=举办农民实用技术培训班3期，培训120人次。\n"
        "+投入经费5万元。\n"
        "-举办科普讲座2次，参加群众300人。\n"
        "@开展科技下乡6次，受益群众1000人。\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    tables = _convert(src, out)
    import csv

    def csv_rows(name: str) -> list[dict[str, str]]:
        with open(out / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))

    # File names (and the issue messages quoting them).
    paths = {r["path"] for r in tables["files"]}
    for i, lead in enumerate(FORMULAS):
        assert f"{lead}cmd{i}.txt" in paths  # raw in Parquet
    csv_paths = {r["path"] for r in csv_rows("files")}
    for i, lead in enumerate(FORMULAS):
        assert f"'{lead}cmd{i}.txt" in csv_paths
    # Titles and evidence.
    title = next(
        d["title"] for d in tables["documents"] if d["title"] and "HYPERLINK" in d["title"]
    )
    assert title.startswith("=HYPERLINK")
    assert title and "'" + title in {r["title"] for r in csv_rows("documents")}
    raw_evidence = {r["evidence"] for t in RECORD_TABLES for r in tables[t]}
    csv_evidence = {r["evidence"] for t in RECORD_TABLES for r in csv_rows(t)}
    leads = {e[0] for e in raw_evidence} & {"=", "+", "-", "@"}
    assert leads == {"=", "+", "-", "@"}, raw_evidence
    for evidence in raw_evidence:
        expected = "'" + evidence if evidence[0] in "=+-@\t\r" else evidence
        assert expected in csv_evidence
    for row in csv_rows("issues") + csv_rows("files") + csv_rows("documents"):
        for value in row.values():
            assert not value.startswith(tuple(FORMULAS)), value
    # Numbers are not text: negative or not, they are never prefixed.
    from scorecard.write import csv_cell

    assert csv_cell(-5) == "-5" and csv_cell(-1.5) == "-1.50"


# ---------------------------------------------------------------- fuzzing

ALPHABET = st.sampled_from(
    list("县科协镇村举办培训班期场次人名余多近约万亿千百十一二三四五六七八九〇两元份册幅套")
    + list("0123456789０１２３４５６７８９.。，、；：（）()《》\"'-~—至到xX×*")
    + list("年月日号其中计划将拟投入经费资金科普活动讲座展览下乡")
    + ["\n", "\r\n", " ", "\u3000", "\t", "篇一", "一、", "(一)", "1、", "1.", "第一、", "一是"]
    + ["第1页", "共3页", "下载本文档", "扩展阅读:", "版权说明", "網(wǎng)絡", "`"]
    + ["經費", "萬元", "縣", "201*", "20xx", "XX年", "××", "\ufeff", "\x0c", "\u2028"]
)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def _check_invariants(data: bytes, result: FileResult) -> None:
    decoded = decode_bytes(data)
    row = result.file_row
    assert row["status"] == decoded.status or row["status"] in {"too_large"}
    if row["status"] != "ok":
        assert row["error"]
        assert result.issues and result.issues[0]["severity"] == "error"
        return
    text = decoded.text
    assert text is not None
    n_lines = text.count("\n") + 1
    ids: set[str] = set()
    for table in RECORD_TABLES:
        for rec in result.records[table]:
            assert rec["evidence"] in text
            assert 1 <= rec["line"] <= rec["line_end"] <= n_lines
            rid = rec[RECORD_ID_COLUMN[table]]
            assert rid not in ids
            ids.add(rid)
    docs = [d["doc_id"] for d in result.documents]
    assert len(docs) == len(set(docs))
    for doc in result.documents:
        assert 1 <= doc["line_start"] <= doc["line_end"] <= n_lines
    issue_ids = [i["issue_id"] for i in result.issues]
    assert len(issue_ids) == len(set(issue_ids))
    run.conform(result)  # every value fits its column


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzz_process_file_on_bytes(data: bytes) -> None:
    _check_invariants(data, process_file("fuzz.txt", data))


@FUZZ
@given(st.lists(ALPHABET, max_size=300).map("".join))
def test_fuzz_process_file_on_report_like_text(text: str) -> None:
    for codec in ("utf-8", "gb18030", "utf-16"):
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        _check_invariants(data, process_file("fuzz.txt", data))


@FUZZ
@given(st.text(max_size=400))
def test_fuzz_process_file_on_any_unicode(text: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    _check_invariants(data, process_file("fuzz.txt", data))


@FUZZ
@given(st.lists(ALPHABET, max_size=300).map("".join))
def test_fuzz_clean_text_origin_is_strictly_increasing(text: str) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = clean_text(text)
    assert len(cleaned.origin) == len(cleaned.text)
    assert all(a < b for a, b in zip(cleaned.origin, cleaned.origin[1:], strict=False))
    assert all(0 <= o < len(text) for o in cleaned.origin)


def test_fuzz_names_stay_valid_unicode(tmp_path: Path) -> None:
    # Every byte a Linux name may hold (but "/" and NUL) gives a usable path.
    src = os.fsencode(tmp_path / "in")
    os.mkdir(src)
    for b in range(1, 256):
        if b in (0x2F, 0x2E):
            continue
        with open(os.path.join(src, bytes([b, 0xFF, b]) + b".txt"), "wb") as fh:
            fh.write(REPORT.encode())
    found = discover_files(tmp_path / "in").files
    assert len(found) == 253
    for f in found:
        f.path.encode("utf-8")  # never a lone surrogate
    assert len({f.path for f in found}) == len(found)
    assert stat.S_ISREG(os.stat(found[0].abspath).st_mode)  # abspath still opens the file


def test_a_scorecard_sum_too_large_fails_that_report_only() -> None:
    from scorecard.run import DuplicateIndex, finish_file

    text = "柳河镇科协2015年工作总结\n一、举办科普讲座2000000000场,参加群众300人。举办科普展览2000000000场,参观群众500人。\n"
    result = process_file("big.txt", text.encode())
    rows = finish_file(result, DuplicateIndex())
    assert rows == []
    assert "overflow" in [i["rule"] for i in result.issues]


def test_a_carried_count_survives_a_leaders_sentence() -> None:
    text = "柳河镇科协2015年工作总结\n一、全年共举办农民实用技术培训班12期。市领导出席开班仪式,共发放资料300份。\n"
    trainings = process_file("carry.txt", text.encode()).records["trainings"]
    assert [t["sessions"] for t in trainings] == [12]


def test_names_equal_after_normalization_keep_their_own_rows(tmp_path: Path) -> None:
    import unicodedata

    src = tmp_path / "in"
    src.mkdir()
    for form in ("NFC", "NFD"):
        (src / unicodedata.normalize(form, "café.txt")).write_text(REPORT, encoding="utf-8")
    if len(list(src.iterdir())) < 2:
        pytest.skip("this file system folds the two spellings into one name")
    tables = _convert(src, tmp_path / "out")
    ids = [r["file_id"] for r in tables["files"]]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert sorted(r["path"] for r in tables["files"]) == ["café.txt", "café.txt#2"]


def test_out_inside_in_is_never_read_back(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(REPORT, encoding="utf-8")
    for _ in range(2):  # the second run finds the first run's tables inside IN
        summary = run.convert(src, src / "dataset", Options(glob="*"), jobs=1)
        assert summary.as_dict()["files_total"] == 1
    files = pq.read_table(src / "dataset" / "files.parquet").column("path").to_pylist()
    assert files == ["a.txt"]


def test_evidence_of_a_page_without_full_stops_stays_short() -> None:
    from scorecard.structure import MAX_SENTENCE_CHARS

    body = "县科协2019年科普工作总结\n" + "举办培训班3期,培训农民120人次," * 2000 + "\n"
    records = process_file("a.txt", body.encode()).records["trainings"]
    assert records
    # a record may join the sentence after its own (its trainees): two at most
    assert max(len(r["evidence"]) for r in records) <= 2 * MAX_SENTENCE_CHARS
    # cut after a comma: every cut keeps the clauses whole
    assert all(r["evidence"].endswith(("次,", "期,", "次")) for r in records)
