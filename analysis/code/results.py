"""Plain data objects for per-file code metrics, with their JSON form (report schema v1)."""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any

RAW_FIELDS = ("loc", "lloc", "sloc", "comments", "multi", "blank", "single_comments")

#: ``status`` values: ``ok`` (all metrics), ``syntax_error`` (raw metrics only, the parser
#: rejected the file), ``skipped`` (not measured: binary, too large, unreadable, too slow ...).
STATUSES = ("ok", "syntax_error", "skipped")

#: FileMetrics fields that travel from the worker to the parent and into the result cache,
#: but not into the JSON report.
CACHE_ONLY_FIELDS = ("clone_tokens", "imports", "facts")


@dataclass
class FunctionMetrics:
    """One block radon's complexity visitor reports: a function, method or class."""

    name: str
    lineno: int
    endline: int
    kind: str  # "function" | "method" | "class"
    complexity: int
    cognitive: int | None = None
    params: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FunctionMetrics:
        return cls(
            **{
                f.name: data[f.name] if f.default is MISSING else data.get(f.name, f.default)
                for f in fields(cls)
            }
        )


@dataclass
class FileMetrics:
    """Metrics of one tracked Python file; raw counts are ``None`` when the file was skipped."""

    path: str
    status: str = "ok"
    reason: str = ""
    size: int = 0
    loc: int | None = None
    lloc: int | None = None
    sloc: int | None = None
    comments: int | None = None
    multi: int | None = None
    blank: int | None = None
    single_comments: int | None = None
    mi: float | None = None
    cc_total: int | None = None
    functions: list[FunctionMetrics] = field(default_factory=list)
    #: lines inside duplicated blocks (analysis.code.duplication); set after all files are read
    duplicated_lines: int | None = None
    #: cache-only (not in the report): normalized token stream (analysis.code.clone_tokens)
    clone_tokens: str | None = field(default=None, repr=False)
    #: cache-only (not in the report): ``[dotted name, line]`` per import (analysis.code.imports)
    imports: list[list[Any]] | None = field(default=None, repr=False)
    #: imports, classes, version needs for the runtime and architecture phases
    #: (analysis.module_facts); cached with the metrics, dropped once those phases used it
    facts: dict | None = field(default=None, repr=False, compare=False)

    @property
    def measured(self) -> bool:
        return self.status == "ok"

    def to_dict(self, cache: bool = False) -> dict[str, Any]:
        """The report form; ``cache=True`` adds the worker's data kept only in the cache."""
        data = asdict(self)
        data["functions"] = [f.to_dict() for f in self.functions]
        if not cache:
            for name in CACHE_ONLY_FIELDS:
                del data[name]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileMetrics:
        values = {f.name: data.get(f.name) for f in fields(cls) if f.name != "functions"}
        values["status"] = values["status"] or "ok"
        values["reason"] = values["reason"] or ""
        values["size"] = values["size"] or 0
        result = cls(**values)
        result.functions = [FunctionMetrics.from_dict(f) for f in data.get("functions", [])]
        return result


@dataclass
class CodeTotals:
    """Repository totals over the measured files (skipped files are counted, not summed)."""

    files: int = 0
    measured_files: int = 0
    skipped_files: int = 0
    syntax_error_files: int = 0
    loc: int = 0
    lloc: int = 0
    sloc: int = 0
    comments: int = 0
    multi: int = 0
    blank: int = 0
    single_comments: int = 0
    cc_total: int = 0
    functions: int = 0
    mi_average: float | None = None  # mean MI weighted by SLOC
    mi_min: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CodeTotals:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def code_totals(files: list[FileMetrics]) -> CodeTotals:
    """Sum raw metrics over files with raw counts; MI averaged over fully measured files.

    The repository MI is the SLOC-weighted mean of file MIs (radon defines MI per module only);
    a file with no SLOC weighs nothing.
    """
    totals = CodeTotals(files=len(files))
    weighted = 0.0
    weight = 0
    for item in files:
        if item.status == "skipped":
            totals.skipped_files += 1
            continue
        if item.status == "syntax_error":
            totals.syntax_error_files += 1
        for name in RAW_FIELDS:
            setattr(totals, name, getattr(totals, name) + (getattr(item, name) or 0))
        if item.status != "ok" or item.mi is None:
            continue
        totals.measured_files += 1
        totals.cc_total += item.cc_total or 0
        totals.functions += sum(1 for f in item.functions if f.kind != "class")
        weighted += item.mi * (item.sloc or 0)
        weight += item.sloc or 0
        totals.mi_min = item.mi if totals.mi_min is None else min(totals.mi_min, item.mi)
    if totals.measured_files:
        totals.mi_average = weighted / weight if weight else 100.0
    return totals
