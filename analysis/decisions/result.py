"""The decisions section of an assessment: plain data, the same names as the report's
``decisions`` (issue 7): readiness, refactor_vs_rewrite, staffing, strangler_plan, money,
top_risks; plus the inputs every figure came from, the resolved team and the model used."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.decisions.inputs import InputValue
from analysis.decisions.money import Money
from analysis.decisions.plain_data import from_plain
from analysis.decisions.readiness import Readiness
from analysis.decisions.risks import Risk
from analysis.decisions.strangler import CarveOut, CoreComponent
from analysis.decisions.team import ResolvedTeam
from analysis.decisions.verdicts import Verdict


@dataclass
class ModelInfo:
    file: str  # the shipped model file
    overrides: list[str] = field(default_factory=list)  # what the settings changed
    problems: list[str] = field(default_factory=list)


@dataclass
class Decisions:
    readiness: Readiness
    refactor_vs_rewrite: Verdict
    staffing: Verdict
    strangler_plan: list[CarveOut]
    keep_in_core: list[CoreComponent]
    money: Money
    top_risks: list[Risk]
    inputs: dict[str, InputValue]
    team: ResolvedTeam
    model: ModelInfo
    notes: list[str] = field(default_factory=list)
    #: input overrides of a what-if run (empty for the real advice)
    what_if: dict[str, float] = field(default_factory=dict)
    #: why the strangler plan has no carve-out (one component ...); "" when it has some
    strangler_note: str = ""
    #: the strangler plan as checkpoints, each a cumulative scenario with its projected advice
    #: (``analysis.decisions.roadmap.Checkpoint.to_dict``; read with ``checkpoints_of``)
    strangler_roadmap: list[dict[str, Any]] = field(default_factory=list)
    #: the scenario this advice is for ("" for the advice as measured)
    scenario: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decisions:
        return from_plain(cls, data)
