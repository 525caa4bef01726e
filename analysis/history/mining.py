"""The history phase: read the history (incrementally), measure it, rank hotspots.

:func:`mine_history` is what :func:`analysis.assessment.run` calls after the code phase (hotspot
complexity comes from the code engine). The measured figures are cached per tip state and
settings, so a re-assessment with no new commit only re-ranks hotspots against the current
code; after new commits the history is read incrementally and measured again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from analysis.cache import NoCache, ResultCache
from analysis.code.other_languages import measure_other_languages
from analysis.code.results import FileMetrics
from analysis.errors import GitCommandFailed
from analysis.history import knowledge
from analysis.history.commits import Commit
from analysis.history.coupling import CouplingSettings, temporal_coupling
from analysis.history.file_history import FileRecord, age_months, collect_files, last_activity
from analysis.history.gitlog import read_mailmap_aliases
from analysis.history.hotspots import current_contents, line_count, rank_hotspots
from analysis.history.incremental import CommitCache
from analysis.history.options import HistoryOptions
from analysis.history.reader import PARSER_VERSION, PHASE, ReadOutcome, log_scope, read_history
from analysis.history.results import (
    Coupling,
    FileHistory,
    FixShare,
    HistorySection,
    KnowledgeLoss,
    LostFile,
    MonthlyPoint,
    OrphanedFiles,
    TruckFactorResult,
    Window,
)
from analysis.history.source import HistorySource, resolve_source, submodules, tip_tree
from analysis.history.timeline import FUTURE_SLACK, Timeline, build_timeline
from analysis.history.trends import activity
from analysis.progress import (
    CancelCheck,
    Progress,
    ProgressCallback,
    check_cancel,
    never_cancel,
    no_progress,
)
from analysis.roles import FileRoles
from analysis.scan import Repository

RESULT_VERSION = 2

#: Files named per developer who would orphan them (the most changed first).
ORPHANED_SHOWN = 10


@dataclass
class HistoryOutcome:
    """The section for the report and the warnings for the user (``(code, message, partial)``).

    ``source`` is what was read (tips, scope). The commits themselves travel in
    :class:`HistoryRead`, which the DORA phase reads too.
    """

    section: HistorySection
    findings: list[tuple[str, str, bool]] = field(default_factory=list)
    source: HistorySource | None = None


def iso(moment: int | None) -> str | None:
    if moment is None:
        return None
    try:
        return datetime.fromtimestamp(moment, UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def months_before(moment: int, months: int) -> int:
    """The same day and time ``months`` calendar months earlier (day clamped to the month)."""
    when = datetime.fromtimestamp(moment, UTC)
    index = when.year * 12 + when.month - 1 - months
    year, month = divmod(index, 12)
    for day in (when.day, 30, 29, 28):
        try:
            return int(when.replace(year=year, month=month + 1, day=day).timestamp())
        except ValueError:
            continue
    return moment


def _findings(
    line: Timeline,
    source: HistorySource,
    read_errors: list[str],
    scope: str,
    missing_paths: Sequence[str] = (),
    roles: FileRoles | None = None,
):
    found: list[tuple[str, str, bool]] = [(code, text, True) for code, text in source.findings]
    if line.commits == 0:
        where = f" touching {scope}" if scope else ""
        found.append(("history_empty", f"no commits{where} in the history analysed", False))
    if line.counts_missing and missing_paths:
        code = [p for p in missing_paths if roles is None or roles.is_code(p)]
        shown = ", ".join(missing_paths[:3]) + (
            f" and {len(missing_paths) - 3} more" if len(missing_paths) > 3 else ""
        )
        found.append(
            (
                "history_missing_objects",
                f"{line.counts_missing} commits changed files whose content is not in this "
                f"clone (a partial clone): {shown}; those files' line counts are missing, "
                "their changes still count, every other file is counted",
                bool(code),  # a missing data file changes no code figure
            )
        )
    elif line.counts_missing:
        cause = f" (git: {read_errors[0]})" if read_errors else ""
        found.append(
            (
                "history_missing_objects",
                f"{line.counts_missing} commits were read without line counts because objects "
                f"are missing from the repository (a partial clone or damage){cause}; their "
                "files still count as changed",
                True,
            )
        )
    if line.implausible:
        found.append(
            (
                "history_timestamps",
                f"{line.implausible} commits have implausible timestamps (before 1980 or in the "
                "future: a wrong clock); they count for files and authors but not for the "
                "window, the monthly series or rework",
                True,
            )
        )
    if line.non_utf8:
        found.append(
            (
                "history_encoding",
                f"{line.non_utf8} commits have names or messages that are not UTF-8; they were "
                "read as Windows-1252",
                False,
            )
        )
    if line.steps and not any(step.files for step in line.steps):
        found.append(
            (
                "history_no_changes",
                "no commit in this history changes a file that is measured (for example a "
                "merge-only history: merges show no changes of their own unless history is "
                "read first-parent)",
                True,
            )
        )
    return found


def _truck_result(
    authors_by_file: dict[int, set[int]],
    roles: tuple[str, ...],
    line: Timeline,
    records: list[FileRecord],
) -> TruckFactorResult:
    names = line.developers
    truck = knowledge.truck_factor(authors_by_file, names)
    orphaned = []
    for developer, lost in zip(truck.developers, truck.orphaned, strict=True):
        shown = sorted(lost, key=lambda f: (-records[f].revisions, line.paths[f]))
        orphaned.append(
            OrphanedFiles(
                names[developer], len(lost), [line.paths[f] for f in shown[:ORPHANED_SHOWN]]
            )
        )
    return TruckFactorResult(
        truck.value if truck.files else None,
        [names[d] for d in truck.developers],
        truck.files,
        list(roles),
        orphaned,
    )


def measure(
    line: Timeline,
    options: HistoryOptions,
    ref: str,
    role_of: Callable[[str], str] | None = None,
) -> tuple[HistorySection, list[tuple[str, int]]]:
    """Every history figure except hotspots, and the hotspot candidates (path, revisions).

    Truck factor and knowledge loss count source files only (roles ``production`` and
    ``test``, see :mod:`analysis.history.knowledge`); the per-file table lists every file counted.
    """
    end = line.end
    window_start = months_before(end, options.window_months) if end is not None else None
    records = collect_files(line, window_start)
    names = line.developers
    alive = sorted(line.alive, key=lambda i: line.paths[i])

    window_changes = (
        [file_id for file_id, _, _ in step.files]
        for step in line.steps
        if step.plausible and window_start is not None and step.time >= window_start
    )
    coupling = temporal_coupling(
        window_changes,
        CouplingSettings(
            options.coupling_min_revs,
            options.coupling_min_shared,
            options.coupling_min_degree,
            options.coupling_max_degree,
            options.coupling_max_changeset,
        ),
    )
    trends = activity(line, options.rework_days, window_start, line.binary)
    latest = last_activity(line)

    files: list[FileHistory] = []
    main_developers: dict[int, int] = {}
    authors_by_file: dict[int, set[int]] = {}
    production: set[int] = set()
    for file_id in alive:
        record = records[file_id]
        if not record.revisions:
            continue
        main = record.main_developer()
        role = role_of(line.paths[file_id]) if role_of is not None else knowledge.PRODUCTION
        if role in knowledge.SOURCE_ROLES:
            if main is not None:
                main_developers[file_id] = main[0]
            authors_by_file[file_id] = knowledge.file_authors(record)
            if role in knowledge.WITHOUT_TESTS:
                production.add(file_id)
        files.append(
            FileHistory(
                path=line.paths[file_id],
                revisions=record.revisions,
                authors=record.authors,
                added=record.added,
                deleted=record.deleted,
                first_change=iso(record.first),
                last_change=iso(record.last),
                age_months=age_months(record.first, end),
                main_developer=names[main[0]] if main else None,
                ownership=round(main[1], 4) if main else None,
                fragmentation=round(record.fragmentation(), 4),
                soc=coupling.sum_of_coupling.get(file_id, 0),
                role=role_of(line.paths[file_id]) if role_of is not None else "",
            )
        )

    truck = _truck_result(authors_by_file, knowledge.SOURCE_ROLES, line, records)
    truck.without_tests = _truck_result(
        {f: a for f, a in authors_by_file.items() if f in production},
        knowledge.WITHOUT_TESTS,
        line,
        records,
    )
    lost = knowledge.knowledge_loss(main_developers, latest, end, options.inactive_months)
    alive_set = set(alive)
    pairs = []
    for p in coupling.pairs:
        if p.a not in alive_set or p.b not in alive_set:
            continue
        (a, revisions_a), (b, revisions_b) = sorted(
            [(line.paths[p.a], p.revisions_a), (line.paths[p.b], p.revisions_b)]
        )  # code-maat names a pair in sorted order
        pairs.append(Coupling(a, b, p.shared, p.degree, revisions_a, revisions_b))
    window = trends.window
    section = HistorySection(
        window=Window(options.window_months, iso(window_start), iso(end), window.commits),
        commits=line.commits,
        partial=False,
        files=files,
        coupling=pairs,
        truck_factor=truck,
        knowledge_loss=KnowledgeLoss(
            options.inactive_months,
            round(len(lost) / len(main_developers), 4) if main_developers else None,
            [
                LostFile(
                    line.paths[f], names[main_developers[f]], iso(latest.get(main_developers[f]))
                )
                for f in lost
            ],
            len(main_developers),
        ),
        rework_share=window.rework_share(),
        fix_share=FixShare(window.fix_share(), window.fix_line_share()),
        monthly=[
            MonthlyPoint(
                month=label,
                commits=tally.commits,
                changed_lines=tally.changed,
                fix_share=tally.fix_share(),
                rework_share=tally.rework_share(),
                active_authors=len(tally.authors),
            )
            for label, tally in trends.months
        ],
        bot_commits=line.bot_commits,
        ref=ref,
        identities=line.identities.groups,
    )
    candidates = [
        (line.paths[f], records[f].window_revisions)
        for f in alive
        if records[f].window_revisions and f not in line.binary
    ]
    return section, candidates


def _result_key(
    source: HistorySource, options: HistoryOptions, subs: Iterable[str], roles: str = ""
) -> str:
    parts = [
        str(RESULT_VERSION),
        roles,
        source.fingerprint(options, PARSER_VERSION),
        source.state,
        source.tree_tip,
        options.metrics_key(),
        " ".join(subs),
    ]
    return hashlib.sha1("\0".join(parts).encode(), usedforsecurity=False).hexdigest()


def _settings(options: HistoryOptions) -> dict:
    data = options.to_dict()
    for name in ("enabled", "pseudonymize_authors"):
        data.pop(name, None)
    return data


@dataclass
class HistoryRead:
    """The commits of the history's source, read once: the history and DORA phases both use
    them, and the read (git plus our parsing) runs side by side with the per-file code phase."""

    source: HistorySource
    outcome: ReadOutcome = field(repr=False)


def read_source_history(
    repo: Repository,
    options: HistoryOptions,
    cache: ResultCache | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
    code_counts_only: bool = False,
) -> HistoryRead:
    """Resolve what the history reads (tips, scope) and read its commits (cached by state).
    ``code_counts_only``: for a history measured with file roles, which counts code lines
    only (:func:`mine_history`): git then diffs no other file."""
    source = resolve_source(repo, options)
    outcome = read_history(source, options, cache or NoCache(), progress, cancel, code_counts_only)
    return HistoryRead(source, outcome)


def mine_history(
    repo: Repository,
    options: HistoryOptions | None = None,
    code_files: Iterable[FileMetrics] = (),
    cache: ResultCache | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
    now: float | None = None,
    roles: FileRoles | None = None,
    read: HistoryRead | None = None,
) -> HistoryOutcome:
    """Measure the history of ``repo`` (see the package doc for what and how).

    With ``roles``, only code (production and test files) takes part: hotspots, coupling,
    knowledge, truck factor and rework are about the code a team writes.
    """
    options = options or HistoryOptions()
    cache = cache if cache is not None else NoCache()
    if read is None:
        progress(Progress(PHASE, 0, 0, "resolving branches"))
    source = read.source if read is not None else resolve_source(repo, options)
    tree = tip_tree(source)
    subs = submodules(tree)
    key = _result_key(source, options, subs, roles.fingerprint() if roles is not None else "")
    role_of = roles.role if roles is not None else None
    store = CommitCache(cache, "results")
    cached = store.result(key)
    reference = now if now is not None else datetime.now(UTC).timestamp()
    if cached is not None and cached.get("latest", 0) <= reference + FUTURE_SLACK:
        section = HistorySection.from_dict(cached["section"])
        findings = [tuple(f) for f in cached["findings"]]
        candidates = [tuple(c) for c in cached["candidates"]]
    else:
        outcome = (
            read.outcome
            if read is not None
            else read_history(source, options, cache, progress, cancel, roles is not None)
        )
        check_cancel(cancel)
        progress(Progress(PHASE, 0, 0, "measuring history"))
        current = {path for path, entry in tree.items() if entry.mode != "160000"}
        mailmapped = (
            read_mailmap_aliases(source.root, log_scope(source, options, source.tips))
            if source.mailmap
            else {}
        )
        line = build_timeline(
            outcome.commits,
            options,
            current,
            set(subs),
            now,
            counted=roles.is_code if roles is not None else None,
            mailmapped=mailmapped,
        )
        section, candidates = measure(line, options, source.ref_label, role_of)
        section.settings = _settings(options)
        findings = _findings(
            line, source, outcome.missing_objects, source.scope, outcome.missing_paths, roles
        )
        findings += [
            (
                "history_submodule",
                f"submodule {path}: its own history is a separate repository and is not "
                "analysed here",
                False,
            )
            for path in subs
        ]
        section.partial = any(partial for _, _, partial in findings)
        store.keep_result(
            key,
            {
                "section": section.to_dict(),
                "findings": [list(f) for f in findings],
                "candidates": [list(c) for c in candidates],
                "latest": max((c.author_seconds for c in outcome.commits), default=0),
            },
        )
    check_cancel(cancel)
    metrics = {f.path: f for f in code_files}
    need_lines = [p for p, _ in candidates if metrics.get(p) is None or metrics[p].loc is None]
    contents = current_contents(source, tree, need_lines)
    other = measure_other_languages(contents, cache, python=source.bare)
    lines = {path: line_count(data) for path, data in contents.items()}
    section.hotspots, section.unranked = rank_hotspots(candidates, metrics, lines, other, role_of)
    progress(Progress(PHASE, 1, 1, f"{section.commits} commits"))
    return HistoryOutcome(section, findings, source)


def history_commits(
    read: HistoryRead | None, options: HistoryOptions
) -> tuple[list[Commit], tuple[str, ...]] | None:
    """The commits the history read, and the tips they cover, for the DORA phase.

    None when they are not the whole history of those tips, so a consumer that needs every
    commit (the DORA phase) must read on its own: a path-limited scope or first-parent mode
    leaves commits out, and a history that is off or failed read nothing.
    """
    if read is None:
        return None
    source = read.source
    if source.scope or options.mode == "first-parent":
        return None
    return read.outcome.commits, source.tips


@dataclass
class HistoryStep:
    """The assessment's history step: the section, warnings as ``(code, message, partial)``,
    and whether the section is partial."""

    section: HistorySection | None
    notes: list[tuple[str, str, bool]]
    partial: bool
    outcome: HistoryOutcome | None = None


def measure_history(
    repo: Repository,
    options: HistoryOptions,
    code_files: Iterable[FileMetrics],
    cache: ResultCache | None,
    progress: ProgressCallback,
    cancel: CancelCheck,
    roles: FileRoles | None = None,
    read: HistoryRead | None = None,
    read_failure: str | None = None,
) -> HistoryStep:
    """Bad settings or a history git cannot read become warnings, never a failed assessment.

    ``read`` is the commits already read (:func:`read_commits_step`); ``read_failure`` the
    reason git could not read them."""
    if not options.enabled:
        return HistoryStep(None, [], False)
    problems = options.problems()
    if problems:
        return HistoryStep(None, [("history_settings", p, True) for p in problems], True)
    if read_failure is not None:
        return _failed(read_failure)
    try:
        outcome = mine_history(
            repo, options, code_files, cache, progress, cancel, roles=roles, read=read
        )
    except GitCommandFailed as exc:
        return _failed(str(exc))
    notes = [(code, message, partial) for code, message, partial in outcome.findings]
    return HistoryStep(outcome.section, notes, outcome.section.partial, outcome)


def _failed(reason: str) -> HistoryStep:
    return HistoryStep(
        None, [("history_failed", f"the history could not be read: {reason}", True)], True
    )


def read_commits_step(
    repo: Repository,
    options: HistoryOptions,
    cache: ResultCache | None,
    progress: ProgressCallback,
    cancel: CancelCheck,
    code_counts_only: bool = False,
) -> tuple[HistoryRead | None, str | None]:
    """The commits the history will measure, or None with the reason git could not read them;
    (None, None) when the history is off or its settings are wrong (the history step says so)."""
    if not options.enabled or options.problems():
        return None, None
    try:
        read = read_source_history(repo, options, cache, progress, cancel, code_counts_only)
        return read, None
    except GitCommandFailed as exc:
        return None, str(exc)
