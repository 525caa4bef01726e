"""Per-file metrics: read a tracked file, parse it once, run every per-file extractor on it.

Extractors are plain functions ``extract(source, result)``: they read the
:class:`~analysis.code.parsing.ParsedSource` (text, radon's raw counts, the AST or None) and
fill their own fields of the :class:`~analysis.code.results.FileMetrics`. They run in worker
processes (``analysis.parallel``), one file at a time, in the order of :data:`EXTRACTORS`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

import radon

from analysis.code.clone_tokens import clone_tokens
from analysis.code.complexity import complexity_metrics
from analysis.code.parsing import ParsedSource, parse_source
from analysis.code.results import FileMetrics
from analysis.code.source import DEFAULT_MAX_BYTES, read_source
from analysis.module_facts import module_facts
from analysis.roles.content import is_data_module
from analysis.version import __version__

#: Identifies what produced a cached result: bump METRICS_REVISION whenever a figure's
#: computation changes. The interpreter is part of it because parsing depends on it.
# 6: literal-table modules (file roles); 7: clone token streams carry kept values
# (clone_tokens.FORMAT 2)
METRICS_REVISION = 7


def analyzer_id(python: tuple[int, int]) -> str:
    """The cache's name for results measured on Python ``python`` (major, minor): the host's,
    or the newer one that measures files in a newer grammar (analysis.code.newer_grammar)."""
    return f"{__version__}.{METRICS_REVISION}-radon{radon.__version__}-py{python[0]}.{python[1]}"


ANALYZER_ID = analyzer_id((sys.version_info[0], sys.version_info[1]))

Extractor = Callable[[ParsedSource, FileMetrics], None]


def clone_token_stream(source: ParsedSource, result: FileMetrics) -> None:
    """Normalized tokens for duplication (analysis.code.duplication), of parseable files."""
    if source.tree is not None:
        result.clone_tokens = clone_tokens(source.text)


def facts_for_runtime_and_architecture(source: ParsedSource, result: FileMetrics) -> None:
    """Imports, classes and version needs (analysis.module_facts), from the same parse."""
    if source.tree is not None:
        result.facts = module_facts(source.tree, source.text)


def literal_table_module(source: ParsedSource, result: FileMetrics) -> None:
    """Whether the module is only literal tables, so that its role is data (analysis.roles)."""
    result.literal_tables = is_data_module(source.tree, result.sloc)


#: Per-file extractors, in order. Adding one is one line here (and its fields in results.py).
EXTRACTORS: tuple[Extractor, ...] = (
    complexity_metrics,  # Halstead, cyclomatic complexity, MI, functions with cognitive/params
    clone_token_stream,
    facts_for_runtime_and_architecture,
    literal_table_module,
)


@dataclass(frozen=True)
class FileTask:
    """What a worker process needs to measure one file (picklable, no file content)."""

    path: str  # repository-relative, forward slashes
    absolute: str
    max_bytes: int = DEFAULT_MAX_BYTES


def measure_source(path: str, text: str, size: int = 0) -> FileMetrics:
    """All metrics of one decoded source text; syntax errors keep the raw counts."""
    result = FileMetrics(path=path, size=size)
    source = parse_source(path, text, result)
    for extract in EXTRACTORS:
        extract(source, result)
    return result


def measure_file(task: FileTask) -> FileMetrics:
    """Read and measure one file; bad input becomes a ``skipped`` result with its reason."""
    source = read_source(task.absolute, task.max_bytes)
    if source.text is None:
        return FileMetrics(path=task.path, status="skipped", reason=source.reason, size=source.size)
    return measure_source(task.path, source.text, source.size)


def measure_path(path: str | os.PathLike[str]) -> FileMetrics:
    """Convenience for tests and scripts: measure a file on disk by its own name."""
    name = os.fspath(path)
    return measure_file(FileTask(path=os.path.basename(name), absolute=name))
