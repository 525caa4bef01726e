"""Per-file metrics with radon's own visitors: raw counts, cyclomatic complexity, MI.

Maintainability Index exactly as ``radon.metrics.mi_visit(code, multi=True)``: Halstead volume
(``h_visit_ast``), total cyclomatic complexity (``ComplexityVisitor.total_complexity``), LLOC
and the share of comment lines counting multi-line strings as comments (radon 6.0.1,
``radon/metrics.py``). The source is parsed once and the raw counts computed once.
"""

from __future__ import annotations

import ast
import os
import sys
import warnings
from dataclasses import dataclass

import radon
from radon.metrics import h_visit_ast, mi_compute
from radon.raw import analyze
from radon.visitors import Class, ComplexityVisitor, Function

from analysis.code.clone_tokens import clone_tokens
from analysis.code.imports import imported_names
from analysis.code.results import RAW_FIELDS, FileMetrics, FunctionMetrics
from analysis.code.source import DEFAULT_MAX_BYTES, read_source
from analysis.module_facts import module_facts
from analysis.version import __version__

#: Identifies what produced a cached result: bump METRICS_REVISION whenever a figure's
#: computation changes. The interpreter is part of it because parsing depends on it.
METRICS_REVISION = 2
ANALYZER_ID = (
    f"{__version__}.{METRICS_REVISION}-radon{radon.__version__}"
    f"-py{sys.version_info[0]}.{sys.version_info[1]}"
)


@dataclass(frozen=True)
class FileTask:
    """What a worker process needs to measure one file (picklable, no file content)."""

    path: str  # repository-relative, forward slashes
    absolute: str
    max_bytes: int = DEFAULT_MAX_BYTES


def _blocks(blocks, prefix: str = "") -> list[FunctionMetrics]:
    """Flatten radon's blocks: functions, methods (``Class.method``), classes, closures."""
    out: list[FunctionMetrics] = []
    for block in blocks:
        name = f"{prefix}{block.name}"
        if isinstance(block, Class):
            out.append(
                FunctionMetrics(name, block.lineno, block.endline, "class", block.complexity)
            )
            out.extend(_blocks(block.methods, f"{name}."))
            out.extend(_blocks(block.inner_classes, f"{name}."))
        elif isinstance(block, Function):
            kind = "method" if block.is_method else "function"
            out.append(FunctionMetrics(name, block.lineno, block.endline, kind, block.complexity))
            out.extend(_blocks(block.closures, f"{name}."))
    return out


def measure_source(path: str, text: str, size: int = 0) -> FileMetrics:
    """All metrics of one decoded source text; syntax errors keep the raw counts."""
    result = FileMetrics(path=path, size=size)
    try:
        raw = analyze(text)
    except Exception as exc:  # radon's tokenizer rejects the text: nothing to count
        result.status = "syntax_error"
        result.reason = f"cannot be tokenized: {exc}"
        return result
    for name in RAW_FIELDS:
        setattr(result, name, getattr(raw, name))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        result.status = "syntax_error"
        line = getattr(exc, "lineno", None)
        result.reason = (
            f"syntax error{f' at line {line}' if line else ''}: {getattr(exc, 'msg', exc)}"
        )
        return result
    except RecursionError:
        result.status = "syntax_error"
        result.reason = "nested too deeply for the parser"
        return result
    result.clone_tokens = clone_tokens(text)
    result.imports = imported_names(tree)
    result.facts = module_facts(tree, text)
    try:
        volume = h_visit_ast(tree).total.volume
        visitor = ComplexityVisitor.from_ast(tree)
    except RecursionError:
        result.status = "syntax_error"
        result.reason = "nested too deeply for the complexity visitor"
        return result
    comments = (raw.comments + raw.multi) / float(raw.sloc) * 100 if raw.sloc else 0
    result.mi = mi_compute(volume, visitor.total_complexity, raw.lloc, comments)
    result.cc_total = visitor.total_complexity
    blocks = sorted([*visitor.functions, *visitor.classes], key=lambda b: b.lineno)
    result.functions = _blocks(blocks)
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
