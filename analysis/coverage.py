"""What each figure covers: the headline code figures are production code; tests apart.

SonarQube measures debt, complexity, duplication and the maintainability rating on main
sources and reports test code separately (``sonar.sources`` / ``sonar.tests``; test files
take no part in the duplication and debt of the project). CodeScene does the same for its
code-health score. On real monoliths this matters: saleor's tests are 74% of its Python lines,
netbox's translation catalogues 38% of all its lines; a figure over everything mostly measures
them. So:

* ``code.totals``, technical debt, duplication density and the most complex function cover
  **production** files (role ``production``, analysis.roles);
* tests are measured the same way and reported beside them (``by_role``: their own lines,
  complexity, debt and duplication density), so a user sees both;
* migrations, generated, vendored, example, tooling and data modules are measured (their
  per-file figures stay in ``code.files``) but feed no headline figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analysis.code.clone_groups import DuplicationReport, DuplicationSettings
from analysis.code.duplication import detect_duplication
from analysis.code.results import CodeTotals, FileMetrics, code_totals
from analysis.debt import DebtReport, DebtSettings, assess_debt
from analysis.progress import CancelCheck, ProgressCallback, never_cancel, no_progress
from analysis.roles import PRODUCTION, TEST
from analysis.runtime.section import RemovedImport

#: Roles whose files make the headline code figures.
HEADLINE_ROLES = (PRODUCTION,)
#: Roles measured and reported beside the headline (duplication and debt are computed for
#: these too).
SIDE_ROLES = (TEST,)


def files_of(files: Iterable[FileMetrics], *roles: str) -> list[FileMetrics]:
    """The files of these roles (a file without a role, from an old report, is production)."""
    wanted = set(roles)
    return [f for f in files if (f.role or PRODUCTION) in wanted]


def most_complex_function(files: Iterable[FileMetrics]):
    """``(file, function)`` of the production function with the highest cyclomatic complexity
    (radon), or None: a 200-branch test or a generated module is not the system's worst."""
    return max(
        (
            (f, b)
            for f in files_of(files, *HEADLINE_ROLES)
            for b in f.functions
            if b.kind != "class"
        ),
        key=lambda pair: pair[1].complexity,
        default=None,
    )


def totals_by_role(files: list[FileMetrics]) -> CodeTotals:
    """Production totals, with ``by_role``: the same totals for every role that has files."""
    grouped: dict[str, list[FileMetrics]] = defaultdict(list)
    for item in files:
        grouped[item.role or PRODUCTION].append(item)
    totals = code_totals(files_of(files, *HEADLINE_ROLES))
    totals.by_role = {
        role: {k: v for k, v in code_totals(members).to_dict().items() if k != "by_role"}
        for role, members in sorted(grouped.items())
    }
    return totals


def _summary(report: DuplicationReport) -> dict:
    """A role's duplication in a few figures (its groups stay out of the report)."""
    return {
        "duplicated_lines": report.duplicated_lines,
        "lines": report.lines,
        "density": report.density,
        "files": report.files,
        "groups": len(report.groups),
    }


def duplication_by_role(
    files: list[FileMetrics],
    settings: DuplicationSettings,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
) -> tuple[DuplicationReport, dict[str, DuplicationReport]]:
    """Duplication of production code (the report, with ``by_role`` summaries), and the full
    reports of the side roles (their clone groups feed their own debt, not the JSON).

    Each role is compared within itself: a test that repeats a production block is not
    copy-and-paste of the product (SonarQube leaves tests out of duplication altogether).
    """
    report = detect_duplication(files_of(files, *HEADLINE_ROLES), settings, progress, cancel)
    report.by_role = {PRODUCTION: _summary(report)}
    sides: dict[str, DuplicationReport] = {}
    for role in SIDE_ROLES:
        members = files_of(files, role)
        if members:
            sides[role] = detect_duplication(members, settings, cancel=cancel)
            report.by_role[role] = _summary(sides[role])
    return report, sides


@dataclass(frozen=True)
class DuplicationTask:
    """What :func:`duplication_in_worker` reads, picklable: each production and test file's
    path, role, status, lines and clone tokens (no other metric), and the settings."""

    files: tuple[tuple[str, str, str, int | None, str | None], ...]
    settings: DuplicationSettings

    @property
    def token_chars(self) -> int:
        return sum(len(tokens or "") for *_, tokens in self.files)


def duplication_task(
    files: Iterable[FileMetrics], settings: DuplicationSettings
) -> DuplicationTask:
    """The files :func:`duplication_by_role` compares, as a :class:`DuplicationTask`."""
    wanted = {*HEADLINE_ROLES, *SIDE_ROLES}
    rows = tuple(
        (f.path, f.role or PRODUCTION, f.status, f.loc, f.clone_tokens)
        for f in files
        if (f.role or PRODUCTION) in wanted
    )
    return DuplicationTask(rows, settings)


def duplication_in_worker(
    task: DuplicationTask,
) -> tuple[DuplicationReport, dict[str, DuplicationReport], dict[str, int | None]]:
    """:func:`duplication_by_role` in a worker process: the reports, and each compared file's
    ``duplicated_lines`` (which the caller sets on its own file records)."""
    files = [
        FileMetrics(path=path, role=role, status=status, loc=loc, clone_tokens=tokens)
        for path, role, status, loc, tokens in task.files
    ]
    production, sides = duplication_by_role(files, task.settings)
    return production, sides, {f.path: f.duplicated_lines for f in files}


def debt_by_role(
    files: list[FileMetrics],
    duplication: DuplicationReport | None,
    sides: dict[str, DuplicationReport],
    settings: DebtSettings,
    scope: str,
    removed_imports: Sequence[RemovedImport] = (),
    declared_versions: Sequence[str] = (),
) -> tuple[DebtReport, list[str]]:
    """SQALE debt of production code (the report), with each side role's own debt, ratio and
    rating in ``by_role`` (its issues are not listed: the report lists production's)."""
    report, problems = assess_debt(
        files_of(files, *HEADLINE_ROLES),
        duplication,
        settings,
        scope,
        removed_imports=removed_imports,
        declared_versions=declared_versions,
    )
    report.by_role = {PRODUCTION: _debt_summary(report)}
    for role in SIDE_ROLES:
        members = files_of(files, role)
        if not members:
            continue
        side, _ = assess_debt(
            members,
            sides.get(role),
            settings,
            scope,
            removed_imports=removed_imports,
            declared_versions=declared_versions,
        )
        report.by_role[role] = _debt_summary(side)
    return report, problems


def _debt_summary(report: DebtReport) -> dict:
    return {
        "remediation_minutes": report.remediation_minutes,
        "ratio": report.ratio,
        "rating": report.rating,
        "ncloc": report.ncloc,
        "files": report.files,
        "issues": len(report.issues),
    }
