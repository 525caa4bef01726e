"""The DORA part of ``readiness assess``: log and Quick Check files in, summary lines out.

``--deployments`` / ``--incidents`` import a CSV log (all or nothing) and keep it with the
repository in the store, so later runs reuse it; ``--quick-check`` reads the team's answers
from TOML. A file that does not import raises an :class:`~analysis.errors.AssessmentError`
whose one line names the file, line, column and value; the CLI exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import UTC, datetime

from analysis.dora.csv_import import import_log
from analysis.dora.delivery_log import DEPLOYMENTS, INCIDENTS, empty_log_warning
from analysis.dora.evidence_wording import (
    cadence_text,
    failure_line,
    failures_text,
    stale_window_text,
    unit,
)
from analysis.dora.levels import NOT_ENOUGH
from analysis.dora.quick_check import load_quick_check
from analysis.dora.results import DoraReport
from analysis.dora.settings import MIN_SAMPLE, SOURCES, DoraInputs
from analysis.dora.wording import count, duration, percent
from analysis.errors import AssessmentError
from analysis.scan import open_repository
from app import cli_options
from app.context import ApplicationContext


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("delivery metrics (DORA)")
    group.add_argument(
        "--deployments",
        metavar="FILE",
        help="import a deployment log (CSV) and keep it with the repository",
    )
    group.add_argument(
        "--incidents",
        metavar="FILE",
        help="import an incident log (CSV) and keep it with the repository",
    )
    group.add_argument(
        "--quick-check", metavar="FILE", help="the team's DORA Quick Check answers (TOML)"
    )
    group.add_argument(
        "--deployment-source",
        choices=SOURCES,
        help="what counts as a deployment (default: as stored, else auto)",
    )
    group.add_argument(
        "--release-pattern", metavar="REGEX", help="release tags (default: semantic-version-like)"
    )
    group.add_argument(
        "--window-months",
        type=cli_options.window_months,
        metavar="N",
        help="DORA window length in months (default 6)",
    )
    group.add_argument(
        "--window-end",
        metavar="DATE",
        help="end of the DORA window, ISO 8601 (default: now; a date is midnight UTC, exclusive)",
    )
    group.add_argument(
        "--stale-days",
        type=cli_options.stale_days,
        metavar="N",
        help="a clone whose newest commit or tag is older than N days ends the default window "
        "there, with a warning (default 14)",
    )
    group.add_argument(
        "--hotfix-days",
        type=cli_options.hotfix_days,
        metavar="N",
        help="a fix or revert shipped within N days of the change's deployment fails it "
        "(default 7)",
    )


def _warn(message: str) -> None:
    print(f"readiness: warning: {message}", file=sys.stderr)


def _window_end(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise AssessmentError(f"--window-end: {text!r} is not an ISO 8601 date or time") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def dora_inputs(args: argparse.Namespace, context: ApplicationContext) -> DoraInputs:
    """Stored inputs (unless --no-save), overridden by the files and options given."""
    root = open_repository(args.path).folder
    inputs = DoraInputs() if args.no_save else context.store.delivery.inputs(root)
    imported = []
    if args.deployments:
        log = import_log(args.deployments, DEPLOYMENTS)
        if log.records:
            inputs.deployment_log = log
            imported.append(log)
        else:  # replaces neither the stored log nor the deployments measured from git
            _warn(empty_log_warning(log))
    if args.incidents:
        inputs.incident_log = import_log(args.incidents, INCIDENTS)
        imported.append(inputs.incident_log)
    for log in imported:
        if log.naive_times:
            _warn(log.naive_warning())
    if args.quick_check:
        inputs.quick_check = load_quick_check(args.quick_check)
    if not args.no_save:  # every file imported cleanly: keep them
        for log in imported:
            context.store.delivery.save_log(root, log)
        if args.quick_check:
            context.store.delivery.save_preferences(root, quick_check=inputs.quick_check)
    settings = inputs.settings
    if args.deployment_source:
        settings.deployment_source = args.deployment_source
    if args.release_pattern:
        settings.release_pattern = args.release_pattern
    if args.window_months is not None:
        settings.window_months = args.window_months
    if args.stale_days is not None:
        settings.stale_days = args.stale_days
    if args.hotfix_days is not None:
        settings.hotfix_days = args.hotfix_days
    if args.window_end:
        settings.window_end = _window_end(args.window_end)
    problems = settings.problems()
    if problems:
        raise AssessmentError(f"DORA settings: {problems[0]}")
    return inputs


#: Failures listed one line each in the summary; the JSON report has them all.
FAILURES_SHOWN = 5
#: Release lines named in the summary, newest first.
LINES_SHOWN = 4


def summary_lines(dora: DoraReport | None) -> list[str]:
    if dora is None:
        return ["  Delivery (DORA)  not computed (see warnings)"]
    source = dora.deployment_source
    lead, recovery = dora.lead_time_hours, dora.recovery_hours
    n = dora.deployments
    noun = unit(dora)

    def judged(metric: str) -> str:
        level = dora.levels[metric]
        if level == NOT_ENOUGH:
            return f"[{level}: {dora.level_reasons.get(metric, f'fewer than {MIN_SAMPLE}')}]"
        return f"[{level}; article: {dora.article_verdicts[metric]}]"

    if dora.lead_time_reason:
        lead_text = dora.lead_time_reason
    else:
        lead_text = (
            f"median {duration(lead.median)} (p75 {duration(lead.p75)}, p90 "
            f"{duration(lead.p90)}, n={lead.n})  {judged('lead_time')}"
        )
    guessed = dora.failure_method == "tag-spacing"
    how = "; guessed from tag spacing, a fallback, not evidence" if guessed else ""
    lines = [
        f"  Delivery (DORA)  {source['label']}: {count(n, noun)}, {dora.window['start'][:10]} "
        f"to {dora.window['end'][:10]}",
        f"    why            {source['reason']}",
    ]
    stale = stale_window_text(dora)
    if stale:
        lines.append(f"    {'stale clone':<14} {stale}")
    cadence = cadence_text(dora)
    if cadence:
        lines.append(f"    {'releases':<14} {cadence}")
    lines += [
        f"    {'Lead time':<14} {lead_text}",
        f"    {noun.capitalize() + 's':<14} {dora.deployments_per_week:.2f}/week, "
        f"{dora.deployments_per_day:.2f}/day, fourkeys bucket {dora.deploy_days.bucket}  "
        f"{judged('deployment_frequency')}",
        f"    {'Change fail':<14} {percent(dora.change_fail_rate)} ({dora.failed_deployments} of "
        f"{n}{how})  {judged('change_fail_rate')}",
        f"    {'Recovery':<14} median {duration(recovery.median)} (n={recovery.n})  "
        f"{judged('recovery_time')}",
        f"    {'Rework rate':<14} {percent(dora.rework_rate)} "
        f"({dora.unplanned_deployments} of {n} unplanned)",
    ]
    lines += _release_lines(dora)
    lines += _failure_lines(dora)
    quick = dora.quick_check
    if quick is not None:
        flagged = sum(1 for c in quick.comparison if c.disagree)
        lines.append(
            f"    {'Quick Check':<14} overall {quick.overall} (throughput {quick.throughput}, "
            f"stability {quick.stability}); {flagged} answer(s) more than one bucket from the "
            "measures"
        )
    lines += _benchmark_lines(dora)
    return lines


def _benchmark_lines(dora: DoraReport) -> list[str]:
    """``Industry  DORA 2025, Technology: 1 below, 4 within, 1 above the spread``, per group."""
    bench = dora.benchmark
    if bench is None:
        return []
    lines = []
    for group in bench.groups:
        counts = {"below": 0, "within": 0, "above": 0}
        for metric in group.metrics:
            for position in (metric.answered_position, metric.measured_position):
                if position:
                    counts[position] += 1
        placed = ", ".join(f"{n} {word}" for word, n in counts.items() if n) or "nothing placed"
        title = "Industry" if group.group == "industry" else "Org. size"
        lines.append(
            f"    {title:<14} DORA {bench.edition}, {group.name}: {placed} the spread "
            "(answers and measures; DORA Quick Check, Apache-2.0)"
        )
    lines += [f"    {'Benchmark':<14} {problem}" for problem in bench.problems]
    return lines


def _release_lines(dora: DoraReport) -> list[str]:
    """``3.23 (current) 12 releases; 3.22 9 releases, 4 backports; ...``, and the tags set
    aside in the window."""
    lines = []
    released = [line for line in dora.release_lines if line.maintained]
    if released:
        named = []
        for line in released[:LINES_SHOWN]:
            figures = [count(line.releases, "release")]
            if line.backports:
                figures.append(count(line.backports, "backport"))
            if line.pre_releases:
                figures.append(count(line.pre_releases, "pre-release"))
            current = " (current)" if line.current else ""
            named.append(f"{line.line}{current} {', '.join(figures)}")
        rest = len(dora.release_lines) - len(named)
        more = f"; {count(rest, 'other line')} not released in the window" if rest > 0 else ""
        lines.append(f"    {'Release lines':<14} " + "; ".join(named) + more)
    if dora.set_aside_tags:
        kinds = Counter(t.kind for t in dora.set_aside_tags)
        said = ", ".join(
            count(kinds[kind], noun)
            for kind, noun in (("pre-release", "pre-release"), ("non-release", "non-release tag"))
            if kinds[kind]
        )
        lines.append(f"    {'Set aside':<14} {said} in the window, not counted")
    return lines


def _failure_lines(dora: DoraReport) -> list[str]:
    """One line of evidence per counted failure, the first few."""
    counted = [f for f in dora.failures if f.counted]
    if not counted:
        return []
    names = {d.id: d.name for d in dora.deployment_list}
    how = "guessed from tag spacing" if dora.failure_method == "tag-spacing" else "with evidence"
    lines = [f"    {'Failures':<14} {failures_text(dora)}, {how}, newest first:"]
    newest = sorted(counted, key=lambda f: f.restored_at or "", reverse=True)
    lines += [f"      - {failure_line(f, names)}" for f in newest[:FAILURES_SHOWN]]
    if len(counted) > FAILURES_SHOWN:
        rest = count(len(counted) - FAILURES_SHOWN, "more fix", "more fixes")
        lines.append(f"      … and {rest} (the JSON report has all)")
    return lines
