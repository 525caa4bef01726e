"""The AI-assisted code section from the commits the history read plus one diff pass.

Trailers, commit counts and coupling come from the commits already read (no extra git); the
line figures (copy/paste, moved, churn) from one streamed ``git log -p -U0`` of the window's
non-merge commits (:mod:`analysis.ai_code.diffs`), usually run beside the history read
(:mod:`analysis.ai_code.window`). The whole section is cached by what decides
it (tips, scope, settings, file roles), so a warm run reads one cache entry and no git.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from datetime import UTC, datetime

from analysis.ai_code.definitions import UNDERCOUNT, definitions
from analysis.ai_code.options import AICodeOptions
from analysis.ai_code.quarters import quarter_of, quarters_between
from analysis.ai_code.results import AICodeSection, Quarter
from analysis.ai_code.signals import before_after, split_moment, with_without
from analysis.ai_code.trailers import commit_tools
from analysis.ai_code.window import (
    EarlyLines,
    line_figures,
    measured_quarters,
    missing_in_window,
    window_of,
)
from analysis.cache import NoCache, ResultCache
from analysis.history.commits import Commit
from analysis.history.mining import HistoryRead
from analysis.history.options import HistoryOptions
from analysis.history.source import HistorySource
from analysis.progress import CancelCheck, Progress, ProgressCallback, never_cancel, no_progress
from analysis.roles import FileRoles
from resources import resource_path

NAMESPACE = "ai_code"
#: bump when a figure's computation changes: cached sections are measured again (3: a commit
#: that changes only a file left out of a partial clone's diff is counted)
VERSION = 3
MAX_CHANGESET = 30  # code-maat's max-changeset-size for sum of coupling
KEY = "ai_code"


def _iso(seconds: int | None) -> str | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC).isoformat()


def cache_key(
    source: HistorySource, history: HistoryOptions, options: AICodeOptions, roles: FileRoles | None
) -> str:
    """The key of the section: what decides it (tips, scope, settings, roles, the tool list)."""
    parts = [
        str(VERSION),
        source.state,
        source.scope,
        history.mode,
        str(history.follow_renames),
        json.dumps(sorted(vars(options).items()), default=str),
        roles.fingerprint() if roles is not None else "",
        hashlib.sha1(
            resource_path("data/ai_tools.json").read_bytes(), usedforsecurity=False
        ).hexdigest(),
    ]
    return hashlib.sha1("\n".join(parts).encode(), usedforsecurity=False).hexdigest()


def measure_ai_code(
    read: HistoryRead,
    history: HistoryOptions,
    options: AICodeOptions,
    roles: FileRoles | None,
    cache: ResultCache | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
    early: EarlyLines | None = None,
) -> AICodeSection:
    """The section for the commits of ``read`` (cached by what decides it); ``early``: the
    line figures measured before the history was read (:mod:`analysis.ai_code.window`), used
    when its walk is the commits read."""
    cache = cache or NoCache()
    key = cache_key(read.source, history, options, roles)
    section = cached_section(cache, key)
    if section is not None:
        return section
    section = _measure(read, history, options, roles, cache, progress, cancel, early)
    if not section.partial:
        packed = zlib.compress(json.dumps(section.to_dict()).encode(), 6)
        cache.put_many(NAMESPACE, {key: packed})
    return section


def cached_section(cache: ResultCache, key: str) -> AICodeSection | None:
    """The section kept under ``key``, or None (none kept, or unreadable)."""
    kept = cache.get_many(NAMESPACE, [key]).get(key)
    if kept is None:
        return None
    try:
        return AICodeSection.from_dict(json.loads(zlib.decompress(kept)))
    except (ValueError, KeyError, TypeError, zlib.error):
        return None


def _measure(
    read: HistoryRead,
    history: HistoryOptions,
    options: AICodeOptions,
    roles: FileRoles | None,
    cache: ResultCache,
    progress: ProgressCallback,
    cancel: CancelCheck,
    early: EarlyLines | None = None,
) -> AICodeSection:
    known: dict[str, bool] = {}

    def is_code(path: str) -> bool:
        found = known.get(path)
        if found is None:
            found = known[path] = roles.is_code(path) if roles is not None else True
        return found

    commits: list[Commit] = [
        c for c in read.outcome.commits if not c.is_merge and not c.shallow_boundary
    ]
    quarters: dict[str, Quarter] = {}
    tools: dict[str, int] = {}
    ai_shas: set[str] = set()
    first_ai: int | None = None
    for commit in commits:
        quarter = quarters.setdefault(
            quarter_of(commit.author_seconds), Quarter(quarter_of(commit.author_seconds))
        )
        quarter.commits += 1
        named = commit_tools(commit)
        if named:
            ai_shas.add(commit.sha)
            quarter.ai_trailer_commits += 1
            first_ai = (
                commit.author_seconds if first_ai is None else min(first_ai, commit.author_seconds)
            )
            for name in named:
                tools[name] = tools.get(name, 0) + 1
                quarter.tools[name] = quarter.tools.get(name, 0) + 1
        code_files = {change.path for change in commit.changes if is_code(change.path)}
        if code_files:
            quarter.code_commits += 1
            if len(code_files) <= MAX_CHANGESET:
                quarter.coupling += len(code_files) * (len(code_files) - 1)
    if not commits:
        return AICodeSection(
            {},
            [],
            options.churn_days,
            None,
            None,
            definitions=definitions(options.churn_days),
            undercount=UNDERCOUNT,
        )
    window = window_of(read.outcome.commits, options.months)
    assert window is not None  # (commits is not empty)
    start, end = window.start, window.end
    listed = [quarters.get(q) or Quarter(q) for q in quarters_between(min(quarters), max(quarters))]
    walked = tuple(c.sha for c in read.outcome.commits)
    if early is not None and early.walked == walked and not early.figures.partial:
        figures = early.figures  # the same commits in the same order: the same figures
    else:
        progress(Progress(KEY, 0, 1, f"reading the diffs of {len(window.commits)} commits"))
        figures = line_figures(
            read.source,
            read.outcome.commits,
            window,
            is_code,
            missing_in_window(read.source, window, history, read.outcome.missing_paths),
            options.churn_days,
            cache,
            cancel,
        )
    records, partial, notes = figures.records, figures.partial, list(figures.notes)
    if figures.excluded:
        notes.append(
            f"{len(figures.excluded)} files whose content is missing from this "
            "partial clone are left out of the line figures"
        )
    for record in records:
        quarter = quarters[quarter_of(record.time)]
        quarter.lines_measured = True
        quarter.lines.commits += 1
        quarter.lines.add(record.added, record.copy_paste, record.moved, record.churned)
    if not partial:  # the quarters whose diffs were read (and quarter ends measured)
        measured = set(measured_quarters(read.outcome.commits, start))
        for quarter in listed:
            quarter.lines_measured = quarter.lines_measured or quarter.quarter in measured
    if not partial and figures.density is not None:
        for quarter in listed:
            quarter.duplication_density = figures.density.get(quarter.quarter)
    moment = split_moment(options.split_date, first_ai)
    return AICodeSection(
        tools=dict(sorted(tools.items(), key=lambda item: (-item[1], item[0]))),
        quarters=listed,
        churn_days=options.churn_days,
        window_start=_iso(start),
        window_end=_iso(end),
        with_without=with_without(records, ai_shas) if records else None,
        before_after=before_after(records, *moment) if records and moment else None,
        first_ai_commit=_iso(first_ai),
        definitions=definitions(options.churn_days),
        undercount=UNDERCOUNT,
        partial=partial,
        notes=notes,
    )
