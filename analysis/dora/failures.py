"""Failed deployments, linked to what shows they failed, and when service was restored.

A deployment is failed when any failure links to it (change fail rate = failed deployments /
deployments, as DORA defines it: not incidents / deployments). Sources:

* incidents from an imported log: linked by the sha given (to the first deployment that
  shipped it), else by the deployment id given, else to the latest production deployment
  before the incident opened (DevLake's rule, and said so); restored when it was resolved;
* reverts, references and SZZ: :mod:`analysis.dora.linked_failures`;
* hotfix releases, a labelled fallback only when git blame cannot run (a shallow clone): a patch
  release within N days after a release *of the same release line* marks that release failed;
  3.20.7 shipped beside 3.21.2 is a backport, not a failure of 3.21;
* fix tags: a deployment whose tag matches the fix pattern marks the one before it (on its
  release line when versioned) failed;
* rollbacks recorded in the deployment log: restored by the next deployment.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from packaging.version import Version

from analysis.dora.delivery_log import ImportedLog, IncidentRecord
from analysis.dora.deployments import Deployment, short_ref
from analysis.dora.wording import count

REVERT_MARK = "This reverts commit"  # what git revert writes in the message
REVERT = re.compile(REVERT_MARK + r" ([0-9a-fA-F]{7,64})")

INCIDENT, REVERT_KIND, FIX, HOTFIX, FIX_TAG, ROLLBACK = (
    "incident",
    "revert",
    "fix",
    "hotfix",
    "fix_tag",
    "rollback",
)
KIND_LABELS = {
    INCIDENT: "incident log",
    REVERT_KIND: "reverts",
    FIX: "fixes linked to the change they repair",
    HOTFIX: "hotfix releases",
    FIX_TAG: "fix tags",
    ROLLBACK: "rollbacks in the deployment log",
}


@dataclass
class Failure:
    kind: str
    deployment: int  # index of the failed deployment
    evidence: str
    link: str  # how it was linked, in words
    restored_at: datetime | None = None
    restored_by: int | None = None  # index of the deployment that restored service
    method: str = ""  # how it was linked: one of analysis.dora.results.LINK_METHODS
    fix_commit: str | None = None  # the commit that fixed or reverted
    fixed_commit: str | None = None  # the change it fixed or reverted


@dataclass
class FailureFindings:
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def hotfix_failures(deployments: Sequence[Deployment], days: int) -> FailureFindings:
    """Patch releases within ``days`` after the previous release of the same line.

    A patch whose line had no release in those days is not a hotfix even if a newer line
    shipped just before it: that is a backport (counted in a note).
    """
    found = FailureFindings()
    # line -> (deployment index, its version, its line's name) in time order
    lines: dict[tuple[str, int, int], list[tuple[int, Version, str]]] = defaultdict(list)
    for i, deployment in enumerate(deployments):
        tag = deployment.tag
        if tag is not None and tag.version is not None and tag.line_key and tag.line:
            lines[tag.line_key].append((i, tag.version, tag.line))
    window = timedelta(days=days)
    times = [d.at for d in deployments]
    backports = 0
    for members in lines.values():  # each in time order, as deployments are
        for position, (i, version, line) in enumerate(members):
            patch = deployments[i]
            if version.micro == 0:
                continue
            previous = None
            for j, earlier, _ in reversed(members[:position]):  # latest first; stop out of window
                if patch.at - deployments[j].at > window:
                    break
                if earlier < version:
                    previous = j
                    break
            if previous is None:
                backports += _newer_line_shipped(deployments, times, i, window)
                continue
            base = deployments[previous]
            found.failures.append(
                Failure(
                    kind=HOTFIX,
                    deployment=previous,
                    evidence=f"{patch.name} shipped {_ago(patch.at - base.at)} after {base.name}",
                    link=f"fallback guess: a patch release of the same line ({line}) "
                    f"within {days} days",
                    restored_at=patch.at,
                    restored_by=i,
                    method="tag-spacing",
                )
            )
    if backports:
        found.notes.append(
            f"{count(backports, 'patch release')} on older "
            "release lines shipped soon after a newer line's release: backports, "
            "not failures of the newer line"
        )
    return found


def _newer_line_shipped(deployments, times, i: int, window: timedelta) -> bool:
    """Did a newer release line ship in the ``window`` before deployment ``i``?"""
    patch = deployments[i]
    first = bisect.bisect_left(times, patch.at - window)
    return any(
        d.tag is not None
        and d.tag.line_key is not None
        and d.tag.line_key[0] == patch.tag.line_key[0]
        and d.tag.line_key > patch.tag.line_key
        for d in deployments[first:i]
    )


def _ago(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.1f} days"


def fix_tag_failures(deployments: Sequence[Deployment]) -> FailureFindings:
    """A fix deployment marks the deployment before it (of its line, when versioned) failed."""
    found = FailureFindings()
    for i, fix in enumerate(deployments):
        if not fix.fix:
            continue
        previous = None
        for j in range(i - 1, -1, -1):
            candidate = deployments[j]
            if candidate.at >= fix.at or candidate.sha == fix.sha:
                continue
            # a dated fix tag (hotfix-2024-03-20) names no line of a semantic-versioned project
            same_line = (
                fix.tag is None
                or candidate.tag is None
                or fix.tag.calver != candidate.tag.calver
                or candidate.tag.line_key == fix.tag.line_key
            )
            if same_line and (not fix.service or candidate.service == fix.service):
                previous = j
                break
        if previous is None:
            continue
        found.failures.append(
            Failure(
                kind=FIX_TAG,
                deployment=previous,
                evidence=f"{fix.name} matches the fix pattern and follows "
                f"{deployments[previous].name}",
                link="fix tag: the deployment before it"
                + (" on its release line" if fix.tag else ""),
                restored_at=fix.at,
                restored_by=i,
                method="fix-tag",
            )
        )
    return found


def rollback_failures(deployments: Sequence[Deployment]) -> FailureFindings:
    found = FailureFindings()
    for i, deployment in enumerate(deployments):
        if not deployment.rolled_back:
            continue
        restorer = next(
            (
                j
                for j in range(i + 1, len(deployments))
                if deployments[j].service == deployment.service
                and deployments[j].at > deployment.at
            ),
            None,
        )
        found.failures.append(
            Failure(
                kind=ROLLBACK,
                deployment=i,
                evidence=f"{deployment.name} is marked rolled back in the deployment log",
                link="the deployment log's status",
                restored_at=deployments[restorer].at if restorer is not None else None,
                restored_by=restorer,
                method="rollback",
            )
        )
    return found


def incident_failures(
    log: ImportedLog,
    deployments: Sequence[Deployment],
    shipped: Mapping[str, int],
    resolved: Mapping[str, str | None],
) -> FailureFindings:
    found = FailureFindings()
    by_id: dict[str, int] = {}
    for i, deployment in enumerate(deployments):
        by_id.setdefault(deployment.key, i)
        by_id.setdefault(deployment.name, i)
    times = [d.at for d in deployments]
    prior = unlinked = 0
    incident: IncidentRecord
    for incident in log.records:
        label = incident.incident_id or f"line {incident.line}"
        failed, link = None, ""
        if incident.ref:
            sha = resolved.get(incident.ref)
            failed = shipped.get(sha) if sha else None
            link = f"by sha: the first deployment that shipped {short_ref(incident.ref)}"
        if failed is None and incident.deployment_id:
            failed = by_id.get(incident.deployment_id)
            link = f"by deployment id {incident.deployment_id}"
        if failed is None and not incident.ref and not incident.deployment_id:
            at = bisect.bisect_right(times, incident.opened_at) - 1
            if at >= 0:
                failed = at
                prior += 1
                link = (
                    "no sha given: the latest production deployment before it opened "
                    "(DevLake's rule)"
                )
        if failed is None:
            unlinked += 1
            continue
        restored_at = incident.resolved_at
        if restored_at is not None and restored_at < deployments[failed].at:
            restored_at = None
        found.failures.append(
            Failure(
                kind=INCIDENT,
                deployment=failed,
                evidence=f"incident {label} opened {incident.opened_at:%Y-%m-%d %H:%M} UTC"
                + (f", severity {incident.severity}" if incident.severity else ""),
                link=link,
                restored_at=restored_at,
                method="incident",
            )
        )
    if prior:
        found.notes.append(
            f"{count(prior, 'incident')} without a sha or "
            "deployment id were attributed to the latest production deployment "
            "before they opened, as DevLake does"
        )
    if unlinked:
        found.warnings.append(
            f"{count(unlinked, 'incident')} could not be linked to a "
            "deployment (their sha or deployment id is not among the deployments, or they "
            "opened before the first one) and are not counted"
        )
    return found
