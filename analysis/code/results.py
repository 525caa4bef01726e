"""Plain data objects for per-file code metrics, with their JSON form (report schema v1)."""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

RAW_FIELDS = ("loc", "lloc", "sloc", "comments", "multi", "blank", "single_comments")

#: ``status`` values: ``ok`` (all metrics), ``syntax_error`` (raw metrics only, the parser
#: rejected the file), ``newer_syntax`` (raw metrics only: valid Python for a newer grammar
#: than the analyzer's interpreter, see ``requires_syntax``), ``skipped`` (not measured:
#: binary, too large, unreadable, too slow ...).
STATUSES = ("ok", "syntax_error", "newer_syntax", "skipped")

#: How the reason of a file skipped for something of this run, not of its content, begins: its
#: time or memory budget, a worker that failed, a file the system would not let us read. A
#: repeat may measure it, so a report with one is not kept for reuse (analysis.reuse). The
#: other skips (missing from the working tree, a symbolic link, binary, over the size limit,
#: undecodable) follow from what the run reads, which the reuse key covers.
TOO_LARGE_TO_ANALYSE = "skipped: too large to analyse"
TOO_SLOW = "skipped: too slow"
ANALYSIS_FAILED = "analysis failed"
UNREADABLE = "cannot be read"
RUN_DEPENDENT_SKIPS = (TOO_LARGE_TO_ANALYSE, TOO_SLOW, ANALYSIS_FAILED, UNREADABLE)


def skipped_for_this_run(status: str, reason: str) -> bool:
    """Whether a file was skipped for a reason a repeat of the run might not meet."""
    return status == "skipped" and reason.startswith(RUN_DEPENDENT_SKIPS)


_ATOMS = frozenset((str, int, float, bool, type(None)))


def plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` makes of one field's value (dicts, lists and tuples copied
    recursively, dataclasses as dicts, anything else deep-copied), without ``asdict``'s
    per-value machinery: the reports of a large project hold millions of values."""
    cls = value.__class__
    if cls in _ATOMS:
        return value
    if cls is dict:
        return {plain(key): plain(item) for key, item in value.items()}
    if cls is list:
        return [plain(item) for item in value]
    if cls is tuple:
        return tuple(plain(item) for item in value)
    if cls is HalsteadMetrics or cls is FunctionMetrics:
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple
        return cls(*[plain(item) for item in value])
    if isinstance(value, list | tuple | dict):
        return asdict(_Box(value))["value"]  # a subclass: asdict's own rules
    return copy.deepcopy(value)


def _names(cls: type) -> tuple[str, ...]:
    """The field names of a dataclass, computed once (``dataclasses.fields`` is slow enough to
    matter when a warm run rebuilds every function of a large project from the cache)."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


_NAMES: dict[type, tuple[str, ...]] = {}


def cc_rank(complexity: int | None) -> str:
    """radon's cyclomatic rank (radon.complexity.cc_rank): A 1-5, B 6-10, C 11-20, D 21-30,
    E 31-40, F 41+."""
    if complexity is None:
        return ""
    for limit, letter in ((5, "A"), (10, "B"), (20, "C"), (30, "D"), (40, "E")):
        if complexity <= limit:
            return letter
    return "F"


@dataclass
class HalsteadMetrics:
    """radon's HalsteadReport (radon.metrics.halstead_visitor_report), same names and formulas:
    vocabulary h = h1 + h2, length N = N1 + N2, volume V = N log2 h, difficulty
    D = h1/2 x N2/h2, effort E = D x V, time T = E/18 s, bugs B = V/3000."""

    h1: int = 0
    h2: int = 0
    N1: int = 0
    N2: int = 0
    vocabulary: int = 0
    length: int = 0
    calculated_length: float = 0.0
    volume: float = 0.0
    difficulty: float = 0.0
    effort: float = 0.0
    time: float = 0.0
    bugs: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """``dataclasses.asdict(self)``, faster (same keys, same order)."""
        return {name: plain(getattr(self, name)) for name in _HALSTEAD_FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> HalsteadMetrics | None:
        if data is None:
            return None
        return cls(**{name: data[name] for name in _names(cls) if name in data})


#: FileMetrics fields that travel from the worker to the parent and into the result cache,
#: but not into the JSON report.
CACHE_ONLY_FIELDS = ("clone_tokens", "facts", "literal_tables")


@dataclass
class FunctionMetrics:
    """One block radon's complexity visitor reports: a function, method or class.

    ``complexity`` is radon's cyclomatic complexity, kept identical to radon for comparability
    although radon adds nothing for ``except*`` handlers nor for ``match`` guards; ``rank`` is
    its A-F letter. ``cognitive`` is the SonarSource cognitive complexity of a function or
    method (None for classes and for functions nested in a function, which count inside their
    parent, as SonarQube does). ``params`` counts all parameters (``*args``/``**kwargs``
    included) except the ``self``/``cls`` of a method, as SonarQube's python:S107. ``endline``
    is the definition's last line, so its length is ``endline - lineno + 1`` (decorators
    excluded). ``halstead`` is radon's per-function Halstead report (functions and methods not
    nested in a function; None otherwise).
    """

    name: str
    lineno: int
    endline: int
    kind: str  # "function" | "method" | "class"
    complexity: int
    cognitive: int | None = None
    params: int | None = None
    rank: str = ""
    halstead: HalsteadMetrics | None = None

    @property
    def length(self) -> int:
        return self.endline - self.lineno + 1

    def to_dict(self) -> dict[str, Any]:
        """``dataclasses.asdict(self)``, faster (same keys, same order)."""
        return {name: plain(getattr(self, name)) for name in _FUNCTION_FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FunctionMetrics:
        values = {name: data[name] for name in _names(cls) if name in data}
        values["halstead"] = HalsteadMetrics.from_dict(data.get("halstead"))
        if not values.get("rank"):
            values["rank"] = cc_rank(values["complexity"])
        return cls(**values)


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
    halstead: HalsteadMetrics | None = None
    requires_syntax: str | None = None  # "3.14": valid only for that newer grammar
    #: "Python 3.13.0": the newer interpreter that measured this file, its grammar being newer
    #: than the analyzer's (analysis.code.newer_grammar); "" when the analyzer's own did
    measured_with: str = ""
    #: lines inside duplicated blocks (analysis.code.duplication); set after all files are read
    duplicated_lines: int | None = None
    #: cache-only (not in the report): normalized token stream (analysis.code.clone_tokens)
    clone_tokens: str | None = field(default=None, repr=False)
    #: imports, classes, version needs for the runtime and architecture phases
    #: (analysis.module_facts); cached with the metrics, dropped once those phases used it
    facts: dict | None = field(default=None, repr=False, compare=False)
    #: cache-only: the module is one or a few literal tables (analysis.roles.content), so its
    #: role is data, not production code
    literal_tables: bool = False
    #: the file's role (analysis.roles): production, test, migration, generated, ...
    role: str = ""

    @property
    def measured(self) -> bool:
        return self.status == "ok"

    @property
    def empty(self) -> bool:
        """Measured, and nothing but blank lines (or no line at all)."""
        return self.status == "ok" and self.loc is not None and self.loc == self.blank

    @property
    def cognitive_max(self) -> int | None:
        values = [f.cognitive for f in self.functions if f.cognitive is not None]
        return max(values) if values else None

    def to_dict(self, cache: bool = False) -> dict[str, Any]:
        """The report form; ``cache=True`` adds the worker's data kept only in the cache."""
        skipped = () if cache else CACHE_ONLY_FIELDS
        return {name: plain(getattr(self, name)) for name in _FILE_FIELDS if name not in skipped}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileMetrics:
        # stored JSON (a report or the metrics cache), taken as it was written
        values: dict[str, Any] = {
            name: data.get(name) for name in _names(cls) if name != "functions"
        }
        values["halstead"] = HalsteadMetrics.from_dict(data.get("halstead"))
        values["status"] = values["status"] or "ok"
        values["reason"] = values["reason"] or ""
        values["size"] = values["size"] or 0
        values["literal_tables"] = bool(values["literal_tables"])
        values["role"] = values["role"] or ""
        values["measured_with"] = values["measured_with"] or ""
        result = cls(**values)
        result.functions = [FunctionMetrics.from_dict(f) for f in data.get("functions", [])]
        return result


@dataclass
class _Box:
    value: Any


_HALSTEAD_FIELDS = _names(HalsteadMetrics)
_FUNCTION_FIELDS = _names(FunctionMetrics)
_FILE_FIELDS = _names(FileMetrics)


@dataclass
class CodeTotals:
    """Repository totals over the measured files (skipped files are counted, not summed)."""

    files: int = 0
    measured_files: int = 0
    skipped_files: int = 0
    syntax_error_files: int = 0
    newer_syntax_files: int = 0
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
    #: the same totals per file role (analysis.coverage); the fields above are production code
    by_role: dict[str, dict[str, Any]] = field(default_factory=dict)

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
        elif item.status == "newer_syntax":
            totals.newer_syntax_files += 1
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
