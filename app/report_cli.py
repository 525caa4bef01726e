"""Stored assessments on the command line: ``readiness history PATH``, ``readiness compare ID1
ID2``, ``readiness report ID``; and what ``assess`` does after the run: ``--pdf FILE`` (the
executive summary) and ``--fail-under SCORE`` (a CI gate: exit 3 below the score).

The tables are :func:`analysis.comparison.compare` and the store's headline figures, the same
the GUI shows; the PDF is :func:`app.pdf.export_pdf`, which starts an offscreen Qt when there is
no display.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TextIO

from analysis.assessment import Assessment
from analysis.comparison import BETTER, WORSE, Comparison, compare, duration_text, percent_text
from analysis.errors import AssessmentError
from analysis.report import export_report
from analysis.scan import open_repository
from app import cli_options, output_files, preflight, whatif_cli
from app.context import ApplicationContext
from app.output_files import OutputError
from app.preflight import DatabaseUnusable
from app.store import AssessmentSummary, Store, StoreError
from app.terminal import terminal_text

EXIT_OK, EXIT_BAD_INPUT, EXIT_BELOW = 0, 2, 3
PAGE_SIZE_CHOICES = ("a4", "letter")


def _error(message: str) -> None:
    print(f"readiness: {terminal_text(message)}", file=sys.stderr)


def add_assess_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("executive summary and CI gate")
    group.add_argument("--pdf", metavar="FILE", help="write the PDF executive summary to FILE")
    group.add_argument(
        "--page-size", choices=PAGE_SIZE_CHOICES, default="a4", help="PDF paper (default a4)"
    )
    group.add_argument(
        "--fail-under",
        type=cli_options.score,
        metavar="SCORE",
        help="exit with status 3 when the AI-readiness score is below SCORE (0-100) or could "
        "not be computed",
    )


def add_commands(commands) -> None:
    history = commands.add_parser("history", help="list the stored assessments of a repository")
    history.add_argument("path", metavar="PATH", help="folder of the repository")
    history.add_argument("--db", metavar="URL", help="SQLAlchemy database URL of the history")
    history.add_argument("--json", action="store_true", help="print JSON instead of a table")
    comparison = commands.add_parser(
        "compare", help="before/after of two stored assessments (IDs from 'readiness history')"
    )
    comparison.add_argument("before", type=int, metavar="ID1", help="the earlier assessment")
    comparison.add_argument("after", type=int, metavar="ID2", help="the later assessment")
    comparison.add_argument("--db", metavar="URL", help="SQLAlchemy database URL of the history")
    comparison.add_argument("--json", action="store_true", help="print JSON instead of a table")
    report = commands.add_parser("report", help="summary, PDF or JSON of a stored assessment")
    report.add_argument("assessment_id", type=int, metavar="ASSESSMENT_ID")
    report.add_argument("--db", metavar="URL", help="SQLAlchemy database URL of the history")
    report.add_argument("--pdf", metavar="FILE", help="write the PDF executive summary to FILE")
    report.add_argument("--json", metavar="FILE", help="write the JSON report to FILE")
    report.add_argument("--page-size", choices=PAGE_SIZE_CHOICES, default="a4")


# ----------------------------------------------------------------- after an assessment
def write_pdf(result: Assessment, target: str, page_size: str, store: Store | None) -> Path:
    from app.pdf import export_pdf  # Qt only when a PDF is asked for
    from app.pdf.history import report_history

    return export_pdf(result, target, page_size, report_history(store, result))


def write_failure(given: str, exc: BaseException) -> str:
    """One line for an output file that could not be written."""
    if isinstance(exc, OutputError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"cannot write {given}: {exc.strerror or exc}"
    return f"cannot write {given}: {exc}"


def after_assessment(
    args: argparse.Namespace, result: Assessment, store: Store | None, out: TextIO | None = None
) -> int:
    """``--pdf`` and ``--fail-under`` of ``assess``, once the result is printed and stored."""
    out = out or sys.stdout
    if args.pdf:
        try:
            target = write_pdf(result, args.pdf, args.page_size, store)
        except (OutputError, OSError) as exc:
            _error(write_failure(args.pdf, exc))
            return EXIT_BAD_INPUT
        print(f"  PDF summary      {target}", file=out)
    if args.fail_under is not None:
        score = result.decisions.readiness.score if result.decisions else None
        if score is None:
            _error(f"no AI-readiness score (not enough data): --fail-under {args.fail_under:g} "
                   "fails")  # fmt: skip
            return EXIT_BELOW
        if score < args.fail_under:
            _error(f"AI-readiness score {score} is below --fail-under {args.fail_under:g}")
            return EXIT_BELOW
    return EXIT_OK


# ----------------------------------------------------------------- history, compare, report
def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _cell(value, shown) -> str:
    return "–" if value is None else shown(value)


def history_rows(rows: list[AssessmentSummary]) -> list[list[str]]:
    table = [["#", "When (UTC)", "Commit", "Score", "Lead time", "Deploys/wk", "Change fail",
              "Debt ratio", "Hotspot share", "Result"]]  # fmt: skip
    for r in rows:
        h = r.headline
        score = "–" if h is None or h.score is None else f"{h.score} {h.grade or ''}".strip()
        table.append(
            [
                str(r.id), _when(r.analyzed_at), r.head[:10], score,
                _cell(h and h.lead_time_days, lambda v: duration_text(v * 24)),
                _cell(h and h.deploys_per_week, lambda v: f"{v:.2f}"),
                _cell(h and h.change_fail_rate, percent_text),
                _cell(h and h.debt_ratio, percent_text),
                _cell(h and h.hotspot_share, percent_text),
                "partial" if r.partial else "complete",
            ]
        )  # fmt: skip
    return [[terminal_text(cell) for cell in row] for row in table]


def format_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def comparison_text(comparison: Comparison, before: AssessmentSummary, after: AssessmentSummary,
                    colour: bool = False) -> str:  # fmt: skip
    marks = {BETTER: ("better", "\033[32m"), WORSE: ("worse", "\033[31m")}
    rows = [["Measure", "Before", "After", "Change", "", "Healthy target"]]
    for m in comparison.metrics:
        word, ansi = marks.get(m.direction, ("", ""))
        delta = terminal_text(m.delta_text)  # stored text: escaped before our own colour
        change = f"{ansi}{delta}\033[0m" if colour and ansi else delta
        rows.append([*map(terminal_text, (m.label, m.before_text, m.after_text)), change, word,
                     terminal_text(m.article)])  # fmt: skip
    for v in comparison.verdicts:
        rows.append([*map(terminal_text, (v.label, v.before or "–", v.after or "–")),
                     "changed" if v.changed else "same", "", ""])  # fmt: skip
    lines = [
        terminal_text(f"Before  #{before.id}  {_when(before.analyzed_at)} UTC  {before.head[:10]}"),
        terminal_text(f"After   #{after.id}  {_when(after.analyzed_at)} UTC  {after.head[:10]}"),
        "",
        format_table(rows),
    ]
    lines.extend(terminal_text(f"Note: {note}") for note in comparison.notes)
    return "\n".join(lines)


def _repository_key(path: str) -> str:
    """The path the store keys the repository by (the folder assessed), or the folder as given."""
    try:
        return open_repository(path, allow_bare=True).folder
    except AssessmentError:
        return str(Path(path).resolve())


def existing_store(args: argparse.Namespace) -> ApplicationContext:
    """The store of a database that exists, for reading: reading never creates one, and a
    damaged database is read as far as it can be, said in one line."""
    context = ApplicationContext(database_url=args.db, salvage=True)
    args.database_url = context.database_url
    preflight.require_database(context.database_url)
    if context.store.damaged:
        _error(f"{context.store.damaged}; showing what can be read")
    return context


def history_command(args: argparse.Namespace) -> int:
    context = existing_store(args)
    key = _repository_key(args.path)
    rows = context.store.assessments(key)
    if args.json:
        print(json.dumps([{"id": r.id, **r.headline.to_dict()} if r.headline else {"id": r.id}
                          for r in rows], indent=2))  # fmt: skip
    elif not rows:
        print(terminal_text(f"No stored assessments of {key}."))
    else:
        print(terminal_text(f"Assessments of {key} ({len(rows)}, newest first):"))
        print(format_table(history_rows(rows)))
    context.close()
    return EXIT_OK


def compare_command(args: argparse.Namespace) -> int:
    context = existing_store(args)
    before, after = context.store.summary(args.before), context.store.summary(args.after)
    if before.headline is None or after.headline is None:
        missing = args.before if before.headline is None else args.after
        _error(f"assessment #{missing} has no readable figures")
        return EXIT_BAD_INPUT
    comparison = compare(before.headline, after.headline)
    if args.json:
        print(json.dumps({"before_id": before.id, "after_id": after.id, **asdict(comparison)},
                         indent=2))  # fmt: skip
    else:
        print(comparison_text(comparison, before, after, colour=sys.stdout.isatty()))
    context.close()
    return EXIT_OK


def report_command(args: argparse.Namespace, summary) -> int:
    for given, allow_stdout in ((args.json, True), (args.pdf, False)):
        if given:
            output_files.check_writable(given, allow_stdout)
    context = existing_store(args)
    # the JSON owns standard output when it goes there: the lines below move to stderr
    out = sys.stderr if output_files.goes_to_standard_output(args.json) else sys.stdout
    result = context.store.load(args.assessment_id)
    scenario_lines, scenarios = whatif_cli.report_scenarios(
        context.store, args.assessment_id, result, context.settings
    )
    if not (args.pdf or args.json):
        print(summary(result))
        print("\n".join(scenario_lines))
    status = EXIT_OK
    if args.json:
        options = context.settings.analysis_options()
        report = export_report(result, options)
        if scenarios is not None:
            report["scenarios"] = scenarios
        try:
            target = output_files.write_json_report(report, args.json, allow_stdout=True)
        except (OutputError, OSError) as exc:
            _error(write_failure(args.json, exc))
            status = EXIT_BAD_INPUT
        else:
            if target.kind != "stdout":
                print(f"  JSON report      {target}", file=out)
    if args.pdf:
        try:
            target = write_pdf(result, args.pdf, args.page_size, context.store)
        except (OutputError, OSError) as exc:
            _error(write_failure(args.pdf, exc))
            status = EXIT_BAD_INPUT
        else:
            print(f"  PDF summary      {target}", file=out)
    context.close()
    return status


def run(args: argparse.Namespace, summary) -> int:
    """``history``, ``compare`` or ``report``: exit 2 with one line for an unknown id, a
    database that is missing or unusable, or a file that cannot be written."""

    def command() -> int:
        if args.command == "history":
            return history_command(args)
        if args.command == "compare":
            return compare_command(args)
        return report_command(args, summary)

    return reading_the_store(command, args)


def reading_the_store(command, args: argparse.Namespace, expected: tuple = ()) -> int:
    """Run a command that reads the store (``history``, ``compare``, ``report``, ``whatif``):
    ``expected`` errors, a missing or unusable database, or a file that cannot be written are
    exit 2 with one line on stderr."""
    try:
        return command()
    except (DatabaseUnusable, OutputError, *expected) as exc:
        _error(str(exc))
        return EXIT_BAD_INPUT
    except (StoreError, *preflight.DATABASE_ERRORS) as exc:
        _error(preflight.one_line(exc, getattr(args, "database_url", args.db)))
        return EXIT_BAD_INPUT
    except OSError as exc:
        _error(f"cannot write {exc.filename or 'the file'}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
