"""A decision map: the verdict the model gives over a grid of the two inputs that move it most.

Axes: the inputs of the nearest changes that flip the verdict (the what-would-change search,
:mod:`analysis.decisions.verdicts`), then the other levers the team controls that the verdict's
rules read, by the points those rules carry; never two inputs of which one is derived from the
other (components in cycles and their share; the rework shares). Each axis runs over the input's
range (log-spaced for sizes) plus the values just across every threshold and the current value,
so region borders fall exactly on the thresholds.

Regions are the model's own verdict (:func:`analysis.decisions.verdicts.winner`) at each grid
point, every other input held at its value in the scenario. Every rule reads one input, so the
options' scores under a move of both axes are the scores now plus each axis's own effect; each
axis's effect is computed through the same scenario inputs the advice uses (derived inputs
follow), and the map is therefore exactly what ``decide`` gives at that point (checked by a
test over every grid point). The nearest flip is the grid point of another verdict with the
least distance (the search's measure: the move as a share of each input's range).
"""

from __future__ import annotations

import math
from typing import Any

from analysis.decisions.inputs import SPECS, format_value
from analysis.decisions.model import VerdictModel
from analysis.decisions.scenario import LEVERS
from analysis.decisions.verdicts import decide_verdict, option_scores, winner

GRID = 40
#: the axes are chosen among this many of the best-ranked inputs
CANDIDATES = 6
#: inputs derived from each other: a map never puts two of one group on its axes
DERIVED = (
    frozenset({"components_in_cycles", "cycle_share"}),
    frozenset({"rework_share", "rework_share_reported", "rework_share_measured"}),
)


def verdict_model(model, which: str) -> VerdictModel:
    return model.refactor if which == "refactor_vs_rewrite" else model.staffing


def _related(a: str, b: str) -> bool:
    return any(a in group and b in group for group in DERIVED)


def ranked_inputs(
    model: VerdictModel, verdict, values: dict[str, float | None], limit: int | None = CANDIDATES
) -> list[str]:
    """The levers this verdict's rules read, nearest flip first (see the module doc)."""
    weight: dict[str, float] = {}
    for rule in model.rules:
        if (
            rule.enabled
            and values.get(rule.input) is not None
            and rule.input in LEVERS  # a scenario can play it (and the team controls it)
            and not _fixed(rule.input, values)
        ):
            weight[rule.input] = weight.get(rule.input, 0.0) + abs(rule.points)
    ranked = [c.metric for flip in verdict.what_would_change for c in flip.changes]
    ranked += sorted(weight, key=lambda k: (-weight[k], k))
    return list(dict.fromkeys(k for k in ranked if k in weight))[:limit]


def _fixed(key: str, values: dict[str, float | None]) -> bool:
    """An input the system cannot move: no cycle is possible among fewer than two components."""
    if key in ("components_in_cycles", "cycle_share"):
        return (values.get("components") or 0) < 2
    return False


def _snap(value: float, resolution: float) -> float:
    return round(round(value / resolution) * resolution, 10)


def axis_values(
    model: VerdictModel, key: str, current: float, hi: float | None = None
) -> list[float]:
    """The grid of one axis: the input's range, the values either side of each threshold the
    verdict's rules put on it, and the current value."""
    spec = SPECS[key]
    lo, top = spec.lo, spec.hi if hi is None else min(spec.hi, hi)
    if spec.log:
        a, b = math.log10(lo + 1), math.log10(top + 1)
        grid = [10 ** (a + (b - a) * i / GRID) - 1 for i in range(GRID + 1)]
    else:
        grid = [lo + (top - lo) * i / GRID for i in range(GRID + 1)]
    found = {_snap(v, spec.resolution) for v in grid}
    for rule in model.rules:
        if rule.enabled and rule.input == key:
            t = rule.threshold
            pair = (t - spec.resolution, t) if rule.op in ("<", ">=") else (t, t + spec.resolution)
            found.update(_snap(v, spec.resolution) for v in pair)
    found.add(current)
    return sorted(v for v in found if lo <= v <= top or v == current)


def thresholds(model: VerdictModel, key: str) -> list[float]:
    return sorted({r.threshold for r in model.rules if r.enabled and r.input == key})


def decision_map(
    advisor, which: str, settings=None, decisions=None, axes: tuple[str, str] | None = None
) -> dict[str, Any] | None:
    """The map of verdict ``which`` ("refactor_vs_rewrite" | "staffing") around ``settings``
    (none: the measured state); None when fewer than two levers are measured. ``axes`` keeps
    the inputs of another map (a scenario is drawn on the measured map's axes, so the point
    moves and the map stays) when both are still measured levers of this verdict."""
    settings = dict(settings or {})
    model = verdict_model(advisor.model, which)
    inputs, _ = advisor.scenario_inputs(settings)
    verdict = getattr(decisions, which) if decisions is not None else decide_verdict(model, inputs)
    values = {key: item.value for key, item in inputs.items()}
    ranked = ranked_inputs(model, verdict, values)
    if len(ranked) < 2:
        return None
    base = option_scores(model, values)

    def effects(key: str) -> tuple[list[float], list[tuple[float, ...]]]:
        # the components a cycle can hold are the system's components
        top = values.get("components") if key == "components_in_cycles" else None
        grid = axis_values(model, key, values[key], top)
        out = []
        for v in grid:
            moved, _ = advisor.scenario_inputs({**settings, key: v})
            scores = option_scores(model, {k: item.value for k, item in moved.items()})
            out.append(tuple(scores[o] - base[o] for o in model.options))
        return grid, out

    options = model.options
    if axes is not None:  # the kept axes, when both are still levers of this verdict here
        eligible = set(ranked_inputs(model, verdict, values, limit=None))
        axes = axes if set(axes) <= eligible else None
        ranked += [key for key in axes or () if key not in ranked]
    effect_of = {key: effects(key) for key in ranked}

    def flips(a: str, b: str) -> bool:
        return any(
            winner(model, {o: base[o] + ea[i] + eb[i] for i, o in enumerate(options)})
            != verdict.verdict
            for ea in set(effect_of[a][1])
            for eb in set(effect_of[b][1])
        )

    pairs = [(a, b) for n, a in enumerate(ranked) for b in ranked[n + 1 :] if not _related(a, b)]
    if not pairs:
        return None
    if axes is not None:
        xk, yk = axes
    else:
        xk, yk = next((pair for pair in pairs if flips(*pair)), pairs[0])
    (xs, x_effects), (ys, y_effects) = effect_of[xk], effect_of[yk]
    regions = [
        [
            winner(model, {o: base[o] + ex[i] + ey[i] for i, o in enumerate(options)})
            for ex in x_effects
        ]
        for ey in y_effects
    ]
    x0, y0 = values[xk], values[yk]
    nearest = _nearest_flip(model, xk, yk, xs, ys, regions, x0, y0, verdict.verdict)
    note = ""
    if nearest is None:
        note = "No change of these two inputs alone gives another verdict"
        if verdict.what_would_change:
            note += f"; the nearest change: {verdict.what_would_change[0].text}"
    return {
        "verdict": verdict.verdict,
        "x": _axis(xk, xs),
        "y": _axis(yk, ys),
        "regions": regions,
        "point": {"x": x0, "y": y0},
        "nearest_flip": nearest,
        "note": note,
        "thresholds": {"x": thresholds(model, xk), "y": thresholds(model, yk)},
        "options": list(options),
        "labels": dict(model.labels),
        "model": "resources/readiness_model.toml",
    }


def _axis(key: str, values: list[float]) -> dict[str, Any]:
    spec = SPECS[key]
    return {"input": key, "label": spec.label, "unit": spec.unit, "values": values}


def _nearest_flip(model, xk, yk, xs, ys, regions, x0, y0, current) -> dict[str, Any] | None:
    best = None
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            if regions[j][i] == current:
                continue
            moved = (x != x0) + (y != y0)
            distance = SPECS[xk].distance(x0, x) + SPECS[yk].distance(y0, y)
            key = (round(distance, 9), moved)
            if best is None or key < best[0]:
                best = (key, x, y, regions[j][i])
    if best is None:
        return None
    _, x, y, verdict = best
    words = [
        f"{SPECS[k].label} {format_value(k, a)} → {format_value(k, b)}"
        for k, a, b in ((xk, x0, x), (yk, y0, y))
        if a != b
    ]
    return {
        "x": x,
        "y": y,
        "verdict": verdict,
        "label": model.labels[verdict],
        "change": "; ".join(words),
    }
