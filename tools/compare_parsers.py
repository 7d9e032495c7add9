#!/usr/bin/env python3
"""Run the number cases of tests/test_quantities.py through other parsers.

Issue 3 chose a hand-written parser because no library read these reports'
figures well enough; this script keeps that claim checkable.  It runs the
same case table through scorecard.quantities and, when installed, JioNLP
(``parse_money``) and cn2an (``cn2an(..., "smart")``), and prints which cases
each gets right.  The libraries are optional: a missing one is reported and
skipped.

    python tools/compare_parsers.py [--failures]

A case counts as right when the value matches (and, for our parser, the
unit and qualifier too: the libraries have no notion of them).
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scorecard.quantities import parse_quantity  # noqa: E402
from tests.test_quantities import CASES, SCRAPED, Example  # noqa: E402

Outcome = tuple[str, str]  # (verdict: ok | wrong | raised | none, what it returned)


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except Exception:  # not installed, or broken on import: both mean "skip"
        return None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.005)


def ours(row: Example) -> Outcome:
    q = parse_quantity(row.text)
    if q is None:
        return "none", "None"
    ok = _same(q.value, row.value) and q.unit == row.unit and q.qualifier == row.qualifier
    return ("ok" if ok else "wrong"), f"{q.value} {q.unit} {q.qualifier}"


def jionlp_parser(mod: ModuleType) -> Callable[[Example], Outcome]:
    def run(row: Example) -> Outcome:
        result: Any = mod.parse_money(row.text)
        num = result.get("num") if isinstance(result, dict) else None
        if isinstance(num, list):  # a range [low, high]: compare the low end
            num = num[0] if num else None
        value = float(num) if num is not None else None
        return ("ok" if _same(value, row.value) else "wrong"), repr(result)

    return run


def cn2an_parser(mod: ModuleType) -> Callable[[Example], Outcome]:
    def run(row: Example) -> Outcome:
        result: Any = mod.cn2an(row.text, "smart")
        value = float(result) if result is not None else None
        return ("ok" if _same(value, row.value) else "wrong"), repr(result)

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--failures", action="store_true", help="list every case a parser misses")
    args = ap.parse_args(argv)

    parsers: dict[str, Callable[[Example], Outcome]] = {"scorecard": ours}
    jio = _optional("jionlp")
    if jio is not None:
        parsers["jionlp"] = jionlp_parser(jio)
    else:
        print("jionlp: not installed, skipped")
    c2a = _optional("cn2an")
    if c2a is not None:
        parsers["cn2an"] = cn2an_parser(c2a)
    else:
        print("cn2an: not installed, skipped")

    rows = [("CASES", r) for r in CASES] + [("SCRAPED", r) for r in SCRAPED]
    results: dict[str, list[tuple[str, Example, Outcome]]] = {name: [] for name in parsers}
    for group, row in rows:
        for name, run in parsers.items():
            try:
                outcome = run(row)
            except Exception as exc:  # the point is to record what raises
                outcome = ("raised", f"{type(exc).__name__}: {exc}")
            results[name].append((group, row, outcome))

    width = max(len(r.text.strip()) for _, r in rows) + 2
    header = "case".ljust(width) + "".join(name.ljust(12) for name in parsers)
    print(header)
    print("-" * len(header))
    for i, (_, row) in enumerate(rows):
        cells = "".join(results[name][i][2][0].ljust(12) for name in parsers)
        gap = "  (known gap)" if row.gap else ""
        print(row.text.strip().replace("\n", "⏎").ljust(width) + cells + gap)
    print()
    for name in parsers:
        verdicts = [o[0] for _, _, o in results[name]]
        print(
            f"{name}: {verdicts.count('ok')}/{len(verdicts)} right, "
            f"{verdicts.count('wrong')} wrong, {verdicts.count('none')} no answer, "
            f"{verdicts.count('raised')} raised"
        )
        if args.failures:
            for group, row, (verdict, got) in results[name]:
                if verdict != "ok":
                    expected = f"{row.value} {row.unit} {row.qualifier}"
                    print(f"  [{group}] {row.text!r}: {verdict}: got {got}, want {expected}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
