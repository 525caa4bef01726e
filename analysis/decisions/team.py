"""What the team tells the advice that the repository cannot: size, cost, rework, AI plans.

:class:`TeamProfile` holds only what the team gave (``None`` = not given). :func:`resolve_team`
fills the gaps with explicit defaults, each marked with where it came from (measured from the
history, the settings, or an assumption of the model), so every use of a default says so.

The TOML form (``readiness assess PATH --team team.toml``; see the README)::

    team_size = 12
    cost_per_engineer = 150000      # loaded cost: salary, overhead, tools
    cost_period = "year"            # "year" or "hour"
    currency = "EUR"
    rework_share = 35               # percent of engineering time on rework / unplanned work
    ai_budget = 500000
    ai_timeline_months = 12
    teams_per_deployment = 3
    senior_engineers = 1            # architects / senior engineers available
    delivery_model = "library"      # service, packaged application, library, template/example
    industry = "technology"         # DORA Quick Check benchmark keys (analysis.dora.benchmark)
    organisation_size = "fewer_than_100"
    benchmark_edition = "2025"      # "2025" (default) or "2024"

    [ai_capabilities]               # DORA AI Capabilities survey answers (analysis.ai_adoption)
    clear_ai_stance_7 = "Very clear"  # an answer's text, or its position (1 = the first)
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.decisions.inputs import DEFAULT, GIVEN, MEASURED, MISSING, SETTINGS
from analysis.decisions.model import DecisionModel
from analysis.delivery_model.kinds import KINDS, TEAM_FILE, WIZARD, parse_kind
from analysis.dora.benchmark import EDITIONS, choices
from analysis.errors import AssessmentError
from analysis.toml_files import read_toml

if TYPE_CHECKING:  # read, their modules not imported (the assessment imports this one)
    from analysis.debt import DebtReport
    from analysis.decisions.result import Decisions
    from analysis.results import Assessment

PERIODS = ("year", "hour")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
#: months of history whose monthly active authors give the default team size
TEAM_SIZE_MONTHS = 3


class TeamProfileError(AssessmentError):
    """A team profile that cannot be used; the text says which field and why."""


@dataclass(frozen=True)
class TeamProfile:
    team_size: int | None = None
    cost_per_engineer: float | None = None  # loaded cost, per ``cost_period``
    cost_period: str = "year"
    currency: str | None = None  # ISO 4217 code
    rework_share: float | None = None  # 0-1: share of time on rework / unplanned work
    ai_budget: float | None = None  # in ``currency``
    ai_timeline_months: int | None = None
    teams_per_deployment: int | None = None
    senior_engineers: int | None = None  # architects / senior engineers available
    #: how the system is delivered, when the team says (analysis.delivery_model.kinds.KINDS)
    delivery_model: str | None = None
    delivery_model_source: str | None = None  # "team file" or "wizard": who set it
    #: DORA AI Capabilities survey answers: question key -> answer text or 1-based position
    #: (analysis.ai_adoption.survey); the capabilities git cannot measure
    ai_capabilities: dict[str, Any] | None = None
    #: the DORA Quick Check benchmark the team is set beside (analysis.dora.benchmark)
    industry: str | None = None
    organisation_size: str | None = None
    benchmark_edition: str | None = None

    def problems(self) -> list[str]:
        """What is wrong, in words for the user; empty when valid."""
        found = []

        def whole(name: str, low: int, high: int) -> None:
            value = getattr(self, name)
            if value is None:
                return
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                found.append(f"{name} must be a whole number from {low} to {high:,}, got {value!r}")

        def amount(name: str) -> None:
            value = getattr(self, name)
            if value is None:
                return
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value < 0
            ):
                found.append(f"{name} must be an amount of 0 or more, got {value!r}")

        whole("team_size", 1, 100_000)
        amount("cost_per_engineer")
        amount("ai_budget")
        whole("ai_timeline_months", 1, 240)
        whole("teams_per_deployment", 1, 1000)
        whole("senior_engineers", 0, 100_000)
        if self.cost_period not in PERIODS:
            found.append(f"cost_period must be 'year' or 'hour', got {self.cost_period!r}")
        if self.currency is not None and not (
            isinstance(self.currency, str) and _CURRENCY.match(self.currency)
        ):
            found.append(f"currency must be a three-letter code such as USD, got {self.currency!r}")
        if self.delivery_model is not None and self.delivery_model not in KINDS:
            found.append(
                f"delivery_model must be one of {', '.join(KINDS)}, got {self.delivery_model!r}"
            )
        if self.delivery_model_source not in (None, TEAM_FILE, WIZARD):
            found.append(
                f"delivery_model_source must be '{TEAM_FILE}' or '{WIZARD}', "
                f"got {self.delivery_model_source!r}"
            )
        if self.ai_capabilities is not None:
            if not isinstance(self.ai_capabilities, dict):
                found.append("ai_capabilities must be a table of question = answer")
            else:
                from analysis.ai_adoption.survey import answer_problems

                found.extend(answer_problems(self.ai_capabilities))
        found.extend(self.benchmark_problems())
        share = self.rework_share
        if share is not None and (
            isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1
        ):
            found.append(f"rework_share must be a share from 0 to 1, got {share!r}")
        return found

    def benchmark_problems(self) -> list[str]:
        """Industry, organisation size and edition checked against DORA's benchmark files."""
        edition = self.benchmark_edition or EDITIONS[0]
        if edition not in EDITIONS:
            return [f"benchmark_edition must be one of {', '.join(EDITIONS)}, got {edition!r}"]
        found = []
        for name, group in (("industry", "industry"), ("organisation_size", "organisation_size")):
            value = getattr(self, name)
            keys = [key for key, _ in choices(group, edition)]
            if value is not None and value not in keys:
                found.append(
                    f"{name} must be one of {', '.join(keys)} (DORA Quick Check {edition}), "
                    f"got {value!r}"
                )
        return found

    def given(self) -> list[str]:
        """Names of the fields the team gave."""
        return [
            f.name
            for f in fields(self)
            if f.name != "cost_period" and getattr(self, f.name) is not None
        ]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TeamProfile:
        """A profile from stored or file data; raises TeamProfileError when invalid."""
        if not isinstance(data, dict):
            raise TeamProfileError("the team profile must be a table of values")
        names = {f.name for f in fields(cls)}
        unknown = [key for key in data if key not in names]
        if unknown:
            raise TeamProfileError(
                f"unknown team field(s): {', '.join(unknown)} (expected {', '.join(sorted(names))})"
            )
        data = {k: v for k, v in data.items() if v is not None and v != ""}
        if "delivery_model" in data:  # "packaged_application", "Library": the canonical name
            data["delivery_model"] = parse_kind(data["delivery_model"]) or data["delivery_model"]
        profile = cls(**data)
        problems = profile.problems()
        if problems:
            raise TeamProfileError(problems[0])
        return profile


def load_team_profile(path: str | Path) -> TeamProfile:
    """The profile in a TOML file; ``rework_share`` is a percentage there (35 = 35%)."""
    raw = read_toml(path, TeamProfileError)
    data = raw.get("team", raw)
    if isinstance(data, dict) and data is not raw and "ai_capabilities" in raw:
        data = {**data, "ai_capabilities": raw["ai_capabilities"]}
    if isinstance(data, dict) and "rework_share" in data:
        share = data["rework_share"]
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 100:
            raise TeamProfileError(
                f"{Path(path).name}: rework_share must be a percentage from 0 to 100, got {share!r}"
            )
        data = {**data, "rework_share": share / 100}
    if isinstance(data, dict) and data.get("delivery_model") not in (None, ""):
        data = {**data, "delivery_model_source": TEAM_FILE}
    try:
        return TeamProfile.from_dict(data)
    except TeamProfileError as exc:
        raise TeamProfileError(f"{Path(path).name}: {exc}") from exc


@dataclass
class TeamValue:
    """A resolved team figure: value (None when neither given nor defaultable) and provenance."""

    value: Any
    provenance: str  # given | settings | measured | default | missing
    source: str

    @property
    def is_default(self) -> bool:
        return self.provenance not in (GIVEN, MISSING)


@dataclass
class ResolvedTeam:
    team_size: TeamValue
    hourly_cost: TeamValue
    yearly_cost: TeamValue
    currency: TeamValue
    rework_share: TeamValue
    ai_budget: TeamValue
    ai_timeline_months: TeamValue
    teams_per_deployment: TeamValue
    senior_engineers: TeamValue

    def to_dict(self) -> dict[str, Any]:
        return {f.name: asdict(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResolvedTeam:
        return cls(**{f.name: TeamValue(**data[f.name]) for f in fields(cls)})


def recent_authors(history) -> tuple[int, str] | None:
    """Most monthly active authors over the last months of history, and what that rests on."""
    if history is None or not history.monthly:
        return None
    recent = history.monthly[-TEAM_SIZE_MONTHS:]
    most = max(point.active_authors for point in recent)
    if most < 1:
        return None
    months = ", ".join(point.month for point in recent)
    return most, f"most monthly active authors in the history over {months}"


def resolve_team(profile: TeamProfile, history, model: DecisionModel) -> ResolvedTeam:
    """Every team figure the advice needs, defaults filled in and marked."""
    meta = model.meta
    hours = meta.hours_per_year

    def given(name: str, source: str = "team profile") -> TeamValue | None:
        value = getattr(profile, name)
        return None if value is None else TeamValue(value, GIVEN, source)

    authors = recent_authors(history)
    team_size = given("team_size") or (
        TeamValue(authors[0], MEASURED, f"default: {authors[1]}")
        if authors
        else TeamValue(None, MISSING, "not given, and no history to count active authors in")
    )
    if profile.cost_per_engineer is not None:
        per_hour = profile.cost_period == "hour"
        hourly = profile.cost_per_engineer if per_hour else profile.cost_per_engineer / hours
        yearly = profile.cost_per_engineer * hours if per_hour else profile.cost_per_engineer
        how = f"team profile, per {profile.cost_period}"
        hourly_cost = TeamValue(round(hourly, 2), GIVEN, how)
        yearly_cost = TeamValue(round(yearly, 2), GIVEN, how)
    else:
        if model.settings_hourly_cost is not None:
            rate, where, what = model.settings_hourly_cost, SETTINGS, "the settings' hourly_cost"
        else:
            rate, where, what = meta.default_hourly_cost, DEFAULT, "an assumed hourly cost (model)"
        hourly_cost = TeamValue(rate, where, f"default: {what}")
        yearly_cost = TeamValue(
            round(rate * hours, 2), where, f"default: {what} x {hours:g} h a year"
        )
    if profile.currency is not None:
        currency = TeamValue(profile.currency, GIVEN, "team profile")
    elif model.settings_currency:
        currency = TeamValue(model.settings_currency, SETTINGS, "default: settings currency")
    else:
        currency = TeamValue(meta.default_currency, DEFAULT, "default: the model's currency")
    return ResolvedTeam(
        team_size=team_size,
        hourly_cost=hourly_cost,
        yearly_cost=yearly_cost,
        currency=currency,
        rework_share=given("rework_share", "team profile (self-reported)")
        or TeamValue(None, MISSING, "not given"),
        ai_budget=given("ai_budget") or TeamValue(None, MISSING, "not given"),
        ai_timeline_months=given("ai_timeline_months")
        or TeamValue(meta.default_ai_timeline_months, DEFAULT, "default: assumed (model)"),
        teams_per_deployment=given("teams_per_deployment")
        or TeamValue(meta.default_teams_per_deployment, DEFAULT, "default: assumed (model)"),
        senior_engineers=given("senior_engineers") or TeamValue(None, MISSING, "not given"),
    )


def debt_hourly_cost(team: ResolvedTeam) -> tuple[float | None, str]:
    """The hourly cost and currency that price the debt section: the team's or the settings'
    rate; never the model's assumed default (the debt section then shows no money)."""
    if team.hourly_cost.provenance in (GIVEN, SETTINGS):
        return team.hourly_cost.value, team.currency.value
    return None, team.currency.value


def priced_debt(debt: DebtReport | None, team: ResolvedTeam) -> DebtReport | None:
    """The debt report priced with the resolved team's hourly cost (:func:`debt_hourly_cost`):
    a new report, the one given is not changed; None stays None. The loaded cost has one home,
    the resolved team (the profile's cost, else the settings' ``hourly_cost``), so the debt
    section and the advice's money price an hour the same way."""
    if debt is None:
        return None
    hourly, currency = debt_hourly_cost(team)
    return replace(debt, hourly_cost=hourly, currency=currency)


def with_advice(assessment: Assessment, decisions: Decisions) -> Assessment:
    """The assessment with ``decisions`` as its advice and its debt priced by the same team: a
    new Assessment (``dataclasses.replace``); the one given is not changed."""
    return replace(
        assessment, decisions=decisions, debt=priced_debt(assessment.debt, decisions.team)
    )
