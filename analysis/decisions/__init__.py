"""The advice engine: AI-readiness score, refactor vs rewrite, staff augmentation vs
architectural partner, the strangler-fig plan, the money and the top risks.

``decide(assessment, team, model)`` is a pure function of an assessment's measured sections,
the team profile and the model (``resources/readiness_model.toml`` with the settings'
overrides); every verdict carries its evidence and what would change it. Methodology in plain
language: ``resources/methodology.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analysis.decisions.advisor import Advisor
    from analysis.decisions.decide import decide
    from analysis.decisions.model import DecisionModel, load_model
    from analysis.decisions.result import Decisions
    from analysis.decisions.team import (
        TeamProfile,
        TeamProfileError,
        debt_hourly_cost,
        load_team_profile,
        priced_debt,
        resolve_team,
        with_advice,
    )

#: each name's module, imported on first use (PEP 562): reading a stored report needs the
#: result types, not the advice engine (~0.2 s of a reused run's start-up)
_HOMES = {
    "Advisor": "advisor",
    "decide": "decide",
    "DecisionModel": "model",
    "load_model": "model",
    "Decisions": "result",
    "TeamProfile": "team",
    "TeamProfileError": "team",
    "debt_hourly_cost": "team",
    "load_team_profile": "team",
    "priced_debt": "team",
    "resolve_team": "team",
    "with_advice": "team",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Advisor",
    "DecisionModel",
    "Decisions",
    "TeamProfile",
    "TeamProfileError",
    "debt_hourly_cost",
    "decide",
    "load_model",
    "load_team_profile",
    "priced_debt",
    "resolve_team",
    "with_advice",
]
