"""The DORA engine: commit records, tags and the user's inputs in, the DORA section out.

Pure and in memory: no git, no files (:mod:`analysis.dora.phase` reads those). Each metric's
definition is dora.dev's; where the open tools differ, the module that computes it says which
rule it follows. Cost: linear in commits and deployments, plus sorting.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from statistics import median

from analysis.delivery_model.kinds import delivery_reads_as
from analysis.dora import levels as lv
from analysis.dora.attribution import first_deployments
from analysis.dora.backports import change_copies, mark_backports
from analysis.dora.change_identity import COPY_HORIZON
from analysis.dora.delivery_log import empty_log_warning
from analysis.dora.deployments import Deployment, choose_deployments, source_label
from analysis.dora.failures import (
    FIX,
    FIX_TAG,
    HOTFIX,
    KIND_LABELS,
    REVERT_KIND,
    ROLLBACK,
    Failure,
    fix_tag_failures,
    hotfix_failures,
    incident_failures,
    rollback_failures,
)
from analysis.dora.linked_failures import Linker, linked_failures
from analysis.dora.periods import Period, calendar_months, month_blocks, week_blocks, window
from analysis.dora.quick_check import Measured, score_quick_check
from analysis.dora.records import BranchTip, DoraCommit, TagRecord
from analysis.dora.release_lines import PRE_RELEASE
from analysis.dora.results import (
    DeployDays,
    DeploymentEntry,
    DoraReport,
    FailureEntry,
    LeadTime,
    MonthFigures,
    Recovery,
    ReleaseLine,
    TagReading,
)
from analysis.dora.settings import MIN_SAMPLE, DoraInputs, DoraSettings
from analysis.dora.wording import count
from analysis.progress import CancelCheck, check_cancel, never_cancel

#: Failures whose restoring deployment was made to fix something: unplanned (rework) work.
_FIX_KINDS = frozenset({FIX, REVERT_KIND, HOTFIX, FIX_TAG, ROLLBACK})
#: Set-aside tags listed in the report at most (all are counted in ``tag_kinds``).
MAX_SET_ASIDE = 50


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _hours(delta) -> float:
    return delta.total_seconds() / 3600


class _Outcome:
    """Per-deployment facts the figures are made of (indexes into the sorted deployments)."""

    def __init__(self, deployments: Sequence[Deployment], failures: list[Failure]) -> None:
        self.deployments = deployments
        self.times = [d.at for d in deployments]
        self.counted = [i for i, d in enumerate(deployments) if d.counted]
        self.counted_times = [self.times[i] for i in self.counted]
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

    def indexes(self, span: Period) -> list[int]:
        """The counted deployments in ``span`` (releases and deployments; not backports)."""
        return self.counted[
            bisect.bisect_left(self.counted_times, span.start) : bisect.bisect_left(
                self.counted_times, span.end
            )
        ]

    def listed(self, span: Period) -> range:
        """Every deployment in ``span``, counted or not."""
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


def _collect_failures(
    by_sha, shipped, deployments, inputs, resolved, source, since, linker, shallow
):
    """Failures from every source that applies, each with its evidence; the labels of the
    sources used, notes, warnings, and whether tag spacing stood in for linked evidence."""
    settings = inputs.settings
    linked, szz = linked_failures(by_sha, shipped, deployments, settings.hotfix_days, since, linker)
    found = [linked, fix_tag_failures(deployments)]
    used = [KIND_LABELS[REVERT_KIND], KIND_LABELS[FIX], KIND_LABELS[FIX_TAG]]
    fallback = shallow or (szz is not None and not szz.possible)
    if fallback and source == "tags":
        found.append(hotfix_failures(deployments, settings.hotfix_days))
        used.append(KIND_LABELS[HOTFIX] + " (fallback)")
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
    if szz is not None:
        notes.append(
            f"SZZ blamed {count(szz.files_blamed, 'file')} of fix commits to find the changes "
            "they repaired"
        )
        warnings += szz.problems[:5]
    if fallback and source == "tags":
        warnings.append(
            "failures are a fallback guess from tag spacing (a patch of the same release line "
            f"within {settings.hotfix_days} days), not linked evidence: "
            + (
                "the clone is shallow, so git blame cannot reach the changes fixes repaired"
                if shallow
                else "git blame was impossible on this history"
            )
        )
    return failures, used, notes, warnings, fallback


#: Deployment frequency needs at least this much observed time: 6 deployments in the first
#: afternoon of a repository say nothing about its weekly rhythm.
MIN_OBSERVED_DAYS = 28


def _levels(
    total: dict, deploy_days: DeployDays, observed_days: float, releases: bool = False
) -> tuple[dict, dict, dict]:
    """Levels and article verdicts per metric, and for each "not enough data" the reason.

    ``releases``: the figures count releases of software others install, so the frequency's
    verdict is the release-cadence one (:func:`analysis.dora.levels.release_cadence_verdict`),
    not the article's "daily deploys"."""
    n = total["deployments"]
    enough = n >= MIN_SAMPLE
    few = f"{n} deployment{'s' if n != 1 else ''} in the window; a level needs {MIN_SAMPLE}"
    lead: LeadTime = total["lead_time_hours"]
    recovery: Recovery = total["recovery_hours"]
    cfr = total["change_fail_rate"]
    levels = {m: lv.NOT_ENOUGH for m in lv.METRICS}
    verdicts = {m: lv.NOT_ENOUGH for m in lv.METRICS}
    reasons = {m: few for m in lv.METRICS}
    if enough and lead.median is not None and lead.n >= MIN_SAMPLE:
        levels["lead_time"] = lv.lead_time_level(lead.median)
        verdicts["lead_time"] = lv.lead_time_verdict(lead.median)
    elif enough:
        reasons["lead_time"] = (
            f"only {count(lead.n, 'change')} with a known lead time; a level needs {MIN_SAMPLE}"
            if lead.n
            else "no shipped change has a known lead time"
        )
    if enough and observed_days >= MIN_OBSERVED_DAYS:
        levels["deployment_frequency"] = lv.deployment_frequency_level(
            deploy_days.median_per_week, deploy_days.median_per_month
        )
        verdicts["deployment_frequency"] = (
            lv.release_cadence_verdict(total["deployments_per_week"])
            if releases
            else lv.deployment_frequency_verdict(deploy_days.bucket)
        )
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


def window_end(settings, now, by_sha, branch, tags) -> tuple[datetime, dict, list[str]]:
    """Where the window ends: the user's date, else now, else (a clone not fetched for
    ``stale_days``) the newest commit of the analysed branch or the newest tag, whichever is
    later (a tag cut yesterday shows the clone was fetched since), with a warning."""
    if settings.window_end is not None:
        return settings.window_end, {"ends_at": "setting"}, []
    tip = by_sha.get(branch.sha) if branch is not None else None
    newest = tip.committer_time if tip is not None else None
    if newest is None:
        newest = max((c.committer_time for c in by_sha.values()), default=None)
    newest_tag = max((t.date for t in tags), default=None)
    if newest is not None and newest_tag is not None and newest_tag > newest:
        newest = newest_tag
    if newest is None:
        return now, {"ends_at": "now"}, []
    age = (now - newest).total_seconds() / 86400
    info = {"newest_commit": newest.astimezone(UTC).isoformat(), "clone_age_days": round(age, 1)}
    if age <= settings.stale_days:
        return now, {"ends_at": "now", **info}, []
    where = branch.name if branch is not None else "the history"
    warning = (
        f"the newest commit or tag of {where} is {age:.0f} days old: the window ends there, "
        "not today (git fetch would bring the clone up to date)"
    )
    return newest + timedelta(seconds=1), {"ends_at": "newest commit", **info}, [warning]


def compute_dora(
    commits: Iterable[DoraCommit],
    tags: Sequence[TagRecord],
    inputs: DoraInputs,
    *,
    now: datetime,
    branch: BranchTip | None = None,
    resolved: Mapping[str, str | None] | None = None,
    cancel: CancelCheck = never_cancel,
    linker: Linker | None = None,
    shallow: bool = False,
    delivery_kind: str = "",
) -> DoraReport:
    """All five DORA metrics over the window and per month, with levels and provenance.

    ``resolved`` maps the refs named in the imported logs to commit shas (None: not found);
    ``linker`` runs SZZ in git (None: failures are linked by reverts and references only);
    ``shallow``: the history is cut, so blame cannot link fixes and tag spacing stands in.
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
    empty = inputs.deployment_log
    if empty is not None and not empty.records:  # a header and no rows: measured ones stand
        warnings.append(empty_log_warning(empty))
        inputs = DoraInputs(settings, None, inputs.incident_log, inputs.quick_check)
    warnings += [
        log.naive_warning()
        for log in (inputs.deployment_log, inputs.incident_log)
        if log is not None and log.naive_times
    ]
    resolved = resolved or {}
    commits_list = list(commits)
    by_sha = {c.sha: c for c in commits_list}
    check_cancel(cancel)
    end, window_info, stale = window_end(settings, now, by_sha, branch, tags)
    warnings += stale
    span = window(end, settings.window_months)
    requested = span
    first_seen = min((c.committer_time for c in commits_list), default=None)
    if first_seen is not None and span.start < first_seen < span.end:
        # a history younger than the window: rates over the time it exists, not over months
        # before the first commit (which would make a new repository look idle)
        day = first_seen.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        span = Period(day, span.end)
    reads_as = delivery_reads_as(delivery_kind) if delivery_kind else "deployments"
    choice = choose_deployments(
        settings,
        inputs.deployment_log,
        tags,
        by_sha,
        branch,
        resolved,
        (span.start, span.end),
        released=reads_as == "releases",
    )
    listed = sorted(choice.deployments, key=lambda d: (d.at, d.key))
    deployments = [d for d in listed if d.ships]
    shipped = first_deployments(by_sha, deployments, cancel)
    # changes shipped before the window (and the time copies take) weigh in no figure
    copies = change_copies(by_sha, shipped, deployments, span.start - COPY_HORIZON)
    backports = mark_backports(deployments, shipped, copies) if choice.source == "tags" else 0
    check_cancel(cancel)
    failures, used, failure_notes, failure_warnings, fallback = _collect_failures(
        by_sha, shipped, deployments, inputs, resolved, choice.source, span.start, linker, shallow
    )
    outcome = _Outcome(deployments, failures)
    notes = [
        f"lead time counts from each change's {settings.commit_time} date to the first "
        "release or deployment that shipped it (merges and version bumps are not changes)"
    ]
    squashed = _lead_times(outcome, by_sha, shipped, copies, settings, choice, notes, span)
    if backports:
        notes.append(
            f"{count(backports, 'backport')} (patch releases of older lines that only carry "
            "changes a newer line shipped) are listed but not counted: each change counts "
            "once, where it first shipped"
        )
    if span != requested:
        notes.append(
            f"the history starts on {span.start.date().isoformat()}, inside the "
            f"{settings.window_months}-month window: the figures cover the "
            f"{span.days:.0f} days since"
        )
    total = outcome.figures(span)
    lead_reason = ""
    if total["lead_time_hours"].n == 0 and squashed:
        lead_reason = (
            "not measurable from squash merges: each of the "
            f"{count(squashed, 'commit')} taken as deployments was written at the moment it "
            "landed, so nothing says when its work started"
        )
    deploy_days = outcome.deploy_days(span)
    levels, verdicts, level_reasons = _levels(
        total, deploy_days, span.days, releases=reads_as == "releases"
    )
    if lead_reason:
        level_reasons["lead_time"] = lead_reason
    in_window = set(outcome.listed(span))
    window_failures = [f for f in failures if f.deployment in in_window]
    counts: dict[str, int] = defaultdict(int)
    for failure in window_failures:
        counts[failure.kind] += 1

    if not deployments:
        warnings.append("no deployments found with the chosen source: DORA figures are empty")
    pre_releases = [d for d in listed if not d.ships and span.start <= d.at < span.end]
    report = DoraReport(
        window={
            "start": _iso(span.start),
            "end": _iso(span.end),
            "months": settings.window_months,
            "requested_start": _iso(requested.start),
            **window_info,
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
                month=label,
                start=part.start.isoformat(),
                end=part.end.isoformat(),
                **outcome.figures(part),
            )
            for label, part in calendar_months(span)
        ],
        deploy_days=deploy_days,
        deployment_list=sorted(
            [_entry(outcome, i) for i in sorted(in_window)]
            + [_pre_release_entry(d) for d in pre_releases],
            key=lambda e: (e.deployed_at, e.id),
        ),
        failures=[_failure_entry(deployments, by_sha, f) for f in window_failures],
        settings=settings.to_dict(),
        notes=notes,
        warnings=warnings + choice.warnings + failure_warnings,
        release_lines=_release_lines(listed, span),
        tag_kinds=choice.tag_kinds,
        set_aside_tags=[
            TagReading(tag.name, reading.kind, reading.reason, _iso(tag.date))
            for tag, reading in choice.set_aside
            if span.start <= tag.date < span.end
        ][-MAX_SET_ASIDE:],
        delivery_kind=delivery_kind,
        reads_as=reads_as,
        failure_method="tag-spacing" if fallback and choice.source == "tags" else "linked",
        lead_time_reason=lead_reason,
        **total,
    )
    if inputs.quick_check is not None and inputs.quick_check.answered():
        report.quick_check = score_quick_check(inputs.quick_check, measured_figures(report))
    return report


def _lead_times(outcome, by_sha, shipped, copies, settings, choice, notes, span) -> int:
    """Lead-time samples per counted deployment: each change once, at the deployment that first
    shipped any copy of it (a cherry-pick onto a release line is the same change; copies within
    ``COPY_HORIZON`` of each other). Returns how many commits were deployments of themselves,
    written when they landed (squash merges taken as deployments: no start to measure from)."""
    deployments = outcome.deployments
    first_copy: dict[str, list[tuple[datetime, tuple | None]]] = defaultdict(list)
    for sha, keys in copies.items():
        shipping = deployments[shipped[sha]]
        if shipping.counted:
            line = shipping.tag.line_key if shipping.tag else None
            for key in keys:
                first_copy[key].append((shipping.at, line))
    for times in first_copy.values():
        times.sort(key=lambda entry: entry[0])
    counted = [i for i in set(shipped.values()) if deployments[i].counted]
    earliest = min(counted, default=None)
    unknown_start = skewed = squashed = repeated = 0
    for sha, index in shipped.items():
        deployment = deployments[index]
        if not deployment.counted or deployment.at < span.start:
            continue  # deployments before the window are in no figure
        outcome.shipped_count[index] += 1
        keys = copies.get(sha)
        if keys is None:  # a merge or a version bump: no change of its own
            continue
        if index == earliest:
            unknown_start += 1
            continue
        line = deployment.tag.line_key if deployment.tag else None
        if _shipped_before(keys, first_copy, deployment.at, line):
            repeated += 1
            continue
        commit = by_sha[sha]
        started = commit.author_time if settings.commit_time == "author" else commit.committer_time
        if (
            choice.source == "branch"
            and deployment.sha == sha
            and commit.author_time == commit.committer_time
        ):
            squashed += 1
            continue
        hours = _hours(deployment.at - started)
        if hours < 0:
            skewed += 1
        else:
            outcome.lead[index].append(hours)
    if choice.source == "branch" and choice.detail.get("mode") == "merges":
        # a merge is one change: from the first commit of the merged branch to the merge
        # (DevLake's PR cycle time starts there too), one sample per merge
        for samples in outcome.lead.values():
            samples[:] = [max(samples)]
        notes.append(
            "each merge counts once: its lead time runs from the first commit of the branch "
            "it merged"
        )
    if unknown_start and earliest is not None and deployments[earliest].at >= span.start:
        notes.append(
            f"{count(unknown_start, 'change')} shipped by the earliest deployment on record "
            f"({deployments[earliest].name}) get no lead time: nothing says when they first "
            "reached production"
        )
    if repeated:
        notes.append(
            f"{count(repeated, 'change')} had already shipped as a copy on another release line "
            "(same pull request or cherry-pick): their lead time counts where they first shipped"
        )
    if squashed:
        notes.append(
            f"{count(squashed, 'commit')} deployed as themselves were written at the moment "
            "they landed (squash merges): no lead time from them"
        )
    if skewed:
        notes.append(
            f"{count(skewed, 'change')} dated after the deployment that shipped it "
            "(clock skew or rewritten dates): no lead time"
        )
    return squashed


def _shipped_before(keys, first_copy, at: datetime, line) -> bool:
    """Did a copy of this change ship before ``at`` (within ``COPY_HORIZON``)? A copy by
    subject only counts on another release line: on one line, two commits with one subject
    ("Update translations") are two changes."""
    for key in keys:
        entries = first_copy.get(key, ())
        i = bisect.bisect_left(entries, at - COPY_HORIZON, key=lambda entry: entry[0])
        for when, other_line in entries[i:]:
            if when >= at:
                break
            if not key.startswith("subject:") or (line is not None and other_line != line):
                return True
    return False


def _release_lines(listed: Sequence[Deployment], span: Period) -> list[ReleaseLine]:
    """The release lines with a release, backport or pre-release in the window, newest first;
    the newest line of each component released in the window is its current line."""
    lines: dict[tuple, dict] = {}
    for deployment in listed:
        tag = deployment.tag
        if tag is None or tag.line_key is None:
            continue
        entry = lines.setdefault(
            tag.line_key,
            {
                "line": tag.line,
                "release": 0,
                "backport": 0,
                "pre-release": 0,
                "first": None,
                "last": None,
            },
        )
        if deployment.kind != PRE_RELEASE:
            entry["first"] = entry["first"] or deployment.at
            entry["last"] = deployment.at
        if span.start <= deployment.at < span.end and deployment.kind in entry:
            entry[deployment.kind] += 1
    current: dict[str, tuple] = {}
    for key, entry in lines.items():
        released = entry["release"] + entry["backport"]
        if released and (key[0] not in current or key > current[key[0]]):
            current[key[0]] = key
    found = []
    for key in sorted(lines, reverse=True):
        entry = lines[key]
        if not (entry["release"] + entry["backport"] + entry["pre-release"]):
            continue
        found.append(
            ReleaseLine(
                line=entry["line"],
                releases=entry["release"],
                backports=entry["backport"],
                pre_releases=entry["pre-release"],
                first=_iso(entry["first"]),
                last=_iso(entry["last"]),
                maintained=bool(entry["release"] + entry["backport"]),
                current=current.get(key[0]) == key,
            )
        )
    return found


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
        kind=d.kind,
        line=d.tag.line if d.tag else None,
        version=str(d.tag.version) if d.tag and d.tag.version else None,
        counted=d.counted,
        backport_of=d.backport_of,
    )


def _pre_release_entry(d: Deployment) -> DeploymentEntry:
    return DeploymentEntry(
        id=d.key,
        name=d.name,
        sha=d.sha,
        deployed_at=d.at.isoformat(),
        commits=0,
        failed=False,
        unplanned=False,
        kind=d.kind,
        line=d.tag.line if d.tag else None,
        version=str(d.tag.version) if d.tag and d.tag.version else None,
        counted=False,
    )


def _failure_entry(deployments: Sequence[Deployment], by_sha, failure: Failure) -> FailureEntry:
    failed = deployments[failure.deployment]

    def subject(sha: str | None) -> str:
        commit = by_sha.get(sha) if sha else None
        return commit.subject[:120] if commit is not None else ""

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
        method=failure.method,
        fix_commit=failure.fix_commit,
        fix_subject=subject(failure.fix_commit),
        fixed_commit=failure.fixed_commit,
        fixed_subject=subject(failure.fixed_commit),
        counted=failed.counted,
    )
