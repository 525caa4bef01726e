"""Working in small batches, measured from git with DORA's answer buckets.

DORA AI Capabilities Model (2025), "Working in small batches": lines changed per commit
(1-10, 11-50, 51-100, 101-250, > 250), changes combined into one deployment (1, 2-10, 11-50,
51-100, > 100) and the time to finish one piece of work. Here: the distribution of lines added
plus deleted in code files (production and test code, analysis.roles) over the non-merge
commits of the analysed branch in the window, git's ``--numstat`` counts (binary files and
files whose blob is missing count nothing); the commits each counted deployment shipped first
(the delivery phase); and, where merges keep their branches, the hours from a merged branch's
first commit to its merge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from statistics import median

from analysis.ai_adoption.results import (
    LINE_BUCKETS,
    BranchToMerge,
    ChangesPerRelease,
    LinesPerCommit,
    change_bucket,
    line_bucket,
)
from analysis.history.commits import Commit

#: a merged branch walked further back than this is a long-lived line, not one piece of work
MAX_BRANCH_COMMITS = 200
#: merges of a release or integration line ("Merge branch 'stable'", "Merge branch '3.1.x'",
#: "Merge tag ...") bring a long-lived line back, not one piece of work: flask's 21 merges of
#: 'stable' in 2025-26 read as a median of 4,889 hours before this rule
_LINE_MERGE = re.compile(
    r"^Merge (?:tag |remote-tracking branch |branch )'?(?:origin/)?"
    r"(?:stable|main|master|develop|dev|trunk|release[\w./-]*|v?\d+(?:\.\d+)*(?:\.x)?)'?"
    r"(?:\s|$)",
    re.I,
)


def code_lines(commit: Commit, is_code: Callable[[str], bool]) -> int | None:
    """Lines added plus deleted in the commit's code files; None when it changes none."""
    counted = [change for change in commit.changes if is_code(change.path)]
    if not counted:
        return None
    return sum(change.changed for change in counted)


def lines_per_commit(commits: Sequence[Commit], is_code: Callable[[str], bool]) -> LinesPerCommit:
    """The distribution over ``commits`` (non-merge, in the window) in DORA's buckets."""
    result = LinesPerCommit()
    sizes = []
    for commit in commits:
        if commit.is_merge or commit.shallow_boundary:
            continue
        lines = code_lines(commit, is_code)
        if lines is None:
            result.without_code += 1
            continue
        sizes.append(lines)
        result.buckets[line_bucket(lines)] += 1
    result.commits = len(sizes)
    result.median = float(median(sizes)) if sizes else None
    assert set(result.buckets) == set(LINE_BUCKETS)
    return result


def changes_per_release(shipped: Sequence[int], source: str = "") -> ChangesPerRelease:
    """Median commits shipped first per counted deployment, in DORA's bucket."""
    counts = [n for n in shipped if n > 0]
    if not counts:
        return ChangesPerRelease(deployments=0, source=source)
    middle = float(median(counts))
    return ChangesPerRelease(len(counts), middle, change_bucket(middle), source)


def branch_to_merge(
    commits: Sequence[Commit], mainline: set[str], start: int, first_parent_only: bool
) -> BranchToMerge:
    """Median hours from a merged branch's first commit to its merge, for merges committed
    since ``start`` (Unix seconds). The branch is walked back from the merge's second parent
    along first parents until a commit of the mainline (the tip's first-parent chain)."""
    if first_parent_only:
        return BranchToMerge(note="the history is read along first parents: branches not read")
    by_sha = {c.sha: c for c in commits}
    hours = []
    for commit in commits:
        if len(commit.parents) < 2 or commit.sha not in mainline:
            continue
        if commit.committer_seconds < start or _LINE_MERGE.match(commit.subject):
            continue
        first = None
        sha: str | None = commit.parents[1]
        for _ in range(MAX_BRANCH_COMMITS):
            if sha is None or sha in mainline or sha not in by_sha:
                break
            first = by_sha[sha]
            sha = first.parents[0] if first.parents else None
        else:
            continue  # longer than one piece of work: a release line merged back
        if first is None:
            continue
        hours.append(max(0, commit.committer_seconds - first.author_seconds) / 3600)
    if not hours:
        return BranchToMerge(note="no merged branches in the window (squash or rebase merges)")
    return BranchToMerge(len(hours), round(float(median(hours)), 1))


def first_parent_chain(commits: Sequence[Commit], tip: str) -> list[Commit]:
    """The tip's first-parent chain among ``commits``, newest first."""
    by_sha = {c.sha: c for c in commits}
    chain = []
    sha: str | None = tip
    while sha is not None and sha in by_sha:
        commit = by_sha[sha]
        chain.append(commit)
        sha = commit.parents[0] if commit.parents else None
    return chain


def reachable(commits: Sequence[Commit], tip: str) -> list[Commit]:
    """Commits of ``commits`` reachable from ``tip`` (the analysed branch), newest first."""
    by_sha = {c.sha: c for c in commits}
    seen: set[str] = set()
    stack = [tip]
    while stack:
        sha = stack.pop()
        if sha in seen or sha not in by_sha:
            continue
        seen.add(sha)
        stack.extend(by_sha[sha].parents)
    return [c for c in commits if c.sha in seen]
