"""Technical debt of a repository, its top-level packages and its files (SQALE, SonarQube).

Debt = sum of the remediation minutes of all issues. Debt ratio = debt / (cost per line x
ncloc), SonarQube's ``sqale_debt_ratio`` with its default cost of 30 minutes per line; ncloc is
radon's SLOC (lines with code: no blank, comment or docstring lines) of the fully measured
files. Rating on SonarQube's default grid: A <= 5%, B <= 10%, C <= 20%, D <= 50%, E above.
Money, when a loaded hourly cost is given: debt hours x that cost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from analysis.code.duplication import DuplicationReport
from analysis.code.results import FileMetrics
from analysis.debt.issues import DebtIssue, find_issues
from analysis.debt.rules import (
    DebtRule,
    apply_overrides,
    checked_targets,
    load_rule_table,
)
from analysis.runtime.section import RemovedImport

RATINGS = "ABCDE"
ROOT_PACKAGE = "(top level)"


@dataclass
class DebtSettings:
    """What the user may change: rule overrides, cost per line, target versions. The money is
    not here: the report is priced with the team's resolved hourly cost
    (:func:`analysis.decisions.team.priced_debt`), the one home of the loaded cost."""

    rule_overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    cost_per_line_minutes: float | None = None  # None: the table's default (30, SonarQube)
    target_versions: tuple[str, ...] | None = None  # None: the table's default, flagged


def debt_ratio(minutes: float, ncloc: int, cost_per_line_minutes: float) -> float:
    """SonarQube's sqale_debt_ratio, a fraction: minutes / (cost per line x ncloc); 0 if no code."""
    development = cost_per_line_minutes * ncloc
    return minutes / development if development else 0.0


def rating(ratio: float, grid: tuple[float, ...] = (0.05, 0.10, 0.20, 0.50)) -> str:
    """SonarQube's maintainability rating: A if ratio <= grid[0], ..., E above grid[3]."""
    for letter, limit in zip(RATINGS, grid, strict=False):
        if ratio <= limit:
            return letter
    return RATINGS[-1]


def top_level_package(path: str, scope: str = "") -> str:
    """First folder of the path (below the assessed scope); files directly in it: (top level)."""
    if scope and path.startswith(scope.rstrip("/") + "/"):
        path = path[len(scope.rstrip("/")) + 1 :]
    head, sep, _ = path.partition("/")
    return head if sep else ROOT_PACKAGE


@dataclass
class ScopeDebt:
    """Debt of one file or one top-level package, with its issues."""

    name: str  # the file's path, or the package
    ncloc: int
    remediation_minutes: int
    ratio: float
    rating: str
    files: int = 1
    package: str = ""
    issues: list[DebtIssue] = field(default_factory=list)

    def to_dict(self, kind: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            kind: self.name,
            "ncloc": self.ncloc,
            "remediation_minutes": self.remediation_minutes,
            "ratio": self.ratio,
            "rating": self.rating,
            "issue_count": len(self.issues),
        }
        if kind == "path":
            data["package"] = self.package
        else:
            data["files"] = self.files
        return data


@dataclass
class DebtReport:
    """The repository's debt: totals, rating, money, and per-file and per-package breakdowns."""

    remediation_minutes: int
    ratio: float
    rating: str
    ncloc: int
    cost_per_line_minutes: float
    rating_grid: tuple[float, ...]
    files: int  # files rated (fully measured)
    excluded_files: int  # files not rated: syntax errors, skipped
    target_versions: tuple[str, ...]
    target_versions_source: str  # "settings", "declared" (by the project) or "default"
    #: the price of an hour, set by :func:`analysis.decisions.team.priced_debt` from the resolved
    #: team (None: no money figure); unpriced as measured
    hourly_cost: float | None = None
    currency: str = "USD"
    rules: list[DebtRule] = field(default_factory=list)
    by_file: list[ScopeDebt] = field(default_factory=list)
    by_package: list[ScopeDebt] = field(default_factory=list)
    issues: list[DebtIssue] = field(default_factory=list)
    #: role -> {remediation_minutes, ratio, rating, ncloc, files, issues} (analysis.coverage);
    #: the figures above are production code
    by_role: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def hours(self) -> float:
        return self.remediation_minutes / 60

    @property
    def money(self) -> float | None:
        """Debt hours x the loaded hourly cost, when one is set."""
        return None if self.hourly_cost is None else round(self.hours * self.hourly_cost, 2)

    def to_dict(self) -> dict[str, Any]:
        return {
            "remediation_minutes": self.remediation_minutes,
            "ratio": self.ratio,
            "rating": self.rating,
            "ncloc": self.ncloc,
            "cost_per_line_minutes": self.cost_per_line_minutes,
            "rating_grid": list(self.rating_grid),
            "files": self.files,
            "excluded_files": self.excluded_files,
            "target_versions": list(self.target_versions),
            "target_versions_source": self.target_versions_source,
            "hourly_cost": self.hourly_cost,
            "currency": self.currency,
            "money": self.money,
            "rules": [r.to_dict() for r in self.rules],
            "by_file": [f.to_dict("path") for f in self.by_file],
            "by_package": [p.to_dict("package") for p in self.by_package],
            "issues": [i.to_dict() for i in self.issues],
            "by_role": {role: dict(values) for role, values in self.by_role.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DebtReport:
        issues = [DebtIssue.from_dict(i) for i in data["issues"]]
        by_path: dict[str, list[DebtIssue]] = defaultdict(list)
        for issue in issues:
            by_path[issue.path].append(issue)
        by_file = [
            ScopeDebt(
                f["path"], f["ncloc"], f["remediation_minutes"], f["ratio"], f["rating"],
                package=f["package"], issues=by_path.get(f["path"], []),
            )
            for f in data["by_file"]
        ]  # fmt: skip
        package_of = {f.name: f.package for f in by_file}
        by_package_issues: dict[str, list[DebtIssue]] = defaultdict(list)
        for issue in issues:
            by_package_issues[package_of.get(issue.path, "")].append(issue)
        by_package = [
            ScopeDebt(
                p["package"], p["ncloc"], p["remediation_minutes"], p["ratio"], p["rating"],
                files=p["files"], issues=by_package_issues.get(p["package"], []),
            )
            for p in data["by_package"]
        ]  # fmt: skip
        return cls(
            remediation_minutes=data["remediation_minutes"],
            ratio=data["ratio"],
            rating=data["rating"],
            ncloc=data["ncloc"],
            cost_per_line_minutes=data["cost_per_line_minutes"],
            rating_grid=tuple(data["rating_grid"]),
            files=data["files"],
            excluded_files=data["excluded_files"],
            target_versions=tuple(data["target_versions"]),
            target_versions_source=data["target_versions_source"],
            hourly_cost=data.get("hourly_cost"),
            currency=data.get("currency", "USD"),
            rules=[DebtRule(**r) for r in data.get("rules", [])],
            by_file=by_file,
            by_package=by_package,
            issues=issues,
            by_role={k: dict(v) for k, v in (data.get("by_role") or {}).items()},
        )


def assess_debt(
    files: list[FileMetrics],
    duplication: DuplicationReport | None,
    settings: DebtSettings | None = None,
    scope: str = "",
    removed_imports: Sequence[RemovedImport] = (),
    declared_versions: Sequence[str] = (),
) -> tuple[DebtReport, list[str]]:
    """The debt of the fully measured files, and problems with the settings (for warnings).

    ``removed_imports`` and ``declared_versions`` come from the runtime phase: the imports of
    removed standard-library modules it found, and the Python versions the project declares.
    The versions checked are the settings' if set, else the declared ones, else the rule
    table's default (and the report says which).
    """
    settings = settings or DebtSettings()
    table, problems = apply_overrides(load_rule_table(), settings.rule_overrides)
    cost = settings.cost_per_line_minutes
    if cost is not None and not cost > 0:
        problems.append(f"development cost per line must be above 0, got {cost!r}; using 30")
        cost = None
    cost = table.cost_per_line_minutes if cost is None else float(cost)
    if settings.target_versions is not None:
        targets, bad = checked_targets(tuple(settings.target_versions))
        problems.extend(bad)
        source = "settings"
    elif declared_versions:
        targets, source = tuple(declared_versions), "declared"
    else:
        targets, source = table.default_target_versions, "default"
    blocks = duplication.blocks_by_file() if duplication else {}
    issues = find_issues(files, table.rules, blocks, removed_imports, targets)
    grid = table.rating_grid

    rated = [f for f in files if f.status == "ok"]
    by_path: dict[str, list[DebtIssue]] = defaultdict(list)
    for issue in issues:
        by_path[issue.path].append(issue)
    by_file: list[ScopeDebt] = []
    for item in rated:
        own = by_path.get(item.path, [])
        minutes = sum(i.minutes for i in own)
        ncloc = item.sloc or 0
        ratio = debt_ratio(minutes, ncloc, cost)
        by_file.append(
            ScopeDebt(
                item.path, ncloc, minutes, ratio, rating(ratio, grid),
                package=top_level_package(item.path, scope), issues=own,
            )
        )  # fmt: skip
    by_file.sort(key=lambda f: (-f.remediation_minutes, f.name))

    packages: dict[str, list[ScopeDebt]] = defaultdict(list)
    for entry in by_file:
        packages[entry.package].append(entry)
    by_package = []
    for name, members in packages.items():
        ncloc = sum(f.ncloc for f in members)
        minutes = sum(f.remediation_minutes for f in members)
        ratio = debt_ratio(minutes, ncloc, cost)
        own = sorted((i for f in members for i in f.issues), key=lambda i: (i.path, i.line))
        by_package.append(
            ScopeDebt(name, ncloc, minutes, ratio, rating(ratio, grid), len(members), issues=own)
        )
    by_package.sort(key=lambda p: (-p.remediation_minutes, p.name))

    ncloc = sum(f.ncloc for f in by_file)
    minutes = sum(i.minutes for i in issues)
    ratio = debt_ratio(minutes, ncloc, cost)
    report = DebtReport(
        remediation_minutes=minutes,
        ratio=ratio,
        rating=rating(ratio, grid),
        ncloc=ncloc,
        cost_per_line_minutes=cost,
        rating_grid=grid,
        files=len(rated),
        excluded_files=len(files) - len(rated),
        target_versions=targets,
        target_versions_source=source,
        rules=list(table.rules.values()),
        by_file=by_file,
        by_package=by_package,
        issues=issues,
    )
    return report, problems
