"""The advice engine: AI-readiness score, refactor vs rewrite, staff augmentation vs
architectural partner, the strangler-fig plan, the money and the top risks.

``decide(assessment, team, model)`` is a pure function of an assessment's measured sections,
the team profile and the model (``resources/readiness_model.toml`` with the settings'
overrides); every verdict carries its evidence and what would change it. Methodology in plain
language: ``resources/methodology.md``.
"""

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
