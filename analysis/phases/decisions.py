"""The advice over everything measured (analysis.decisions.decide)."""

from __future__ import annotations

from analysis.decisions import Decisions, decide
from analysis.phases.assembly import GATHERED, assemble
from analysis.phases.debt import DebtStep
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput


def _run(given: PhaseInput) -> PhaseOutput[Decisions]:
    debt: DebtStep = given.value("debt")
    measured = assemble(given.value, given.findings())
    decisions = decide(measured, given.options.team, debt.model, model_problems=debt.model_problems)
    return PhaseOutput(decisions)


PHASE = Phase[Decisions]("decisions", "Advice", GATHERED, _run)
