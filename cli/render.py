"""Everything the command line shows to a person (the only module using Rich)."""

from __future__ import annotations

import sys
import time
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text


class _Console(Console):
    """Rich ends the process with exit 1 when a reader closes the pipe; here
    the command decides (``| head`` is no failure)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


# Not on a terminal, lines are not wrapped at 80 columns: a message in a log
# stays on one line, whole paths and all.
err = _Console(stderr=True, highlight=False, soft_wrap=True)
out = _Console(highlight=False, soft_wrap=True)


# Redraws of the bar per second, at most.
REFRESH_PER_SECOND = 8


class RunProgress:
    """A progress bar on a terminal; plain log lines elsewhere.

    The bar is redrawn from ``update`` on the calling thread, never by a
    refresh thread of its own: the process pool forks its workers while the
    bar is shown, and a thread caught inside a write at that moment would
    leave a worker with a locked stream that it flushes when it exits.
    """

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = err.is_terminal
        self._progress: Progress | None = None
        self._bytes_task: Any = None
        self._total_files = 0
        self._last_logged = -1
        self._last_drawn = 0.0

    def __enter__(self) -> RunProgress:
        return self

    def start(self, n_files: int, n_bytes: int) -> None:
        self._total_files = n_files
        if self.quiet:
            return
        if self.tty:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
                auto_refresh=False,
            )
            self._progress.start()
            self._bytes_task = self._progress.add_task(f"0/{n_files} files", total=n_bytes)
            self._progress.refresh()
        else:
            print(f"converting {n_files} files ({n_bytes / 1e6:.1f} MB)", file=sys.stderr)

    def update(self, files_done: int, bytes_done: int) -> None:
        if self.quiet:
            return
        if self._progress is not None:
            self._progress.update(
                self._bytes_task,
                completed=bytes_done,
                description=f"{files_done}/{self._total_files} files",
            )
            now = time.monotonic()
            if files_done == self._total_files or now - self._last_drawn >= 1 / REFRESH_PER_SECOND:
                self._last_drawn = now
                self._progress.refresh()
            return
        # Plain lines: one per tenth of the run, so logs stay short.
        step = max(1, self._total_files // 10)
        if files_done == self._total_files or files_done // step != self._last_logged:
            self._last_logged = files_done // step
            print(
                f"{files_done}/{self._total_files} files, {bytes_done / 1e6:.1f} MB",
                file=sys.stderr,
            )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def show_summary(summary: dict[str, Any]) -> None:
    table = Table(title=f"scorecard convert → {summary['out']}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for status, n in summary["files"].items():
        if n or status == "ok":
            table.add_row(f"files {status}", str(n))
    if summary["cached_files"] is not None:
        table.add_row("  from the cache", str(summary["cached_files"]))
    table.add_row("files skipped by --glob", str(summary["skipped_by_glob"]))
    table.add_row("reports", str(summary["documents"]))
    table.add_row("  relevant", str(summary["relevant_documents"]))
    table.add_row("  duplicates", str(summary["duplicate_documents"]))
    for name in ("funding", "trainings", "activities", "scorecard"):
        table.add_row(f"rows {name}", str(summary["rows"].get(name, 0)))
    table.add_row("issues error", str(summary["issues"]["error"]))
    table.add_row("issues warning", str(summary["issues"]["warning"]))
    rate = summary["mb_per_s"]
    table.add_row("time", f"{summary['seconds']:.2f} s" + (f" ({rate} MB/s)" if rate else ""))
    err.print(table)


def show_schema(tables: list[dict[str, Any]]) -> None:
    for t in tables:
        table = Table(title=f"{t['name']}: {t['description']}", title_justify="left")
        for col in ("column", "type", "null", "description"):
            table.add_column(col)
        for c in t["columns"]:
            desc = c["description"]
            if c["values"]:
                desc += " (" + " | ".join(c["values"]) + ")"
            table.add_row(c["name"], c["type"], "yes" if c["nullable"] else "no", desc)
        out.print(table)


def show_validation(report: dict[str, Any], strict: bool = False) -> None:
    table = Table(title=f"scorecard validate {report['out']}")
    table.add_column("check")
    table.add_column("result")
    for problem in report["problems"]:
        table.add_row("[red]broken[/red]", Text(problem))
    table.add_row("tables", ", ".join(f"{k} {v}" for k, v in report["rows"].items()))
    table.add_row("findings", f"{report['errors']} errors, {report['warnings']} warnings")
    if not report["ok"]:
        verdict = "[red]broken[/red]"
    elif strict and report["errors"]:
        verdict = "[red]ok, but error-level findings (--strict: exit 1)[/red]"
    else:
        verdict = "[green]ok[/green]"
    table.add_row("verdict", verdict)
    out.print(table)


def error(message: str) -> None:
    err.print(Text.assemble(("error:", "red"), " ", message))


def warning(message: str) -> None:
    err.print(Text.assemble(("warning:", "yellow"), " ", message))


MARK_STYLES = {"removed": "strike dim red", "evidence": "bold yellow"}


def show_explanation(explanation: Any) -> None:
    row = explanation.file_row
    out.print(
        f"[bold]{explanation.path}[/bold]: {row['status']}, encoding {row['encoding']}, "
        f"{row['n_documents']} reports" + (f", error: {row['error']}" if row["error"] else "")
    )
    for line in explanation.lines:
        for header in line.headers:
            style = "bold magenta" if header.startswith("report") else "cyan"
            out.print(Text(f"      ── {header}", style=style))
        text = Text(f"{line.number:5} │ ", style="dim")
        body = Text(line.text)
        for mark in line.marks:
            body.stylize(MARK_STYLES[mark.kind], mark.start, mark.end)
        text.append_text(body)
        out.print(text)
        for note in line.notes:
            out.print(Text(f"      {note}", style="green" if note.startswith("→") else "dim"))
    for issue in explanation.issues:
        out.print(Text(f"{issue['severity']}: {issue['rule']}: {issue['message']}", style="red"))
