"""The DORA engine: commit records, tags and the user's inputs in, the DORA section out.

Pure and in memory: no git, no files (:mod:`analysis.dora.phase` reads those). Each metric's
definition is dora.dev's; where the open tools differ, the module that computes it says which
rule it follows. Cost: linear in commits and deployments, plus sorting.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from statistics import median

from analysis.dora import levels as lv
from analysis.dora.attribution import first_deployments
from analysis.dora.deployments import Deployment, choose_deployments, source_label
from analysis.dora.failures import (
    FIX_TAG,
    HOTFIX,
    KIND_LABELS,
    REVERT_KIND,
    ROLLBACK,
    Failure,
    fix_tag_failures,
    hotfix_failures,
    incident_failures,
    revert_failures,
    rollback_failures,
)
from analysis.dora.periods import Period, calendar_months, month_blocks, week_blocks, window
from analysis.dora.quick_check import Measured, score_quick_check
from analysis.dora.records import BranchTip, DoraCommit, TagRecord
from analysis.dora.results import (
    DeployDays,
    DeploymentEntry,
    DoraReport,
    FailureEntry,
    LeadTime,
    MonthFigures,
    Recovery,
)
from analysis.dora.settings import MIN_SAMPLE, DoraInputs, DoraSettings
from analysis.dora.wording import count
from analysis.progress import CancelCheck, check_cancel, never_cancel

#: Failures whose restoring deployment was made to fix something: unplanned (rework) work.
_FIX_KINDS = frozenset({REVERT_KIND, HOTFIX, FIX_TAG, ROLLBACK})


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _hours(delta) -> float:
    return delta.total_seconds() / 3600


class _Outcome:
    """Per-deployment facts the figures are made of (indexes into the sorted deployments)."""

    def __init__(self, deployments: Sequence[Deployment], failures: list[Failure]) -> None:
        self.deployments = deployments
        self.times = [d.at for d in deployments]
        self.failed: set[int] = set()
        self.unplanned: set[int] = {i for i, d in enumerate(deployments) if d.fix}
        self.restored: dict[int, datetime] = {}
        for failure in failures:
            self.failed.add(failure.deployment)
            if failure.kind in _FIX_KINDS and failure.restored_by is not None:
                self.unplanned.add(failure.restored_by)
            if failure.restored_at is not None:
                best = self.restored.get(failure.deployment)
                if best is None or failure.restored_at < best:
                    self.restored[failure.deployment] = failure.restored_at
        self.lead: dict[int, list[float]] = defaultdict(list)
        self.shipped_count: dict[int, int] = defaultdict(int)

    def indexes(self, span: Period) -> range:
        return range(
            bisect.bisect_left(self.times, span.start), bisect.bisect_left(self.times, span.end)
        )

    def figures(self, span: Period):
        chosen = self.indexes(span)
        count = len(chosen)
        failed = sum(1 for i in chosen if i in self.failed)
        unplanned = sum(1 for i in chosen if i in self.unplanned)
        lead = [h for i in chosen for h in self.lead.get(i, ())]
        recovery = [_hours(self.restored[i] - self.times[i]) for i in chosen if i in self.restored]
        # a rate is never extrapolated from less than its own unit: 8 deployments on a
        # repository's first day are 8 that week, not 56 a week
        weeks = max(span.days, 7) / 7
        days = max(span.days, 1)
        return {
            "deployments": count,
            "failed_deployments": failed,
            "unplanned_deployments": unplanned,
            "lead_time_hours": LeadTime.of(lead),
            "deployments_per_week": round(count / weeks, 3),
            "deployments_per_day": round(count / days, 3),
            "change_fail_rate": round(failed / count, 4) if count else None,
            "recovery_hours": Recovery.of(recovery, failed - len(recovery)),
            "rework_rate": round(unplanned / count, 4) if count else None,
        }

    def deploy_days(self, span: Period) -> DeployDays:
        def days(block: Period) -> int:
            return len({self.times[i].date() for i in self.indexes(block)})

        weeks = [days(b) for b in week_blocks(span)]
        months = [days(b) for b in month_blocks(span)]
        per_week = float(median(weeks)) if weeks else 0.0
        per_month = float(median(months)) if months else 0.0
        return DeployDays(
            per_week, per_month, len(weeks), len(months), lv.fourkeys_bucket(per_week, per_month)
        )


def _collect_failures(by_sha, shipped, deployments, inputs, resolved, source):
    settings = inputs.settings
    found = [
        revert_failures(by_sha, shipped, deployments),
        hotfix_failures(deployments, settings.hotfix_days),
        fix_tag_failures(deployments),
    ]
    used = [KIND_LABELS[REVERT_KIND], KIND_LABELS[HOTFIX], KIND_LABELS[FIX_TAG]]
    if source == "log":
        found.append(rollback_failures(deployments))
        used.append(KIND_LABELS[ROLLBACK])
    if inputs.incident_log is not None:
        found.append(incident_failures(inputs.incident_log, deployments, shipped, resolved))
        used.insert(0, f"incident log {inputs.incident_log.file_name}")
    failures: list[Failure] = []
    seen: set[tuple] = set()
    notes: list[str] = []
    warnings: list[str] = []
    for part in found:
        for failure in part.failures:
            key = (failure.kind, failure.deployment, failure.restored_by, failure.evidence)
            if key not in seen:
                seen.add(key)
                failures.append(failure)
        notes += part.notes
        warnings += part.warnings
    return failures, used, notes, warnings


#: Deployment frequency needs at least this much observed time: 6 deployments in the first
#: afternoon of a repository say nothing about its weekly rhythm.
MIN_OBSERVED_DAYS = 28


def _levels(total: dict, deploy_days: DeployDays, observed_days: float) -> tuple[dict, dict, dict]:
    """Levels and article verdicts per metric, and for each "not enough data" the reason."""
    n = total["deployments"]
    enough = n >= MIN_SAMPLE
    few = f"{n} deployment{'s' if n != 1 else ''} in the window; a level needs {MIN_SAMPLE}"
    lead: LeadTime = total["lead_time_hours"]
    recovery: Recovery = total["recovery_hours"]
    cfr = total["change_fail_rate"]
    levels = {m: lv.NOT_ENOUGH for m in lv.METRICS}
    verdicts = {m: lv.NOT_ENOUGH for m in lv.METRICS}
    reasons = {m: few for m in lv.METRICS}
    if enough and lead.median is not None:
        levels["lead_time"] = lv.lead_time_level(lead.median)
        verdicts["lead_time"] = lv.lead_time_verdict(lead.median)
    elif enough:
        reasons["lead_time"] = "no shipped commit has a known lead time"
    if enough and observed_days >= MIN_OBSERVED_DAYS:
        levels["deployment_frequency"] = lv.deployment_frequency_level(
            deploy_days.median_per_week, deploy_days.median_per_month
        )
        verdicts["deployment_frequency"] = lv.deployment_frequency_verdict(deploy_days.bucket)
    elif enough:
        reasons["deployment_frequency"] = (
            f"only {observed_days:.0f} days of history; a frequency level needs {MIN_OBSERVED_DAYS}"
        )
    if enough:
        levels["change_fail_rate"] = lv.change_fail_level(cfr)
        verdicts["change_fail_rate"] = lv.change_fail_verdict(cfr)
    if recovery.n >= MIN_SAMPLE and recovery.median is not None:
        levels["recovery_time"] = lv.recovery_level(recovery.median)
        verdicts["recovery_time"] = lv.recovery_verdict(recovery.median)
    else:
        reasons["recovery_time"] = (
            f"{recovery.n} restored failed deployment{'s' if recovery.n != 1 else ''}; "
            f"a level needs {MIN_SAMPLE}"
        )
    reasons = {m: why for m, why in reasons.items() if levels[m] == lv.NOT_ENOUGH}
    return levels, verdicts, reasons


def compute_dora(
    commits: Iterable[DoraCommit],
    tags: Sequence[TagRecord],
    inputs: DoraInputs,
    *,
    now: datetime,
    branch: BranchTip | None = None,
    resolved: Mapping[str, str | None] | None = None,
    cancel: CancelCheck = never_cancel,
) -> DoraReport:
    """All five DORA metrics over the window and per month, with levels and provenance.

    ``resolved`` maps the refs named in the imported logs to commit shas (None: not found).
    """
    settings = inputs.settings
    warnings: list[str] = []
    if settings.problems():
        warnings.append(
            "DORA settings not used (" + "; ".join(settings.problems()) + "); defaults apply"
        )
        settings = DoraSettings()
        inputs = DoraInputs(
            settings, inputs.deployment_log, inputs.incident_log, inputs.quick_check
        )
    resolved = resolved or {}
    commits_list = list(commits)
    by_sha = {c.sha: c for c in commits_list}
    check_cancel(cancel)
    span = window(settings.window_end or now, settings.window_months)
    requested = span
    first_seen = min((c.committer_time for c in commits_list), default=None)
    if first_seen is not None and span.start < first_seen < span.end:
        # a history younger than the window: rates over the time it exists, not over months
        # before the first commit (which would make a new repository look idle)
        day = first_seen.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        span = Period(day, span.end)
    choice = choose_deployments(
        settings, inputs.deployment_log, tags, by_sha, branch, resolved, (span.start, span.end)
    )
    deployments = sorted(choice.deployments, key=lambda d: (d.at, d.key))
    shipped = first_deployments(by_sha, deployments, cancel)
    check_cancel(cancel)
    failures, used, failure_notes, failure_warnings = _collect_failures(
        by_sha, shipped, deployments, inputs, resolved, choice.source
    )
    outcome = _Outcome(deployments, failures)

    notes = [
        f"lead time counts from each commit's {settings.commit_time} date to the first "
        "deployment that contains it"
    ]
    earliest = min(shipped.values(), default=None)
    unknown_start = skewed = 0
    for sha, index in shipped.items():
        outcome.shipped_count[index] += 1
        if index == earliest:
            unknown_start += 1
            continue
        commit = by_sha[sha]
        started = commit.author_time if settings.commit_time == "author" else commit.committer_time
        hours = _hours(deployments[index].at - started)
        if hours < 0:
            skewed += 1
        else:
            outcome.lead[index].append(hours)
    if unknown_start and earliest is not None and deployments[earliest].at >= span.start:
        notes.append(
            f"{count(unknown_start, 'commit')} shipped by the earliest deployment on record "
            f"({deployments[earliest].name}) get no lead time: nothing says when they first "
            "reached production"
        )
    if skewed:
        notes.append(
            f"{count(skewed, 'commit')} dated after the deployment that shipped it "
            "(clock skew or rewritten dates): no lead time"
        )

    if span != requested:
        notes.append(
            f"the history starts on {span.start.date().isoformat()}, inside the "
            f"{settings.window_months}-month window: the figures cover the "
            f"{span.days:.0f} days since"
        )
    total = outcome.figures(span)
    deploy_days = outcome.deploy_days(span)
    levels, verdicts, level_reasons = _levels(total, deploy_days, span.days)
    in_window = outcome.indexes(span)
    window_failures = [f for f in failures if f.deployment in in_window]
    counts: dict[str, int] = defaultdict(int)
    for failure in window_failures:
        counts[failure.kind] += 1

    if not deployments:
        warnings.append("no deployments found with the chosen source: DORA figures are empty")
    report = DoraReport(
        window={
            "start": _iso(span.start),
            "end": _iso(span.end),
            "months": settings.window_months,
            "requested_start": _iso(requested.start),
        },
        deployment_source={
            "kind": choice.source,
            "label": source_label(choice.source),
            "setting": settings.deployment_source,
            "reason": choice.reason,
            "detail": choice.detail,
            "notes": choice.notes,
            "log": _log_info(inputs.deployment_log),
        },
        failure_source={
            "used": used,
            "counts": dict(counts),
            "notes": failure_notes,
            "log": _log_info(inputs.incident_log),
        },
        levels=levels,
        level_reasons=level_reasons,
        article_verdicts=verdicts,
        quick_check=None,
        monthly=[
            MonthFigures(
                month=label, start=_iso(part.start), end=_iso(part.end), **outcome.figures(part)
            )
            for label, part in calendar_months(span)
        ],
        deploy_days=deploy_days,
        deployment_list=[_entry(outcome, i) for i in in_window],
        failures=[_failure_entry(deployments, f) for f in window_failures],
        settings=settings.to_dict(),
        notes=notes,
        warnings=warnings + choice.warnings + failure_warnings,
        **total,
    )
    if inputs.quick_check is not None and inputs.quick_check.answered():
        report.quick_check = score_quick_check(inputs.quick_check, measured_figures(report))
    return report


def measured_figures(report: DoraReport) -> Measured:
    """The window's figures as the Quick Check compares them, with which are reliable."""
    enough = report.deployments >= MIN_SAMPLE
    return Measured(
        lead_time_hours=report.lead_time_hours.median,
        deployments_per_day=report.deployments_per_day,
        recovery_hours=report.recovery_hours.median,
        change_fail_rate=report.change_fail_rate,
        rework_rate=report.rework_rate,
        reliable={
            "lead_time": enough and report.lead_time_hours.n > 0,
            "deployment_frequency": enough,
            "recovery": report.recovery_hours.n >= MIN_SAMPLE,
            "change_fail_rate": enough,
            "rework_rate": enough,
        },
    )


def _log_info(log) -> dict | None:
    """Which imported log was available, whether or not it was the source used."""
    if log is None:
        return None
    return {
        "file_name": log.file_name,
        "rows": len(log.records),
        "imported_at": _iso(log.imported_at),
    }


def _entry(outcome: _Outcome, i: int) -> DeploymentEntry:
    d = outcome.deployments[i]
    return DeploymentEntry(
        id=d.key,
        name=d.name,
        sha=d.sha,
        deployed_at=d.at.isoformat(),
        commits=outcome.shipped_count.get(i, 0),
        failed=i in outcome.failed,
        unplanned=i in outcome.unplanned,
        environment=d.environment,
        service=d.service,
    )


def _failure_entry(deployments: Sequence[Deployment], failure: Failure) -> FailureEntry:
    failed = deployments[failure.deployment]
    return FailureEntry(
        kind=failure.kind,
        deployment=failed.key,
        evidence=failure.evidence,
        link=failure.link,
        restored_at=_iso(failure.restored_at),
        restored_by=(
            deployments[failure.restored_by].key if failure.restored_by is not None else None
        ),
        recovery_hours=(
            round(_hours(failure.restored_at - failed.at), 2) if failure.restored_at else None
        ),
    )
