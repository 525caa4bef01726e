"""The advice model (``resources/readiness_model.toml``) with the user's overrides applied.

The file holds every weight, threshold, cap and rule of the advice, each with its source; the
settings may override values (``readiness_model`` in settings.json), never add rules. A bad
override is reported as a problem and ignored, so the advice always runs on a valid model.
"""

from __future__ import annotations

import operator
import tomllib
from dataclasses import dataclass, field, fields, replace
from itertools import pairwise
from typing import Any

from analysis.decisions.inputs import SPECS
from resources import resource_path

MODEL_FILE = "readiness_model.toml"
SUBSCORES = ("delivery", "code_health", "runtime", "architecture", "team")
SUBSCORE_LABELS = {
    "delivery": "Delivery (DORA)",
    "code_health": "Code health",
    "runtime": "Runtime",
    "architecture": "Architecture",
    "team": "Team and rework",
}
OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
OP_WORDS = {"<": "below", "<=": "at most", ">": "above", ">=": "at least"}


def holds(op: str, value: float, threshold: float) -> bool:
    return OPS[op](value, threshold)


def interpolate(points: tuple[tuple[float, float], ...], value: float) -> float:
    """Straight lines between ``(value, score)`` points, flat beyond the ends."""
    if value <= points[0][0]:
        return float(points[0][1])
    for (x0, y0), (x1, y1) in pairwise(points):
        if value <= x1:
            return y0 + (y1 - y0) * (value - x0) / (x1 - x0)
    return float(points[-1][1])


@dataclass(frozen=True)
class Metric:
    input: str
    subscore: str
    weight: float
    points: tuple[tuple[float, float], ...]
    source: str
    fallback: bool = False

    def score(self, value: float) -> float:
        return interpolate(self.points, value)


@dataclass(frozen=True)
class Cap:
    id: str
    input: str
    op: str
    threshold: float
    max_score: float
    reason: str
    source: str
    enabled: bool = True


@dataclass(frozen=True)
class Rule:
    id: str
    input: str
    op: str
    threshold: float
    supports: str
    points: float
    source: str
    enabled: bool = True


@dataclass(frozen=True)
class VerdictModel:
    name: str
    options: tuple[str, ...]  # tie order: the first wins a tie
    labels: dict[str, str]
    prior: dict[str, float]
    decisive_margin: float
    rules: tuple[Rule, ...]
    #: under this confidence the verdict reads "no clear verdict" (analysis.decisions.verdicts)
    min_confidence: float = 0.1


@dataclass(frozen=True)
class RiskRule:
    input: str
    op: str
    threshold: float
    weight: float
    text: str


@dataclass(frozen=True)
class StranglerModel:
    candidates: int = 3
    unhealthy_debt_ratio: float = 0.5
    unhealthy_complex_share: float = 0.25
    ca_weight: float = 0.5
    cycle_weight: float = 0.25
    shared_weight: float = 0.25
    keep_max_pressure: float = 0.2
    keep_max_debt_ratio: float = 0.10
    rewrite_max_size_share: float = 0.15
    rewrite_min_debt_ratio: float = 0.5
    min_size_share: float = 0.02


@dataclass(frozen=True)
class Meta:
    hours_per_year: float = 1720
    default_hourly_cost: float = 100
    default_currency: str = "USD"
    default_ai_timeline_months: float = 12
    default_teams_per_deployment: float = 1
    #: a sub-score is scored only when its measured metrics carry this share of its weight
    min_subscore_coverage: float = 0.34


@dataclass(frozen=True)
class DecisionModel:
    meta: Meta
    weights: dict[str, float]
    grades: dict[str, float]
    status: dict[str, float]
    metrics: tuple[Metric, ...]
    caps: tuple[Cap, ...]
    refactor: VerdictModel
    staffing: VerdictModel
    strangler: StranglerModel
    risks: tuple[RiskRule, ...]
    #: the application's hourly cost setting (the team profile's cost default before the model's)
    settings_hourly_cost: float | None = None
    settings_currency: str | None = None
    overrides: tuple[str, ...] = field(default=())  # what the settings changed, in words

    def grade(self, score: float) -> str:
        for letter in ("A", "B", "C", "D"):
            if score >= self.grades[letter]:
                return letter
        return "E"

    def status_of(self, score: float) -> str:
        if score >= self.status["ready"]:
            return "ready"
        return "partly ready" if score >= self.status["partly_ready"] else "not ready"


def _verdict(name: str, data: dict[str, Any]) -> VerdictModel:
    return VerdictModel(
        name=name,
        options=tuple(data["options"]),
        labels=dict(data["labels"]),
        prior={k: float(v) for k, v in data["prior"].items()},
        decisive_margin=float(data["decisive_margin"]),
        rules=tuple(Rule(**rule) for rule in data["rule"]),
        min_confidence=float(data.get("min_confidence", 0.1)),
    )


def _base() -> DecisionModel:
    with open(resource_path(MODEL_FILE), "rb") as handle:
        data = tomllib.load(handle)
    return DecisionModel(
        meta=Meta(**data["meta"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        grades={k: float(v) for k, v in data["grades"].items()},
        status={k: float(v) for k, v in data["status"].items()},
        metrics=tuple(
            Metric(**{**m, "points": tuple((float(x), float(y)) for x, y in m["points"])})
            for m in data["metric"]
        ),
        caps=tuple(Cap(**cap) for cap in data["cap"]),
        refactor=_verdict("refactor_vs_rewrite", data["refactor_vs_rewrite"]),
        staffing=_verdict("staffing", data["staffing"]),
        strangler=StranglerModel(**data["strangler"]),
        risks=tuple(RiskRule(**risk) for risk in data["risk"]),
    )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Overrides:
    """Applies one settings dict to the shipped model, collecting problems and changes."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []
        self.changed: list[str] = []

    def numbers(self, section: str, current: dict[str, float], minimum: float = 0) -> dict:
        given = self.data.get(section)
        if given is None:
            return current
        if not isinstance(given, dict):
            self.problems.append(f"readiness_model.{section} must be a table; ignored")
            return current
        result = dict(current)
        for key, value in given.items():
            if key not in current:
                self.problems.append(f"readiness_model.{section}: unknown key {key!r}; ignored")
            elif not _number(value) or value < minimum:
                self.problems.append(
                    f"readiness_model.{section}.{key} must be a number >= {minimum:g}, got "
                    f"{value!r}; ignored"
                )
            else:
                result[key] = float(value)
                self.changed.append(f"{section}.{key} = {value:g}")
        return result

    def record(self, section: str, current, allowed: dict[str, str]):
        """Override fields of a frozen dataclass from ``data[section]``."""
        given = self.data.get(section)
        if given is None:
            return current
        if not isinstance(given, dict):
            self.problems.append(f"readiness_model.{section} must be a table; ignored")
            return current
        changes = {}
        for key, value in given.items():
            kind = allowed.get(key)
            ok = (
                (kind == "number" and _number(value))
                or (kind == "bool" and isinstance(value, bool))
                or (kind == "text" and isinstance(value, str) and value.strip())
            )
            if kind is None:
                self.problems.append(f"readiness_model.{section}: unknown key {key!r}; ignored")
            elif not ok:
                self.problems.append(
                    f"readiness_model.{section}.{key} must be a {kind}, got {value!r}; ignored"
                )
            else:
                changes[key] = value
                self.changed.append(f"{section}.{key} = {value}")
        return replace(current, **changes) if changes else current

    def items(self, section: str, items: tuple, key: str, allowed: dict[str, str]) -> tuple:
        given = self.data.get(section)
        if given is None:
            return items
        if not isinstance(given, dict):
            self.problems.append(f"readiness_model.{section} must be a table; ignored")
            return items
        by_key = {getattr(item, key): item for item in items}
        for name in given:
            if name not in by_key:
                self.problems.append(f"readiness_model.{section}: unknown {key} {name!r}; ignored")
        out = []
        for item in items:
            name = getattr(item, key)
            if name in given:
                sub = _Overrides({f"{section}.{name}": given[name]})
                item = sub.record(f"{section}.{name}", item, allowed)
                self.problems += sub.problems
                self.changed += sub.changed
            out.append(item)
        return tuple(out)


def _valid_points(metric: Metric) -> bool:
    xs = [x for x, _ in metric.points]
    return len(xs) >= 2 and all(a < b for a, b in pairwise(xs))


def load_model(
    overrides: dict[str, Any] | None = None,
    hourly_cost: float | None = None,
    currency: str | None = None,
) -> tuple[DecisionModel, list[str]]:
    """The shipped model with ``overrides`` applied; also the problems found in them.

    ``hourly_cost``/``currency``: the application's settings (or ``--hourly-cost``), which
    stand in for the team's loaded cost when the team profile does not give one.
    """
    model = _base()
    problems: list[str] = []
    data = overrides or {}
    if not isinstance(data, dict):
        return model, ["readiness_model must be a table of overrides; ignored"]
    known = {"meta", "weights", "grades", "status", "caps", "rules", "metrics", "strangler"}
    for key in data:
        if key not in known:
            problems.append(f"readiness_model: unknown section {key!r}; ignored")
    o = _Overrides(data)
    meta_fields = {f.name: "number" for f in fields(Meta)} | {"default_currency": "text"}
    meta = o.record("meta", model.meta, meta_fields)
    for name in ("hours_per_year", "default_hourly_cost"):
        if not getattr(meta, name) > 0:
            problems.append(f"readiness_model.meta.{name} must be above 0; using the shipped value")
            meta = replace(meta, **{name: getattr(model.meta, name)})
    weights = o.numbers("weights", model.weights)
    if not sum(weights.values()) > 0:
        problems.append("readiness_model.weights: all weights are 0; using the shipped weights")
        weights = model.weights
    grades = o.numbers("grades", model.grades)
    status = o.numbers("status", model.status)
    rule_fields = {"enabled": "bool", "threshold": "number", "points": "number"}
    raw_rules = data.get("rules")
    rule_overrides: dict[str, Any] = raw_rules if isinstance(raw_rules, dict) else {}
    all_ids = {r.id for r in model.refactor.rules + model.staffing.rules}
    for name in rule_overrides:
        if name not in all_ids:
            problems.append(f"readiness_model.rules: unknown id {name!r}; ignored")
    verdicts = []
    for verdict in (model.refactor, model.staffing):
        mine = {k: v for k, v in rule_overrides.items() if k in {r.id for r in verdict.rules}}
        sub = _Overrides({"rules": mine})
        rules = sub.items("rules", verdict.rules, "id", rule_fields)
        o.problems += sub.problems
        o.changed += sub.changed
        verdicts.append(replace(verdict, rules=rules))
    caps = o.items(
        "caps", model.caps, "id", {"enabled": "bool", "threshold": "number", "max_score": "number"}
    )
    metrics = o.items("metrics", model.metrics, "input", {"weight": "number"})
    for metric in metrics:
        if not _valid_points(metric) or metric.weight < 0:
            problems.append(
                f"readiness_model.metrics.{metric.input}: invalid; using the shipped one"
            )
    metrics = tuple(
        m
        if _valid_points(m) and m.weight >= 0
        else next(b for b in model.metrics if b.input == m.input)
        for m in metrics
    )
    strangler = o.record(
        "strangler", model.strangler, {f.name: "number" for f in fields(StranglerModel)}
    )
    problems += o.problems
    if hourly_cost is not None and not (_number(hourly_cost) and hourly_cost >= 0):
        problems.append(f"hourly cost must be 0 or more, got {hourly_cost!r}; ignored")
        hourly_cost = None
    result = replace(
        model,
        meta=meta,
        weights=weights,
        grades=grades,
        status=status,
        metrics=metrics,
        caps=caps,
        refactor=verdicts[0],
        staffing=verdicts[1],
        strangler=strangler,
        settings_hourly_cost=None if hourly_cost is None else float(hourly_cost),
        settings_currency=currency,
        overrides=tuple(o.changed),
    )
    for metric in result.metrics:
        if metric.input not in SPECS or metric.subscore not in SUBSCORES:
            raise ValueError(f"{MODEL_FILE}: metric {metric.input!r} is not a known input")
    return result, problems
