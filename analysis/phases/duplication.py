"""Duplicated code, each role within itself (analysis.coverage.duplication_by_role)."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.code.duplication import DuplicationReport
from analysis.code.results import FileMetrics
from analysis.coverage import duplication_by_role
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput


@dataclass
class Duplication:
    production: DuplicationReport  # the report (with by_role summaries)
    sides: dict[str, DuplicationReport]  # tests, migrations ...: their own debt only


def _run(given: PhaseInput) -> PhaseOutput[Duplication]:
    results: list[FileMetrics] = given.value("code")
    production, sides = duplication_by_role(
        results, given.options.duplication, given.progress, given.cancel
    )
    for item in results:
        item.clone_tokens = None  # cached already; only the grouping reads them
    return PhaseOutput(Duplication(production, sides))


PHASE = Phase[Duplication]("duplication", "Finding duplicated code", ("code",), _run)
