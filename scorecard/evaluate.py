"""``make eval``: precision, recall and F1 per table against the hand-annotated
development set in ``tests/devset`` (see its README for the format).

A gold row matches a predicted row of the same file and table when its line
lies within the prediction's lines and the key figures agree (both null for
masked figures).  Rows marked ``doubtful`` are optional: found, they count as
hits; missed, they are not held against recall ("lenient").  The "strict"
figures treat them as required.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .model import Options
from .run import convert
from .schema import RECORD_TABLES

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "devset"
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLES = ROOT / "samples"
# Attributes compared on matched rows: (name in gold, column in prediction).
ATTRIBUTES = ("qualifier", "category", "planned", "parent", "scope", "source")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fn_doubtful: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name → [right, compared]
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # attribute mismatches on matched rows

    def prf(self, strict: bool = False) -> tuple[float, float, float]:
        fn = self.fn + (self.fn_doubtful if strict else 0)
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + fn) if self.tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def key_figure(table: str, row: dict[str, Any]) -> tuple[float | None, str | None]:
    """The figure a record is matched by (see tests/devset/README.md)."""
    if table == "funding":
        return row["amount_yuan"], row["amount_qualifier"]
    order = (
        ("trainees", "sessions") if table == "trainings" else ("participants", "times", "materials")
    )
    for name in order:
        if row.get(f"{name}_text") is not None:
            return row[name], row[f"{name}_qualifier"]
    return None, None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= max(0.5, abs(float(b)) * 1e-6)


def predicted_rows(source: Path) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        convert(source, out, Options(), jobs=1)
        files = {r["file_id"]: r["path"] for r in pq.read_table(out / "files.parquet").to_pylist()}
        docs = {r["doc_id"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}
        rows = []
        for table in RECORD_TABLES:
            for r in pq.read_table(out / f"{table}.parquet").to_pylist():
                r["_table"] = table
                r["_file"] = files[docs[r["doc_id"]]["file_id"]]
                r["value"], r["qualifier"] = key_figure(table, r)
                r["parent"] = r["parent_id"] is not None
                rows.append(r)
        return rows


def score(gold: Iterable[dict[str, Any]], predicted: list[dict[str, Any]]) -> dict[str, Score]:
    scores = {t: Score() for t in RECORD_TABLES}
    used: set[int] = set()
    for g in sorted(gold, key=lambda g: (g["file"], g["line"])):
        s = scores[g["table"]]
        match = None
        for i, p in enumerate(predicted):
            if i in used or p["_table"] != g["table"] or p["_file"] != g["file"]:
                continue
            if p["line"] <= g["line"] <= p["line_end"] and _same(p["value"], g.get("value")):
                match = i
                break
        if match is None:
            if g.get("doubtful"):
                s.fn_doubtful += 1
            else:
                s.fn += 1
                s.misses.append(g)
            continue
        used.add(match)
        s.tp += 1
        p = predicted[match]
        for name in ATTRIBUTES:
            if g.get(name) is None or name not in p:
                continue
            right, n = s.attributes.get(name, [0, 0])
            s.attributes[name] = [right + (p[name] == g[name]), n + 1]
            if p[name] != g[name]:
                s.wrong.append(f"{g['file']}:{g['line']} {name} {p[name]} != {g[name]}")
    for i, p in enumerate(predicted):
        if i not in used:
            scores[p["_table"]].fp += 1
            scores[p["_table"]].extras.append(p)
    return scores


DOC_ATTRIBUTES = ("relevant", "duplicate", "kind", "admin_level", "org_type", "year_text")


def predicted_documents(source: Path) -> dict[str, list[dict[str, Any]]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        convert(source, out, Options(), jobs=1)
        files = {r["file_id"]: r["path"] for r in pq.read_table(out / "files.parquet").to_pylist()}
        by_file: dict[str, list[dict[str, Any]]] = {}
        for d in pq.read_table(out / "documents.parquet").to_pylist():
            d["duplicate"] = d["duplicate_of"] is not None
            by_file.setdefault(files[d["file_id"]], []).append(d)
        return by_file


def score_documents(
    gold: list[dict[str, Any]], predicted: dict[str, list[dict[str, Any]]]
) -> dict[str, list[int]]:
    """Files split into the right number of reports, and report attributes
    (compared report by report where the counts agree)."""
    result: dict[str, list[int]] = {"n_reports": [0, 0]}
    for g in gold:
        docs = predicted.get(g["file"], [])
        result["n_reports"][0] += len(docs) == g["n_reports"]
        result["n_reports"][1] += 1
        if len(docs) != g["n_reports"]:
            continue
        for gr, d in zip(g["reports"], docs, strict=True):
            if "duplicate" not in gr:
                gr["duplicate"] = gr.get("duplicate_of_index") is not None
            for name in DOC_ATTRIBUTES:
                if name not in gr:
                    continue
                right, n = result.get(name, [0, 0])
                result[name] = [right + (d[name] == gr[name]), n + 1]
    return result


def load_gold(name: str, prefix: str = "") -> list[dict[str, Any]]:
    rows = []
    with open(DEVSET / name, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if prefix and row["file"].startswith(prefix):
                    row["file"] = row["file"][len(prefix) :]
                rows.append(row)
    return rows


# Sets written and annotated without reading the rules (tests/devset/README.md).
HELDOUT = (
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
    "heldout10",
    "heldout11",
    "heldout12",
    "heldout13",
)


def evaluate() -> dict[str, dict[str, Score]]:
    results = {}
    if SEEDS.is_dir():
        results["seeds"] = score(load_gold("seeds.jsonl"), predicted_rows(SEEDS))
    results["samples"] = score(load_gold("samples.jsonl", "samples/"), predicted_rows(SAMPLES))
    for name in HELDOUT:
        if (DEVSET / f"{name}.jsonl").exists():
            results[name] = score(
                load_gold(f"{name}.jsonl", f"{name}/"), predicted_rows(DEVSET / name)
            )
    return results


def evaluate_documents() -> dict[str, dict[str, list[int]]]:
    results = {}
    if SEEDS.is_dir():
        results["seeds"] = score_documents(
            load_gold("documents_seeds.jsonl"), predicted_documents(SEEDS)
        )
    results["samples"] = score_documents(
        load_gold("documents_samples.jsonl", "samples/"), predicted_documents(SAMPLES)
    )
    for name in HELDOUT:
        if (DEVSET / f"documents_{name}.jsonl").exists():
            results[name] = score_documents(
                load_gold(f"documents_{name}.jsonl", f"{name}/"), predicted_documents(DEVSET / name)
            )
    return results


def report(results: dict[str, dict[str, Score]], verbose: bool = False) -> str:
    lines = [
        f"{'corpus':9} {'table':11} {'P':>6} {'R':>6} {'F1':>6} {'F1str':>6}  tp/fp/fn  attributes"
    ]
    for corpus, scores in results.items():
        for table, s in scores.items():
            p, r, f = s.prf()
            _, _, fs = s.prf(strict=True)
            attrs = " ".join(f"{k}={right}/{n}" for k, (right, n) in sorted(s.attributes.items()))
            lines.append(
                f"{corpus:9} {table:11} {p:6.3f} {r:6.3f} {f:6.3f} {fs:6.3f}  "
                f"{s.tp}/{s.fp}/{s.fn}  {attrs}"
            )
            if verbose:
                for g in s.misses:
                    lines.append(
                        f"    miss  {g['file']}:{g['line']} {g.get('value')} {g.get('qualifier')}"
                    )
                for w in s.wrong:
                    lines.append(f"    wrong {w}")
                for x in s.extras:
                    lines.append(
                        f"    extra {x['_file']}:{x['line']} {x['value']} {x['qualifier']} "
                        f"{' '.join(x['evidence'].split())[:60]}"
                    )
    return "\n".join(lines)


def main() -> None:
    verbose = "-v" in sys.argv
    print(report(evaluate(), verbose))
    print()
    for corpus, attrs in evaluate_documents().items():
        print(f"{corpus:9} documents  " + "  ".join(f"{k}={r}/{n}" for k, (r, n) in attrs.items()))


if __name__ == "__main__":
    main()
