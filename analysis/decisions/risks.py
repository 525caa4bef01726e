"""The five findings that matter most, each one sentence with its metric and its place.

Each risk of the model (``[[risk]]``) that holds is a candidate; severity = weight x how far
past the threshold the value is (value / threshold, or threshold / value for "below" risks;
at most 3; 3 when the divisor is 0). The most severe five are reported, ties in model order.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.decisions.inputs import InputValue, format_value
from analysis.decisions.model import DecisionModel, holds

TOP = 5
MAX_RATIO = 3.0


@dataclass
class Risk:
    rank: int
    sentence: str
    metric: str
    value: float
    threshold: float
    severity: float
    location: str
    provenance: str


def ratio(op: str, value: float, threshold: float) -> float:
    top, bottom = (value, threshold) if op in (">", ">=") else (threshold, value)
    if bottom == 0:
        return MAX_RATIO
    return min(MAX_RATIO, top / bottom)


def top_risks(inputs: dict[str, InputValue], model: DecisionModel) -> list[Risk]:
    found = []
    for order, rule in enumerate(model.risks):
        item = inputs.get(rule.input)
        if item is None or item.value is None or not holds(rule.op, item.value, rule.threshold):
            continue
        severity = round(rule.weight * ratio(rule.op, item.value, rule.threshold), 3)
        sentence = rule.text.format(
            value=format_value(rule.input, item.value), detail=item.detail or item.label
        )
        found.append(
            (
                -severity,
                order,
                Risk(
                    0,
                    sentence[0].upper() + sentence[1:],
                    rule.input,
                    item.value,
                    rule.threshold,
                    severity,
                    item.location or item.detail,
                    item.provenance,
                ),
            )
        )
    found.sort(key=lambda entry: entry[:2])
    risks = [entry[2] for entry in found[:TOP]]
    for rank, risk in enumerate(risks, 1):
        risk.rank = rank
    return risks
