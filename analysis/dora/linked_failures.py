"""Failed deployments linked to the change that caused them, by evidence in the history.

A deployment D failed when a later deployment, within the hotfix window (``hotfix_days`` after
D), ships a revert of, or a fix for, a change that D shipped first (dora.dev: a change fail is
"a deployment that causes a failure in production and needs a hotfix, rollback or fix-forward").
The fix is linked to the change it fixes by the strongest evidence there is:

1. a revert: ``git revert`` writes "This reverts commit <sha>." (a revert of a revert re-applies
   a change and links nothing);
2. a reference: a ``Fixes: <sha>`` / ``Refs: <sha>`` trailer, or a pull-request number (#N)
   that a change in the history carries (:mod:`analysis.dora.fix_links`);
3. SZZ (Sliwerski, Zimmermann, Zeller, "When do changes induce fixes?", MSR 2005, as PyDriller
   implements it): for a commit whose message says it fixes something, the lines it deletes or
   modifies, blamed at its parent, point to the change that last touched them
   (:mod:`analysis.dora.szz`; only changes shipped by the deployments in the hotfix window
   before the fix are candidates, so blame walks days, not years).

Recovery time runs from the failed deployment to the deployment that shipped the fix. A fix
shipped in the same deployment as its cause, or not shipped yet, makes no failure.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from analysis.dora.change_identity import pr_numbers
from analysis.dora.deployments import Deployment
from analysis.dora.failures import FIX, REVERT, REVERT_KIND, REVERT_MARK, Failure, FailureFindings
from analysis.dora.fix_links import is_fix, referenced_changes
from analysis.dora.records import DoraCommit
from analysis.dora.szz import BlameRequest, SzzResult
from analysis.dora.wording import count
from analysis.progress import CancelCheck, check_cancel, never_cancel

#: Runs SZZ for the requests (git); None when the history is only in memory (tests, previews).
Linker = Callable[[list[BlameRequest]], SzzResult]

_LINK_WORDS = {
    "revert": 'exact: "This reverts commit <sha>" names the change it undid',
    "fixes-trailer": "exact: the fix's message names the commit it fixes",
    "pr-reference": "the fix's message names the pull request of the change it fixes",
    "szz": "SZZ: lines the fix changed were last changed by this change (git blame at the "
    "fix's parent)",
}


class ShaIndex:
    """Full shas by abbreviation: exact links only (an ambiguous prefix links nothing)."""

    def __init__(self, shas) -> None:
        self.full = set(shas)
        self.sorted = sorted(self.full)

    def find(self, prefix: str) -> str | None:
        prefix = prefix.lower()
        if prefix in self.full:
            return prefix
        at = bisect.bisect_left(self.sorted, prefix)
        hits = [h for h in self.sorted[at : at + 2] if h.startswith(prefix)]
        return hits[0] if len(hits) == 1 else None


@dataclass
class _Context:
    commits: Mapping[str, DoraCommit]
    shipped: Mapping[str, int]
    deployments: Sequence[Deployment]
    window: timedelta
    by_deployment: dict[int, list[str]]  # the commits each deployment shipped first

    def failure(self, fix: str, fixed: str, method: str, detail: str = "") -> Failure | None:
        """The failure ``fix`` shows, when ``fixed`` shipped in an earlier deployment within
        the window before the one that shipped ``fix``; else None."""
        failed = self.shipped.get(fixed)
        restorer = self.shipped.get(fix)
        if failed is None or restorer is None or failed == restorer:
            return None
        broken, restoring = self.deployments[failed], self.deployments[restorer]
        if not timedelta(0) < restoring.at - broken.at <= self.window:
            return None
        fix_commit, fixed_commit = self.commits[fix], self.commits[fixed]
        verb = "reverts" if method == "revert" else "fixes"
        return Failure(
            kind=REVERT_KIND if method == "revert" else FIX,
            deployment=failed,
            evidence=f'{fix[:10]} "{fix_commit.subject[:60]}" {verb} {fixed[:10]} '
            f'"{fixed_commit.subject[:60]}"' + (f" ({detail})" if detail else ""),
            link=_LINK_WORDS[method],
            restored_at=restoring.at,
            restored_by=restorer,
            method=method,
            fix_commit=fix,
            fixed_commit=fixed,
        )


#: Body lines that say a commit fixes something: a ``Fixes``/``Fixed`` line or trailer. The
#: rest of a body is not read for fix words: a squash merge's body lists every commit of its
#: branch ("* fix lint", "* fix tests"), which says nothing about the change as a whole.
_FIX_LINE = re.compile(r"(?im)^\s*(?:fix(?:es|ed)?|bug)\b.*$")


def _fix_lines(body: str) -> str:
    return "\n".join(m.group(0) for m in _FIX_LINE.finditer(body))


def _by_pr(context: _Context, since: datetime) -> dict[int, list[str]]:
    """Commits by the pull-request numbers they carry, among those shipped from ``since`` on
    (a fix can only fail a deployment of the window before it)."""
    found: dict[int, list[str]] = defaultdict(list)
    for sha, index in context.shipped.items():
        if context.deployments[index].at >= since:
            for number in pr_numbers(context.commits[sha].subject):
                found[number].append(sha)
    return found


def linked_failures(
    commits: Mapping[str, DoraCommit],
    shipped: Mapping[str, int],
    deployments: Sequence[Deployment],
    hotfix_days: int,
    since: datetime,
    linker: Linker | None = None,
    cancel: CancelCheck = never_cancel,
) -> tuple[FailureFindings, SzzResult | None]:
    """Failures of the deployments from ``since`` on, each with the fix and the change it fixed.

    ``deployments`` are sorted by time; ``shipped`` maps each commit to the first deployment
    that shipped it (pre-releases excluded). Returns the findings and SZZ's result (None when
    SZZ did not run).
    """
    by_deployment: dict[int, list[str]] = defaultdict(list)
    for sha, i in shipped.items():
        by_deployment[i].append(sha)
    context = _Context(commits, shipped, deployments, timedelta(days=hotfix_days), by_deployment)
    found = FailureFindings()
    index = ShaIndex(commits)
    prs: dict[int, list[str]] | None = None
    reapplied = together = 0
    requests: list[BlameRequest] = []
    for n, (sha, restorer) in enumerate(shipped.items()):
        if n % 4096 == 0:
            check_cancel(cancel)
        if deployments[restorer].at < since:
            continue
        commit = commits[sha]
        message = f"{commit.subject}\n{commit.body}"
        targets: list[tuple[str, str]] = []
        if REVERT_MARK in message:
            for match in REVERT.finditer(message):
                target = index.find(match.group(1))
                if target is None:
                    continue
                reverted = commits[target]
                if REVERT_MARK in f"{reverted.subject}\n{reverted.body}":
                    reapplied += 1
                    continue
                targets.append((target, "revert"))
        fixing = is_fix(commit.subject, _fix_lines(commit.body))
        if fixing and not targets:
            for reference in referenced_changes(commit.subject, commit.body):
                if reference.kind == "sha":
                    target = index.find(reference.value)
                    if target is not None and target != sha:
                        targets.append((target, "fixes-trailer"))
                else:
                    prs = _by_pr(context, since - context.window) if prs is None else prs
                    own = set(pr_numbers(commit.subject))
                    number = int(reference.value)
                    if number not in own:
                        targets.extend((t, "pr-reference") for t in prs.get(number, ()))
        linked = False
        for target, method in targets:
            if shipped.get(target) == restorer:
                together += method == "revert"
                continue
            failure = context.failure(sha, target, method)
            if failure is not None:
                found.failures.append(failure)
                linked = True
        if fixing and not targets and not linked:
            request = _blame_request(context, sha, restorer)
            if request is not None:
                requests.append(request)
    if reapplied:
        found.notes.append(
            f"{count(reapplied, 'revert')} of reverts re-applied a change: no failure"
        )
    if together:
        found.notes.append(
            f"{count(together, 'revert')} shipped in the same deployment as the change "
            "it undid: no failure reached production"
        )
    result = None
    if linker is not None and requests:
        result = linker(requests)
        for link in result.links:
            failure = context.failure(
                link.fix, link.fixed, "szz", f"{count(link.lines, 'line')} of {link.path}"
            )
            if failure is not None:
                found.failures.append(failure)
    found.failures = _one_per_fix_and_deployment(found.failures)
    return found, result


def _blame_request(context: _Context, fix: str, restorer: int) -> BlameRequest | None:
    """SZZ's question for ``fix``: which of the changes first shipped in the window before its
    deployment did it repair? None when no deployment shipped in that window."""
    deployments = context.deployments
    shipped_at = deployments[restorer].at
    candidates: set[str] = set()
    for i in range(restorer - 1, -1, -1):
        if shipped_at - deployments[i].at > context.window:
            break
        if deployments[i].at < shipped_at:
            candidates.update(context.by_deployment.get(i, ()))
    if not candidates:
        return None
    oldest = min(context.commits[s].committer_time for s in candidates)
    reachable = _ancestors_since(context.commits, fix, oldest) & candidates
    if not reachable:
        return None  # blame at the fix's parent can only reach its ancestors: nothing to ask
    oldest = min(context.commits[s].committer_time for s in reachable)
    return BlameRequest(fix, oldest - timedelta(seconds=1), frozenset(reachable))


def _ancestors_since(commits: Mapping[str, DoraCommit], sha: str, since: datetime) -> set[str]:
    """Ancestors of ``sha`` (not itself) committed at or after ``since``: the commits blame at
    its parent could name. The walk stops at older commits (committer dates rarely go back
    across a merge; when they do, a candidate is missed, never invented)."""
    found: set[str] = set()
    stack = list(commits[sha].parents)
    while stack:
        current = stack.pop()
        commit = commits.get(current)
        if current in found or commit is None or commit.committer_time < since:
            continue
        found.add(current)
        stack.extend(commit.parents)
    return found


def _one_per_fix_and_deployment(failures: list[Failure]) -> list[Failure]:
    """The strongest link of each (failed deployment, fix) pair."""
    rank = {"revert": 0, "fixes-trailer": 1, "pr-reference": 2, "szz": 3}
    best: dict[tuple, Failure] = {}
    for failure in failures:
        key = (failure.deployment, failure.fix_commit)
        held = best.get(key)
        if held is None or rank[failure.method] < rank[held.method]:
            best[key] = failure
    return sorted(best.values(), key=lambda f: (f.deployment, f.restored_at or f.fix_commit))
