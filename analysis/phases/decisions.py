"""The advice over everything measured (analysis.decisions.decide)."""

from __future__ import annotations

from analysis.decisions import Decisions, decide, load_model
from analysis.findings import Finding
from analysis.phases.assembly import GATHERED, assemble
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput


def _run(given: PhaseInput) -> PhaseOutput[Decisions]:
    options = given.options
    model, problems = load_model(options.readiness_model, options.hourly_cost, options.currency)
    measured = assemble(given.value, given.findings())
    decisions = decide(measured, options.team, model, model_problems=problems)
    return PhaseOutput(decisions, [Finding("readiness_model", p) for p in problems])


PHASE = Phase[Decisions]("decisions", "Advice", GATHERED, _run)
