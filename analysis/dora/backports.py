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
from datetime import datetime, timedelta

from analysis.dora.change_identity import COPY_HORIZON, change_keys, is_release_mechanics
from analysis.dora.deployments import Deployment
from analysis.dora.records import DoraCommit
from analysis.dora.release_lines import RELEASE

BACKPORT = "backport"
#: Releases of two lines this close together are one release session, in either order.
SAME_SESSION = timedelta(days=1)


def is_change(commit: DoraCommit) -> bool:
    """A commit that changes the product: not a merge, not a version bump or changelog."""
    return len(commit.parents) <= 1 and not is_release_mechanics(commit.subject)


def change_copies(
    commits: Mapping[str, DoraCommit],
    shipped: Mapping[str, int],
    deployments: Sequence[Deployment],
    since: datetime,
) -> dict[str, frozenset[str]]:
    """The identity keys of every change shipped from ``since`` on (merges and release
    mechanics left out): the commit's own sha plus
    :func:`analysis.dora.change_identity.change_keys`."""
    found = {}
    for sha, index in shipped.items():
        if deployments[index].at < since:
            continue
        commit = commits[sha]
        if is_change(commit):
            found[sha] = change_keys(commit.subject, commit.body) | {f"sha:{sha}"}
    return found


def mark_backports(
    deployments: Sequence[Deployment],
    shipped: Mapping[str, int],
    copies: Mapping[str, frozenset[str]],
    tolerance: timedelta = SAME_SESSION,
) -> int:
    """Set ``kind = "backport"`` and ``backport_of`` on each backport; return how many.

    ``copies`` is :func:`change_copies`. A backport of a backport points at the release the
    change first shipped in.
    """
    changes: dict[int, list[str]] = defaultdict(list)
    for sha in copies:
        changes[shipped[sha]].append(sha)
    # key -> [(component, (major, minor), time, index)] of the releases that shipped it
    shipped_keys: dict[str, list[tuple]] = defaultdict(list)
    for index, shas in changes.items():
        deployment = deployments[index]
        if deployment.kind != RELEASE or deployment.tag is None or deployment.tag.line_key is None:
            continue  # a release tag always has a version, hence a line
        component, major, minor = deployment.tag.line_key
        for sha in shas:
            for key in copies[sha]:
                shipped_keys[key].append((component, (major, minor), deployment.at, index))
    marked = 0
    for index, deployment in enumerate(deployments):
        own = changes.get(index)
        if deployment.kind != RELEASE or deployment.tag is None or not own:
            continue
        line_key = deployment.tag.line_key
        if line_key is None:  # a release tag always has a version, hence a line
            continue
        component, major, minor = line_key
        first_copy: int | None = None
        for sha in own:
            copy = _newer_copy(copies[sha], shipped_keys, component, (major, minor), deployment.at)
            if copy is None:
                break
            first_copy = copy if first_copy is None else first_copy
        else:  # every change of its own shipped first elsewhere (own is not empty)
            if first_copy is not None:
                deployment.kind = BACKPORT
                deployment.backport_of = deployments[first_copy].key
                marked += 1
    by_key = {d.key: d for d in deployments}
    for deployment in deployments:  # a backport of a backport: name the release itself
        seen = set()
        while deployment.backport_of in by_key and deployment.backport_of not in seen:
            seen.add(deployment.backport_of)
            target = by_key[deployment.backport_of]
            if target.kind != BACKPORT:
                break
            deployment.backport_of = target.backport_of
    return marked


def _newer_copy(keys, shipped_keys, component, line, at) -> int | None:
    """The earliest release of a newer line of ``component`` that shipped one of ``keys``
    between :data:`COPY_HORIZON` before ``at`` and :data:`SAME_SESSION` after it."""
    best = None
    earliest, latest = at - COPY_HORIZON, at + SAME_SESSION
    for key in keys:
        for other_component, other_line, when, index in shipped_keys.get(key, ()):
            newer = other_component == component and other_line > line
            if newer and earliest <= when <= latest and (best is None or when < best[0]):
                best = (when, index)
    return best[1] if best else None
