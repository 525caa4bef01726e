"""The AI-readiness score: five named sub-scores, a weighted mean, and the article's hard caps.

Each metric of the model scores its input 0-100 by straight lines between published (or
documented) thresholds; a sub-score is the weighted mean of its measured metrics; the score is
the weighted mean of the sub-scores that have any measured metric (the others drop out and the
report says so), then capped wherever the article says the system is constrained. Rounding:
metric scores and sub-scores to 0.1, the final score half up to a whole number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from analysis.decisions.inputs import NOT_APPLICABLE, InputValue
from analysis.decisions.model import SUBSCORE_LABELS, SUBSCORES, DecisionModel, holds


def half_up(value: float) -> int:
    return math.floor(value + 0.5)


@dataclass
class MetricScore:
    input: str
    value: float
    score: float
    weight: float
    provenance: str
    source: str  # the threshold's source


@dataclass
class Subscore:
    name: str
    label: str
    weight: float  # the model's weight for this sub-score
    score: float | None  # None when too little of its weight was measured (none, or thin)
    metrics: list[MetricScore] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # its inputs that were not measured
    note: str = ""  # why it has no score although some of its metrics were measured


@dataclass
class AppliedCap:
    id: str
    input: str
    value: float
    op: str
    threshold: float
    max_score: float
    reason: str
    source: str


@dataclass
class Readiness:
    score: int | None
    grade: str | None
    status: str  # ready | partly ready | not ready | not enough data
    uncapped_score: float | None
    coverage: float  # sum of the weights of the sub-scores measured / sum of all weights
    subscores: list[Subscore] = field(default_factory=list)
    caps: list[AppliedCap] = field(default_factory=list)  # only those that apply


def subscore(name: str, inputs: dict[str, InputValue], model: DecisionModel) -> Subscore:
    metrics = [
        m
        for m in model.metrics
        if m.subscore == name and m.weight > 0 and inputs[m.input].provenance != NOT_APPLICABLE
    ]  # a figure that does not apply to this kind of system is no part of its weight
    primary = [m for m in metrics if not m.fallback]
    measured = [m for m in primary if inputs[m.input].value is not None]
    total = sum(m.weight for m in primary)
    share = sum(m.weight for m in measured) / total if total else 0.0
    thin = bool(measured) and share < model.meta.min_subscore_coverage
    fallbacks = [m for m in metrics if m.fallback and inputs[m.input].value is not None]
    if (not measured or thin) and fallbacks:
        measured, thin = fallbacks, False
    result = Subscore(name, SUBSCORE_LABELS[name], model.weights.get(name, 0.0), None)
    for metric in measured:
        value = inputs[metric.input]
        number = value.value
        if number is None:  # measured: every metric kept has a value
            continue
        result.metrics.append(
            MetricScore(
                metric.input,
                number,
                round(metric.score(number), 1),
                metric.weight,
                value.provenance,
                metric.source,
            )
        )
    used = {m.input for m in result.metrics}
    result.missing = [m.input for m in metrics if m.input not in used and not m.fallback]
    if thin:
        result.note = (
            f"too little measured to score: {share:.0%} of its weight "
            f"(at least {model.meta.min_subscore_coverage:.0%} needed)"
        )
        return result
    weight = sum(m.weight for m in result.metrics)
    if weight:
        result.score = round(sum(m.score * m.weight for m in result.metrics) / weight, 1)
    return result


def score_readiness(inputs: dict[str, InputValue], model: DecisionModel) -> Readiness:
    subs = [subscore(name, inputs, model) for name in SUBSCORES]
    measured = [s for s in subs if s.score is not None and s.weight > 0]
    all_weight = sum(s.weight for s in subs)
    weight = sum(s.weight for s in measured)
    coverage = round(weight / all_weight, 4) if all_weight else 0.0
    if not weight:
        return Readiness(None, None, "not enough data", None, coverage, subs)
    uncapped = round(sum((s.score or 0.0) * s.weight for s in measured) / weight, 1)
    caps = []
    for cap in model.caps:
        value = inputs[cap.input].value
        if cap.enabled and value is not None and holds(cap.op, value, cap.threshold):
            caps.append(
                AppliedCap(
                    cap.id, cap.input, value, cap.op, cap.threshold, cap.max_score, cap.reason,
                    cap.source,
                )
            )  # fmt: skip
    score = half_up(min([uncapped, *(c.max_score for c in caps)]))
    return Readiness(
        score, model.grade(score), model.status_of(score), uncapped, coverage, subs, caps
    )
