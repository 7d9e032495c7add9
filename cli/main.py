"""scorecard: convert folders of science-popularization reports into a dataset.

\b
Exit codes (every command):
  0    done (files that failed are recorded in the dataset, not fatal)
  1    --strict and an error-level issue exists; validate: the dataset is broken
  2    bad usage, IN missing, OUT refused (not ours, in use, would remove IN,
       or would be emptied by an empty IN) or not a dataset
  3    the run itself failed (OUT not writable, out of disk, stdout not writable)
  130  interrupted
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from scorecard import schema as schema_mod
from scorecard.engines import EngineUnavailable, is_url
from scorecard.model import Options
from scorecard.run import InputMissing
from scorecard.run import convert as run_convert
from scorecard.write import OutputFailed, OutputRefused, keep_pandas_out

from . import render

EXIT_OK, EXIT_STRICT, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

app = typer.Typer(
    help=__doc__,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _stdout_guard(command: Callable[..., None]) -> Callable[..., None]:
    """A reader that stops early (``| head``) ends the command quietly with
    exit 0; standard output that cannot be written (a full disk, a closed
    descriptor) is a failure of the run (exit 3), said in one line."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
            sys.stdout.flush()
        except BrokenPipeError:
            # what is still buffered must not fail again at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_OK) from None
        except OSError as exc:
            if exc.filename is not None:
                raise
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            render.error(f"cannot write to standard output: {exc.strerror or exc}")
            raise typer.Exit(EXIT_FAILED) from None

    return guarded


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class SchemaFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


JsonOption = Annotated[
    bool, typer.Option("--json", help="Print a machine-readable summary on stdout.")
]


@app.command()
@_stdout_guard
def convert(
    source: Annotated[
        str,
        typer.Argument(
            metavar="IN", help="Folder of reports (searched recursively), or an fsspec URL."
        ),
    ],
    out: Annotated[
        str,
        typer.Option("--out", "-o", help="Output folder (replaced as a whole), or an fsspec URL."),
    ],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores)."),
    ] = None,
    glob: Annotated[
        str,
        typer.Option(
            "--glob",
            help="File-name pattern to convert; a pattern with / matches the path below IN.",
        ),
    ] = "*.txt",
    max_file_mb: Annotated[
        float,
        typer.Option("--max-file-mb", min=0.001, help="Skip larger files (status too_large)."),
    ] = 50.0,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any error-level issue exists.")
    ] = False,
    json_out: JsonOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary table.")
    ] = False,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine", help="Where the per-file work runs: local processes or a Dask cluster."
        ),
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of an existing Dask scheduler (with --engine dask; default: a local cluster of --jobs workers).",
        ),
    ] = None,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental", help="Reuse cached results of files whose bytes did not change."
        ),
    ] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="Cache of --incremental (default: $XDG_CACHE_HOME/kepu-scorecard or ~/.cache/kepu-scorecard).",
        ),
    ] = None,
) -> None:
    """Convert every report under IN into Parquet + CSV tables in OUT.

    Exit codes: 0 done; 1 with --strict when an error-level issue exists;
    2 bad usage, IN missing or OUT refused; 3 the run failed; 130 interrupted.
    """
    if scheduler and engine is not Engine.dask:
        render.error("--scheduler needs --engine dask")
        raise typer.Exit(EXIT_USAGE)
    if not source.strip() or not out.strip():
        # `scorecard convert "$IN"` with IN unset must not convert the current folder
        render.error("IN and OUT must not be empty")
        raise typer.Exit(EXIT_USAGE)
    options = Options(glob=glob, max_file_mb=max_file_mb)
    keep_pandas_out()  # this process hands pyarrow no pandas objects
    # A CI timeout or `kill` sends SIGTERM: clean up like Ctrl-C (workers
    # stopped, staging removed, OUT as it was, exit 130) instead of dying
    # mid-write and leaving the cleanup to the next run.
    previous_sigterm = _set_sigterm(_interrupt)
    try:
        with render.RunProgress(quiet or (json_out and not render.err.is_terminal)) as progress:
            summary = run_convert(
                source if is_url(source) else Path(source),
                out,
                options,
                jobs=jobs,
                progress=progress.update,
                on_start=progress.start,
                engine=engine.value,
                scheduler=scheduler,
                incremental=incremental,
                cache_dir=cache_dir,
            )
    except (InputMissing, EngineUnavailable) as exc:
        render.error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    except OutputRefused as exc:
        render.error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    except OutputFailed as exc:
        render.error(str(exc))
        raise typer.Exit(EXIT_FAILED) from None
    except KeyboardInterrupt:
        render.error("interrupted; OUT left as it was")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as exc:
        render.error(f"the run failed: {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    except Exception as exc:
        # Failures of single files are recorded in the dataset and never get
        # here; whatever does is a failure of the run itself (a crashed worker
        # pool, a bug), which is exit 3, not a traceback with click's exit 1
        # that a cron job would read as "--strict found errors".
        render.error(f"the run failed: internal error: {type(exc).__name__}: {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    finally:
        _set_sigterm(previous_sigterm)
    data = summary.as_dict()
    for warning in data["warnings"]:
        render.warning(warning)
    if json_out:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
    elif not quiet:
        render.show_summary(data)
    if strict and data["issues"]["error"]:
        raise typer.Exit(EXIT_STRICT)


@app.command()
@_stdout_guard
def schema(
    table: Annotated[str | None, typer.Argument(help="One table (default: all).")] = None,
    format: Annotated[
        SchemaFormat, typer.Option("--format", "-f", help="table, markdown or json.")
    ] = SchemaFormat.table,
) -> None:
    """Print the data dictionary (the same declarations the writers use)."""
    if table is not None and table not in schema_mod.TABLES:
        render.error(f"no table {table!r}; tables: {', '.join(schema_mod.TABLES)}")
        raise typer.Exit(EXIT_USAGE)
    if format is SchemaFormat.markdown:
        sys.stdout.write(schema_mod.schema_markdown(table))
    elif format is SchemaFormat.json:
        sys.stdout.write(
            json.dumps(schema_mod.describe_schema(table), ensure_ascii=False, indent=2) + "\n"
        )
    else:
        render.show_schema(schema_mod.describe_schema(table))


@app.command()
@_stdout_guard
def validate(
    out: Annotated[
        Path, typer.Argument(metavar="OUT", help="A dataset written by `scorecard convert`.")
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Also exit 1 when any error-level finding exists.")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Re-check a written dataset: recorded sizes and hashes, schemas, rules and cross-table references.

    Exit 1 when the dataset is broken (and with --strict when an error-level
    finding exists); 2 when OUT is not a dataset.
    """
    from scorecard.check import check_dataset

    if not out.is_dir() or not (out / "datapackage.json").exists():
        render.error(f"{out} is not a dataset written by scorecard convert")
        raise typer.Exit(EXIT_USAGE)
    report = check_dataset(out)
    if json_out:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, sort_keys=True) + "\n")
    else:
        render.show_validation(report, strict)
    if not report["ok"] or (strict and report["errors"]):
        raise typer.Exit(EXIT_STRICT)


@app.command()
@_stdout_guard
def inspect(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="One report file.")],
    source: Annotated[
        Path | None,
        typer.Option(
            "--in",
            help="The folder FILE was converted from, so that ids match the dataset's "
            "(default: FILE's own folder).",
        ),
    ] = None,
) -> None:
    """Show how one file was split, sectioned and cleaned, and what was extracted.

    Dropped debris is struck through, evidence of records is highlighted, and
    each record is listed under the line where its evidence ends.
    """
    from scorecard.explain import explain_file

    if not file.is_file():
        render.error(f"{file} is not a file")
        raise typer.Exit(EXIT_USAGE)
    root = None
    if source is not None:
        # Lexically absolute, not resolved: a path through a symlinked
        # folder is named as the run over IN names it.
        root, file = Path(os.path.abspath(source)), Path(os.path.abspath(file))
        if root not in file.parents:
            render.error(f"{file} is not inside --in {source}")
            raise typer.Exit(EXIT_USAGE)
    render.show_explanation(explain_file(file, root))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _set_sigterm(handler: Any) -> Any:
    """Install a SIGTERM handler; a no-op off the main thread (embedding, tests)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, handler if handler is not None else signal.SIG_DFL)


def _version(value: bool) -> None:
    if value:
        from scorecard import __version__

        sys.stdout.write(f"kepu-scorecard {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """scorecard: convert folders of science-popularization reports into a dataset."""


def main() -> None:
    app(prog_name="scorecard")


if __name__ == "__main__":
    main()
