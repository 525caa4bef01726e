"""SQALE technical debt of the measured code (analysis.coverage.debt_by_role), unpriced: the
assessment prices it with the team's loaded cost the advice resolves
(analysis.decisions.team.with_advice), the one home of that cost."""

from __future__ import annotations

from analysis.code.results import FileMetrics
from analysis.coverage import debt_by_role
from analysis.debt import DebtReport
from analysis.findings import Finding
from analysis.phases.architecture import RuntimeAndArchitecture
from analysis.phases.duplication import Duplication
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.phases.repository import Checkout
from analysis.runtime.declared import targeted_versions

NO_DEBT_RATED = (
    "technical debt not rated: no production Python file could be measured (see the files with "
    "syntax errors or skipped); the debt ratio and rating are left out rather than shown as an A"
)


def _run(given: PhaseInput) -> PhaseOutput[DebtReport | None]:
    """The debt report; None when no production line was measured."""
    checkout: Checkout = given.value("repository")
    results: list[FileMetrics] = given.value("code")
    duplication: Duplication = given.value("duplication")
    runtime: RuntimeAndArchitecture = given.value("architecture")
    measured, problems = debt_by_role(
        results,
        duplication.production,
        duplication.sides,
        given.options.debt,
        checkout.repo.scope,
        removed_imports=runtime.runtime.removed_modules,
        declared_versions=targeted_versions(runtime.runtime.targets),
    )
    findings: list[Finding] = []
    report: DebtReport | None = measured
    if not measured.files:  # a ratio over no measured line would read as a clean "A"
        findings.append(Finding("debt", NO_DEBT_RATED))
        report = None
    findings += [Finding("debt_settings", problem) for problem in problems]
    return PhaseOutput(report, findings)


PHASE = Phase[DebtReport | None](
    "debt",
    "Technical debt (SQALE)",
    ("repository", "code", "duplication", "architecture"),
    _run,
)
