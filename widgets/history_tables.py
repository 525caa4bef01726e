"""Table models for the history panel: hotspots, coupled pairs, file knowledge.

Each column carries a tooltip saying what the figure is and where it comes from; sorting is
numeric (the file table's proxy and sort role are reused).
"""

from __future__ import annotations

from typing import NamedTuple

from analysis.history.results import IdentityGroup, TruckFactorResult
from widgets.record_table import Column, RecordTableModel


def percent(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def day_of(stamp: str | None) -> str:
    return stamp[:10] if stamp else "–"


HOTSPOT_COLUMNS: tuple[Column, ...] = (
    Column("File", "Repository-relative path (history follows renames).", lambda h: h.path, False),
    Column(
        "Score",
        "Hotspot score 0-1: changes / most changes x complexity / highest complexity "
        "(CodeScene / 'Your Code as a Crime Scene': change frequency x complexity).",
        lambda h: h.score,
        digits=2,
    ),
    Column(
        "Changes",
        "Commits that changed the file in the window (default 12 months), bots left out.",
        lambda h: h.revisions,
    ),
    Column(
        "Complexity",
        "Total cyclomatic complexity of the file: radon for Python, lizard for other languages "
        "(assessments made before file roles: lines for non-Python files).",
        lambda h: h.complexity,
    ),
    Column(
        "Role",
        "production or test (file roles): only code is ranked, never translations, docs, "
        "data, configuration or generated files.",
        lambda h: h.role or "production",
        False,
    ),
    Column(
        "Language",
        "Python: complexity from radon; other languages: from lizard (the same McCabe count).",
        lambda h: h.language or ("lines" if h.measure == "loc" else ""),
        False,
    ),
    Column("LOC", "Lines of the file now.", lambda h: h.loc),
)

COUPLING_COLUMNS: tuple[Column, ...] = (
    Column(
        "File A",
        "First file of the pair (code-maat names pairs in sorted order).",
        lambda c: c.a,
        False,
    ),
    Column("File B", "Second file of the pair.", lambda c: c.b, False),
    Column(
        "Degree",
        "Temporal coupling, code-maat: shared commits / average commits of the two files x 100, "
        "truncated. Shown from 30% with at least 5 shared commits and 5 average commits; "
        "commits touching more than 30 files are ignored.",
        lambda c: c.degree,
    ),
    Column(
        "Shared", "Commits in the window that changed both files.", lambda c: c.shared_revisions
    ),
    Column(
        "Changes A",
        "Commits that changed file A (change sets up to 30 files).",
        lambda c: c.revisions_a,
    ),
    Column(
        "Changes B",
        "Commits that changed file B (change sets up to 30 files).",
        lambda c: c.revisions_b,
    ),
)

KNOWLEDGE_COLUMNS: tuple[Column, ...] = (
    Column("File", "Repository-relative path (history follows renames).", lambda f: f.path, False),
    Column(
        "Main developer",
        "Author with the most added lines (code-maat main-dev), names through .mailmap.",
        lambda f: f.main_developer or "–",
        False,
    ),
    Column(
        "Ownership %",
        "Main developer's share of all added lines (code-maat main-dev). High ownership plus an "
        "inactive owner is knowledge at risk.",
        lambda f: None if f.ownership is None else round(f.ownership * 100),
    ),
    Column("Authors", "Distinct authors over all history.", lambda f: f.authors),
    Column(
        "Fragmentation",
        "code-maat fragmentation: 1 - sum((author's commits / commits)^2). 0 = one author; "
        "near 1 = many authors with small parts.",
        lambda f: f.fragmentation,
        digits=2,
    ),
    Column("Changes", "Commits that changed the file, all history.", lambda f: f.revisions),
    Column("Added", "Lines added over all history (git numstat).", lambda f: f.added),
    Column("Deleted", "Lines deleted over all history (git numstat).", lambda f: f.deleted),
    Column(
        "Age (months)",
        "Months from the first change to the end of history.",
        lambda f: f.age_months,
        digits=1,
    ),
    Column(
        "Last change",
        "Date of the latest change (author time, UTC).",
        lambda f: day_of(f.last_change),
        False,
    ),
    Column(
        "Sum of coupling",
        "code-maat sum of coupling in the window: for each commit with the file, the other files "
        "in it (commits over 30 files ignored).",
        lambda f: f.soc,
    ),
)


def hotspot_model(parent=None) -> RecordTableModel:
    return RecordTableModel(HOTSPOT_COLUMNS, parent)


def coupling_model(parent=None) -> RecordTableModel:
    return RecordTableModel(COUPLING_COLUMNS, parent)


def knowledge_model(parent=None) -> RecordTableModel:
    return RecordTableModel(KNOWLEDGE_COLUMNS, parent)


RULES = {
    "mailmap": "the repository's .mailmap",
    "email": "same e-mail",
    "name": "same full name",
    "github_login": "GitHub login",
}


class IdentityRow(NamedTuple):
    developer: str
    name: str
    email: str
    commits: int
    rule: str


IDENTITY_COLUMNS: tuple[Column, ...] = (
    Column("Developer", "The name every per-author figure uses.", lambda r: r.developer, False),
    Column("Name", "A name this developer also committed under.", lambda r: r.name, False),
    Column("E-mail", "The e-mail of that identity.", lambda r: r.email, False),
    Column("Commits", "Commits under that identity (bots left out).", lambda r: r.commits),
    Column(
        "Rule",
        "Why it was merged: the repository's .mailmap, the same e-mail, the same full name (two "
        "words or more), or a GitHub no-reply address whose login is the name or e-mail.",
        lambda r: RULES.get(r.rule, r.rule),
        False,
    ),
)


def identity_rows(groups: list[IdentityGroup]) -> list[IdentityRow]:
    return [
        IdentityRow(group.developer, alias.name, alias.email, alias.commits, alias.rule)
        for group in groups
        for alias in group.aliases
    ]


def identity_model(parent=None) -> RecordTableModel:
    return RecordTableModel(IDENTITY_COLUMNS, parent)


def truck_text(truck: TruckFactorResult, shown: int = 3) -> str:
    """The truck factor in words: both figures and the files each departure orphans."""
    if truck.value is None:
        return "Truck factor: no source file has history."
    names = ", ".join(truck.developers) or "nobody"
    parts = [f"Truck factor {truck.value} over {truck.files:,} source files: {names}."]
    alone = truck.without_tests
    if alone is not None and alone.value is not None:
        parts.append(
            f"Without tests {alone.value} over {alone.files:,} files: "
            f"{', '.join(alone.developers) or 'nobody'}."
        )
    for item in truck.orphaned:
        listed = ", ".join(item.files[:shown])
        more = " …" if item.count > shown else ""
        parts.append(
            f"{item.developer} leaving (after those before) orphans {item.count:,} "
            f"{'file' if item.count == 1 else 'files'}: {listed}{more}."
        )
    return " ".join(parts)
