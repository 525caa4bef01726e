"""Files in a newer grammar than the analyzer's, measured on the newest CPython on the machine.

``ast`` parses only the grammar of the interpreter running the analysis: on Python 3.11 a file
with a PEP 701 f-string or a PEP 695 ``type`` statement gets raw line counts only (status
``newer_syntax``, analysis.code.syntax_version). When a CPython whose grammar accepts the file
is installed (the search of tools/newest-python, :func:`analysis.interpreters.newest`), the file
is measured again by worker processes on it: our own ``measure_file`` on the file's text, as the
analyzer's own workers do; nothing of the repository is imported or run. The worker runs
isolated (``-I -S``, an empty environment) with an explicit ``sys.path``: its own standard
library, then the folder of this package and those of the pure-Python packages the measuring
code imports (:data:`MEASURING_PACKAGES`), so that it measures with the same radon and vermin
as the analyzer; the per-file time and memory budgets are the same (analysis.parallel).

Such a result is cached under the key of the interpreter that measured it (its ANALYZER_ID
names its Python version: the key a run on that Python uses for the file), and the analyzer's
own ``newer_syntax`` result under the analyzer's key; every run asks for the newer interpreter
again, so a machine that gains or loses one never reads the other's result. Where no newer
interpreter exists (or on Windows, or in a frozen build, where the worker cannot load our code
from source), such files keep their raw counts and their finding, as before.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Protocol

from analysis.cache import ResultCache
from analysis.code.file_metrics import ANALYZER_ID, FileTask, analyzer_id, measure_file
from analysis.code.results import FileMetrics
from analysis.code.syntax_version import HOST
from analysis.errors import AssessmentError
from analysis.findings import Finding
from analysis.interpreters import Interpreter, newest
from analysis.parallel import OtherPython, WorkerPool
from analysis.progress import CancelCheck, Progress, ProgressCallback, never_cancel, no_progress

#: Third-party packages that ``measure_file`` imports (all pure Python; a test checks that the
#: worker loads nothing else from this environment and nothing compiled from it). pathspec also
#: takes typing_extensions, when present, on Pythons before 3.13 (pure Python too).
MEASURING_PACKAGES = ("radon", "vermin", "identify", "pathspec")
OUR_PACKAGES = ("analysis", "resources")  # resources: the file-role rules (analysis.roles)

NEWER_GRAMMAR = "newer_grammar"  # the finding's code


@dataclass(frozen=True)
class NewerPython:
    """The interpreter that measures files in a newer grammar, and how its workers start."""

    interpreter: Interpreter
    python: OtherPython

    @property
    def analyzer_id(self) -> str:
        return analyzer_id(self.interpreter.grammar)

    def accepts(self, requires_syntax: str | None) -> bool:
        """Whether its grammar is at least ``requires_syntax`` ("3.12")."""
        needed = _version(requires_syntax)
        return needed is not None and needed <= self.interpreter.grammar


class PoolOptions(Protocol):
    """The options of the code phase the workers use (analysis.assessment.Options)."""

    workers: int | None
    file_budget_seconds: float
    file_memory_bytes: int | None


def _version(text: str | None) -> tuple[int, int] | None:
    try:
        major, minor = (text or "").split(".")
        return (int(major), int(minor))
    except ValueError:
        return None


def _folder_of(module_name: str) -> str | None:
    """The sys.path folder a top-level package was imported from, if it is plain source."""
    try:
        module = import_module(module_name)
    except ImportError:
        return None
    location = getattr(module, "__file__", None)
    if not location or not location.endswith("__init__.py") or not os.path.isfile(location):
        return None  # a frozen build (no source file) or a namespace package
    return os.path.dirname(os.path.dirname(os.path.abspath(location)))


def worker_path() -> tuple[str, ...] | None:
    """The folders the other interpreter needs on sys.path: ours (:data:`OUR_PACKAGES`), then
    those of :data:`MEASURING_PACKAGES`; None when one is not importable from source."""
    folders: list[str] = []
    for name in (*OUR_PACKAGES, *MEASURING_PACKAGES):
        folder = _folder_of(name)
        if folder is None:
            return None
        if folder not in folders:
            folders.append(folder)
    return tuple(folders)


def find_newer_python(
    host: tuple[int, int] = HOST, search: Callable[[], Interpreter | None] | None = None
) -> NewerPython | None:
    """The newest CPython on the machine when its grammar is newer than ``host``, else None.

    ``search`` defaults to :func:`analysis.interpreters.newest` (venv not required, commands
    named for ``host`` or older not probed)."""
    if os.name != "posix" or getattr(sys, "frozen", False):
        return None  # no descriptor passing (Windows); no source to load (frozen build)
    path = worker_path()
    if path is None:
        return None
    found = search() if search is not None else newest(need_venv=False, newer_than=host)
    if found is None or found.grammar <= host:
        return None
    return NewerPython(found, OtherPython(found.executable, path))


def _host_label() -> str:
    return f"Python {HOST[0]}.{HOST[1]}"


def _with_newer(measured: FileMetrics, host: FileMetrics, newer: NewerPython) -> FileMetrics:
    measured.path = host.path
    measured.size = host.size or measured.size
    measured.requires_syntax = host.requires_syntax
    measured.measured_with = newer.interpreter.label
    return measured


def _cache_value(metrics: FileMetrics) -> bytes:
    data = metrics.to_dict(cache=True)
    for name in ("path", "measured_with", "requires_syntax"):  # said by the key and the host
        data.pop(name, None)
    return json.dumps(data, separators=(",", ":")).encode()


def measure_newer_grammar(
    results: list[FileMetrics],
    tasks: Iterable[FileTask],
    keys: Mapping[str, str | None],
    cache: ResultCache,
    namespace: str,
    options: PoolOptions,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
    find: Callable[[], NewerPython | None] = find_newer_python,
) -> list[FileMetrics]:
    """``results`` with each ``newer_syntax`` file measured on the newest CPython, when its
    grammar accepts the file (``measured_with`` says which); the others unchanged.

    ``tasks`` are the files' tasks and ``keys`` their cache keys on this interpreter (path ->
    key with :data:`ANALYZER_ID`, as the code phase made them); the newer interpreter's results
    go under the same key with its ANALYZER_ID, in ``namespace``. A file it fails to measure
    keeps its raw counts, with the reason."""
    waiting = [item for item in results if item.status == "newer_syntax"]
    if not waiting:
        return results
    newer = find()
    if newer is None:
        return results
    label = newer.interpreter.label
    by_path = {task.path: task for task in tasks}
    theirs: dict[str, str] = {}
    todo: list[FileTask] = []
    for item in waiting:
        if not newer.accepts(item.requires_syntax):
            item.reason = (
                f"needs Python >= {item.requires_syntax} syntax (the analysis runs on "
                f"{_host_label()}, the newest Python on this machine is {label}): "
                "raw metrics only"
            )
        elif item.path in by_path:
            key = keys.get(item.path)
            if key:
                theirs[item.path] = key.replace(ANALYZER_ID, newer.analyzer_id)
            todo.append(by_path[item.path])
    hosts = {item.path: item for item in waiting}
    done: dict[str, FileMetrics] = {}
    cached = cache.get_many(namespace, list(theirs.values()))
    for task in list(todo):
        value = cached.get(theirs.get(task.path, ""))
        if value is not None:
            measured = FileMetrics.from_dict({**json.loads(value), "path": task.path})
            done[task.path] = _with_newer(measured, hosts[task.path], newer)
            todo.remove(task)
    fresh = _measure(todo, newer, hosts, options, progress, cancel, len(results))
    for path, measured in fresh.items():
        done[path] = _with_newer(measured, hosts[path], newer)
    cache.put_many(
        namespace,
        {theirs[path]: _cache_value(done[path]) for path in fresh if path in theirs},
    )
    return [done.get(item.path, item) for item in results]


def _measure(
    todo: Sequence[FileTask],
    newer: NewerPython,
    hosts: Mapping[str, FileMetrics],
    options: PoolOptions,
    progress: ProgressCallback,
    cancel: CancelCheck,
    total: int,
) -> dict[str, FileMetrics]:
    """Measure ``todo`` on the newer interpreter; failures amend the host results' reasons."""
    measured: dict[str, FileMetrics] = {}
    if not todo:
        return measured
    label = newer.interpreter.label
    pool = WorkerPool(
        measure_file,
        options.workers,
        options.file_budget_seconds,
        options.file_memory_bytes,
        python=newer.python,
    )
    left = {task.path for task in todo}
    try:
        for outcome in pool.run(todo, cancel):
            path = outcome.item.path
            left.discard(path)
            result = outcome.result
            if result is not None and result.status == "ok":
                measured[path] = result
            else:
                why = _failure(outcome.timed_out, outcome.too_large, outcome.error, result)
                hosts[path].reason += f"; {label} could not measure it either ({why})"
            progress(Progress("code", total, total, f"{path} (measured with {label})"))
    except (AssessmentError, OSError):  # it is gone, or its workers die as they start
        for path in left:
            hosts[path].reason += f"; {label} ({newer.python.executable}) did not start"
    return measured


def _failure(timed_out: bool, too_large: bool, error: str, result: FileMetrics | None) -> str:
    if timed_out:
        return "too slow"
    if too_large:
        return "too large"
    if error:
        lines = error.strip().splitlines()
        return lines[-1] if lines else "failed"
    return result.reason if result is not None else "failed"


def newer_grammar_findings(results: Iterable[FileMetrics]) -> list[Finding]:
    """One finding per file measured on a newer interpreter: its figures come from that
    interpreter's grammar, so the same file has them on a newer host and none on an older one
    without it."""
    return [
        Finding(
            NEWER_GRAMMAR,
            f"{item.path}: needs Python >= {item.requires_syntax} syntax (the analysis runs on "
            f"{_host_label()}): measured with {item.measured_with}",
            item.path,
        )
        for item in results
        if item.measured_with
    ]


def measured_alike_now(
    results: Iterable[FileMetrics],
    host: tuple[int, int] = HOST,
    find: Callable[[], NewerPython | None] | None = None,
) -> bool:
    """Whether a kept assessment's files in a newer grammar would be measured alike now: by the
    same newer Python, or left with raw counts for want of one. True at once (no search) when
    no file depends on the Pythons on the machine; else one search (~0.5 s). A whole
    assessment reused without this would serve raw counts after a newer Python was installed,
    or a removed Python's figures (analysis.reuse)."""
    waiting = [item for item in results if item.status == "newer_syntax" or item.measured_with]
    if not waiting:
        return True
    newer = find() if find is not None else find_newer_python(host)
    for item in waiting:
        required = _version(item.requires_syntax)
        if required is None or required <= host:
            return False  # this interpreter reads that grammar itself
        now = (
            newer.interpreter.label
            if newer is not None and newer.accepts(item.requires_syntax)
            else ""
        )
        if item.measured_with != now:
            return False
    return True
