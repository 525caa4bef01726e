"""The DORA phase of an assessment: read what the engine needs from git, then compute.

``assess_delivery(repo, inputs, commits=..., covered_tips=...)`` is what
:func:`analysis.assessment.run` calls, with the commit records the history phase already read
and the tips they cover; :mod:`analysis.dora.commit_log` then reads only the commits other refs
add (or everything, when no records are given). Tags (``for-each-ref``), the default branch and
the refs named in imported logs (``cat-file --batch-check``) are one git call each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from analysis.dora.commit_log import read_commits
from analysis.dora.engine import compute_dora
from analysis.dora.git_refs import default_branch, read_tags, resolve_names
from analysis.dora.records import DoraCommit
from analysis.dora.results import DoraReport
from analysis.dora.settings import DoraInputs
from analysis.dora.szz import BlameRequest, SzzResult, szz_links
from analysis.errors import GitCommandFailed
from analysis.progress import (
    CancelCheck,
    Progress,
    ProgressCallback,
    check_cancel,
    never_cancel,
    no_progress,
)
from analysis.scan import Repository


@dataclass
class DeliveryResult:
    report: DoraReport | None
    warnings: list[str] = field(default_factory=list)  # for the assessment's warnings list
    partial: bool = False  # the phase could not run


def _log_refs(inputs: DoraInputs) -> set[str]:
    refs: set[str] = set()
    for log in (inputs.deployment_log, inputs.incident_log):
        if log is not None:
            refs.update(r.ref for r in log.records if r.ref)
    return refs


def assess_delivery(
    repo: Repository,
    inputs: DoraInputs | None = None,
    commits: Sequence[DoraCommit] | None = None,
    covered_tips: tuple[str, ...] = (),
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
    now: datetime | None = None,
    delivery_kind: str = "",
    is_code: Callable[[str], bool] | None = None,
) -> DeliveryResult:
    """DORA figures for ``repo``; git failures become a warning and no figures, never a crash."""
    inputs = inputs or DoraInputs()
    now = now or datetime.now(UTC).replace(microsecond=0)
    warnings: list[str] = []
    progress(Progress("dora", 0, 4, "reading deployments and history"))
    try:
        if commits is None or covered_tips:
            log = read_commits(repo.root, progress, cancel, exclude_tips=covered_tips)
            commits = [*(commits or ()), *log.commits]
            if log.unreadable:
                warnings.append(
                    f"{log.unreadable} commits with unreadable dates were skipped "
                    "for the DORA figures"
                )
        check_cancel(cancel)
        progress(Progress("dora", 1, 4, f"{len(commits)} commits read"))
        tags = read_tags(repo.root)
        branch = default_branch(repo.root)
        resolved = resolve_names(repo.root, _log_refs(inputs))
        progress(Progress("dora", 2, 4, f"{len(tags)} tags"))
    except GitCommandFailed as exc:
        return DeliveryResult(None, [f"DORA metrics could not be computed: {exc}"], partial=True)

    def linker(requests: list[BlameRequest]) -> SzzResult:
        progress(Progress("dora", 3, 4, f"linking {len(requests)} fixes to their causes"))
        return szz_links(repo.root, requests, is_code, progress=progress, cancel=cancel)

    report = compute_dora(
        commits,
        tags,
        inputs,
        now=now,
        branch=branch,
        resolved=resolved,
        cancel=cancel,
        linker=linker,
        shallow=repo.shallow,
        delivery_kind=delivery_kind,
    )
    if repo.scope:
        report.notes.append(
            f"DORA figures cover the whole repository, not only {repo.scope}: "
            "deployments ship the repository as a whole"
        )
    if repo.shallow:
        report.warnings.append(
            "shallow clone: commits before the graft point are missing, so "
            "early deployments' lead times are understated"
        )
    progress(Progress("dora", 4, 4, f"{report.deployments} deployments in the window"))
    return DeliveryResult(report, warnings + report.warnings)
