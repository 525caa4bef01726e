"""The advice for one assessment, team and model, recomputed quickly for any scenario.

What an assessment says about itself (the component facts, the tests' presence, the delivery
model, the measured inputs, the strangler plan) is read once; a scenario then replaces inputs
and team fields and re-runs the same functions as the measured advice: the readiness score and
caps, both verdicts with what would change them, the money, the risks and the decision maps.
Reading the component facts is 60% of a full ``decide`` on saleor (45 ms, 4,338 Python files),
so a what-if edit that reuses them stays well under the 50 ms a repaint may take.

Settings are lever keys (:data:`analysis.decisions.scenario.LEVERS`) or, for the what-if search
and the maps, any input of the advice (:data:`analysis.decisions.inputs.SPECS`). Team levers
change the team profile (so the money reads them); the others replace the input. Inputs derived
from a set one follow it: the share of components in cycles follows their number, and the
rework share follows the team's reported figure unless it is set itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from analysis.decisions.ai_adoption_note import ai_adoption_notes
from analysis.decisions.component_facts import component_facts
from analysis.decisions.decision_map import decision_map
from analysis.decisions.inputs import NOT_APPLICABLE, SPECS, InputValue
from analysis.decisions.measured import effective_rework, gather_inputs, team_inputs
from analysis.decisions.model import MODEL_FILE, DecisionModel, load_model
from analysis.decisions.money import debt_hours, money_figures
from analysis.decisions.readiness import score_readiness
from analysis.decisions.result import Decisions, ModelInfo
from analysis.decisions.risks import top_risks
from analysis.decisions.roadmap import roadmap_of
from analysis.decisions.scenario import LEVERS, TEAM_FIELDS, Lever, ScenarioError
from analysis.decisions.strangler import strangler_plan
from analysis.decisions.team import ResolvedTeam, TeamProfile, resolve_team
from analysis.decisions.tests_present import presence_of_tests
from analysis.decisions.verdicts import decide_verdict
from analysis.delivery_model.kinds import (
    CARVE_OUTS_DO_NOT_APPLY,
    SERVICE,
    TEAM_FILE,
    DeliveryModel,
    carve_outs_apply,
    with_override,
)

if TYPE_CHECKING:  # the assessment is read, its module not imported (it imports this)
    from analysis.results import Assessment

WHAT_IF = "what-if"
KEEP, FULL_REWRITE = "keep_and_improve", "full_rewrite"
VERDICTS = ("refactor_vs_rewrite", "staffing")
REWEIGHTED = "The scenario brings"


def delivery_model_of(assessment: Assessment, team: TeamProfile) -> DeliveryModel:
    """The delivery model the advice reads: the one detected (stored with the assessment; a
    service for reports written before it existed), or the one the team profile sets."""
    stored = getattr(assessment.repository, "delivery_model", None)
    if stored is None:
        stored = DeliveryModel(SERVICE, ["not detected in this assessment: read as a service"])
    return with_override(stored, team.delivery_model, team.delivery_model_source or TEAM_FILE)


def _notes(inputs: dict[str, InputValue], readiness) -> list[str]:
    notes = []
    missing = [s.label for s in readiness.subscores if s.score is None]
    if missing:
        notes.append(
            f"Not measured, left out of the score (others re-weighted): {', '.join(missing)}."
        )
    defaults = [v.label for v in inputs.values() if "default" in v.source]
    if defaults:
        notes.append(f"Defaults in use (marked where used): {', '.join(defaults)}.")
    return notes


def _reweighted(measured, played) -> list[str]:
    """A scenario that gives a value to a sub-score the assessment could not score brings it
    into the weighted mean: say so, since the score can then fall though no figure got worse."""
    left_out = {s.name for s in measured.subscores if s.score is None}
    brought = [s.label for s in played.subscores if s.name in left_out and s.score is not None]
    if not brought:
        return []
    return [
        f"{REWEIGHTED} {', '.join(brought)} into the score (not measured in the "
        "assessment): the score is re-weighted, so it can fall though no figure got worse."
    ]


def reweighting_notes(decisions: Decisions) -> list[str]:
    """The notes of a scenario's advice that say its score is re-weighted (see above)."""
    return [note for note in decisions.notes if note.startswith(REWEIGHTED)]


class Advisor:
    """The advice of one assessment under any scenario (see the module doc)."""

    def __init__(
        self,
        assessment: Assessment,
        team: TeamProfile | None = None,
        model: DecisionModel | None = None,
        model_problems: list[str] | None = None,
        maps: bool = True,
    ) -> None:
        if model is None:
            model, model_problems = load_model()
        self.assessment = assessment
        self.team = team or TeamProfile()
        self.model = model
        self.model_problems = list(model_problems or [])
        self.maps = maps
        self.components = component_facts(assessment)
        self.presence = presence_of_tests(assessment.code.files)
        self.delivery = delivery_model_of(assessment, self.team)
        self.resolved = resolve_team(self.team, assessment.history, model)
        self.inputs = gather_inputs(
            assessment, self.resolved, self.components, self.presence, model, self.delivery.kind
        )
        if carve_outs_apply(self.delivery.kind):
            self.plan, self.core, self.plan_notes = strangler_plan(
                assessment, self.components, self.inputs, model
            )
        else:
            self.plan, self.core, self.plan_notes = [], [], [CARVE_OUTS_DO_NOT_APPLY]
        self._debt_hours = debt_hours(assessment)
        self.axes: dict[str, tuple[str, str]] = {}  # the measured maps' inputs, per verdict
        self.base = self.decide()
        self.base.strangler_roadmap = [c.to_dict() for c in roadmap_of(self)]

    # -- levers -------------------------------------------------------------------------------
    def levers(self) -> list[Lever]:
        """The levers a scenario may set for this system (an input that does not apply to its
        kind, such as a library's deployments, is left out)."""
        return [
            lever
            for lever in LEVERS.values()
            if lever.key not in self.inputs or self.inputs[lever.key].provenance != NOT_APPLICABLE
        ]

    def current(self, key: str) -> float | None:
        """A lever's value as measured, given or assumed now."""
        if key == "cost_per_engineer":
            return self.resolved.yearly_cost.value
        if key in ("ai_budget", "ai_timeline_months"):
            return getattr(self.resolved, key).value
        item = self.inputs.get(key)
        return None if item is None else item.value

    def check(self, settings: dict[str, float]) -> None:
        """ScenarioError for a setting this system cannot take (more components in cycles than
        it has, an input that does not apply to its kind)."""
        applicable = {lever.key for lever in self.levers()}
        for key, value in settings.items():
            if key in LEVERS and key not in applicable:
                raise ScenarioError(f"{key} does not apply to a {self.delivery.kind}")
            if key == "components_in_cycles":
                total = self.inputs["components"].value
                if total is not None and value > total:
                    raise ScenarioError(
                        f"components_in_cycles must be at most {total:g} (the components), "
                        f"got {value:g}"
                    )

    # -- the advice ---------------------------------------------------------------------------
    def scenario_inputs(
        self, settings: dict[str, float]
    ) -> tuple[dict[str, InputValue], ResolvedTeam]:
        """The inputs (and resolved team) under ``settings``: the same derivations as the
        measured advice."""
        team_moves = {k: v for k, v in settings.items() if k in TEAM_FIELDS}
        inputs = dict(self.inputs)
        resolved = self.resolved
        if team_moves:
            profile = replace(self.team, **{k: _team_value(k, v) for k, v in team_moves.items()})
            if "cost_per_engineer" in team_moves:
                profile = replace(profile, cost_period="year")
            resolved = resolve_team(profile, self.assessment.history, self.model)
            inputs.update({v.key: v for v in team_inputs(self.assessment, resolved)})
            for key in team_moves:
                if key in inputs:
                    inputs[key] = InputValue(key, inputs[key].value, WHAT_IF, WHAT_IF)
        for key, value in settings.items():
            if key in TEAM_FIELDS:
                continue
            if key not in SPECS:
                raise ScenarioError(f"unknown input {key!r}")
            inputs[key] = InputValue(key, value, WHAT_IF, WHAT_IF)
        if "components_in_cycles" in settings and "cycle_share" not in settings:
            total = inputs["components"].value
            if total:
                share = round(settings["components_in_cycles"] / total, 4)
                inputs["cycle_share"] = InputValue("cycle_share", share, WHAT_IF, WHAT_IF)
        if "rework_share" not in settings:
            inputs["rework_share"] = effective_rework(inputs)
        return inputs, resolved

    def decide(self, settings: dict[str, float] | None = None, name: str = "") -> Decisions:
        """The advice under ``settings`` (none: as measured); ``name`` names the scenario."""
        settings = dict(settings or {})
        inputs, resolved = self.scenario_inputs(settings)
        model = self.model
        readiness = score_readiness(inputs, model)
        refactor = decide_verdict(
            model.refactor, inputs, detail=inputs["rewrite_candidates"].detail
        )
        staffing = decide_verdict(model.staffing, inputs)
        notes = list(self.plan_notes)
        if self.plan and refactor.verdict in (KEEP, FULL_REWRITE):
            notes.append(
                f"The verdict is {refactor.label.lower()}: the carve-out order is for later, "
                "should the system become constrained."
            )
        if settings:  # the measured advice (self.base) is made first, with no settings
            notes += _reweighted(self.base.readiness, readiness)
        notes += ai_adoption_notes(getattr(self.assessment, "ai_adoption", None))
        decisions = Decisions(
            readiness=readiness,
            refactor_vs_rewrite=refactor,
            staffing=staffing,
            strangler_plan=self.plan,
            keep_in_core=self.core,
            money=money_figures(
                self.assessment, resolved, inputs, model, self._scaled_debt(inputs)
            ),
            top_risks=top_risks(inputs, model),
            inputs=inputs,
            team=resolved,
            model=ModelInfo(MODEL_FILE, list(model.overrides), self.model_problems),
            notes=_notes(inputs, readiness) + notes,
            what_if=settings,
            strangler_note="" if self.plan else (self.plan_notes[-1] if self.plan_notes else ""),
            scenario=name,
        )
        if self.maps:
            for which in VERDICTS:
                # a scenario is drawn on the measured map's axes: the point moves, the map stays
                axes = self.axes.get(which) if settings else None
                found = decision_map(self, which, settings, decisions, axes) or {}
                getattr(decisions, which).map = found
                if not settings and found:
                    self.axes[which] = (found["x"]["input"], found["y"]["input"])
        return decisions

    def _scaled_debt(self, inputs: dict[str, InputValue]) -> InputValue:
        """The remediation hours under a scenario's debt ratio: SQALE's ratio is remediation
        cost / development cost, and the development cost is the code's, so the hours scale
        with the ratio (SonarQube, "Technical debt ratio")."""
        hours, ratio = self._debt_hours, inputs["debt_ratio"]
        base = self.inputs["debt_ratio"].value
        if ratio.provenance != WHAT_IF or hours.value is None or not base or ratio.value is None:
            return hours
        scaled = round(hours.value * ratio.value / base, 2)
        return InputValue(
            "debt_hours",
            scaled,
            WHAT_IF,
            f"what-if: measured hours x debt ratio {ratio.value:g} / {base:g}",
        )


def _team_value(key: str, value: float):
    return value if key in ("cost_per_engineer", "ai_budget") else int(value)
