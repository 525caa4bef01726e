"""``readiness portfolio``: assess many repositories into one store (:mod:`app.portfolio`).

Exit codes: 0 every repository stored, 4 some failed (each reported on its own line, the
others stored), 2 bad usage (no repository, an unreadable ``--from`` file, an unusable store or
output folder, an unreachable Dask scheduler), 130 cancelled (SIGINT/SIGTERM).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app import cli_options, output_files, preflight
from app.portfolio import (
    FAILED,
    LOCAL_CLUSTER_WORKERS,
    DaskExecutor,
    Executor,
    LocalExecutor,
    RepositoryOutcome,
    RepositoryTask,
    json_name,
    read_list,
    run_portfolio,
    share_cores,
)
from app.terminal import terminal_text

EXIT_OK, EXIT_BAD_INPUT, EXIT_SOME_FAILED, EXIT_CANCELLED = 0, 2, 4, 130


def add_command(commands) -> None:
    portfolio = commands.add_parser(
        "portfolio", help="assess many repositories into one store (locally or on Dask)"
    )
    portfolio.add_argument("paths", nargs="*", metavar="PATH", help="folders of git repositories")
    portfolio.add_argument(
        "--from", dest="from_file", metavar="FILE", help="read the repositories from FILE, "
        "one path a line (blank lines and # comments skipped)"
    )  # fmt: skip
    portfolio.add_argument(
        "--workers",
        type=cli_options.workers,
        metavar="N",
        help="worker processes in all, shared by the assessments at once and their per-file "
        "pools (default: all cores)",
    )
    portfolio.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run the assessments on a Dask cluster: tcp://scheduler:8786, or 'local' to start "
        f"a LocalCluster of {LOCAL_CLUSTER_WORKERS} workers",
    )
    portfolio.add_argument("--db", metavar="URL", help="SQLAlchemy database URL of the store")
    portfolio.add_argument(
        "--json-dir", metavar="DIR", help="write each repository's JSON report into DIR"
    )
    portfolio.add_argument("--pdf", metavar="FILE", help="write the portfolio PDF to FILE")
    portfolio.add_argument(
        "--fresh", action="store_true", help="measure again even when nothing changed"
    )


def _error(message: str) -> None:
    print(f"readiness: {terminal_text(message)}", file=sys.stderr)


def _line(outcome: RepositoryOutcome, done: int, total: int) -> str:
    where = f"[{done}/{total}]"
    if outcome.status == FAILED:
        return f"{where} FAILED {outcome.path}: {outcome.reason}"
    score = "no score" if outcome.score is None else f"score {outcome.score} ({outcome.grade})"
    return (
        f"{where} stored {outcome.path}: {score}, assessment #{outcome.assessment_id}, "
        f"{outcome.seconds:.1f} s"
    )


def _tasks(args: argparse.Namespace, database_url: str, pool: int | None) -> list[RepositoryTask]:
    paths = list(args.paths)
    if args.from_file:
        paths += read_list(args.from_file)
    json_dir = Path(args.json_dir) if args.json_dir else None
    tasks: list[RepositoryTask] = []
    names: list[str] = []
    for path in paths:
        json_path = None
        if json_dir is not None:
            names.append(json_name(path, names))
            json_path = str(json_dir / names[-1])
        tasks.append(RepositoryTask(path, database_url, pool, json_path, args.fresh))
    return tasks


def run(args: argparse.Namespace) -> int:
    from app.context import ApplicationContext

    if not args.paths and not args.from_file:
        _error("portfolio: give repository folders or --from FILE")
        return EXIT_BAD_INPUT
    context = ApplicationContext(database_url=args.db)
    try:
        if args.pdf:
            output_files.check_writable(args.pdf)
        if args.json_dir:
            os.makedirs(args.json_dir, exist_ok=True)
            output_files.check_writable(os.path.join(args.json_dir, "probe.json"))
        preflight.check_database_writable(context.database_url)
        _ = context.store  # open and migrate once, before the tasks open it side by side
        context.close()
        tasks = _tasks(args, context.database_url, None)
    except (OSError, output_files.OutputError, preflight.DatabaseUnusable) as exc:
        _error(str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__)
        return EXIT_BAD_INPUT
    except preflight.DATABASE_ERRORS as exc:
        _error(preflight.one_line(exc, context.database_url))
        return EXIT_BAD_INPUT
    if not tasks:
        _error(f"portfolio: no repository listed in {args.from_file}")
        return EXIT_BAD_INPUT
    executor: Executor
    if args.dask:
        try:
            executor = DaskExecutor(args.dask)
        except (OSError, TimeoutError, ValueError) as exc:
            _error(f"cannot reach the Dask scheduler {args.dask}: {exc}")
            return EXIT_BAD_INPUT
        # each Dask worker sizes its own per-file pool: its cores over its task slots
    else:
        from analysis.parallel import default_workers

        at_once, pool = share_cores(args.workers or default_workers(), len(tasks))
        tasks = [RepositoryTask(t.path, t.database_url, pool, t.json_path, t.fresh) for t in tasks]
        executor = LocalExecutor(at_once)
    print(f"Portfolio: {len(tasks)} repositories, {executor.slots} at once", file=sys.stderr)

    def report(outcome: RepositoryOutcome, done: int, total: int) -> None:
        print(terminal_text(_line(outcome, done, total)), flush=True)

    try:
        outcomes = run_portfolio(tasks, executor, report)
    finally:
        executor.close()
    failed = [o for o in outcomes if o.status == FAILED]
    print(f"{len(outcomes) - len(failed)} stored, {len(failed)} failed")
    if args.pdf:
        return _export_pdf(args, EXIT_SOME_FAILED if failed else EXIT_OK)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _export_pdf(args: argparse.Namespace, code: int) -> int:
    """The Portfolio view's one-page summary of everything stored (app.pdf.portfolio), after
    the batch; a failure to write it is one line and exit 2, the stored runs stay."""
    from app.context import ApplicationContext
    from app.pdf.portfolio import export_portfolio_pdf  # starts an offscreen Qt application

    context = ApplicationContext(database_url=args.db)
    try:
        path = export_portfolio_pdf(context.store, args.pdf)
    except (OSError, ValueError) as exc:
        _error(
            f"portfolio: the PDF was not written: {str(exc).splitlines()[0] if str(exc) else exc}"
        )
        return EXIT_BAD_INPUT
    finally:
        context.close()
    print(f"Portfolio PDF {terminal_text(str(path))}")
    return code
