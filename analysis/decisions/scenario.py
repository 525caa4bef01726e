"""What-if scenarios: named settings of the inputs a team controls, played against the advice.

A scenario sets levers (the five DORA figures, cycles, debt, duplication, rework, the team's size
and cost, the AI budget and timeline, senior architects) and the advice is recomputed by the same
functions (:class:`analysis.decisions.advisor.Advisor`), so a plan on the table reads as a score,
a grade and two verdicts. The article's before/after (lead time 12 -> 3 days, weekly -> daily
deployments, change fail rate 30% -> under 10%) is offered as a ready-made scenario, labelled as
the article's (resources/methodology.md, "Case study").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.decisions.inputs import (
    COUNT,
    DAYS,
    FRACTION,
    HOURS,
    MONEY,
    MONTHS,
    PER_WEEK,
    SPECS,
)
from analysis.delivery_model.kinds import SERVICE
from analysis.errors import AssessmentError

INPUT, TEAM = "input", "team"
#: who made a scenario: the user, the article's targets, a strangler-roadmap checkpoint
TEAM_MADE, ARTICLE, CHECKPOINT = "team", "article", "checkpoint"
ORIGINS = (TEAM_MADE, ARTICLE, CHECKPOINT)
MAX_NAME = 80


class ScenarioError(AssessmentError):
    """A scenario setting that cannot be used; the text (one line) says which and why."""


@dataclass(frozen=True)
class Lever:
    """One input a scenario may set: its range and step, and whether it moves an input of the
    advice directly or a field of the team profile (which the money and the inputs then read)."""

    key: str
    label: str
    unit: str
    lo: float
    hi: float
    resolution: float
    target: str  # INPUT | TEAM
    tip: str
    #: which way is better for the system: "lower", "higher", or "" for a team figure (more
    #: engineers or budget is a choice, not an improvement)
    better: str = ""

    @property
    def whole(self) -> bool:
        """Counts and months take whole numbers."""
        return self.unit in (COUNT, MONTHS)

    def at_least_as_good(self, value: float, target: float) -> bool:
        """Is ``value`` at ``target`` or better (False when the lever has no direction)?"""
        if self.better == "lower":
            return value <= target
        if self.better == "higher":
            return value >= target
        return False


#: how far a scenario may set an input beyond the range the what-if search explores
#: (inputs.SPECS): real systems measure past it (saleor: 718 imports of other components'
#: models against the search's 200; a 90-day lead time against its 60)
_LEVER_HI = {
    "lead_time_days": 3650,
    "deploys_per_week": 10_000,
    "releases_per_week": 1000,
    "recovery_hours": 100_000,
    "components_in_cycles": 100_000,  # at most the system's components (Advisor.check)
    "shared_model_imports": 1_000_000,
    "truck_factor": 10_000,
}


def _input_lever(key: str, tip: str, better: str = "lower") -> Lever:
    spec = SPECS[key]
    hi = _LEVER_HI.get(key, spec.hi)
    return Lever(key, spec.label, spec.unit, spec.lo, hi, spec.resolution, INPUT, tip, better)


_DORA = "DORA, Accelerate State of DevOps 2024 (resources/methodology.md)"
_LEVERS = (
    _input_lever("lead_time_days", f"Median days from commit to production. {_DORA}."),
    _input_lever(
        "deploys_per_week", f"Production deployments a week (services). {_DORA}.", "higher"
    ),
    _input_lever(
        "releases_per_week", "Releases a week (libraries, packaged applications).", "higher"
    ),
    _input_lever("change_fail_rate", f"Share of deployments that need a fix or revert. {_DORA}."),
    _input_lever("recovery_hours", f"Median hours to recover from a failed deployment. {_DORA}."),
    _input_lever("deployment_rework_rate", f"Share of deployments that were unplanned. {_DORA}."),
    _input_lever(
        "components_in_cycles", "Components in import cycles (strongly connected components)."
    ),
    _input_lever("debt_ratio", "SQALE technical debt ratio: remediation / development cost."),
    _input_lever("duplication_share", "Share of code lines in duplicated blocks."),
    _input_lever("rework_share", "Share of the team's time on rework and unplanned work."),
    # the other inputs a verdict's rules read that a plan can move (inputs.SPECS actionable), so
    # that every axis of a decision map and every "what would change it" can be played
    _input_lever(
        "cross_component_share", "Share of module imports that cross components (coupling)."
    ),
    _input_lever("shared_model_imports", "Imports of another component's data models."),
    _input_lever("test_share", "Share of Python files that are tests.", "higher"),
    _input_lever("python2_share", "Share of Python files still in Python 2."),
    _input_lever(
        "truck_factor",
        "Fewest developers whose leaving orphans half the files (Avelino et al. 2016); "
        "raised by spreading knowledge.",
        "higher",
    ),
    Lever(
        "team_size", "Engineers on the team", COUNT, 1, 100_000, 1, TEAM, "Engineers on the team."
    ),
    Lever(
        "cost_per_engineer",
        "Loaded cost per engineer (a year)",
        MONEY,
        0,
        10_000_000,
        1000,
        TEAM,
        "Salary and overheads of one engineer for a year, in the team's currency.",
    ),
    Lever(
        "ai_budget", "AI budget", MONEY, 0, 10_000_000_000, 1000, TEAM, "The AI programme's budget."
    ),
    Lever(
        "ai_timeline_months",
        "AI timeline (months)",
        MONTHS,
        1,
        240,
        1,
        TEAM,
        "Months the AI programme runs.",
    ),
    Lever(
        "senior_engineers",
        "Architects / senior engineers",
        COUNT,
        0,
        10_000,
        1,
        TEAM,
        "Architects and senior engineers available to lead a re-architecture.",
    ),
    Lever(
        "teams_per_deployment",
        "Teams coordinating a deployment",
        COUNT,
        1,
        1000,
        1,
        TEAM,
        "Teams that must coordinate to ship one deployment (Team Topologies).",
        "lower",
    ),
)
LEVERS: dict[str, Lever] = {lever.key: lever for lever in _LEVERS}
#: team-profile fields a scenario sets (team_size and senior_engineers are also advice inputs,
#: reached through the profile so that the money reads the same figure)
TEAM_FIELDS = tuple(lever.key for lever in _LEVERS if lever.target == TEAM)
_UNIT_WORDS = {
    DAYS: "days",
    HOURS: "hours",
    PER_WEEK: "a week",
    MONEY: "an amount",
    MONTHS: "months",
    COUNT: "a count",
}


def check_setting(key: str, value: Any) -> float:
    """``value`` as the lever takes it; ScenarioError (one line) for an unknown lever, a value
    that is not a number, not whole where it must be, or outside the lever's range."""
    lever = LEVERS.get(key)
    if lever is None:
        raise ScenarioError(f"unknown input {key!r} (one of: {', '.join(LEVERS)})")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(f"{key} must be a number, got {value!r}")
    if lever.whole and float(value) != int(value):
        raise ScenarioError(f"{key} must be a whole number, got {value:g}")
    if not lever.lo <= value <= lever.hi:
        if lever.unit == FRACTION:
            raise ScenarioError(f"{key} must be a share from 0 to 1, got {value:g}")
        unit = _UNIT_WORDS.get(lever.unit, lever.unit)
        raise ScenarioError(
            f"{key} must be from {lever.lo:,g} to {lever.hi:,g} ({unit}), got {value:g}"
        )
    return float(value)


def parse_setting(text: str) -> tuple[str, float]:
    """``"change_fail_rate=0.08"`` -> ``("change_fail_rate", 0.08)``, checked."""
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key or not raw:
        raise ScenarioError(f"expected INPUT=VALUE, got {text!r}")
    try:
        value = float(raw.rstrip("%")) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise ScenarioError(f"{key} must be a number, got {raw!r}") from None
    return key, check_setting(key, value)


def check_name(name: Any) -> str:
    """A scenario name: 1-80 printable characters, trimmed."""
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError("a scenario needs a name")
    name = name.strip()
    if len(name) > MAX_NAME or not name.isprintable():
        raise ScenarioError(f"a scenario name is 1-{MAX_NAME} printable characters")
    return name


@dataclass
class Scenario:
    name: str
    settings: dict[str, float] = field(default_factory=dict)
    origin: str = TEAM_MADE
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Scenario:
        """A scenario from stored or file data, every setting checked (ScenarioError)."""
        if not isinstance(data, dict):
            raise ScenarioError("a scenario must be a table of values")
        settings = data.get("settings") or {}
        if not isinstance(settings, dict):
            raise ScenarioError("a scenario's settings must be a table of INPUT = VALUE")
        origin = data.get("origin", TEAM_MADE)
        if origin not in ORIGINS:
            raise ScenarioError(f"unknown scenario origin {origin!r}")
        note = data.get("note", "")
        return cls(
            check_name(data.get("name")),
            {key: check_setting(key, value) for key, value in settings.items()},
            origin,
            note if isinstance(note, str) else "",
        )


ARTICLE_NAME = "The article's targets"


def article_scenario(
    delivery_kind: str = SERVICE, current: Callable[[str], float | None] | None = None
) -> Scenario:
    """The article's after-state: lead time 3 days, daily deployments (5 a week: each working
    day), change fail rate under 10% (9%). A library or packaged application has releases, not
    deployments: the deployment target is left out for it. With ``current`` (a lever's value
    now, :meth:`analysis.decisions.advisor.Advisor.current`), a target the system already meets
    is left out too: a change fail rate measured at 2% stays 2%, never "improved" to 9%."""
    settings = {"lead_time_days": 3.0, "change_fail_rate": 0.09}
    note = "The article's case study: lead time 12 -> 3 days, change fail rate 30% -> under 10%"
    if delivery_kind == SERVICE:
        settings["deploys_per_week"] = 5.0
        note += ", weekly -> daily deployments (5 a week)"
    else:
        note += "; its daily deployments do not apply to a library or packaged application"
    note += "."
    if current is not None:
        met = [
            key
            for key, target in settings.items()
            if (now := current(key)) is not None and LEVERS[key].at_least_as_good(now, target)
        ]
        if met:
            note += f" Already met here, kept as measured: {_words(met)}."
        settings = {k: v for k, v in settings.items() if k not in met}
    return Scenario(ARTICLE_NAME, settings, ARTICLE, note)


def _words(keys: list[str]) -> str:
    return ", ".join(LEVERS[key].label.lower() for key in keys)
