"""Table models of the debt panel: issues, debt per package or file, clone groups, rules.

Rows are plain objects from the engine (``analysis.debt``, ``analysis.code.duplication``); each
column says how to read its value, whether it sorts as a number, and what it means (tooltip).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel

from analysis.code.duplication import CloneGroup
from widgets import palette
from widgets.record_table import Column

#: SonarQube's maintainability rating colours (A green ... E red).

THOUSANDS = "{:,}".format

RATING_TOOLTIP = (
    "Maintainability rating on SonarQube's default grid (sonar.technicalDebt.ratingGrid): "
    "debt ratio A <= 5%, B 5-10%, C 10-20%, D 20-50%, E > 50%. "
    "Debt ratio = remediation minutes / (30 min x lines of code)."
)


def minutes_text(minutes: float) -> str:
    """45 min, 2 h 12 min, or 3 d 4 h in 8-hour days (SonarQube's technicalDebt.hoursInDay)."""
    minutes = round(minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 8:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 8)
    return f"{days:,} d {hours} h" if hours else f"{days:,} d"


def fragments_text(group: CloneGroup, shown: int = 2) -> str:
    """The first locations of a group, ``path:first-last``, and how many more there are."""
    text = ", ".join(f"{f.path}:{f.start_line}-{f.end_line}" for f in group.fragments[:shown])
    more = len(group.fragments) - shown
    return f"{text} (+{more:,} more)" if more > 0 else text


def rating_band(letter: str, grid: Sequence[float] = (0.05, 0.10, 0.20, 0.50)) -> str:
    """The ratio range of a rating on the grid, e.g. ``B: ratio 5-10%``."""
    limits = [0.0, *grid]
    index = "ABCDE".index(letter)
    if index == 0:
        return f"A: ratio ≤ {grid[0]:.0%}"
    if index == len(grid):
        return f"{letter}: ratio > {grid[-1]:.0%}"
    return f"{letter}: ratio {limits[index]:.0%}–{limits[index + 1]:.0%}"


ISSUE_COLUMNS: tuple[Column, ...] = (
    Column("Rule", "The debt rule raised (resources/debt_rules.toml).", lambda i: i.rule, False),
    Column("File", "Repository-relative path.", lambda i: i.path, False),
    Column("Line", "Where the issue is: the function's first line, or 1 for a whole module.",
           lambda i: i.line),
    Column("Minutes", "Estimated time to fix (the rule's remediation function, SQALE).",
           lambda i: i.minutes),
    Column("Why", "The measured figure against the rule's threshold.", lambda i: i.message, False,
           value_tooltip=True),
)  # fmt: skip


def scope_columns(name: str, tooltip: str) -> tuple[Column, ...]:
    """Columns of a debt breakdown by package or by file."""
    return (
        Column(name, tooltip, lambda s: s.name, False),
        Column("Files", "Fully measured files in the package.", lambda s: s.files),
        Column("Lines of code", "ncloc: radon SLOC, lines with code (no blank, comment or "
               "docstring lines).", lambda s: s.ncloc, text=THOUSANDS),
        Column("Debt", "Sum of the remediation minutes of its issues (8-hour days).",
               lambda s: s.remediation_minutes, text=minutes_text),
        Column("Ratio", "Debt / (30 min x lines of code), SonarQube's sqale_debt_ratio.",
               lambda s: 100 * s.ratio, text=lambda v: f"{v:.1f}%"),
        Column("Rating", RATING_TOOLTIP, lambda s: s.rating, False, colour=palette.rating_role),
        Column("Issues", "Number of debt issues.", lambda s: len(s.issues)),
    )  # fmt: skip


PACKAGE_COLUMNS = scope_columns("Package", "Top-level package: the first folder of the path.")
FILE_COLUMNS = scope_columns("File", "Repository-relative path.")

GROUP_COLUMNS: tuple[Column, ...] = (
    Column("Lines", "Lines inside the group's locations.", lambda g: g.lines, text=THOUSANDS),
    Column("Copies", "How often the block occurs (copies overlapping in one file are merged "
           "into one location).", lambda g: g.occurrences, text=THOUSANDS),
    Column("Files", "Files holding a copy.", lambda g: len({f.path for f in g.fragments})),
    Column("Tokens", "Length of the duplicated block in normalized tokens (identifiers and "
           "literals count alike).", lambda g: g.tokens),
    Column("Locations", "path:first-last line of the copies; select the group to see all.",
           fragments_text, False, value_tooltip=True),
)  # fmt: skip

FRAGMENT_COLUMNS: tuple[Column, ...] = (
    Column("File", "Repository-relative path.", lambda f: f.path, False),
    Column("From line", "First line of the copy.", lambda f: f.start_line),
    Column("To line", "Last line of the copy.", lambda f: f.end_line),
    Column("Lines", "Lines of the copy.", lambda f: f.lines),
)  # fmt: skip

RULE_COLUMNS: tuple[Column, ...] = (
    Column("Rule", "Rule id, as used in settings overrides (debt_rules).", lambda r: r.id, False),
    Column("What", "What the rule looks for.", lambda r: r.title, False),
    Column("On", "Whether the rule is applied.", lambda r: "yes" if r.enabled else "no", False),
    Column("Threshold", "Issues are raised above this figure (MI: at or below it); 0: any.",
           lambda r: r.threshold, text=THOUSANDS),
    Column("Minutes", "Remediation: offset + per unit x units (SQALE).",
           lambda r: f"{r.offset_minutes} + {r.minutes_per_unit} per {r.unit}"
           if r.minutes_per_unit else f"{r.offset_minutes} per {r.unit}", False),
    Column("Source", "Where the threshold and the remediation function come from.",
           lambda r: r.source, False, value_tooltip=True),
)  # fmt: skip


def colour_rating(label: QLabel, rating: str | None) -> None:
    """The label's text in the rating's colour (none without a rating); follows the theme."""
    role = palette.rating_role(rating)
    palette.style(label, f"color: {{{role}}};" if role else "")
