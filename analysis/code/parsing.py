"""One decoded source, parsed once for every per-file extractor: raw counts and the AST.

The raw counts are radon's (``analysis.code.raw_metrics``, identical to ``radon.raw.analyze``
on Python 3.11); the AST is the running interpreter's ``ast.parse``. What cannot be parsed
sets the file's status: ``syntax_error`` with the parser's reason and line (Python 2 files
included), or ``newer_syntax`` when the file is valid for a newer grammar than the host's
(``analysis.code.syntax_version``). Either way the raw counts are kept when radon can count.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

from analysis.code.raw_metrics import RawCounts, RawSyntaxError, analyze_any
from analysis.code.results import RAW_FIELDS, FileMetrics
from analysis.code.syntax_version import HOST, newer_syntax


@dataclass
class ParsedSource:
    """What extractors read: the text, radon's raw counts and the AST (None when unavailable)."""

    path: str
    text: str
    raw: RawCounts | None
    tree: ast.Module | None


def _syntax_reason(exc: SyntaxError) -> str:
    line = getattr(exc, "lineno", None)
    return f"syntax error{f' at line {line}' if line else ''}: {getattr(exc, 'msg', exc)}"


def parse_source(path: str, text: str, result: FileMetrics) -> ParsedSource:
    """Parse ``text`` once; record raw counts, status and reason on ``result``."""
    raw: RawCounts | None = None
    try:
        raw = analyze_any(text)
    except RawSyntaxError as exc:
        result.status = "syntax_error"
        result.reason = f"cannot be tokenized (radon raw metrics): {_syntax_reason(exc)}"
    else:
        for name in RAW_FIELDS:
            setattr(result, name, getattr(raw, name))
    tree: ast.Module | None = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning, DeprecationWarning: not ours
            tree = ast.parse(text)
    except SyntaxError as exc:
        version = newer_syntax(text, error=str(getattr(exc, "msg", "")))
        if version is not None:
            result.status = "newer_syntax"
            result.requires_syntax = version
            result.reason = (
                f"needs Python >= {version} syntax (the analysis runs on Python "
                f"{HOST[0]}.{HOST[1]}): raw metrics only"
            )
        else:
            result.status = "syntax_error"
            result.reason = _syntax_reason(exc)
    except (ValueError, MemoryError) as exc:  # null bytes past the binary sniff, ...
        if isinstance(exc, MemoryError) and not str(exc):
            raise  # out of memory, not "source too complex": the pool says too large
        result.status = "syntax_error"
        result.reason = f"cannot be parsed: {exc}"
    except RecursionError:
        result.status = "syntax_error"
        result.reason = "nested too deeply for the parser"
    return ParsedSource(path, text, raw, tree)
