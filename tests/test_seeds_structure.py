"""The four real scraped reports in ../shared/seeds (skipped when absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scorecard.clean import CleanText, clean_text
from scorecard.meta import describe_report
from scorecard.structure import split_reports, split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEEDS


def _read(seeds: Path, prefix: str) -> str:
    (path,) = seeds.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")


def _line(decoded: str, clean: CleanText, i: int) -> int:
    return decoded.count("\n", 0, clean.origin[i]) + 1


# file → (number of reports, titles) by a careful reading:
# 000: the 省人社厅 summary + plan, and the 板桥镇 report after "扩展阅读:".
# 002: one traditional-script briefing (its title repeated after the address).
# 003: one 科技局 report cut into 11 pages (the site's numbered page markers).
# 004: numbered titles 1、…9、 — 3 repeats 1, 2 is about 扶贫, 5 holds a
#      综治 report and, glued after it with no title, a 信访 report (its
#      一、 numbering restarts after an intro paragraph): 10 reports.
# line of each report's title in the decoded file (None: untitled); the
# titles themselves stay in the seeds
EXPECTED_TITLE_LINES = {
    "000": [1, 20],
    "002": [1],
    "003": [4],
    "004": [7, 63, 125, 181, 203, None, 245, 307, 319, 361],
}
# first line of each report in the decoded file
EXPECTED_START_LINES = {
    "000": [1, 20],
    "002": [1],
    "003": [4],
    "004": [1, 63, 125, 181, 203, 213, 245, 307, 319, 361],
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED_TITLE_LINES))
def test_reports_per_seed(seeds: Path, prefix: str) -> None:
    decoded = _read(seeds, prefix)
    clean = clean_text(decoded)
    reports = split_reports(clean)
    title_lines = [
        None if r.title_start < 0 else _line(decoded, clean, r.title_start) for r in reports
    ]
    assert title_lines == EXPECTED_TITLE_LINES[prefix]
    assert all(r.title for r in reports if r.title_start >= 0)
    assert [_line(decoded, clean, r.start) for r in reports] == EXPECTED_START_LINES[prefix]


def test_seed_004_duplicates_and_off_topic(seeds: Path) -> None:
    decoded = _read(seeds, "004")
    clean = clean_text(decoded)
    reports = split_reports(clean)
    body = [
        clean.text[r.title_end if r.title_end >= 0 else r.start : r.end].strip() for r in reports
    ]
    assert body[0].endswith(body[2])  # report 3 is report 1 pasted again
    relevant = [
        describe_report(clean, r, split_sentences(clean, r), decoded).relevant for r in reports
    ]
    # 2 扶贫, 5 综治, 6 信访 are not about science popularization
    assert relevant == [True, False, True, True, False, False, True, True, True, True]


def test_seed_003_page_markers_removed_and_words_rejoined(seeds: Path) -> None:
    decoded = _read(seeds, "003")
    clean = clean_text(decoded)
    markers = [r for r in clean.removed if r.reason == "page_marker"]
    assert [decoded[r.start : r.end] for r in markers] == [f"{n}、" for n in range(1, 12)]
    assert not re.search(r"^\s*\d+、", clean.text, re.M)
    for joined in (
        "科普教育资源",
        "市委常委",
        "二是科普进社区、校园",
        "通过办培训班,科普画廊",
        "参加了培训。",
        "引进新品种近206种,推广",
    ):
        assert joined in clean.text
    # the site's header, spam and footer are gone
    for debris in ("下载本文档", "Your content", "温馨提示", "本站", "最新文档", "评论"):
        assert debris not in clean.text


def test_seed_003_plan_part(seeds: Path) -> None:
    decoded = _read(seeds, "003")
    clean = clean_text(decoded)
    (report,) = split_reports(clean)
    sentences = split_sentences(clean, report)
    planned = [s for s in sentences if s.plan_part]
    assert planned and all(s.section.startswith("二、XX年工作打算") for s in planned)
    assert any(s.section == "二、以科普活动为载体 > 一是开展科普宣传月活动" for s in sentences)


def test_seed_000_glued_headings_and_wraps(seeds: Path) -> None:
    decoded = _read(seeds, "000")
    clean = clean_text(decoded)
    assert "培训中高级专业技术人才" in clean.text
    assert "截止目前" in clean.text
    reports = split_reports(clean)
    sections = {s.section for r in reports for s in split_sentences(clean, r)}
    assert "二、201*年工作要点 > 三是加快科学素质行动工程" in sections
    assert "四、保障与支撑 > (一)切实加强组织领导" in sections
    assert any(s.startswith("六、201*年工作计划 > (三)") for s in sections)
    plan = {s.section for r in reports for s in split_sentences(clean, r) if s.plan_part}
    assert all(p.startswith(("二、201*年工作要点", "六、201*年工作计划")) for p in plan)
    assert "友情提示" not in clean.text and "免责声明" not in clean.text


def test_seed_002_blank_line_cuts_rejoined(seeds: Path) -> None:
    decoded = _read(seeds, "002")
    clean = clean_text(decoded)
    for joined in ("县直涉农部门及有关", "科技服务活动营造了浓厚氛围", "加强了对全县"):
        assert joined in clean.text
    for debris in ("文萃谷", "当前网页未完全显示", "热门标签"):
        assert debris not in clean.text


def _paths(decoded: str) -> list[tuple[int, list[tuple[str, bool]]]]:
    clean = clean_text(decoded)
    out = []
    for r in split_reports(clean):
        out.append((r.index, [(s.section, s.plan_part) for s in split_sentences(clean, r)]))
    return out


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_script_twins_give_the_same_sections(seeds: Path, prefix: str) -> None:
    import opencc

    decoded = _read(seeds, prefix)
    twin_config = "t2s" if prefix == "002" else "s2t"
    twin = "\n".join(opencc.OpenCC(twin_config).convert(line) for line in decoded.split("\n"))
    assert twin != decoded
    assert _paths(twin) == _paths(decoded)


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_origin_maps_back_to_the_decoded_seed(seeds: Path, prefix: str) -> None:
    decoded = _read(seeds, prefix)
    clean = clean_text(decoded)
    assert len(clean.origin) == len(clean.text)
    assert all(a < b for a, b in zip(clean.origin, clean.origin[1:], strict=False))
    for r in split_reports(clean):
        for s in split_sentences(clean, r):
            evidence = decoded[clean.origin[s.start] : clean.origin[s.end - 1] + 1]
            assert evidence in decoded and evidence.strip()
