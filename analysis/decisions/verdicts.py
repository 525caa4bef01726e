"""A verdict scored from evidence, with its confidence and what would change it.

Each rule of a verdict model reads one input against one threshold; when it holds, its points go
to the option it supports. Options start from their prior; the most points wins (ties: the
model's option order). Confidence = min(1, margin / decisive margin) x coverage, where the
margin is the winner's lead over the runner-up and coverage is the share of rule points whose
input was measured (rules on a figure that does not apply to this kind of system, such as a
library's runtime, are left out of both).

"What would change this" is computed, not written: for every input the rules read that the team
controls (delivery figures, cycles, debt, rework, staffing: ``InputSpec.actionable``; the
system's size, age or history are context, never the change to make), the search tries each
value just across every threshold on that input and a grid over the input's range, re-scores,
and keeps the nearest value that gives another verdict. When no single input flips it, pairs and
then triples of threshold crossings are searched exhaustively (least total distance), then a
greedy sequence. Distance is the move as a share of the input's range (log scale for sizes), so
a move of 10 points of change-fail rate is comparable to one of 6 days.

A verdict whose confidence is under the model's ``min_confidence`` is "no clear verdict": the
options' points nearly balance or too little was measured. It names the option it leans to and
what would settle it (the inputs that were not measured, or the nearest decisive change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from analysis.decisions.inputs import NOT_APPLICABLE, SPECS, InputValue, format_value
from analysis.decisions.model import Rule, VerdictModel, holds

CONFIDENCE_LABELS = ((0.6, "high"), (0.3, "medium"), (0.0, "low"))
GRID_STEPS = 20
MAX_COMBINED = 8


@dataclass
class Evidence:
    metric: str
    value: float
    threshold: float
    supports: str  # the option this evidence is for
    source: str
    label: str = ""
    op: str = ">="
    points: float = 0
    rule: str = ""
    provenance: str = ""
    for_verdict: bool = False
    location: str = ""


@dataclass
class OptionScore:
    option: str
    label: str
    score: float
    prior: float
    rules: int  # rules that hold for it


@dataclass
class Change:
    metric: str
    label: str
    value: float
    to: float
    text: str


@dataclass
class Flip:
    changes: list[Change]
    verdict: str
    label: str
    distance: float  # sum of the changes' distances (shares of each input's range)
    actionable: bool  # every change is one the team can make
    text: str


@dataclass
class MissingInput:
    metric: str
    label: str
    why: str


@dataclass
class Verdict:
    verdict: str
    label: str
    confidence: float
    confidence_label: str
    margin: float
    coverage: float
    options: list[OptionScore] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    what_would_change: list[Flip] = field(default_factory=list)
    missing: list[MissingInput] = field(default_factory=list)
    detail: str = ""  # e.g. the components a targeted rewrite names
    clear: bool = True  # confidence at least the model's floor; else "no clear verdict"
    settle: list[str] = field(default_factory=list)  # what would settle an unclear verdict
    #: the decision map (analysis.decisions.decision_map); {} when fewer than two levers apply
    map: dict = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """The verdict as a sentence starts: its label, or 'No clear verdict (leaning ...)'."""
        if self.clear:
            return self.label
        return f"No clear verdict (leaning towards: {self.label})"


def _rules(model: VerdictModel) -> list[Rule]:
    return [r for r in model.rules if r.enabled]


def option_scores(model: VerdictModel, values: dict[str, float | None]) -> dict[str, float]:
    scores = {option: model.prior.get(option, 0.0) for option in model.options}
    for rule in _rules(model):
        value = values.get(rule.input)
        if value is not None and holds(rule.op, value, rule.threshold):
            scores[rule.supports] += rule.points
    return scores


def winner(model: VerdictModel, scores: dict[str, float]) -> str:
    best = max(scores.values())
    return next(option for option in model.options if scores[option] == best)


def _snap(value: float, resolution: float) -> float:
    return round(round(value / resolution) * resolution, 10)


def candidate_values(
    key: str, current: float, model: VerdictModel, grid: bool = True
) -> list[float]:
    """Values of one input just across each threshold the rules put on it, plus a grid."""
    spec = SPECS[key]
    found: set[float] = set()
    for rule in _rules(model):
        if rule.input != key:
            continue
        t = rule.threshold
        low, high = (t - spec.resolution, t) if rule.op in ("<", ">=") else (t, t + spec.resolution)
        found.update((_snap(low, spec.resolution), _snap(high, spec.resolution)))
    if grid:
        step = (spec.hi - spec.lo) / GRID_STEPS
        found.update(_snap(spec.lo + i * step, spec.resolution) for i in range(GRID_STEPS + 1))
    return sorted(v for v in found if spec.lo <= v <= spec.hi and v != current)


def _known(values: dict[str, float | None], key: str) -> float:
    """A value the caller knows is measured (the search only moves measured inputs)."""
    value = values[key]
    if value is None:
        raise ValueError(f"{key} is not measured")
    return value


def _nearest_first(key: str, current: float, model: VerdictModel, grid: bool = True) -> list[float]:
    """:func:`candidate_values`, the nearest to ``current`` first."""
    spec = SPECS[key]
    values = candidate_values(key, current, model, grid=grid)
    return sorted(values, key=lambda v: spec.distance(current, v))


def _change(key: str, current: float, to: float) -> Change:
    label = SPECS[key].label
    text = f"{label} {format_value(key, current)} → {format_value(key, to)}"
    return Change(key, label, current, to, text)


def _flip(model: VerdictModel, moves: list[tuple[str, float]], values, verdict: str) -> Flip:
    changes = [_change(key, values[key], to) for key, to in moves]
    distance = round(sum(SPECS[k].distance(values[k], to) for k, to in moves), 4)
    words = "; ".join(c.text for c in changes)
    return Flip(
        changes,
        verdict,
        model.labels[verdict],
        distance,
        all(SPECS[k].actionable for k, _ in moves),
        f"{words} → {model.labels[verdict]}",
    )


def _moves(model: VerdictModel, values, keys: list[str]) -> list[tuple[str, float, tuple]]:
    """Per input, the nearest value for each distinct effect on the option scores.

    Every rule reads one input, so a change of one input moves the scores by a fixed amount
    whatever the other inputs are: moves combine by adding these effects.
    """
    base = option_scores(model, values)
    out = []
    for key in keys:
        seen = set()
        for to in _nearest_first(key, _known(values, key), model, grid=False):
            scores = option_scores(model, {**values, key: to})
            effect = tuple(scores[o] - base[o] for o in model.options)
            if any(effect) and effect not in seen:
                seen.add(effect)
                out.append((key, to, effect))
    return out


def what_would_change(
    model: VerdictModel, values: dict[str, float | None], limit: int = 5
) -> list[Flip]:
    """The nearest changes of the inputs that give another verdict (see the module doc)."""
    base = option_scores(model, values)
    current = winner(model, base)
    keys = sorted(
        {
            r.input
            for r in _rules(model)
            if values.get(r.input) is not None and SPECS[r.input].actionable
        }
    )

    def verdict_with(moves) -> str:
        return winner(model, option_scores(model, {**values, **moves}))

    singles = []
    for key in keys:
        for to in _nearest_first(key, _known(values, key), model):
            outcome = verdict_with({key: to})
            if outcome != current:
                singles.append(_flip(model, [(key, to)], values, outcome))
                break
    if singles:
        return sorted(singles, key=lambda f: (f.distance, f.changes[0].metric))[:limit]
    moves = _moves(model, values, keys)

    def outcome_of(combo) -> str:
        scores = {
            o: base[o] + sum(effect[i] for _, _, effect in combo)
            for i, o in enumerate(model.options)
        }
        return winner(model, scores)

    for size in (2, 3):
        best = None
        for combo in combinations(moves, size):
            if len({key for key, _, _ in combo}) < size:
                continue
            outcome = outcome_of(combo)
            if outcome == current:
                continue
            flip = _flip(model, [(key, to) for key, to, _ in combo], values, outcome)
            if best is None or flip.distance < best.distance:
                best = flip
        if best is not None:
            return [best]
    return _greedy(model, values, [(key, to) for key, to, _ in moves], current)


def _margin(model: VerdictModel, values, current: str) -> float:
    scores = option_scores(model, values)
    return scores[current] - max(s for o, s in scores.items() if o != current)


def _greedy(model: VerdictModel, values, moves, current: str) -> list[Flip]:
    """Add the crossing that most reduces the winner's lead per unit of distance until the
    verdict changes, then drop every change the new verdict does not need (largest first)."""
    chosen = _greedy_set(model, values, moves, current)
    if not chosen:
        return []
    for key in sorted(chosen, key=lambda k: -SPECS[k].distance(values[k], chosen[k])):
        trial = {k: v for k, v in chosen.items() if k != key}
        if winner(model, option_scores(model, {**values, **trial})) != current:
            chosen = trial
    outcome = winner(model, option_scores(model, {**values, **chosen}))
    return [_flip(model, list(chosen.items()), values, outcome)]


def _greedy_set(model: VerdictModel, values, moves, current: str) -> dict[str, float]:
    chosen: dict[str, float] = {}
    trial = dict(values)
    for _ in range(MAX_COMBINED):
        margin = _margin(model, trial, current)
        best, best_gain = None, 0.0
        for key, to in moves:
            if key in chosen:
                continue
            gain = (margin - _margin(model, {**trial, key: to}, current)) / max(
                SPECS[key].distance(values[key], to), 0.01
            )
            if gain > best_gain:
                best, best_gain = (key, to), gain
        if best is None:
            return {}
        chosen[best[0]] = best[1]
        trial[best[0]] = best[1]
        if winner(model, option_scores(model, trial)) != current:
            return chosen
    return {}


def decide_verdict(model: VerdictModel, inputs: dict[str, InputValue], detail: str = "") -> Verdict:
    values = {key: item.value for key, item in inputs.items()}
    scores = option_scores(model, values)
    verdict = winner(model, scores)
    ranked = sorted(scores.values(), reverse=True)
    margin = ranked[0] - ranked[1] if len(ranked) > 1 else ranked[0]
    rules = [r for r in _rules(model) if inputs[r.input].provenance != NOT_APPLICABLE]
    total = sum(abs(r.points) for r in rules)
    measured = sum(abs(r.points) for r in rules if values.get(r.input) is not None)
    coverage = round(measured / total, 4) if total else 0.0
    confidence = round(min(1.0, margin / model.decisive_margin) * coverage, 2)
    label = next(name for limit, name in CONFIDENCE_LABELS if confidence >= limit)
    evidence: list[Evidence] = []
    missing: dict[str, MissingInput] = {}
    fired = {o: 0 for o in model.options}
    for rule in rules:
        item = inputs[rule.input]
        if item.value is None:
            missing.setdefault(rule.input, MissingInput(rule.input, item.label, item.note))
            continue
        if not holds(rule.op, item.value, rule.threshold):
            continue
        fired[rule.supports] += 1
        evidence.append(
            Evidence(
                metric=rule.input,
                value=item.value,
                threshold=rule.threshold,
                supports=rule.supports,
                source=rule.source,
                label=item.label,
                op=rule.op,
                points=rule.points,
                rule=rule.id,
                provenance=item.provenance,
                for_verdict=rule.supports == verdict,
                location=item.location,
            )
        )
    evidence.sort(key=lambda e: (not e.for_verdict, -e.points, e.rule))
    flips = what_would_change(model, values)
    clear = confidence >= model.min_confidence
    options = [
        OptionScore(o, model.labels[o], scores[o], model.prior.get(o, 0.0), fired[o])
        for o in sorted(model.options, key=lambda o: (-scores[o], model.options.index(o)))
    ]
    return Verdict(
        verdict=verdict,
        label=model.labels[verdict],
        confidence=confidence,
        confidence_label=label,
        margin=margin,
        coverage=coverage,
        options=options,
        evidence=evidence,
        what_would_change=flips,
        missing=list(missing.values()),
        detail=detail,
        clear=clear,
        settle=[] if clear else _settle(list(missing.values()), flips, coverage),
    )


def _settle(missing: list[MissingInput], flips: list[Flip], coverage: float) -> list[str]:
    """What data or change would make an unclear verdict clear, in words."""
    found = [f"measure or answer: {m.label} ({m.why})" if m.why else m.label for m in missing]
    if flips and coverage >= 0.5:
        found.append(f"the options nearly balance; the nearest decisive change: {flips[0].text}")
    elif not found:
        found.append("the options' points balance: no measured input decides between them")
    return found
