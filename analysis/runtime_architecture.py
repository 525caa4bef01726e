"""The runtime and architecture phases of an assessment, run after the code engine.

They reuse the code engine's parse: every measured file carries its module facts (imports,
classes, vermin's version needs), computed in the worker process from the tree radon's metrics
were taken from. Only files without facts (results cached before facts existed, files the
parser rejected) are read again, in the worker pool, and their facts cached by content.
Configuration files are read as text. Nothing from the repository is imported or run.
"""

from __future__ import annotations

import json

from analysis.architecture.assess import assess_architecture
from analysis.architecture.modules import build_index
from analysis.architecture.section import ArchitectureSection
from analysis.cache import ResultCache, git_blob_id
from analysis.code.file_metrics import FileTask
from analysis.code.results import FileMetrics
from analysis.delivery_model.kinds import SERVICE
from analysis.module_facts import FACTS_ID, facts_for_file
from analysis.parallel import WorkerPool
from analysis.progress import CancelCheck, Progress, ProgressCallback, check_cancel
from analysis.project_files import ProjectFiles
from analysis.roles import (
    BINARY,
    DOCS,
    EXAMPLE,
    GENERATED,
    TEST,
    TRANSLATION,
    VENDORED,
    FileRoles,
)
from analysis.roles.rules import rule_table
from analysis.runtime.assess import assess_runtime
from analysis.runtime.declarations import all_declarations
from analysis.runtime.lockfiles import locked_packages
from analysis.runtime.manifests import load_manifests
from analysis.runtime.section import RuntimeSection
from analysis.scan import Repository, TrackedFile, absolute_path

FACTS_CACHE = "module-facts"

#: (code, message, path) for the assessment's warnings
Problem = tuple[str, str, str | None]


def _needs_facts(item: FileMetrics) -> bool:
    facts = item.facts
    return item.status in ("ok", "syntax_error", "newer_syntax") and (
        facts is None or facts.get("v") != FACTS_ID
    )


def _facts_key(task: FileTask) -> str | None:
    try:
        with open(task.absolute, "rb") as handle:
            data = handle.read(task.max_bytes + 1)
    except OSError:
        return None
    return f"{git_blob_id(data)}:{FACTS_ID}:{task.max_bytes}"


def fill_missing_facts(
    results: list[FileMetrics],
    tasks: dict[str, FileTask],
    workers: int | None,
    budget: float,
    cache: ResultCache,
    cancel: CancelCheck,
) -> None:
    """Give facts to results that lack them.

    Files the parser rejected are few and fail fast: they are read here, in this process, to
    tell Python 2 from newer syntax and to say which line needs which grammar. Measured files
    without current facts (cached before this analyzer existed) come from the cache, else are
    parsed in the worker pool and cached.
    """
    missing = [r for r in results if _needs_facts(r) and r.path in tasks]
    for result in [r for r in missing if r.status in ("syntax_error", "newer_syntax")]:
        result.facts = facts_for_file(tasks[result.path])
    stale = [r for r in missing if r.status == "ok"]
    if not stale:
        return
    keys = {r.path: _facts_key(tasks[r.path]) for r in stale}
    cached = cache.get_many(FACTS_CACHE, [k for k in keys.values() if k])
    todo = []
    for result in stale:
        value = cached.get(keys[result.path] or "")
        if value is not None:
            result.facts = json.loads(value)
        else:
            todo.append(tasks[result.path])
    by_path = {r.path: r for r in stale}
    fresh = {}
    for outcome in WorkerPool(facts_for_file, workers, budget).run(todo, cancel):
        facts = outcome.result if not (outcome.error or outcome.timed_out) else None
        by_path[outcome.item.path].facts = facts
        key = keys[outcome.item.path]
        if facts is not None and key:
            fresh[key] = json.dumps(facts, separators=(",", ":")).encode()
    cache.put_many(FACTS_CACHE, fresh)


#: Roles whose files say nothing about how the system runs: a Dockerfile in docs/ or
#: examples/, a CI file vendored with a library, a YAML recording in the tests.
NOT_EVIDENCE = frozenset({TEST, DOCS, EXAMPLE, VENDORED, TRANSLATION, BINARY})


def is_evidence(path: str, roles: FileRoles | None) -> bool:
    """Whether a file may serve as runtime or architecture evidence (configuration, CI, lock
    files, the code): not tests, docs, examples or vendored copies; of generated files only
    lock files (they pin the dependencies)."""
    if roles is None:
        return True
    role = roles.role(path)
    if role in NOT_EVIDENCE:
        return False
    if role == GENERATED:
        return rule_table().rule("generated-lock-file").matches(path, "config")
    return True


def assess_runtime_and_architecture(
    repo: Repository,
    tracked: list[TrackedFile],
    results: list[FileMetrics],
    *,
    workers: int | None,
    budget: float,
    max_bytes: int,
    cache: ResultCache,
    progress: ProgressCallback,
    cancel: CancelCheck,
    roles: FileRoles | None = None,
    delivery_kind: str = SERVICE,
) -> tuple[RuntimeSection, ArchitectureSection, list[Problem]]:
    """Both sections, and the input problems found on the way (unreadable config files ...).

    ``roles`` says what each file is (analysis.roles); None treats every file as production.
    ``delivery_kind`` (:mod:`analysis.delivery_model`) says how the runtime is read.

    Consumes the per-file facts: they are dropped from ``results`` afterwards, so the report's
    per-file entries stay as they were.
    """
    progress(Progress("architecture", 0, 3, "reading imports"))
    tracked_by_path = {t.path: t for t in tracked}
    tasks = {
        r.path: FileTask(r.path, absolute_path(repo, tracked_by_path[r.path]), max_bytes)
        for r in results
        if r.path in tracked_by_path
    }
    fill_missing_facts(results, tasks, workers, budget, cache, cancel)
    check_cancel(cancel)
    files = ProjectFiles.of(repo, [t for t in tracked if is_evidence(t.path, roles)])
    problems: list[tuple[str, str]] = []
    manifests = load_manifests(files)
    problems += manifests.problems
    declarations, declaration_problems = all_declarations(files, manifests)
    problems += declaration_problems
    locked = locked_packages(files, problems)
    index = build_index([(r.path, r.facts, r.sloc or 0) for r in results if r.status != "skipped"])
    progress(Progress("architecture", 1, 3, "import graph, components and cycles"))
    architecture, _resolved = assess_architecture(
        files, index, declarations, locked, problems, roles.role if roles is not None else None
    )
    check_cancel(cancel)
    progress(Progress("architecture", 2, 3, "Python versions and dependencies"))
    runtime = assess_runtime(
        files,
        manifests,
        index,
        declarations,
        locked,
        problems,
        delivery_kind,
        roles.role if roles is not None else None,
    )
    progress(Progress("architecture", 3, 3, "done"))
    for result in results:
        result.facts = None
    found: list[Problem] = [("config_file", f"{path}: {reason}", path) for path, reason in problems]
    found += [("config_file", f"{path}: {reason}", path) for path, reason in files.problems]
    for path, taken_by in index.duplicates:
        if roles is not None and not roles.is_production(path):
            continue  # tests and examples each have their conftest.py: not in the graph anyway
        found.append(
            (
                "module_name",
                f"{path}: same module name as {taken_by}; not in the import graph",
                path,
            )
        )
    return runtime, architecture, found
