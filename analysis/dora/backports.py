"""Backports: patch releases of an older release line that only carry changes a newer line ships.

Teams that maintain several release lines (saleor patches 3.21, 3.22 and 3.23 at once) cherry-pick
each fix onto every line, and cut a patch release per line, often within minutes. Counting each
as a deployment counts one change three times. DORA counts a change once, at the deployment
that first delivers it ("deployment frequency: how often changes reach production", dora.dev):
so a release on an older line is a *backport* when every change it first ships is a copy of a
change a newer line shipped (no later than ``tolerance`` after it: lines are often released in
the same session, in any order). Copies are recognised by :mod:`analysis.dora.change_identity`
(the original pull request's number, a cherry-pick trailer, the same commit).

Backports are listed, not counted; a release with no change of its own (only the version bump)
stays a release.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import timedelta

from analysis.dora.change_identity import change_keys, is_release_mechanics
from analysis.dora.deployments import Deployment
from analysis.dora.records import DoraCommit
from analysis.dora.release_lines import RELEASE

BACKPORT = "backport"
#: Releases of two lines this close together are one release session, in either order.
SAME_SESSION = timedelta(days=1)


def is_change(commit: DoraCommit) -> bool:
    """A commit that changes the product: not a merge, not a version bump or changelog."""
    return len(commit.parents) <= 1 and not is_release_mechanics(commit.subject)


def keys_of(commit: DoraCommit) -> frozenset[str]:
    return change_keys(commit.subject, commit.body) | {f"sha:{commit.sha}"}


def changes_by_deployment(
    commits: Mapping[str, DoraCommit], shipped: Mapping[str, int]
) -> dict[int, list[str]]:
    """The changes each deployment ships first (merges and release mechanics left out)."""
    found: dict[int, list[str]] = defaultdict(list)
    for sha, index in shipped.items():
        if is_change(commits[sha]):
            found[index].append(sha)
    return found


def mark_backports(
    deployments: Sequence[Deployment],
    shipped: Mapping[str, int],
    commits: Mapping[str, DoraCommit],
    tolerance: timedelta = SAME_SESSION,
) -> int:
    """Set ``kind = "backport"`` and ``backport_of`` on each backport; return how many."""
    changes = changes_by_deployment(commits, shipped)
    # key -> [(component, (major, minor), time, index)] of the releases that shipped it
    shipped_keys: dict[str, list[tuple]] = defaultdict(list)
    for index, shas in changes.items():
        deployment = deployments[index]
        if deployment.kind != RELEASE or deployment.tag is None:
            continue
        component, major, minor = deployment.tag.line_key  # type: ignore[misc]
        for sha in shas:
            for key in keys_of(commits[sha]):
                shipped_keys[key].append((component, (major, minor), deployment.at, index))
    marked = 0
    for index, deployment in enumerate(deployments):
        own = changes.get(index)
        if deployment.kind != RELEASE or deployment.tag is None or not own:
            continue
        component, major, minor = deployment.tag.line_key  # type: ignore[misc]
        latest = deployment.at + tolerance
        first_copy: int | None = None
        for sha in own:
            copy = _newer_copy(
                keys_of(commits[sha]), shipped_keys, component, (major, minor), latest
            )
            if copy is None:
                break
            first_copy = copy if first_copy is None else first_copy
        else:
            deployment.kind = BACKPORT
            deployment.backport_of = deployments[first_copy].key  # type: ignore[index]
            marked += 1
    return marked


def _newer_copy(keys, shipped_keys, component, line, latest) -> int | None:
    """The earliest release of a newer line of ``component`` that shipped one of ``keys``."""
    best = None
    for key in keys:
        for other_component, other_line, at, index in shipped_keys.get(key, ()):
            newer = other_component == component and other_line > line and at <= latest
            if newer and (best is None or at < best[0]):
                best = (at, index)
    return best[1] if best else None
