"""What the user should know about the input, and which figures it leaves incomplete.

A warning is worth a user's attention only when it changes what they read: an empty
``__init__.py`` is normal Python and no warning at all; a production module the parser
rejected leaves the code-health figures short of that module. So each finding says whether it
makes a figure partial and which one, and the report is ``partial`` only then. Findings are
shown grouped by kind with a count and the first few paths, not as hundreds of lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

CODE_HEALTH = "code health"
TESTS = "tests"
ARCHITECTURE = "runtime and architecture"
HISTORY = "history"
DELIVERY = "delivery (DORA)"

#: Finding code -> what a group of them is, in words for the user.
KIND_TITLES = {
    "syntax_error": "Python files the parser rejected (raw line counts only)",
    "newer_syntax": "Python files in a newer grammar than the analyzer's (raw line counts only)",
    "skipped": "files not measured (too large, too slow or unreadable)",
    "config_file": "configuration files that could not be read",
    "module_name": "modules with the same name as another (left out of the import graph)",
    "repository": "about the repository",
    "reused": "figures reused (nothing changed since the last run)",
    "bare_repository": "bare repository",
    "roles": "file roles",
    "debt": "technical debt",
    "debt_settings": "debt settings",
    "readiness_model": "advice model settings",
    "dora": "delivery data",
    "history_missing_objects": "history read without some line counts (objects missing)",
    "history_shallow": "shallow clone",
    "history_timestamps": "commits with implausible timestamps",
    "history_encoding": "commits not in UTF-8",
    "history_submodule": "submodules (separate repositories, not analysed)",
}


@dataclass
class Finding:
    """One thing the user should know; ``partial`` when it leaves ``figure`` incomplete."""

    code: str
    message: str
    path: str | None = None
    partial: bool = False
    figure: str = ""


@dataclass
class FindingGroup:
    """Findings of one kind: how many, the first few paths, the figures they leave partial."""

    code: str
    title: str
    count: int
    examples: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # the first few, for kinds without paths

    @property
    def partial(self) -> bool:
        return bool(self.figures)


def title_of(code: str) -> str:
    if code in KIND_TITLES:
        return KIND_TITLES[code]
    return code.replace("_", " ")


def grouped(findings: Iterable[Finding], examples: int = 3) -> list[FindingGroup]:
    """Findings by kind, in order of first appearance; partial kinds first."""
    groups: dict[str, FindingGroup] = {}
    for finding in findings:
        group = groups.get(finding.code)
        if group is None:
            group = groups[finding.code] = FindingGroup(finding.code, title_of(finding.code), 0)
        group.count += 1
        if finding.path and len(group.examples) < examples:
            group.examples.append(finding.path)
        elif not finding.path and len(group.messages) < examples:
            group.messages.append(finding.message)
        if finding.partial and finding.figure and finding.figure not in group.figures:
            group.figures.append(finding.figure)
    return sorted(groups.values(), key=lambda g: not g.partial)


def partial_figures(findings: Iterable[Finding]) -> list[str]:
    """The figures some finding leaves incomplete, in a stable order."""
    found: list[str] = []
    for finding in findings:
        if finding.partial and finding.figure and finding.figure not in found:
            found.append(finding.figure)
    return found


def partial_note(figures: Iterable[str]) -> str:
    """'partial: code health, history', or '' when every figure is complete."""
    names = list(figures)
    return f"partial: {', '.join(names)}" if names else ""


def group_lines(findings: Iterable[Finding], per_group: int | None = None) -> list[str]:
    """Plain-text lines of the grouped findings: a heading per kind, then its messages."""
    lines: list[str] = []
    items = list(findings)
    for group in grouped(items):
        partial = f" ({partial_note(group.figures)})" if group.figures else ""
        lines.append(f"{group.count} × {group.title}{partial}")
        members = [f.message for f in items if f.code == group.code]
        shown = members if per_group is None else members[:per_group]
        lines.extend(f"    {message}" for message in shown)
        if len(members) > len(shown):
            lines.append(f"    … and {len(members) - len(shown)} more")
    return lines
