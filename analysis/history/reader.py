"""Read a branch's history once, then only what is new: the incremental front of the phase.

1. The cache has the tips' state: no git log at all.
2. The cache has this repository's previous state and its tips are still ancestors of the new
   tips: ``git log <new tips> --not <old tips>`` reads the new commits only; they go in front
   of the cached ones (none of them can be an ancestor of an old commit).
3. Otherwise (first run, cache cleared, history rewritten by a force-push or reset): one full
   streamed pass.

In first-parent mode an increment is kept only if it continues the old first-parent line (its
oldest commit's first parent is the old tip); a branch fast-forwarded onto another line is read
again in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis import git
from analysis.cache import ResultCache
from analysis.errors import GitCommandFailed
from analysis.history.commits import Commit
from analysis.history.gitlog import LogResult, LogScope, read_commits
from analysis.history.incremental import CommitCache
from analysis.history.options import HistoryOptions
from analysis.history.source import HistorySource
from analysis.progress import CancelCheck, Progress, ProgressCallback

PARSER_VERSION = 1
PHASE = "history"


@dataclass
class ReadOutcome:
    commits: list[Commit]  # newest first
    how: str  # "cached", "incremental" or "full"
    new_commits: int = 0
    failed_commits: list[str] = field(default_factory=list)
    missing_objects: list[str] = field(default_factory=list)
    missing_paths: list[str] = field(default_factory=list)  # files whose content is missing


def log_scope(
    source: HistorySource, options: HistoryOptions, revisions, code_counts_only: bool = False
) -> LogScope:
    return LogScope(
        revisions=tuple(revisions),
        first_parent=options.mode == "first-parent",
        renames=options.follow_renames,
        pathspec=source.scope,
        code_counts_only=code_counts_only,
    )


def _count(source: HistorySource, scope: LogScope) -> int:
    try:
        out = git.output(
            source.root,
            "rev-list",
            "--count",
            *scope.walk_args(),
            *scope.revisions,
            *scope.paths(),
        )
        return int(out.strip() or 0)
    except (GitCommandFailed, ValueError):
        return 0


def _still_ancestors(source: HistorySource, old_tips: list[str]) -> bool:
    """True when every old tip is reachable from the new tips (no rewritten history)."""
    if not old_tips or any(
        len(t) < 40 or not all(c in "0123456789abcdef" for c in t) for t in old_tips
    ):
        return False
    done = git.run(
        source.root, "rev-list", "--count", *old_tips, "--not", *source.tips, check=False
    )
    return done.returncode == 0 and done.stdout.strip() == b"0"


def _continues_first_parent_line(new: list[Commit], old_tips: list[str]) -> bool:
    if not new:
        return True
    shas = {c.sha for c in new}
    for commit in new:
        first = commit.parents[0] if commit.parents else None
        if first is not None and first not in shas and first not in old_tips:
            return False
    oldest = new[-1]
    return bool(oldest.parents) and oldest.parents[0] in old_tips


def _read(source, scope, cancel, progress, label) -> LogResult:
    total = _count(source, scope)
    progress(Progress(PHASE, 0, total, label))

    def on_commit(count: int) -> None:
        progress(Progress(PHASE, min(count, total) if total else count, total, label))

    return read_commits(source.root, scope, cancel, on_commit, source.boundary)


def read_history(
    source: HistorySource,
    options: HistoryOptions,
    cache: ResultCache,
    progress: ProgressCallback,
    cancel: CancelCheck,
    code_counts_only: bool = False,
) -> ReadOutcome:
    """All commits of ``source``'s tips, newest first, reading from git only what is new.

    ``code_counts_only``: line counts of code and markup files only, for a caller that
    measures no other file's lines (:mod:`analysis.roles.counted_lines`); kept apart in the
    cache from reads with every file's counts."""
    version = f"{PARSER_VERSION}-code" if code_counts_only else PARSER_VERSION
    store = CommitCache(cache, source.fingerprint(options, version))
    repository = source.repository_key(options)
    state = source.state
    cached = store.load(state)
    if cached is not None:
        store.remember(repository, state, source.tips)
        return ReadOutcome(cached[0], "cached")

    last = store.last(repository)
    if last and last.get("state") != state:
        old_tips = [str(t) for t in last.get("tips", [])]
        previous = store.load(str(last["state"])) if _still_ancestors(source, old_tips) else None
        if previous is not None:
            old_commits, depth = previous
            revisions = [*source.tips, "--not", *old_tips]
            scope = log_scope(source, options, revisions, code_counts_only)
            result = _read(source, scope, cancel, progress, "reading new commits")
            fits = options.mode != "first-parent" or _continues_first_parent_line(
                result.commits, old_tips
            )
            # a new commit that renames a data file into code makes the old name's past
            # changes part of a code file's history: the kept commits have no counts for them
            fits = fits and not result.renamed_into_code
            if fits:
                everything = result.commits + old_commits
                store.save(state, result.commits, str(last["state"]), depth, everything)
                store.remember(repository, state, source.tips)
                return ReadOutcome(
                    everything,
                    "incremental",
                    len(result.commits),
                    result.failed_commits,
                    result.missing_objects,
                    result.missing_paths,
                )

    scope = log_scope(source, options, source.tips, code_counts_only)
    result = _read(source, scope, cancel, progress, "reading history")
    store.save(state, result.commits, None, 0, result.commits)
    store.remember(repository, state, source.tips)
    return ReadOutcome(
        result.commits,
        "full",
        len(result.commits),
        result.failed_commits,
        result.missing_objects,
        result.missing_paths,
    )
