"""The phases of an assessment, each declared once (:mod:`analysis.phases.protocol`), in an
order where every phase comes after those it needs; :mod:`analysis.phases.scheduler` runs them
side by side as their needs complete. Labels for people come from here (the GUI's progress)."""

from __future__ import annotations

from typing import Any

from analysis.phases import (
    ai_adoption,
    ai_code,
    ai_code_lines,
    architecture,
    code,
    commits,
    debt,
    decisions,
    dora,
    duplication,
    history,
    repository,
    roles,
)
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput

PHASES: tuple[Phase[Any], ...] = (
    repository.PHASE,
    roles.PHASE,
    ai_code_lines.PHASE,
    code.PHASE,
    commits.PHASE,
    architecture.PHASE,
    history.PHASE,
    dora.PHASE,
    ai_adoption.PHASE,
    ai_code.PHASE,
    duplication.PHASE,
    debt.PHASE,
    decisions.PHASE,
)

#: phase key -> its label, in the order the phases are declared
LABELS: dict[str, str] = {phase.key: phase.label for phase in PHASES}

__all__ = ["LABELS", "PHASES", "Phase", "PhaseInput", "PhaseOutput"]
