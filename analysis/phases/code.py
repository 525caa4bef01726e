"""The per-file code phase: every tracked Python file measured in worker processes, cached by
content (analysis.code.file_metrics), then the file roles refined with what the parse found."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from analysis.cache import ResultCache, git_blob_id
from analysis.code.file_metrics import ANALYZER_ID, FileTask, measure_file
from analysis.code.newer_grammar import measure_newer_grammar, newer_grammar_findings
from analysis.code.results import ANALYSIS_FAILED, TOO_LARGE_TO_ANALYSE, TOO_SLOW, FileMetrics
from analysis.findings import CODE_HEALTH, Finding
from analysis.options import Options
from analysis.parallel import WorkerPool
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.phases.repository import Checkout
from analysis.progress import CancelCheck, Progress, ProgressCallback
from analysis.roles import FileRoles, refine_with_code
from analysis.scan import Repository, TrackedFile, absolute_path

CODE_CACHE = "code-file"
BARE_MESSAGE = (
    "bare repository: there is no working tree, so code metrics were skipped; "
    "the history was analysed"
)


def _outcome_metrics(outcome, budget: float, memory: int | None = None) -> FileMetrics:
    task: FileTask = outcome.item
    if outcome.too_large:
        size = os.path.getsize(task.absolute) if os.path.exists(task.absolute) else 0
        limit = f"more than {memory / 2**20:,.0f} MB of memory" if memory else "out of memory"
        return FileMetrics(
            path=task.path,
            status="skipped",
            size=size,
            reason=f"{TOO_LARGE_TO_ANALYSE} ({limit}, {size:,} bytes)",
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
            reason=f"{TOO_SLOW} (not finished in {budget:g} s, {size:,} bytes)",
        )
    if outcome.error:
        last = outcome.error.strip().splitlines()[-1] if outcome.error.strip() else "unknown"
        return FileMetrics(path=task.path, status="skipped", reason=f"{ANALYSIS_FAILED}: {last}")
    return outcome.result


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


def _measure_code(
    tasks: Sequence[FileTask],
    options: Options,
    cache: ResultCache,
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> list[FileMetrics]:
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
        if key and metrics.status in ("ok", "syntax_error", "newer_syntax"):
            data = metrics.to_dict(cache=True)
            del data["path"]
            fresh[key] = json.dumps(data, separators=(",", ":")).encode()
        progress(Progress("code", len(results), total, outcome.item.path))
    cache.put_many(CODE_CACHE, fresh)
    # files in a newer grammar than this interpreter's: measured on the newest CPython found
    return measure_newer_grammar(results, tasks, keys, cache, CODE_CACHE, options, progress, cancel)


def measure_code(
    repo: Repository,
    tracked: Sequence[TrackedFile],
    options: Options,
    cache: ResultCache,
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> list[FileMetrics]:
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


def _run(given: PhaseInput) -> PhaseOutput[list[FileMetrics]]:
    checkout: Checkout = given.value("repository")
    roles: FileRoles = given.value("roles")
    repo = checkout.repo
    results = measure_code(
        repo, checkout.tracked, given.options, given.cache, given.progress, given.cancel
    )
    # what the parse found refines the roles (a module that is one literal table is data)
    refine_with_code(
        roles,
        [item.path for item in results if item.literal_tables],
        {item.path: item.loc for item in results if item.loc is not None},
    )
    for item in results:
        item.role = roles.role(item.path)
    findings = file_findings(results) + newer_grammar_findings(results)
    if repo.bare:
        findings.append(Finding("bare_repository", BARE_MESSAGE, partial=True, figure=CODE_HEALTH))
    return PhaseOutput(results, findings)


#: Its value is every measured file; it also refines the roles phase's FileRoles in place
#: (data tables found by the parse), before any phase that reads roles after it starts.
PHASE = Phase[list[FileMetrics]]("code", "Measuring Python files", ("repository", "roles"), _run)
