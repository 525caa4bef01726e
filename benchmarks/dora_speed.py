"""Time the DORA phase on a real repository against plain ``git log --numstat`` (issue 13).

    .venv/bin/python benchmarks/dora_speed.py REPO [--repeat 1] [--window-end ISO] [--figures]

In one run, on REPO itself (read only; ``GIT_NO_LAZY_FETCH=1`` so a partial clone never
fetches):

1. **baseline**: ``git log --numstat <default branch>``, its output read through a pipe. On a
   partial clone it may stop at a blob that is not there: the script says so and how far it got;
2. **history read** (timed apart, not part of the ratio): the commit records the history phase
   reads (``resolve_source`` + ``read_history`` with no cache), as ``assessment.run`` hands them
   on through ``history_commits``;
3. **DORA phase**: ``analysis.dora.phase.assess_delivery(repo, DoraInputs(), commits=...,
   covered_tips=...)``, exactly as the assessment calls it (it reads tags, the commits other
   refs add, the default branch, and computes).

Prints both wall times and the ratio DORA / baseline; target (issue 13, item 8): < 10%.
``--figures`` also prints what the product made of the repository (deployments, failures with
their evidence, lead time, window), to set beside ``benchmarks/dora_independent.py``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ["GIT_NO_LAZY_FETCH"] = "1"  # before the product's git calls inherit the environment
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.cache import NoCache
from analysis.dora.git_refs import default_branch
from analysis.dora.phase import assess_delivery
from analysis.dora.settings import DoraInputs, DoraSettings
from analysis.errors import AssessmentError
from analysis.history.options import HistoryOptions
from analysis.history.reader import read_history
from analysis.history.source import resolve_source
from analysis.scan import open_repository

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}


def git_log_numstat(root: Path, branch: str, *extra: str) -> tuple[float, int, str]:
    """Seconds, commits read and the error (empty when it finished) of ``git log --numstat``."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            "git",
            "-C",
            str(root),
            "log",
            "--numstat",
            "--format=%x00commit %H",
            *extra,
            branch,
            *(("--", ".", *(f":(exclude,literal){p}" for p in MISSING)) if MISSING else ()),
        ],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    commits = 0
    tail = b""
    while chunk := proc.stdout.read1(1 << 16):
        commits += (tail + chunk).count(b"\0commit ") - tail.count(b"\0commit ")
        tail = chunk[-8:]
    error = proc.stderr.read().decode("utf-8", "replace").strip()
    code = proc.wait()
    seconds = time.perf_counter() - started
    return seconds, commits, (error.splitlines()[-1] if code and error else "")


#: Paths whose blobs the partial clone lacks (set by ``missing_blob_paths`` for the second
#: baseline; empty for the plain one).
MISSING: set[str] = set()


def missing_blob_paths(root: Path, branch: str) -> set[str]:
    """Paths, anywhere in the branch's history, of blobs missing from a partial clone."""
    listing = subprocess.run(
        ["git", "-C", str(root), "rev-list", "--objects", "--missing=print", branch],
        env=ENV,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    missing = {line[1:] for line in listing.splitlines() if line.startswith("?")}
    if not missing:
        return set()
    raw = subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "log",
            "--raw",
            "--no-renames",
            "--no-abbrev",
            "--format=",
            branch,
        ],
        env=ENV,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    paths = set()
    for line in raw.splitlines():
        meta, _, path = line.partition("\t")
        fields = meta.split()
        if len(fields) >= 4 and (fields[2] in missing or fields[3] in missing):
            paths.add(path)
    return paths


def best_of(repeat: int, func):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return min(times), result


def print_figures(report) -> None:
    window = report.window
    print(f"\nproduct figures: window {window.get('start')} .. {window.get('end')}")
    source = report.deployment_source
    print(f"  source: {source.get('kind')} ({source.get('reason')})")
    counted = [d for d in report.deployment_list if d.counted]
    print(
        f"  deployments {report.deployments} ({report.deployments_per_week:.3f} per week), "
        f"failed {report.failed_deployments}, change fail rate {report.change_fail_rate}, "
        f"lead time median {report.lead_time_hours.median} h over {report.lead_time_hours.n}, "
        f"recovery median {report.recovery_hours.median} h"
    )
    kinds: dict[str, int] = {}
    for entry in report.deployment_list:
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    print(f"  deployment list by kind: {kinds}; counted {len(counted)}")
    for failure in report.failures:
        print(
            f"  failed {failure.deployment} -> {failure.restored_by} "
            f"({failure.recovery_hours} h) [{failure.method or failure.kind}] {failure.evidence}"
        )
    for warning in report.warnings:
        print(f"  warning: {warning}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each timing (best kept)")
    parser.add_argument("--window-end", help="ISO date: the DORA window's end (default: now)")
    parser.add_argument("--figures", action="store_true", help="print the product's figures")
    args = parser.parse_args(argv)
    try:
        repo = open_repository(args.repo, allow_bare=True)
    except AssessmentError as exc:
        parser.error(str(exc))
    branch = default_branch(repo.root)
    inputs = DoraInputs()
    if args.window_end:
        try:
            end = datetime.fromisoformat(args.window_end)
        except ValueError:
            parser.error(f"--window-end: not an ISO date: {args.window_end!r}")
        inputs = DoraInputs(DoraSettings(window_end=end if end.tzinfo else end.replace(tzinfo=UTC)))

    base, (_, commits, error) = best_of(
        args.repeat, lambda: git_log_numstat(repo.root, branch.name)
    )
    state = f"STOPPED after {commits:,} commits: {error}" if error else f"{commits:,} commits"
    print(f"{repo.root}: default branch {branch.name}")
    print(f"  baseline  git log --numstat {branch.name:<16} {base:8.2f} s  ({state})")
    whole = None
    if error:  # the same over the whole history, leaving out the paths of the missing blobs
        MISSING.update(missing_blob_paths(repo.root, branch.name))
        whole, (_, commits, error) = best_of(
            args.repeat,
            lambda: git_log_numstat(repo.root, branch.name, "--full-history", "--sparse"),
        )
        state = f"STOPPED after {commits:,} commits: {error}" if error else f"{commits:,} commits"
        print(
            f"  baseline' the same, whole history, {len(MISSING)} paths of missing blobs "
            f"excluded: {whole:8.2f} s  ({state})"
        )
        MISSING.clear()

    options = HistoryOptions()
    read_seconds, outcome = best_of(
        args.repeat,
        lambda: read_history(
            resolve_source(repo, options), options, NoCache(), lambda _p: None, lambda: False
        ),
    )
    source = resolve_source(repo, options)
    records = outcome.commits
    print(
        f"  history   commit records (timed apart)    {read_seconds:8.2f} s  "
        f"({len(records):,} records of {', '.join(source.tips)[:60]})"
    )

    dora_seconds, result = best_of(
        args.repeat,
        lambda: assess_delivery(repo, inputs, commits=records, covered_tips=source.tips),
    )
    report = result.report
    summary = (
        f"{report.deployments} deployments, {report.failed_deployments} failed"
        if report is not None
        else "no report: " + "; ".join(result.warnings)
    )
    print(f"  DORA      assess_delivery                 {dora_seconds:8.2f} s  ({summary})")
    for label, seconds in (("baseline", base), ("baseline'", whole)):
        if seconds:
            ratio = dora_seconds / seconds
            verdict = "meets" if ratio < 0.10 else "MISSES"
            print(f"  ratio DORA / {label}: {ratio:.1%} ({verdict} the < 10% target)")
    if args.figures and report is not None:
        print_figures(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
