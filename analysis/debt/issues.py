"""Maintainability issues: each rule of the table checked against the measured files.

Only fully measured files (status ``ok``) are checked; a figure that was not measured
(``None``, e.g. cognitive complexity from an older cached result) skips its check rather than
counting as zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from packaging.version import Version

from analysis.code.duplication import CloneFragment
from analysis.code.results import FileMetrics, FunctionMetrics
from analysis.debt.rules import DebtRule
from analysis.runtime.section import RemovedImport

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
    removed: Sequence[RemovedImport],
    targets: tuple[str, ...],
) -> Iterator[DebtIssue]:
    """One issue per removed module a file imports, for modules gone in a targeted version.

    The imports come from the runtime phase (``analysis.runtime``), which already skips
    imports guarded by ``except ImportError`` fallbacks as blockers; here an import with a
    fallback or a declared PyPI backport costs nothing either.
    """
    rule = rules.get("removed-stdlib-module")
    newest = max((Version(t) for t in targets), default=None)
    if not rule or not rule.enabled or newest is None:
        return
    seen: set[str] = set()
    for found in removed:
        if found.path != item.path or found.guarded or found.provided_by:
            continue
        if Version(found.removed_in) > newest or found.module in seen:
            continue
        seen.add(found.module)
        instead = f"; use {found.replacement}" if found.replacement else ""
        yield DebtIssue(
            rule.id,
            item.path,
            found.line,
            rule.remediation(),
            f"imports {found.module}, removed in Python {found.removed_in} "
            f"(targeted: {', '.join(targets)}){instead}",
        )


def find_issues(
    files: list[FileMetrics],
    rules: dict[str, DebtRule],
    blocks_by_file: dict[str, list[CloneFragment]],
    removed: Sequence[RemovedImport],
    targets: tuple[str, ...],
) -> list[DebtIssue]:
    """Every issue in the fully measured files, in path and line order."""
    issues: list[DebtIssue] = []
    for item in files:
        if item.status != "ok":
            continue
        for block in item.functions:
            if block.kind in FUNCTION_KINDS:
                issues.extend(_function_issues(item, block, rules))
        issues.extend(_module_issues(item, rules))
        issues.extend(_duplication_issue(item, blocks_by_file.get(item.path, []), rules))
        issues.extend(_removed_module_issues(item, rules, removed, targets))
    issues.sort(key=lambda i: (i.path, i.line, i.rule))
    return issues
