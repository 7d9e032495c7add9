"""The evaluation gate: F1 per table on the annotated development set must
not fall below the floors pinned in tests/devset/baseline.json.  Floors are
raised as extraction improves and never lowered without saying why in the
commit that lowers them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorecard import evaluate

BASELINE = Path(__file__).parent / "devset" / "baseline.json"


@pytest.fixture(scope="module")
def results() -> dict:
    return evaluate.evaluate()


def test_floors(results: dict) -> None:
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))
    below = []
    for corpus, tables in floors.items():
        if corpus not in results:
            continue  # the seeds are not beside this checkout
        for table, floor in tables.items():
            f1 = results[corpus][table].prf()[2]
            if f1 + 1e-9 < floor:
                below.append(f"{corpus}/{table}: F1 {f1:.3f} < floor {floor:.3f}")
    assert not below, "\n".join(below) + "\n" + evaluate.report(results)


def test_matching_is_one_to_one() -> None:
    gold = [
        {"file": "a", "line": 3, "table": "funding", "value": 10.0},
        {"file": "a", "line": 3, "table": "funding", "value": 10.0},
    ]
    pred = [
        {
            "_file": "a",
            "_table": "funding",
            "line": 2,
            "line_end": 4,
            "value": 10.0,
            "qualifier": "exact",
        }
    ]
    s = evaluate.score(gold, pred)["funding"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)


def test_doubtful_rows_are_optional() -> None:
    gold = [{"file": "a", "line": 1, "table": "trainings", "value": 5, "doubtful": True}]
    s = evaluate.score(gold, [])["trainings"]
    assert s.prf()[1] == 1.0 and s.prf(strict=True)[1] == 0.0
