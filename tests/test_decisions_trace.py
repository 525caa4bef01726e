"""Every number in the advice traces to an input, a measured figure, or a documented formula.

Each derived figure is recomputed here independently (the model file read with tomllib, the
formulas written out again from resources/methodology.md), then every numeric value anywhere in
the decisions section must be one of: an input value, a number in the model file, a figure of
the assessment's own sections, a resolved team value, or one of the recomputed figures.
"""

from __future__ import annotations

import math
import tomllib
from itertools import pairwise

import decision_cases as cases
import pytest

from analysis.decisions import decide
from analysis.decisions.inputs import SPECS
from analysis.report import to_report
from resources import resource_path

MODEL = tomllib.loads(resource_path("readiness_model.toml").read_text(encoding="utf-8"))
OPS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def interp(points, x):
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def numbers(data, out):
    """Every int/float leaf (booleans are not numbers here)."""
    if isinstance(data, bool) or data is None or isinstance(data, str):
        return out
    if isinstance(data, int | float):
        out.append(data)
    elif isinstance(data, dict):
        for value in data.values():
            numbers(value, out)
    elif isinstance(data, list | tuple):
        for value in data:
            numbers(value, out)
    return out


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.fixture(params=["fintech", "healthy", "python2"])
def case(request):
    build, team = {
        "fintech": (cases.fintech, cases.FINTECH_TEAM),
        "healthy": (cases.healthy, cases.HEALTHY_TEAM),
        "python2": (cases.python2, cases.TeamProfile()),
    }[request.param]
    assessment = build()
    assessment.decisions = decide(assessment, team)
    return request.param, assessment, team, assessment.decisions


def recompute_readiness(decisions, derived):
    values = {k: v.value for k, v in decisions.inputs.items()}
    weights = MODEL["weights"]
    subs = {}
    for sub in decisions.readiness.subscores:
        metrics = [m for m in MODEL["metric"] if m["subscore"] == sub.name]
        primary = [m for m in metrics if not m.get("fallback")]
        used = [m for m in primary if values[m["input"]] is not None]
        # scored only when the measured metrics carry enough of the sub-score's weight
        share = sum(m["weight"] for m in used) / sum(m["weight"] for m in primary)
        thin = used and share < MODEL["meta"]["min_subscore_coverage"]
        fallbacks = [m for m in metrics if m.get("fallback") and values[m["input"]] is not None]
        if (not used or thin) and fallbacks:
            used, thin = fallbacks, False
        scores = [(round(interp(m["points"], values[m["input"]]), 1), m["weight"]) for m in used]
        for (score, weight), shown in zip(scores, sub.metrics, strict=True):
            assert (shown.score, shown.weight) == (score, weight)
            derived.append(score)
        total = sum(w for _, w in scores)
        expected = round(sum(s * w for s, w in scores) / total, 1) if total and not thin else None
        assert bool(sub.note) == bool(thin)
        assert sub.score == expected
        subs[sub.name] = expected
    measured = {k: s for k, s in subs.items() if s is not None}
    uncapped = round(
        sum(s * weights[k] for k, s in measured.items()) / sum(weights[k] for k in measured), 1
    )
    assert decisions.readiness.uncapped_score == uncapped
    caps = [
        c["max_score"]
        for c in MODEL["cap"]
        if values[c["input"]] is not None and OPS[c["op"]](values[c["input"]], c["threshold"])
    ]
    assert decisions.readiness.score == math.floor(min([uncapped, *caps]) + 0.5)
    coverage = round(sum(weights[k] for k in measured) / sum(weights.values()), 4)
    assert decisions.readiness.coverage == coverage
    derived += [uncapped, decisions.readiness.score, coverage, *measured.values()]


def recompute_verdict(verdict, section, decisions, derived):
    values = {k: v.value for k, v in decisions.inputs.items()}
    rules = MODEL[section]["rule"]
    scores = dict(MODEL[section]["prior"])
    held = []
    for rule in rules:
        value = values[rule["input"]]
        if value is not None and OPS[rule["op"]](value, rule["threshold"]):
            scores[rule["supports"]] += rule["points"]
            held.append(rule)
    assert {o.option: o.score for o in verdict.options} == scores
    assert {e.rule for e in verdict.evidence} == {r["id"] for r in held}
    for item in verdict.evidence:
        assert item.value == values[item.metric]
        rule = next(r for r in held if r["id"] == item.rule)
        assert (item.threshold, item.points, item.source) == (
            rule["threshold"], rule["points"], rule["source"],
        )  # fmt: skip
    ranked = sorted(scores.values(), reverse=True)
    margin = ranked[0] - ranked[1]
    total = sum(abs(r["points"]) for r in rules)
    measured = sum(abs(r["points"]) for r in rules if values[r["input"]] is not None)
    coverage = round(measured / total, 4)
    confidence = round(min(1.0, margin / MODEL[section]["decisive_margin"]) * coverage, 2)
    assert (verdict.margin, verdict.coverage, verdict.confidence) == (margin, coverage, confidence)
    derived += [margin, coverage, confidence, *scores.values()]
    derived += [len([r for r in held if r["supports"] == o]) for o in scores]
    for flip in verdict.what_would_change:
        distance = 0.0
        for change in flip.changes:
            spec = SPECS[change.metric]
            assert change.value == values[change.metric]
            edges = {
                round(r["threshold"] + d, 10)
                for r in rules
                if r["input"] == change.metric
                for d in (-spec.resolution, 0, spec.resolution)
            }
            grid = {
                round(round((spec.lo + i * (spec.hi - spec.lo) / 20) / spec.resolution)
                      * spec.resolution, 10)
                for i in range(21)
            }  # fmt: skip
            assert round(change.to, 10) in edges | grid, change
            if spec.log:
                span = math.log10(spec.hi + 1) - math.log10(spec.lo + 1)
                distance += abs(math.log10(change.to + 1) - math.log10(change.value + 1)) / span
            else:
                distance += abs(change.to - change.value) / (spec.hi - spec.lo)
            derived.append(change.to)
        assert close(flip.distance, round(distance, 4))
        derived.append(flip.distance)


def component_of(path: str) -> str:
    return path.split("/")[0].removesuffix(".py")


def recompute_plan(assessment, decisions, derived):
    """Strangler plan figures from the assessment, by the formulas in methodology.md."""
    rule = MODEL["strangler"]
    changes: dict[str, int] = {}
    for spot in assessment.history.hotspots if assessment.history else []:
        name = component_of(spot.path)
        changes[name] = changes.get(name, 0) + spot.revisions
    architecture = assessment.architecture
    largest_ca = max(c.ca for c in architecture.components)
    owners = {s.component for s in architecture.shared_models}
    code = {
        c.name
        for c in architecture.components
        if c.kind != "module" and c.name not in ("tests", "shop")
    }
    most = max(changes.get(n, 0) for n in code) if code else 0
    for entry in decisions.strangler_plan:
        name = entry.component
        files = [
            f for f in assessment.code.files if component_of(f.path) == name and f.status == "ok"
        ]
        minutes = sum(
            f.remediation_minutes for f in assessment.debt.by_file if component_of(f.name) == name
        )
        ncloc = sum(f.ncloc for f in assessment.debt.by_file if component_of(f.name) == name)
        ratio = round(minutes / (30 * ncloc), 4)
        mi = round(sum(f.mi * f.sloc for f in files) / sum(f.sloc for f in files), 2)
        blocks = [b for f in files for b in f.functions]
        complex_share = round(sum(b.complexity > 15 for b in blocks) / len(blocks), 4)
        pressure = round(changes.get(name, 0) / most, 4)
        terms = [
            min(1, ratio / rule["unhealthy_debt_ratio"]),
            min(1, max(0, (100 - mi) / 100)),
            min(1, complex_share / rule["unhealthy_complex_share"]),
        ]
        sick = round(sum(terms) / 3, 4)
        ca = next(c.ca for c in architecture.components if c.name == name)
        in_cycle = next(c.in_cycle for c in architecture.components if c.name == name)
        hard = round(
            1 + rule["ca_weight"] * ca / largest_ca + rule["cycle_weight"] * in_cycle
            + rule["shared_weight"] * (name in owners),
            4,
        )  # fmt: skip
        value = round(pressure * (1 + sick) / hard, 4)
        assert (entry.changes, entry.debt_ratio, entry.mi, entry.complex_share) == (
            changes.get(name, 0), ratio, mi, complex_share,
        )  # fmt: skip
        assert (entry.pressure, entry.unhealth, entry.difficulty, entry.value) == (
            pressure, sick, hard, value,
        )  # fmt: skip
        derived += [pressure, sick, hard, value, ratio, mi, complex_share, changes.get(name, 0)]
    values = [e.value for e in decisions.strangler_plan]
    assert values == sorted(values, reverse=True)


def recompute_money(assessment, team, decisions, derived):
    meta = MODEL["meta"]
    hours = meta["hours_per_year"]
    if team.cost_per_engineer is None:
        hourly, yearly = meta["default_hourly_cost"], meta["default_hourly_cost"] * hours
    elif team.cost_period == "hour":
        hourly, yearly = team.cost_per_engineer, team.cost_per_engineer * hours
    else:
        hourly, yearly = team.cost_per_engineer / hours, team.cost_per_engineer
    hourly, yearly = round(hourly, 2), round(yearly, 2)
    assert (decisions.money.hourly_cost, decisions.money.yearly_cost) == (hourly, yearly)
    size = decisions.inputs["team_size"].value
    measured = assessment.history.rework_share if assessment.history else None
    used = team.rework_share if team.rework_share is not None else measured
    months = team.ai_timeline_months or meta["default_ai_timeline_months"]
    debt_hours = round(assessment.debt.remediation_minutes / 60, 2)

    def product(*factors):
        if any(f is None for f in factors):
            return None
        value = 1.0
        for f in factors:
            value *= f
        return round(value)

    expected = {
        "rework_measured": product(size, yearly, measured),
        "rework_reported": product(size, yearly, team.rework_share),
        "debt_remediation": product(debt_hours, hourly),
        "ai_budget_at_risk": product(team.ai_budget, used),
        "rework_over_timeline": product(size, yearly, used, months / 12),
    }
    for figure in decisions.money.figures:
        assert figure.value == expected[figure.id], figure.id
        if figure.value is not None:
            assert figure.formula.endswith(f"= {figure.value:,.0f} {decisions.money.currency}")
    derived += [hourly, yearly, debt_hours, months / 12, *[v for v in expected.values() if v]]


def recompute_risks(decisions, derived):
    values = {k: v.value for k, v in decisions.inputs.items()}
    found = []
    for order, risk in enumerate(MODEL["risk"]):
        value = values.get(risk["input"])
        if value is None or not OPS[risk["op"]](value, risk["threshold"]):
            continue
        top, bottom = (
            (value, risk["threshold"]) if ">" in risk["op"] else (risk["threshold"], value)
        )
        ratio = 3.0 if bottom == 0 else min(3.0, top / bottom)
        found.append((-round(risk["weight"] * ratio, 3), order, risk["input"]))
    found.sort()
    assert [(r.metric, r.severity) for r in decisions.top_risks] == [
        (key, -severity) for severity, _, key in found[:5]
    ]
    derived += [-s for s, _, _ in found]


def test_every_number_traces(case):
    _, assessment, team, decisions = case
    derived: list[float] = []
    recompute_readiness(decisions, derived)
    recompute_verdict(decisions.refactor_vs_rewrite, "refactor_vs_rewrite", decisions, derived)
    recompute_verdict(decisions.staffing, "staffing", decisions, derived)
    recompute_plan(assessment, decisions, derived)
    recompute_money(assessment, team, decisions, derived)
    recompute_risks(decisions, derived)

    report = to_report(assessment)
    section = report.pop("decisions")
    for which in ("refactor_vs_rewrite", "staffing"):  # grids of the model: test_decision_map
        assert section[which].pop("map")["verdict"] == section[which]["verdict"]
    section.pop("strangler_roadmap")  # checkpoints, each derived by hand in test_roadmap.py
    known = numbers(report, [])  # the assessment's own figures
    known += numbers(MODEL, [])  # every constant of the model
    known += [v.value for v in decisions.inputs.values() if isinstance(v.value, int | float)]
    known += numbers(section["team"], [])
    known += derived
    known += [c.imports for c in assessment.architecture.component_imports]
    known += list(range(0, 11))  # ranks and small counts (positions in lists)
    unexplained = [n for n in numbers(section, []) if not any(close(n, k) for k in known)]
    assert unexplained == []
