"""``decide(assessment, team, model)``: the advice, a pure function of measured figures,
the team's answers and the model.

It reads only the assessment's sections (never the repository), so the GUI recomputes it when
the team data changes, later runs and exports call it on stored assessments, and a what-if
(``what_if={"change_fail_rate": 0.09}``) re-runs the same functions with one input changed.
"""

from __future__ import annotations

from analysis.decisions.component_facts import component_facts
from analysis.decisions.inputs import InputValue
from analysis.decisions.measured import effective_rework, gather_inputs
from analysis.decisions.model import MODEL_FILE, DecisionModel, load_model
from analysis.decisions.money import money_figures
from analysis.decisions.readiness import score_readiness
from analysis.decisions.result import Decisions, ModelInfo
from analysis.decisions.risks import top_risks
from analysis.decisions.strangler import strangler_plan
from analysis.decisions.team import TeamProfile, resolve_team
from analysis.decisions.test_presence import presence_of_tests
from analysis.decisions.verdicts import decide_verdict
from analysis.delivery_model.kinds import (
    CARVE_OUTS_DO_NOT_APPLY,
    SERVICE,
    TEAM_FILE,
    DeliveryModel,
    carve_outs_apply,
    with_override,
)

WHAT_IF = "what-if"
KEEP, FULL_REWRITE = "keep_and_improve", "full_rewrite"


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


def delivery_model_of(assessment, team: TeamProfile) -> DeliveryModel:
    """The delivery model the advice reads: the one detected (stored with the assessment; a
    service for reports written before it existed), or the one the team profile sets."""
    stored = getattr(assessment.repository, "delivery_model", None)
    if stored is None:
        stored = DeliveryModel(SERVICE, ["not detected in this assessment: read as a service"])
    return with_override(stored, team.delivery_model, team.delivery_model_source or TEAM_FILE)


def decide(
    assessment,
    team: TeamProfile | None = None,
    model: DecisionModel | None = None,
    what_if: dict[str, float] | None = None,
    model_problems: list[str] | None = None,
) -> Decisions:
    """The advice for ``assessment`` (an :class:`analysis.assessment.Assessment`)."""
    if model is None:
        model, model_problems = load_model()
    team = team or TeamProfile()
    resolved = resolve_team(team, assessment.history, model)
    components = component_facts(assessment)
    presence = presence_of_tests(assessment.code.files)
    delivery = delivery_model_of(assessment, team)
    inputs = gather_inputs(assessment, resolved, components, presence, model, delivery.kind)
    for key, value in (what_if or {}).items():
        inputs[key] = InputValue(key, value, WHAT_IF, WHAT_IF)
    if what_if and "rework_share" not in what_if:
        inputs["rework_share"] = effective_rework(inputs)
    readiness = score_readiness(inputs, model)
    refactor = decide_verdict(model.refactor, inputs, detail=inputs["rewrite_candidates"].detail)
    staffing = decide_verdict(model.staffing, inputs)
    if carve_outs_apply(delivery.kind):
        plan, core, plan_notes = strangler_plan(assessment, components, inputs, model)
    else:
        plan, core, plan_notes = [], [], [CARVE_OUTS_DO_NOT_APPLY]
    plan_note = "" if plan else (plan_notes[-1] if plan_notes else "")
    if plan and refactor.verdict in (KEEP, FULL_REWRITE):
        plan_notes.append(
            f"The verdict is {refactor.label.lower()}: the carve-out order is for later, should "
            "the system become constrained."
        )
    return Decisions(
        readiness=readiness,
        refactor_vs_rewrite=refactor,
        staffing=staffing,
        strangler_plan=plan,
        keep_in_core=core,
        money=money_figures(assessment, resolved, inputs, model),
        top_risks=top_risks(inputs, model),
        inputs=inputs,
        team=resolved,
        model=ModelInfo(MODEL_FILE, list(model.overrides), list(model_problems or [])),
        notes=_notes(inputs, readiness) + plan_notes,
        what_if=dict(what_if or {}),
        strangler_note=plan_note,
    )
