"""``decide(assessment, team, model)``: the advice, a pure function of measured figures,
the team's answers and the model.

It reads only the assessment's sections (never the repository), so the GUI recomputes it when
the team data changes, later runs and exports call it on stored assessments, and a what-if
(``what_if={"change_fail_rate": 0.09}``) re-runs the same functions with one input changed.
Many what-ifs of one assessment: :class:`analysis.decisions.advisor.Advisor`, which reads the
assessment once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.decisions.advisor import WHAT_IF, Advisor, delivery_model_of
from analysis.decisions.model import DecisionModel
from analysis.decisions.result import Decisions
from analysis.decisions.team import TeamProfile

if TYPE_CHECKING:  # the assessment is read, its module not imported (it imports this)
    from analysis.results import Assessment

__all__ = ["WHAT_IF", "Advisor", "decide", "delivery_model_of"]


def decide(
    assessment: Assessment,
    team: TeamProfile | None = None,
    model: DecisionModel | None = None,
    what_if: dict[str, float] | None = None,
    model_problems: list[str] | None = None,
) -> Decisions:
    """The advice for ``assessment`` (an :class:`analysis.assessment.Assessment`)."""
    advisor = Advisor(assessment, team, model, model_problems)
    return advisor.decide(what_if) if what_if else advisor.base
