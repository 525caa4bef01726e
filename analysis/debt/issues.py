"""Maintainability issues: each rule of the table checked against the measured files.

Only fully measured files (status ``ok``) are checked; a figure that was not measured
(``None``, e.g. cognitive complexity from an older cached result) skips its check rather than
counting as zero.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from analysis.code.duplication import CloneFragment
from analysis.code.results import FileMetrics, FunctionMetrics
from analysis.debt.rules import DebtRule, Removals

FUNCTION_KINDS = ("function", "method")


@dataclass
class DebtIssue:
    """One issue: which rule, where (path, line), the estimated minutes to fix, and why."""

    rule: str
    path: str
    line: int
    minutes: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DebtIssue:
        return cls(**{k: data[k] for k in ("rule", "path", "line", "minutes", "message")})


def _function_issues(
    item: FileMetrics, block: FunctionMetrics, rules: dict[str, DebtRule]
) -> Iterator[DebtIssue]:
    checks = (
        ("cognitive-complexity", block.cognitive, "cognitive complexity"),
        ("cyclomatic-complexity", block.complexity, "cyclomatic complexity"),
        ("long-function", block.endline - block.lineno + 1 if block.endline else None, "lines"),
        ("too-many-parameters", block.params, "parameters"),
    )
    for rule_id, value, what in checks:
        rule = rules.get(rule_id)
        if rule is None or not rule.enabled or value is None or value <= rule.threshold:
            continue
        over = value - rule.threshold
        yield DebtIssue(
            rule_id,
            item.path,
            block.lineno,
            rule.remediation(over),
            f"{block.name}: {what} {value:g} (threshold {rule.threshold:g})",
        )


def _module_issues(item: FileMetrics, rules: dict[str, DebtRule]) -> Iterator[DebtIssue]:
    rule = rules.get("large-module")
    if rule and rule.enabled and item.loc is not None and item.loc > rule.threshold:
        yield DebtIssue(
            rule.id,
            item.path,
            1,
            rule.remediation(),
            f"{item.loc:,} lines (threshold {rule.threshold:g})",
        )
    rule = rules.get("low-maintainability-module")
    if rule and rule.enabled and item.mi is not None and item.mi <= rule.threshold:
        yield DebtIssue(
            rule.id,
            item.path,
            1,
            rule.remediation(),
            f"Maintainability Index {item.mi:.1f} (rank C at or below {rule.threshold:g})",
        )


def _duplication_issue(
    item: FileMetrics, blocks: list[CloneFragment], rules: dict[str, DebtRule]
) -> Iterator[DebtIssue]:
    rule = rules.get("duplicated-blocks")
    if not rule or not rule.enabled or len(blocks) <= rule.threshold:
        return
    lines = item.duplicated_lines
    detail = f", {lines:,} duplicated lines" if lines is not None else ""
    yield DebtIssue(
        rule.id,
        item.path,
        blocks[0].start_line,
        rule.remediation(len(blocks)),
        f"{len(blocks)} duplicated block{'s' if len(blocks) != 1 else ''}{detail}",
    )


def _removed_module_issues(
    item: FileMetrics,
    rules: dict[str, DebtRule],
    removed: dict[str, str],
    removals: Removals,
    targets: tuple[str, ...],
) -> Iterator[DebtIssue]:
    rule = rules.get("removed-stdlib-module")
    if not rule or not rule.enabled or not removed or not item.imports:
        return
    seen: set[str] = set()
    for name, line in item.imports:
        module = _removed_module(str(name), removed)
        if module is None or module in seen:
            continue
        seen.add(module)
        instead = removals.replacements.get(module)
        yield DebtIssue(
            rule.id,
            item.path,
            int(line),
            rule.remediation(),
            f"imports {module}, removed in Python {removed[module]} "
            f"(targeted: {', '.join(targets)})" + (f"; use {instead}" if instead else ""),
        )


def _removed_module(name: str, removed: dict[str, str]) -> str | None:
    """The removed module that an imported dotted name is, or lies inside."""
    parts = name.split(".")
    for size in range(len(parts), 0, -1):
        candidate = ".".join(parts[:size])
        if candidate in removed:
            return candidate
    return None


def find_issues(
    files: list[FileMetrics],
    rules: dict[str, DebtRule],
    blocks_by_file: dict[str, list[CloneFragment]],
    removals: Removals,
    targets: tuple[str, ...],
) -> list[DebtIssue]:
    """Every issue in the fully measured files, in path and line order."""
    removed = removals.removed_for(targets)
    issues: list[DebtIssue] = []
    for item in files:
        if item.status != "ok":
            continue
        for block in item.functions:
            if block.kind in FUNCTION_KINDS:
                issues.extend(_function_issues(item, block, rules))
        issues.extend(_module_issues(item, rules))
        issues.extend(_duplication_issue(item, blocks_by_file.get(item.path, []), rules))
        issues.extend(_removed_module_issues(item, rules, removed, removals, targets))
    issues.sort(key=lambda i: (i.path, i.line, i.rule))
    return issues
