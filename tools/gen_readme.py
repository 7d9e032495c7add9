"""Regenerate the README's generated parts from the live declarations.

python tools/gen_readme.py          # rewrite README.md in place
python tools/gen_readme.py --check  # exit 1 when README.md is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from scorecard.schema import schema_markdown
from scorecard.validate import RULES

README = Path(__file__).resolve().parents[1] / "README.md"


def rules_markdown() -> str:
    lines = ["| rule | severity | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {sev} | {meaning} |" for name, (sev, meaning) in RULES.items()]
    return "\n".join(lines) + "\n"


def cli_markdown() -> str:
    from scorecard_cli.main import app
    from typer.testing import CliRunner

    runner = CliRunner()
    parts = []
    for command in ("convert", "schema", "validate", "inspect"):
        result = runner.invoke(
            app, [command, "--help"], prog_name="scorecard", env={"COLUMNS": "100", "NO_COLOR": "1"}
        )
        parts.append(f"#### scorecard {command}\n\n```\n{result.output.strip()}\n```\n")
    return "\n".join(parts)


GENERATED = {"SCHEMA": schema_markdown, "RULES": rules_markdown, "CLI": cli_markdown}


def render(text: str) -> str:
    for name, fn in GENERATED.items():
        begin, end = f"<!-- BEGIN {name} (generated) -->", f"<!-- END {name} -->"
        pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
        text = pattern.sub(lambda _m, fn=fn, b=begin, e=end: f"{b}\n{fn()}{e}", text)
    return text


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        return 0 if fresh == current else 1
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
