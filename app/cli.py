"""``readiness``: the same assessment as the desktop application, headless, for CI and scripts.

Exit codes: 0 success, 1 internal error (details in the log file), 2 bad input (one line on
stderr: path missing, not a git repository, no commits, unusable or read-only database, an
output file that cannot be written, unknown assessment id), 3 the AI-readiness score is below
``--fail-under``, 4 some repositories of a portfolio failed (:mod:`app.portfolio_cli`),
130 interrupted (SIGINT), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import threading
import time
from dataclasses import replace
from typing import TextIO

from analysis.ai_adoption.summary import summary_lines as ai_adoption_lines
from analysis.assessment import Assessment
from analysis.cache import NoCache
from analysis.coverage import most_complex_function
from analysis.errors import AssessmentError, Cancelled
from analysis.findings import grouped
from analysis.progress import Progress, no_progress
from analysis.report import export_report, to_report
from analysis.reuse import kept_report
from analysis.version import __version__
from app import (
    assessment_job,
    cli_options,
    decisions_cli,
    doctor,
    dora_cli,
    output_files,
    portfolio_cli,
    preflight,
    report_cli,
    whatif_cli,
)
from app.assessment_job import run_assessment, save_assessment
from app.context import ApplicationContext, configure_logging
from app.output_files import OutputError
from app.preflight import DatabaseUnusable
from app.store import StoreError
from app.terminal import escape_warnings, terminal_text

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class ProgressBar:
    """A one-line progress bar on stderr; plain lines when stderr is not a terminal.

    Phases run side by side (analysis.phases.scheduler), so the line shows every phase running
    with its own count, and a plain log says when each phase starts and ends, once.
    """

    def __init__(self, stream: TextIO, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty()
        self._running: dict[str, Progress] = {}  # phase -> its last report, in start order
        self._seen: set[str] = set()
        self._last = 0.0
        self._lock = threading.Lock()

    def __call__(self, progress: Progress) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._report(progress)

    def _report(self, progress: Progress) -> None:
        phase = progress.phase
        if not self.tty:
            if phase not in self._seen:
                self._seen.add(phase)
                name = assessment_job.PHASE_NAMES.get(phase, phase)
                self.stream.write(terminal_text(f"{phase}: {name}: {progress.detail}") + "\n")
            elif progress.ended:
                self.stream.write(terminal_text(f"{phase}: done") + "\n")
            return
        if progress.ended:
            self._running.pop(phase, None)
        else:
            self._running[phase] = progress
        now = time.monotonic()
        if now - self._last < 0.05 and not progress.ended:
            return
        self._last = now
        width = shutil.get_terminal_size((80, 20)).columns - 1
        parts = [_step_text(step) for step in self._running.values()]
        line = "  ".join(parts)[:width] if parts else ""
        self.stream.write("\r" + line.ljust(width))
        if not self._running:
            self.stream.write("\r" + " " * width + "\r")
        self.stream.flush()


def _step_text(progress: Progress) -> str:
    """``code 1,204/4,338 [#####-----]``: one running phase on the bar."""
    if not progress.total:
        return f"{progress.phase} …"
    filled = int(10 * progress.fraction)
    bar = "#" * filled + "-" * (10 - filled)
    return f"{progress.phase} {progress.done:,}/{progress.total:,} [{bar}]"


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2, as every other
    input error (argparse prints the whole usage first); ``--help`` shows the usage."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {terminal_text(message)} (--help for usage)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="readiness",
        description="Assess whether a git repository is ready to carry AI workloads.",
    )
    parser.add_argument("--version", action="version", version=f"readiness {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    assess = commands.add_parser("assess", help="assess one repository")
    assess.add_argument("path", metavar="PATH", help="folder of a git repository")
    assess.add_argument(
        "--json", metavar="FILE", help="write the JSON report to FILE ('-': standard output)"
    )
    assess.add_argument("--db", metavar="URL", help="SQLAlchemy database URL for the history")
    assess.add_argument("--no-save", action="store_true", help="do not store the assessment")
    assess.add_argument(
        "--workers",
        type=cli_options.workers,
        metavar="N",
        help="worker processes (default: all cores)",
    )
    assess.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    assess.add_argument(
        "--fresh",
        action="store_true",
        help="measure again even when nothing changed since a stored run (its figures are "
        "reused otherwise)",
    )
    dora_cli.add_arguments(assess)
    decisions_cli.add_arguments(assess)
    report_cli.add_assess_arguments(assess)
    assess.add_argument(
        "--hourly-cost",
        type=cli_options.hourly_cost,
        metavar="AMOUNT",
        help="loaded cost of one engineering hour, to price the technical debt",
    )
    assess.add_argument(
        "--history-mode",
        choices=("branch", "first-parent", "all"),
        help="history read: the checked-out branch (default), its first parents, all branches",
    )
    assess.add_argument(
        "--ai-split-date",
        metavar="YYYY-MM-DD",
        help="compare AI-assisted code signals before/after this date "
        "(default: the first commit with an AI co-author trailer)",
    )
    assess.add_argument(
        "--pseudonymize-authors",
        action="store_true",
        help="name developers 'Developer N' in the JSON report",
    )
    report_cli.add_commands(commands)
    whatif_cli.add_command(commands)
    doctor.add_command(commands)
    portfolio_cli.add_command(commands)
    return parser


def _fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def summary(result: Assessment) -> str:
    repo, totals = result.repository, result.code.totals
    where = repo.branch or "detached HEAD"
    lines = [
        f"Readiness Advisor {result.tool_version}: {repo.path} ({where} @ {repo.head[:10]})",
        *roles_summary(result),
        f"  Production code  {totals.files} Python files ({totals.measured_files} measured, "
        f"{totals.syntax_error_files} with syntax errors, {totals.skipped_files} skipped)",
        f"  Lines            {totals.loc} LOC, {totals.sloc} SLOC, {totals.lloc} LLOC",
        f"  Maintainability  {_fmt(totals.mi_average)} average MI (SLOC-weighted, radon), "
        f"lowest {_fmt(totals.mi_min)}",
        f"  Complexity       {totals.cc_total} total cyclomatic, {totals.functions} functions",
    ]
    worst = most_complex_function(result.code.files)
    if worst:
        file, block = worst
        lines.append(
            f"  Most complex     {file.path}:{block.lineno} {block.name} "
            f"(cyclomatic {block.complexity})"
        )
    lines.extend(tests_summary(result))
    lines.extend(delivery_summary(result))
    lines.extend(debt_summary(result))
    lines.extend(history_summary(result))
    lines.extend(warnings_summary(repo))
    lines.extend(dora_cli.summary_lines(result.dora))
    lines.extend(decisions_cli.summary_lines(result.decisions))
    lines.extend(ai_adoption_lines(result.ai_adoption))
    lines.append(f"  Took             {result.duration_seconds:.1f} s")
    return "\n".join(terminal_text(line) for line in lines)  # repository text: one line each


def delivery_summary(result: Assessment) -> list[str]:
    """How it is delivered and the Python it runs on, each with the first line that says so."""
    lines = []
    model = result.repository.delivery_model
    if model is not None:
        first = f": {model.evidence[0]}" if model.evidence else ""
        lines.append(f"  Delivered as     {model.kind} ({model.source}){first}")
    runs = result.runtime.runs_on if result.runtime is not None else None
    if runs is not None and runs.version:
        first = f": {runs.evidence[0]}" if runs.evidence else ""
        lines.append(f"  Runs on          Python {runs.version} ({runs.basis}){first}")
    return lines


def warnings_summary(repo) -> list[str]:
    """Warnings grouped by kind, with counts and the first paths; which figures are partial."""
    groups = grouped(repo.warnings)
    if not groups:
        return []
    partial = f" (partial: {', '.join(repo.partial_figures)})" if repo.partial_figures else ""
    kinds = f" of {len(groups)} kinds" if len(groups) > 1 else ""
    lines = [f"  Warnings         {len(repo.warnings)}{kinds}{partial}"]
    for group in groups[:6]:
        if group.examples:
            more = f" (+{group.count - len(group.examples)})" if group.count > 3 else ""
            detail = ", ".join(group.examples) + more
            lines.append(f"    - {group.count} × {group.title}: {detail}")
        else:
            more = f" (+{group.count - 1} more)" if group.count > 1 else ""
            lines.append(f"    - {group.title}: {group.messages[0]}{more}")
    if len(groups) > 6:
        lines.append(f"    ... and {len(groups) - 6} more kinds in the JSON report")
    return lines


def roles_summary(result: Assessment) -> list[str]:
    """What the repository holds, by file role (analysis.roles): the figures below say which
    roles they cover."""
    if result.roles is None:
        return []
    counts = result.roles.counts()
    parts = [f"{count.files:,} {role}" for role, count in counts.items() if count.files]
    return [f"  Files            {', '.join(parts)}"] if parts else []


def tests_summary(result: Assessment) -> list[str]:
    """The tests, measured like production code and reported apart (SonarQube's way)."""
    tests = result.code.totals.by_role.get("test")
    if not tests or not tests.get("files"):
        return []
    production = result.code.totals.sloc
    share = tests["sloc"] / (tests["sloc"] + production) if tests["sloc"] + production else 0
    parts = [f"{tests['files']} Python files, {tests['sloc']:,} SLOC ({share:.0%} of the code)"]
    debt = result.debt.by_role.get("test") if result.debt is not None else None
    if debt:
        parts.append(f"debt {debt['rating']} ({debt['ratio']:.1%})")
    duplication = result.duplication.by_role.get("test") if result.duplication else None
    if duplication and duplication.get("density") is not None:
        parts.append(f"duplication {duplication['density']:.1f}%")
    return [f"  Tests            {', '.join(parts)}"]


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def history_summary(result: Assessment) -> list[str]:
    history = result.history
    if history is None:
        return []
    lines = [
        f"  History          {history.commits} commits on {history.ref or 'HEAD'}, truck factor "
        f"{history.truck_factor.value if history.truck_factor.value is not None else 'n/a'}, "
        f"rework {_percent(history.rework_share)}, fix share {_percent(history.fix_share.commits)} "
        f"(last {history.window.months} months)"
    ]
    top = next((h for h in history.hotspots if (h.role or "production") == "production"), None)
    if top is not None:
        lines.append(
            f"  Top hotspot      {top.path} ({top.revisions} changes, "
            f"{'cyclomatic' if top.measure == 'cc' else 'lines'} {top.complexity}"
            f"{', ' + top.language if top.language else ''})"
        )
    return lines


def debt_summary(result: Assessment) -> list[str]:
    """Debt and duplication lines of the summary (SonarQube's SQALE rating and CPD density)."""
    lines = []
    debt, duplication = result.debt, result.duplication
    if debt is not None:
        hours = debt.remediation_minutes / 60
        money = f", {debt.money:,.0f} {debt.currency}" if debt.money is not None else ""
        lines.append(
            f"  Technical debt   rating {debt.rating}, ratio {debt.ratio:.1%}, "
            f"{hours:,.1f} h to fix {len(debt.issues)} issues{money}"
        )
    elif result.code.totals.files:
        lines.append("  Technical debt   not rated: no production Python file could be measured")
    if duplication is not None and duplication.density is not None:
        raw = duplication.cpd_density
        lines.append(
            f"  Duplication      {duplication.density:.1f}% of lines "
            f"({duplication.duplicated_lines:,} lines in {len(duplication.groups):,} clone groups)"
            + (f"; raw CPD-style figure {raw:.1f}%" if raw is not None else "")
        )
    return lines


def _error(message: str) -> None:
    print(f"readiness: {terminal_text(message)}", file=sys.stderr)


def _check_before_the_work(args: argparse.Namespace, context: ApplicationContext) -> None:
    """Fail fast, before the long work: every output path and (unless --no-save) the database
    must be writable (:mod:`app.output_files`, :mod:`app.preflight`)."""
    if args.json:
        output_files.check_writable(args.json, allow_stdout=True)
    if args.pdf:
        output_files.check_writable(args.pdf)
    if not args.no_save:
        preflight.check_database_writable(context.database_url)


def assess_command(args: argparse.Namespace) -> int:
    context = ApplicationContext(database_url=args.db)
    try:
        return _assess(args, context)
    finally:
        context.close()  # on every path: success, bad input, interruption


def _assess(args: argparse.Namespace, context: ApplicationContext) -> int:
    # the JSON owns standard output when it goes there: the summary moves to stderr
    out = sys.stderr if output_files.goes_to_standard_output(args.json) else sys.stdout
    options = context.settings.analysis_options()
    if args.workers:
        options.workers = args.workers
    options.reuse_unchanged = not args.fresh
    if args.hourly_cost is not None:
        options.hourly_cost = args.hourly_cost
    if args.history_mode:
        options.history = replace(options.history, mode=args.history_mode)
    if args.ai_split_date:
        options.ai_code = replace(options.ai_code, split_date=args.ai_split_date)
    if args.pseudonymize_authors:
        options.history = replace(options.history, pseudonymize_authors=True)
    try:
        _check_before_the_work(args, context)
        # open (and migrate) the store before the long work, to fail fast
        cache = NoCache() if args.no_save else context.store.cache
        if not args.no_save and context.store.read_only:  # a role that may only browse
            raise StoreError(context.store.read_only_reason())
        options.dora = dora_cli.dora_inputs(args, context)
        options.team = decisions_cli.team_profile(args, context)
        bar = ProgressBar(sys.stderr, not args.quiet)
        result = run_assessment(args.path, options, cache, progress=bar)
    except (AssessmentError, OutputError, DatabaseUnusable) as exc:
        _error(str(exc))
        return EXIT_BAD_INPUT
    except (StoreError, *preflight.DATABASE_ERRORS) as exc:
        _error(preflight.one_line(exc, context.database_url))
        return EXIT_BAD_INPUT
    except Cancelled:
        _error("interrupted")
        return EXIT_INTERRUPTED
    print(summary(result), file=out)
    # the store first, then each file on its own: one that fails loses none of the others
    status, store, not_stored = EXIT_OK, None, ""
    # made once for the store and the JSON file (a large assessment's takes ~0.5 s)
    report = (kept_report(result) or to_report(result)) if args.json or not args.no_save else None
    if not args.no_save:
        try:
            assessment_id = save_assessment(result, context.store, no_progress, report)
            store = context.store
        except (StoreError, *preflight.DATABASE_ERRORS) as exc:
            not_stored = preflight.one_line(exc, context.database_url)
        else:
            print(f"  Stored as        assessment #{assessment_id}", file=out)
            if context.store.backup:
                print(f"  Database backup  {context.store.backup} (made before a schema upgrade)",
                      file=out)  # fmt: skip
    if args.json:
        try:
            target = output_files.write_json_report(
                export_report(result, options, report), args.json, allow_stdout=True
            )
        except (OutputError, OSError) as exc:
            _error(report_cli.write_failure(args.json, exc))
            status = EXIT_BAD_INPUT
        else:
            if target.kind != "stdout":
                print(f"  JSON report      {target}", file=out)
    outcome = report_cli.after_assessment(args, result, store, out)
    if not_stored:
        written = " (the reports above were written)" if args.json or args.pdf else ""
        _error(f"the assessment was not stored: {not_stored}{written}")
        return EXIT_BAD_INPUT
    return status or outcome


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    logger = configure_logging()
    escape_warnings()
    output_files.install_signal_handlers()
    try:
        if args.command == "doctor":
            return doctor.run(args)
        if args.command == "whatif":
            return whatif_cli.run(args)
        if args.command == "portfolio":
            return portfolio_cli.run(args)
        if args.command != "assess":
            return report_cli.run(args, summary)
        return assess_command(args)
    except KeyboardInterrupt as exc:  # SIGINT or SIGTERM (app.output_files.Terminated)
        output_files.remove_temporaries()
        code, message = output_files.exit_status(exc)
        _error(message)
        return code
    except Exception as exc:  # last resort: one line for the user, the traceback to the log
        logger.exception("internal error")
        _error(f"internal error: {exc.__class__.__name__}: {exc} (details in the log file)")
        return EXIT_INTERNAL
    finally:
        output_files.restore_signal_handlers()


if __name__ == "__main__":
    sys.exit(main())
