"""Per-file metrics as a Qt model, with a proxy that sorts numerically and filters by path."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.code.results import FileMetrics
from widgets.record_table import (
    Column,
    RecordFilterProxyModel,
    RecordTableModel,
)


def mi_rank(mi: float | None) -> str:
    """radon's MI rank: A > 19, B 10-19, C <= 9 (radon.metrics.mi_rank)."""
    if mi is None:
        return ""
    return "A" if mi > 19 else "B" if mi > 9 else "C"


def _max_cc(item: FileMetrics) -> int | None:
    values = [b.complexity for b in item.functions if b.kind != "class"]
    return max(values) if values else None


COLUMNS: tuple[Column, ...] = (
    Column("File", "Repository-relative path of the tracked Python file.", lambda f: f.path, False),
    Column(
        "Role",
        "What the file is (file roles: resources/file_roles.toml, the repository's "
        ".gitattributes and your settings). The headline figures (totals, debt, duplication, "
        "the code-health score) cover production files; tests are reported apart; "
        "migrations, generated, example and tooling files are measured but feed no headline.",
        lambda f: f.role or "production",
        False,
    ),
    Column(
        "Status",
        "ok: fully measured; syntax_error: raw counts only; skipped: not measured "
        "(the reason is in the tooltip and the Warnings tab).",
        lambda f: f.status,
        False,
    ),
    Column("LOC", "Lines of code: every line of the file (radon raw).", lambda f: f.loc),
    Column("SLOC", "Source lines: lines with code (radon raw).", lambda f: f.sloc),
    Column("LLOC", "Logical lines: statements (radon raw).", lambda f: f.lloc),
    Column("Comments", "Lines holding a comment (radon raw).", lambda f: f.comments),
    Column(
        "Multi", "Lines of multi-line strings, docstrings included (radon raw).", lambda f: f.multi
    ),
    Column("Blank", "Blank lines (radon raw).", lambda f: f.blank),
    Column(
        "MI",
        "Maintainability Index 0-100 (radon mi, multi-line strings as comments): "
        "171 - 5.2 ln V - 0.23 G - 16.2 ln LLOC + 50 sin(sqrt(2.4 C)), rescaled. "
        "Rank A > 19, B 10-19, C <= 9.",
        lambda f: None if f.mi is None else round(f.mi, 2),
    ),
    Column("MI rank", "radon's MI rank: A > 19, B 10-19, C <= 9.", lambda f: mi_rank(f.mi), False),
    Column(
        "CC total",
        "Total cyclomatic complexity of the module as radon's MI uses it (McCabe, radon cc).",
        lambda f: f.cc_total,
    ),
    Column(
        "Max CC",
        "Highest cyclomatic complexity of a function or method in the file; "
        "rank A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+ (radon cc).",
        _max_cc,
    ),
    Column(
        "Max cognitive",
        "Highest cognitive complexity of a function or method in the file (SonarSource white "
        "paper: +1 per break in the linear flow, plus the nesting level). SonarQube flags "
        "functions over 15 (python:S3776).",
        lambda f: f.cognitive_max,
    ),
    Column(
        "Volume",
        "Halstead volume of the file, V = N log2 h (N operators and operands, h distinct "
        "ones; radon), the V of the Maintainability Index.",
        lambda f: None if f.halstead is None else round(f.halstead.volume, 1),
    ),
    Column(
        "Functions",
        "Functions and methods in the file (select the file to list them below).",
        lambda f: sum(1 for b in f.functions if b.kind != "class"),
    ),
    Column(
        "Dup. lines",
        "Lines inside duplicated blocks (type-2 clones of >= 100 tokens over >= 10 lines, "
        "SonarQube's duplicated_lines); each line counts once.",
        lambda f: f.duplicated_lines,
    ),
)


class FileMetricsModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)

    def set_files(self, files: Sequence[FileMetrics]) -> None:
        self.set_rows(files)

    def file_at(self, row: int) -> FileMetrics:
        return self.row_object(row)

    def cell_tooltip(self, row: FileMetrics, column: Column, text: str) -> str:
        return f"{row.path}: {row.reason}" if row.reason else column.tooltip

    def row_colour(self, row: FileMetrics) -> str | None:
        if row.status == "ok":
            return None
        return "bad_strong" if row.status == "skipped" else "warn"


class FileFilterProxyModel(RecordFilterProxyModel):
    """Sorts by :data:`SORT_ROLE` (numbers as numbers) and keeps rows whose path matches."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, parent)

    def set_status_filter(self, status: str | None, role: str | None = None) -> None:
        """Keep the files of this measurement status and this role (None: any)."""
        if not status and not role:
            self.set_row_filter(None)
            return
        self.set_row_filter(
            lambda f: (
                (not status or f.status == status)
                and (not role or (f.role or "production") == role)
            )
        )
