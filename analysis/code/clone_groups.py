"""Clone groups and duplication figures: the data the detector produces and the report carries.

SonarQube's CPD vocabulary: a duplicated block (here a fragment: path, first and last line),
groups of identical blocks, ``duplicated_lines`` (each line once) and
``duplicated_lines_density``. :mod:`analysis.code.duplication` finds them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatchcase
from typing import Any

#: Generated code left out by default: Django writes migrations itself, and their AddField /
#: AlterField calls are near-identical once names and literals are normalized (SonarQube users
#: exclude them with ``sonar.cpd.exclusions=**/migrations/**`` for the same reason).
DEFAULT_EXCLUDE = ("migrations/*", "*/migrations/*")


@dataclass
class DuplicationSettings:
    """SonarQube CPD defaults: blocks of >= 100 tokens over >= 10 lines; excluded paths."""

    min_tokens: int = 100
    min_lines: int = 10
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE  # shell patterns on repository-relative paths

    def __post_init__(self) -> None:
        if self.min_tokens < 2 or self.min_lines < 1:
            raise ValueError("duplication needs min_tokens >= 2 and min_lines >= 1")
        patterns = (self.exclude,) if isinstance(self.exclude, str) else self.exclude
        self.exclude = tuple(str(pattern) for pattern in patterns)

    def excludes(self, path: str) -> bool:
        return any(fnmatchcase(path, pattern) for pattern in self.exclude)


@dataclass
class CloneFragment:
    """Where one copy of a block is: repository-relative path, first and last line."""

    path: str
    start_line: int
    end_line: int

    @property
    def lines(self) -> int:
        return self.end_line - self.start_line + 1


@dataclass
class CloneGroup:
    """A block of ``tokens`` normalized tokens found ``occurrences`` times, and where."""

    tokens: int
    occurrences: int
    fragments: list[CloneFragment]

    @property
    def lines(self) -> int:
        return sum(f.lines for f in self.fragments)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CloneGroup:
        return cls(
            tokens=data["tokens"],
            occurrences=data["occurrences"],
            fragments=[CloneFragment(**f) for f in data["fragments"]],
        )


@dataclass
class DuplicationReport:
    """Repository duplication: SonarQube's duplicated_lines and duplicated_lines_density."""

    duplicated_lines: int = 0
    lines: int = 0  # physical lines of the files that took part (the density's denominator)
    density: float | None = None  # percent; None when no file took part
    #: the raw type-2 figure (every name and literal normalized, as CPD-style tools do)
    cpd_duplicated_lines: int = 0
    cpd_density: float | None = None
    cpd_groups: int = 0
    files: int = 0  # files that took part
    duplicated_files: int = 0
    excluded_files: int = 0  # fully measured files left out by the exclude patterns
    min_tokens: int = 100
    min_lines: int = 10
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    groups: list[CloneGroup] = field(default_factory=list)
    #: role -> {duplicated_lines, lines, density, files, groups}: each role's files compared
    #: within themselves (analysis.coverage); the report above is production code
    by_role: dict[str, dict[str, Any]] = field(default_factory=dict)

    def blocks_by_file(self) -> dict[str, list[CloneFragment]]:
        """Each file's duplicated blocks: its runs of consecutive duplicated lines.

        Copies from several groups often overlap (a block shared by A and B, part of it also
        by C); a run counts once however many groups cover it. SonarQube counts each group's
        block separately; in type-2 detection that would count one region many times.
        """
        return {
            path: [CloneFragment(path, start, end) for start, end in runs]
            for path, runs in _duplicated_runs(self.groups).items()
        }

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["groups"] = [g.to_dict() for g in self.groups]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DuplicationReport:
        values = {k: v for k, v in data.items() if k != "groups" and k in _REPORT_FIELDS}
        return cls(**values, groups=[CloneGroup.from_dict(g) for g in data.get("groups", [])])


_REPORT_FIELDS = set(DuplicationReport.__dataclass_fields__)


def duplicated_lines_by_file(groups: list[CloneGroup]) -> dict[str, int]:
    """Lines covered by at least one fragment, per file (each line once)."""
    return {
        path: sum(end - start + 1 for start, end in runs)
        for path, runs in _duplicated_runs(groups).items()
    }


def _duplicated_runs(groups: list[CloneGroup]) -> dict[str, list[tuple[int, int]]]:
    """Per file, the union of the fragments' line ranges as disjoint runs, in order."""
    intervals: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for group in groups:
        for fragment in group.fragments:
            intervals[fragment.path].append((fragment.start_line, fragment.end_line))
    runs: dict[str, list[tuple[int, int]]] = {}
    for path, spans in intervals.items():
        spans.sort()
        merged = [list(spans[0])]
        for start, end in spans[1:]:
            if start > merged[-1][1]:
                merged.append([start, end])
            else:
                merged[-1][1] = max(merged[-1][1], end)
        runs[path] = [(start, end) for start, end in merged]
    return runs
