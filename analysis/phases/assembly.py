"""The phases' values gathered into one :class:`analysis.results.Assessment`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from analysis.coverage import totals_by_role
from analysis.debt import DebtReport
from analysis.dora.phase import DeliveryResult
from analysis.findings import Finding, partial_figures
from analysis.history.mining import HistoryStep
from analysis.phases.architecture import RuntimeAndArchitecture
from analysis.phases.duplication import Duplication
from analysis.phases.repository import Checkout
from analysis.results import Assessment, CodeSection, RepositoryInfo

#: the phases an assessment is gathered from (the advice reads all of them)
GATHERED = (
    "repository",
    "roles",
    "code",
    "architecture",
    "history",
    "dora",
    "duplication",
    "debt",
    "ai_adoption",
    "ai_code",
)


def assemble(value: Callable[[str], Any], findings: list[Finding]) -> Assessment:
    """An assessment of the values ``value(key)`` of the phases in :data:`GATHERED`, with
    ``findings`` as its warnings (``partial`` where one of them leaves a figure incomplete)."""
    checkout: Checkout = value("repository")
    runtime: RuntimeAndArchitecture = value("architecture")
    history: HistoryStep = value("history")
    delivery: DeliveryResult = value("dora")
    duplication: Duplication = value("duplication")
    debt: DebtReport | None = value("debt")
    repo = checkout.repo
    figures = partial_figures(findings)
    info = RepositoryInfo(
        path=str(repo.root),
        name=repo.name,
        head=repo.head,
        branch=repo.branch,
        scope=repo.scope,
        analyzed_at=checkout.analyzed_at,
        tracked_files=len(checkout.tracked),
        partial=bool(figures),
        partial_figures=figures,
        warnings=findings,
        delivery_model=runtime.delivery_model,
    )
    results = value("code")
    return Assessment(
        repository=info,
        code=CodeSection(files=results, totals=totals_by_role(results)),
        dora=delivery.report,
        duplication=duplication.production,
        debt=debt,
        runtime=runtime.runtime,
        architecture=runtime.architecture,
        history=history.section,
        roles=value("roles"),
        ai_adoption=value("ai_adoption"),
        ai_code=value("ai_code"),
    )
