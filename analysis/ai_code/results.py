"""The AI-assisted code section of an assessment, as the JSON report's ``ai_code`` carries it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class Measures:
    """Line figures of a group of commits (a quarter, commits with/without trailers ...)."""

    commits: int = 0  # non-merge commits in the group
    lines_commits: int = 0  # of them, commits whose code lines were measured (in the window)
    added_lines: int = 0
    copy_paste_lines: int = 0
    moved_lines: int = 0
    churned_lines: int = 0

    def add(self, added: int, copy_paste: int, moved: int, churned: int) -> None:
        self.lines_commits += 1
        self.added_lines += added
        self.copy_paste_lines += copy_paste
        self.moved_lines += moved
        self.churned_lines += churned

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["copy_paste_share"] = share(self.copy_paste_lines, self.added_lines)
        data["moved_share"] = share(self.moved_lines, self.added_lines)
        data["churn_share"] = share(self.churned_lines, self.added_lines)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Measures:
        return cls(**{k: int(data.get(k, 0)) for k in cls.__dataclass_fields__})


@dataclass
class Quarter:
    quarter: str  # "2026Q1" (author time, UTC)
    commits: int = 0
    ai_trailer_commits: int = 0
    tools: dict[str, int] = field(default_factory=dict)
    lines_measured: bool = False  # the quarter lies (partly) in the diff window
    lines: Measures = field(default_factory=Measures)
    coupling: int = 0  # sum of coupling of the files changed in the quarter
    code_commits: int = 0  # commits that changed code files (coupling's denominator)
    duplication_density: float | None = None  # at the quarter's end (analysis.ai_code.snapshots)

    def to_dict(self) -> dict[str, Any]:
        lines = self.lines.to_dict() if self.lines_measured else {}
        return {
            "quarter": self.quarter,
            "commits": self.commits,
            "ai_trailer_commits": self.ai_trailer_commits,
            "ai_trailer_share": share(self.ai_trailer_commits, self.commits),
            "tools": dict(self.tools),
            "lines_measured": self.lines_measured,
            "added_lines": lines.get("added_lines"),
            "copy_paste_lines": lines.get("copy_paste_lines"),
            "moved_lines": lines.get("moved_lines"),
            "churned_lines": lines.get("churned_lines"),
            "copy_paste_share": lines.get("copy_paste_share"),
            "moved_share": lines.get("moved_share"),
            "churn_share": lines.get("churn_share"),
            "coupling": self.coupling,
            "code_commits": self.code_commits,
            "duplication_density": self.duplication_density,
            "coupling_per_commit": (
                round(self.coupling / self.code_commits, 3) if self.code_commits else None
            ),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quarter:
        measured = bool(data.get("lines_measured"))
        lines = Measures(
            commits=int(data.get("commits", 0)),
            added_lines=int(data.get("added_lines") or 0),
            copy_paste_lines=int(data.get("copy_paste_lines") or 0),
            moved_lines=int(data.get("moved_lines") or 0),
            churned_lines=int(data.get("churned_lines") or 0),
        )
        return cls(
            quarter=data["quarter"],
            commits=int(data.get("commits", 0)),
            ai_trailer_commits=int(data.get("ai_trailer_commits", 0)),
            tools={str(k): int(v) for k, v in (data.get("tools") or {}).items()},
            lines_measured=measured,
            lines=lines,
            coupling=int(data.get("coupling", 0)),
            code_commits=int(data.get("code_commits", 0)),
            duplication_density=data.get("duplication_density"),
        )


@dataclass
class Comparison:
    """Two groups of commits on the same measures (with/without trailers, before/after)."""

    label_a: str
    label_b: str
    a: Measures
    b: Measures
    split_date: str | None = None  # before/after only: ISO date
    split_source: str | None = None  # "setting" or "first_ai_trailer"

    def to_dict(self) -> dict[str, Any]:
        return {
            "label_a": self.label_a,
            "label_b": self.label_b,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "split_date": self.split_date,
            "split_source": self.split_source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comparison:
        return cls(
            data["label_a"],
            data["label_b"],
            Measures.from_dict(data["a"]),
            Measures.from_dict(data["b"]),
            data.get("split_date"),
            data.get("split_source"),
        )


@dataclass
class AICodeSection:
    tools: dict[str, int]  # tool -> non-merge commits naming it (whole history read)
    quarters: list[Quarter]
    churn_days: int
    window_start: str | None  # ISO time: the diff pass's first moment
    window_end: str | None
    with_without: Comparison | None = None
    before_after: Comparison | None = None
    first_ai_commit: str | None = None  # ISO time of the first commit with an AI trailer
    definitions: dict[str, str] = field(default_factory=dict)
    undercount: str = ""
    partial: bool = False
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tools": dict(self.tools),
            "quarters": [q.to_dict() for q in self.quarters],
            "churn_days": self.churn_days,
            "window_start": self.window_start,
            "window_end": self.window_end,
            "with_without_trailers": self.with_without.to_dict() if self.with_without else None,
            "before_after": self.before_after.to_dict() if self.before_after else None,
            "first_ai_commit": self.first_ai_commit,
            "definitions": dict(self.definitions),
            "undercount": self.undercount,
            "partial": self.partial,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AICodeSection:
        return cls(
            tools={str(k): int(v) for k, v in (data.get("tools") or {}).items()},
            quarters=[Quarter.from_dict(q) for q in data.get("quarters") or []],
            churn_days=int(data.get("churn_days", 14)),
            window_start=data.get("window_start"),
            window_end=data.get("window_end"),
            with_without=(
                Comparison.from_dict(data["with_without_trailers"])
                if data.get("with_without_trailers")
                else None
            ),
            before_after=(
                Comparison.from_dict(data["before_after"]) if data.get("before_after") else None
            ),
            first_ai_commit=data.get("first_ai_commit"),
            definitions=dict(data.get("definitions") or {}),
            undercount=data.get("undercount", ""),
            partial=bool(data.get("partial")),
            notes=list(data.get("notes") or []),
        )
