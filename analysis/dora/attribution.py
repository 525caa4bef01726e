"""Which deployment shipped each commit: the first one, in time, whose commit contains it.

fourkeys and DevLake attribute a change to the deployment that first carried it to production.
Asking git ``rev-list`` per deployment is quadratic on a long history (every deployment
re-walks everything before it). Here deployments are visited in time order and each walks back
from its commit only until it meets commits already attributed: whatever an earlier deployment
contained, its ancestors were contained too. Every commit and parent edge is visited once, so
the whole attribution is linear in the size of the history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.dora.deployments import Deployment
from analysis.dora.records import DoraCommit
from analysis.progress import CancelCheck, check_cancel, never_cancel


def first_deployments(
    commits: Mapping[str, DoraCommit],
    deployments: Sequence[Deployment],
    cancel: CancelCheck = never_cancel,
) -> dict[str, int]:
    """``sha -> index`` in ``deployments`` (sorted by time) of the first deployment containing it.

    Commits no deployment contains are absent. Runs in O(commits + parent edges).
    """
    shipped: dict[str, int] = {}
    for index, deployment in enumerate(deployments):
        if index % 256 == 0:
            check_cancel(cancel)
        start = deployment.sha
        if start is None or start in shipped or start not in commits:
            continue
        stack = [start]
        while stack:
            sha = stack.pop()
            if sha in shipped:
                continue
            commit = commits.get(sha)
            if commit is None:  # beyond a shallow clone's graft point
                continue
            shipped[sha] = index
            stack.extend(p for p in commit.parents if p not in shipped)
    return shipped
