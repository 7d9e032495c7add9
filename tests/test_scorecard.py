"""The scorecard recomputed from the record tables, and `counted` semantics."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scorecard.assemble import ACTIVITY_COLUMNS


def _read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{table}.parquet")


def test_counted_means_not_planned_no_parent_relevant_not_duplicate(samples_out: Path) -> None:
    docs = _read(samples_out, "documents").set_index("doc_id")
    for table in ("funding", "trainings", "activities"):
        df = _read(samples_out, table)
        for _, r in df.iterrows():
            doc = docs.loc[r["doc_id"]]
            expected = (
                not r["planned"]
                and pd.isna(r["parent_id"])
                and bool(doc["relevant"])
                and pd.isna(doc["duplicate_of"])
            )
            assert r["counted"] == expected, (table, r.iloc[0])


def test_scorecard_recomputed_from_records(samples_out: Path) -> None:
    docs = _read(samples_out, "documents")
    card = _read(samples_out, "scorecard").set_index("doc_id")
    wanted = docs[docs.relevant & docs.duplicate_of.isna()].doc_id
    assert sorted(card.index) == sorted(wanted)
    f = _read(samples_out, "funding")
    t = _read(samples_out, "trainings")
    a = _read(samples_out, "activities")
    issues = _read(samples_out, "issues")
    f, t, a = f[f.counted], t[t.counted], a[a.counted]
    for doc_id, row in card.iterrows():
        fd, td, ad = f[f.doc_id == doc_id], t[t.doc_id == doc_id], a[a.doc_id == doc_id]
        assert row.funding_total_yuan == pytest.approx(fd.amount_yuan.sum())
        sp = fd[fd.scope == "science_popularization"].amount_yuan.sum()
        assert row.funding_science_popularization_yuan == pytest.approx(sp)
        gov = fd[fd.source == "government"].amount_yuan.sum()
        assert row.funding_government_yuan == pytest.approx(gov)
        assert row.trainings == len(td)
        assert row.training_sessions == td.sessions.sum()
        assert row.trainees == td.trainees.sum()
        pt = td[td.category == "practical_tech"]
        assert row.practical_tech_sessions == pt.sessions.sum()
        assert row.practical_tech_trainees == pt.trainees.sum()
        assert row.activities == ad.times.fillna(1).sum()
        for column, category in ACTIVITY_COLUMNS:
            assert row[column] == ad[ad.category == category].times.fillna(1).sum()
        assert row.participants == ad.participants.sum()
        assert row.materials == ad.materials.sum()
        assert row.n_issues == (issues.doc_id == doc_id).sum()


def test_scorecard_is_not_empty(samples_out: Path) -> None:
    card = _read(samples_out, "scorecard")
    assert len(card) >= 8
    assert card.funding_total_yuan.sum() > 0 and card.trainees.sum() > 0
