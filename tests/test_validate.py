"""Each validation rule: a crafted report that triggers it and one that must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.pipeline import process_file
from scorecard.run import DuplicateIndex, finish_file
from scorecard.validate import RULES

HEAD = "柳河镇科协2015年工作总结\n一、主要工作\n"


def rules_of(body: str, name: str = "r.txt") -> list[str]:
    result = process_file(name, (HEAD + body).encode("utf-8"))
    return [i["rule"] for i in result.issues]


CASES = [
    # (rule, text that triggers it, text that must not)
    ("masked_value", "全年投入科普经费××万元。", "全年投入科普经费12万元。"),
    (
        "parts_exceed_total",
        "全年投入科普经费20万元,其中县财政拨款15万元,社会捐赠10万元。",
        "全年投入科普经费20万元,其中县财政拨款15万元,社会捐赠5万元。",
    ),
    (
        "implausible_count",
        "举办农民技术培训班300期,培训农民120人次。",
        "举办农民技术培训班3期,培训农民120人次。",
    ),
    ("implausible_amount", "全年投入科普经费5000亿元。", "全年投入科普经费5000万元。"),
    (
        "overflow",
        "举办培训班3期,培训农民99999999999999999999人次。",
        "举办培训班3期,培训农民999人次。",
    ),
    (
        "date_invalid",
        "13月32日举办科普讲座3场,参加群众300人。",
        "3月12日举办科普讲座3场,参加群众300人。",
    ),
    (
        "other_period_figure",
        "2011年以来,全镇累计投入科普经费120万元。",
        "全年累计投入科普经费12万元。",
    ),
]


@pytest.mark.parametrize(("rule", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_and_does_not(rule: str, bad: str, good: str) -> None:
    assert rule in rules_of(bad)
    assert rule not in rules_of(good)


def test_a_figure_set_aside_is_no_unparsed_number() -> None:
    rules = rules_of("2011年以来,全镇累计投入科普经费120万元。")
    assert rules.count("other_period_figure") == 1
    assert "unparsed_number" not in rules


def test_parts_with_loose_total_are_allowed() -> None:
    # "20余万" may be 23万: parts of 22万 are not a contradiction.
    text = "全年投入科普经费20余万元,其中县财政拨款12万元,社会捐赠10万元。"
    assert "parts_exceed_total" not in rules_of(text)


def test_duplicate_report_across_files() -> None:
    body = (HEAD + "全年投入科普经费12万元,举办农民技术培训班3期,培训农民120人次。\n").encode()
    index = DuplicateIndex()
    first = process_file("a.txt", body)
    second = process_file("b.txt", body)
    finish_file(first, index)
    finish_file(second, index)
    assert "duplicate_report" not in [i["rule"] for i in first.issues]
    assert "duplicate_report" in [i["rule"] for i in second.issues]
    assert second.documents[0]["duplicate_of"] == first.documents[0]["doc_id"]
    assert not any(r["counted"] for t in second.records.values() for r in t)


def test_file_statuses_are_error_issues() -> None:
    for data, rule in ((b"", "file_empty"), (b"\x89PNG\r\n\x1a\n\x00", "file_binary")):
        result = process_file("x.txt", data)
        assert [i["rule"] for i in result.issues] == [rule]
        assert result.issues[0]["severity"] == "error"


def test_no_report_text_is_a_warning() -> None:
    result = process_file("x.txt", "下载本文档\n热门标签\n".encode())
    if result.documents:
        pytest.skip("cleaning kept text here")
    assert [i["rule"] for i in result.issues] == ["no_reports"]


def test_every_rule_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for rule, (severity, meaning) in RULES.items():
        assert f"| `{rule}` | {severity} | {meaning} |" in readme


def test_issue_messages_quote_the_evidence() -> None:
    result = process_file("r.txt", (HEAD + "全年投入科普经费××万元。").encode())
    masked = [i for i in result.issues if i["rule"] == "masked_value"]
    assert masked and "«" in masked[0]["message"] and "××万元" in masked[0]["message"]
