"""One assessment of one repository: the engine's single entry point.

``run(path, options, progress=..., cancel=...)`` validates the repository, lists its tracked
files, measures every Python file in worker processes and returns an :class:`Assessment`, a
plain data object that :mod:`analysis.report` turns into the public JSON report. The GUI runs
it on a background thread, the CLI in the foreground; neither re-implements any of it.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from analysis.architecture.section import ArchitectureSection
from analysis.cache import NoCache, ResultCache, git_blob_id
from analysis.code.duplication import DuplicationReport, DuplicationSettings
from analysis.code.file_metrics import ANALYZER_ID, FileTask, measure_file
from analysis.code.results import CodeTotals, FileMetrics
from analysis.coverage import debt_by_role, duplication_by_role, totals_by_role
from analysis.debt import DebtReport, DebtSettings
from analysis.decisions import Decisions, TeamProfile, decide, load_model, with_advice
from analysis.delivery_model import TEAM_FILE, DeliveryModel, assess_delivery_model, with_override
from analysis.dora.phase import assess_delivery
from analysis.dora.results import DoraReport
from analysis.dora.settings import DoraInputs
from analysis.findings import (
    ARCHITECTURE,
    CODE_HEALTH,
    DELIVERY,
    HISTORY,
    Finding,
    partial_figures,
)
from analysis.history.mining import history_commits, measure_history
from analysis.history.options import HistoryOptions
from analysis.history.results import HistorySection
from analysis.parallel import DEFAULT_MEMORY_BYTES, WorkerPool
from analysis.progress import (
    CancelCheck,
    Progress,
    ProgressCallback,
    check_cancel,
    never_cancel,
    no_progress,
)
from analysis.project_files import ProjectFiles
from analysis.roles import FileRoles, RoleSettings, classify_files, refine_with_code
from analysis.roles.model import PRODUCTION
from analysis.runtime.declared import targeted_versions
from analysis.runtime.section import RuntimeSection
from analysis.runtime_architecture import assess_runtime_and_architecture
from analysis.scan import absolute_path, assessed_folder, open_repository, tracked_files
from analysis.version import TOOL_NAME, __version__


@dataclass
class Options:
    """How to run an assessment; every field has a default a first-time user can keep."""

    workers: int | None = None  # worker processes; None = all cores
    file_budget_seconds: float = 20.0  # a file still parsing after this is skipped as too slow
    # memory a worker may add for one file (RLIMIT_AS, where the platform has it); beyond it
    # the file is skipped as too large to analyse. None: no budget
    file_memory_bytes: int | None = DEFAULT_MEMORY_BYTES
    max_file_bytes: int = 5 * 1024 * 1024
    dora: DoraInputs = field(default_factory=DoraInputs)  # deployment source, logs, answers
    duplication: DuplicationSettings = field(default_factory=DuplicationSettings)
    debt: DebtSettings = field(default_factory=DebtSettings)
    history: HistoryOptions = field(default_factory=HistoryOptions)
    team: TeamProfile = field(default_factory=TeamProfile)  # the team's answers (advice, money)
    readiness_model: dict = field(default_factory=dict)  # overrides of the advice model
    #: the settings' loaded hourly cost and currency (or --hourly-cost): the team profile's
    #: default, resolved once with it (analysis.decisions.team.resolve_team)
    hourly_cost: float | None = None
    currency: str | None = None
    roles: RoleSettings = field(default_factory=RoleSettings)  # the user's file-role globs


NO_DEBT_RATED = (
    "technical debt not rated: no production Python file could be measured (see the files with "
    "syntax errors or skipped); the debt ratio and rating are left out rather than shown as an A"
)


@dataclass
class RepositoryInfo:
    path: str
    name: str
    head: str
    branch: str | None
    scope: str
    analyzed_at: str  # ISO 8601, UTC
    tracked_files: int
    partial: bool = False  # some figure is incomplete: see ``partial_figures``
    warnings: list[Finding] = field(default_factory=list)
    phase_seconds: dict[str, float] = field(default_factory=dict)  # wall clock per phase
    partial_figures: list[str] = field(default_factory=list)  # e.g. "code health", "history"
    #: service, packaged application, library or template/example, with its evidence
    delivery_model: DeliveryModel | None = None

    @property
    def folder(self) -> str:
        """The folder assessed (the store's key): the root, or the sub-folder in scope."""
        return assessed_folder(self.path, self.scope)

    @property
    def title(self) -> str:
        """The repository's name, with the sub-folder in scope."""
        return f"{self.name}/{self.scope}" if self.scope else self.name


@dataclass
class CodeSection:
    files: list[FileMetrics]
    totals: CodeTotals


@dataclass
class Assessment:
    """Everything one run measured. Serialise with :func:`analysis.report.to_report`."""

    repository: RepositoryInfo
    code: CodeSection
    duration_seconds: float = 0.0
    dora: DoraReport | None = None
    runtime: RuntimeSection | None = None  # None in reports written before the section existed
    architecture: ArchitectureSection | None = None
    history: HistorySection | None = None
    tool_name: str = TOOL_NAME
    tool_version: str = __version__
    duplication: DuplicationReport | None = None
    debt: DebtReport | None = None
    decisions: Decisions | None = None  # the advice (analysis.decisions.decide)
    roles: FileRoles | None = None  # what each tracked file is (analysis.roles)


def _outcome_metrics(outcome, budget: float, memory: int | None = None) -> FileMetrics:
    task: FileTask = outcome.item
    if outcome.too_large:
        size = os.path.getsize(task.absolute) if os.path.exists(task.absolute) else 0
        limit = f"more than {memory / 2**20:,.0f} MB of memory" if memory else "out of memory"
        return FileMetrics(
            path=task.path,
            status="skipped",
            size=size,
            reason=f"skipped: too large to analyse ({limit}, {size:,} bytes)",
        )
    if outcome.timed_out:
        try:
            size = os.path.getsize(task.absolute)
        except OSError:
            size = 0
        return FileMetrics(
            path=task.path,
            status="skipped",
            size=size,
            reason=f"skipped: too slow (not finished in {budget:g} s, {size:,} bytes)",
        )
    if outcome.error:
        last = outcome.error.strip().splitlines()[-1] if outcome.error.strip() else "unknown"
        return FileMetrics(path=task.path, status="skipped", reason=f"analysis failed: {last}")
    return outcome.result


CODE_CACHE = "code-file"
BARE_MESSAGE = (
    "bare repository: there is no working tree, so code metrics were skipped; "
    "the history was analysed"
)


def _cache_key(task: FileTask) -> str | None:
    """Blob id of the working-tree content (what git would store) + analyzer + settings."""
    try:
        if os.path.getsize(task.absolute) > task.max_bytes:
            return None
        with open(task.absolute, "rb") as handle:
            blob = git_blob_id(handle.read())
    except OSError:
        return None
    return f"{blob}:{ANALYZER_ID}:{task.max_bytes}"


def _measure_code(tasks, options, cache, progress, cancel) -> list[FileMetrics]:
    """Metrics of every task: cached results first, the rest in worker processes."""
    total = len(tasks)
    progress(Progress("code", 0, total, "measuring Python files"))
    keys = {task.path: _cache_key(task) for task in tasks}
    cached = cache.get_many(CODE_CACHE, [k for k in keys.values() if k])
    results: list[FileMetrics] = []
    misses: list[FileTask] = []
    for task in tasks:
        value = cached.get(keys[task.path] or "")
        if value is None:
            misses.append(task)
            continue
        metrics = FileMetrics.from_dict({**json.loads(value), "path": task.path})
        results.append(metrics)
        progress(Progress("code", len(results), total, f"{task.path} (cached)"))
    fresh: dict[str, bytes] = {}
    pool = WorkerPool(
        measure_file, options.workers, options.file_budget_seconds, options.file_memory_bytes
    )
    for outcome in pool.run(misses, cancel):
        metrics = _outcome_metrics(outcome, options.file_budget_seconds, options.file_memory_bytes)
        results.append(metrics)
        key = keys[outcome.item.path]
        if key and metrics.status in ("ok", "syntax_error"):
            data = metrics.to_dict(cache=True)
            del data["path"]
            fresh[key] = json.dumps(data, separators=(",", ":")).encode()
        progress(Progress("code", len(results), total, outcome.item.path))
    cache.put_many(CODE_CACHE, fresh)
    return results


def _code_phase(repo, tracked, options, cache, progress, cancel) -> list[FileMetrics]:
    """Every tracked Python file measured (symlinks skipped), sorted by path. A bare
    repository has no working tree: no files."""
    results: list[FileMetrics] = []
    tasks: list[FileTask] = []
    for item in [] if repo.bare else tracked:
        if not item.is_python:
            continue
        if item.is_symlink:
            reason = "is a symbolic link (not followed)"
            results.append(FileMetrics(path=item.path, status="skipped", reason=reason))
            continue
        tasks.append(FileTask(item.path, absolute_path(repo, item), options.max_file_bytes))
    results.extend(_measure_code(tasks, options, cache, progress, cancel))
    results.sort(key=lambda f: f.path)
    return results


def file_findings(results: list[FileMetrics]) -> list[Finding]:
    """Files that could not be fully measured. A production file leaves the code-health
    figures partial; a test, migration or example file is only reported (its figures are not
    headline figures). An empty file is measured (0 lines): no finding."""
    found = []
    for item in results:
        if item.status == "ok":
            continue
        production = (item.role or "production") == "production"
        found.append(
            Finding(
                item.status,
                f"{item.path}: {item.reason}",
                item.path,
                partial=production,
                figure=CODE_HEALTH if production else "",
            )
        )
    return found


class PhaseTimer:
    """Wall-clock seconds per phase, for the report (``repository.phase_seconds``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[phase] = round(time.monotonic() - started, 3)


def run(
    path: str | os.PathLike[str],
    options: Options | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
    cache: ResultCache | None = None,
) -> Assessment:
    """Assess the git repository at ``path``.

    ``progress`` receives a :class:`~analysis.progress.Progress` per phase step and per file;
    ``cancel`` is polled at least every 0.05 s during file analysis, and a true answer raises
    :class:`~analysis.errors.Cancelled`. Bad input raises an
    :class:`~analysis.errors.AssessmentError` whose text is meant for the user. ``cache``
    keeps per-file results by content, so a re-assessment parses only changed files.
    """
    options = options or Options()
    cache = cache if cache is not None else NoCache()
    started = time.monotonic()
    timer = PhaseTimer()
    analyzed_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    progress(Progress("repository", 0, 1, "checking the repository"))
    repo = open_repository(path, allow_bare=True)
    tracked = tracked_files(repo)
    check_cancel(cancel)
    progress(Progress("repository", 1, 1, f"{len(tracked)} tracked files"))

    findings = [Finding("repository", note) for note in repo.notes]
    with timer("roles"):
        progress(Progress("roles", 0, 1, "classifying files"))
        roles = classify_files(repo, tracked, options.roles)
        findings.extend(Finding("roles", note) for note in roles.notes)
    with timer("code"):
        results = _code_phase(repo, tracked, options, cache, progress, cancel)
    refine_with_code(
        roles,
        [item.path for item in results if item.literal_tables],
        {item.path: item.loc for item in results if item.loc is not None},
    )
    for item in results:
        item.role = roles.role(item.path)
    findings.extend(file_findings(results))
    with timer("runtime_architecture"):
        team = options.team
        delivery_model = with_override(
            assess_delivery_model(ProjectFiles.of(repo, tracked), roles.role),
            team.delivery_model,
            team.delivery_model_source or TEAM_FILE,
        )
        runtime, architecture, problems = assess_runtime_and_architecture(
            repo,
            tracked,
            results,
            workers=options.workers,
            budget=options.file_budget_seconds,
            max_bytes=options.max_file_bytes,
            cache=cache,
            progress=progress,
            cancel=cancel,
            roles=roles,
            delivery_kind=delivery_model.kind,
        )
    findings += [
        Finding(code, message, path, partial=True, figure=ARCHITECTURE)
        for code, message, path in problems
    ]
    if repo.bare:
        findings.append(Finding("bare_repository", BARE_MESSAGE, partial=True, figure=CODE_HEALTH))
    with timer("history"):
        history = measure_history(
            repo, options.history, results, cache, progress, cancel, roles=roles
        )
    findings.extend(
        Finding(code, message, partial=partial, figure=HISTORY if partial else "")
        for code, message, partial in history.notes
    )
    with timer("dora"):
        known = history_commits(history.outcome, options.history, cache, progress, cancel)
        delivery = assess_delivery(
            repo,
            options.dora,
            commits=known[0] if known else None,
            covered_tips=known[1] if known else (),
            progress=progress,
            cancel=cancel,
            delivery_kind=delivery_model.kind,
            # SZZ reads production code: a fix that also edits a test or the changelog is
            # not evidence that the change which wrote those lines failed
            is_code=lambda path: roles.role(path) == PRODUCTION and roles.is_code(path),
        )
        known = None
        if history.outcome is not None:
            history.outcome.commits = None  # read once, used by both phases; free them now
    findings.extend(
        Finding(
            "dora", message, partial=delivery.partial, figure=DELIVERY if delivery.partial else ""
        )
        for message in delivery.warnings
    )
    with timer("duplication"):
        duplication, side_duplication = duplication_by_role(
            results, options.duplication, progress, cancel
        )
    model, model_problems = load_model(
        options.readiness_model, options.hourly_cost, options.currency
    )
    measured, debt_problems = debt_by_role(
        results,
        duplication,
        side_duplication,
        options.debt,
        repo.scope,
        removed_imports=runtime.removed_modules,
        declared_versions=targeted_versions(runtime.targets),
    )
    debt: DebtReport | None = measured
    if not measured.files:  # a ratio over no measured line would read as a clean "A"
        findings.append(Finding("debt", NO_DEBT_RATED))
        debt = None
    for item in results:
        item.clone_tokens = None  # cached already; not needed once clones are grouped
    findings.extend(Finding("debt_settings", problem) for problem in debt_problems)
    findings.extend(Finding("readiness_model", problem) for problem in model_problems)
    info = RepositoryInfo(
        path=str(repo.root),
        name=repo.name,
        head=repo.head,
        branch=repo.branch,
        scope=repo.scope,
        analyzed_at=analyzed_at,
        tracked_files=len(tracked),
        partial=bool(partial_figures(findings)),
        partial_figures=partial_figures(findings),
        warnings=findings,
        delivery_model=delivery_model,
    )
    result = Assessment(
        repository=info,
        code=CodeSection(files=results, totals=totals_by_role(results)),
        duration_seconds=round(time.monotonic() - started, 3),
        dora=delivery.report,
        duplication=duplication,
        debt=debt,
        runtime=runtime,
        architecture=architecture,
        history=history.section,
        roles=roles,
    )
    with timer("decisions"):
        decisions = decide(result, options.team, model, model_problems=model_problems)
    result = with_advice(result, decisions)  # the debt priced by the team the advice resolved
    info.phase_seconds = timer.seconds
    result.duration_seconds = round(time.monotonic() - started, 3)
    return result
