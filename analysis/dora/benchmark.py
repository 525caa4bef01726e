"""The team against the industry: DORA's Quick Check benchmarks (2024, 2025) by industry and
organisation size, beside the team's Quick Check answers and the measured figures.

Source: DORA Quick Check (dora.dev, dora-team/dora.dev, ``svelte/quick-check/src/lib/data/
editions/<year>/``), Apache License 2.0, shipped in ``resources/data/dora_quick_check/``. Each
industry or organisation size gives, per metric, the ``mean`` and ``std`` of the respondents'
0-10 scores. The Quick Check's own code (``data-service.ts``) shows them so that 10 is best:

- ``changefailure`` and ``rework`` are stored raw (low is good): shown as ``10 - mean``;
- ``software_delivery_instability`` is shown as stability, ``10 - mean``;
- the 2025 organisation-size file stores ``failurerecovery`` already inverted (2.6 for "all"
  where the industry file has 7.4): shown as ``10 - mean``.

The standard deviation is unchanged by ``10 - x``. The spread shown is ``mean ± std`` clipped
to 0-10; the team is *below* when its score is under ``mean - std``, *above* when over
``mean + std``, *within* otherwise.

Team scores use the Quick Check's scoring (analysis.dora.quick_check): an answer bucket 1..6 scores
``(bucket - 1) / 5 x 10``; a percentage ``p`` scores ``10 - p / 10``; throughput is the mean of
lead time, deployment frequency and recovery time, stability the mean of change fail rate and
rework rate. A measured figure is first put in the answer's bucket (or percentage).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache
from statistics import fmean

from analysis.dora.quick_check import (
    BUCKET_QUESTIONS,
    PERCENT_QUESTIONS,
    QUESTION_LABELS,
    Measured,
    QuickCheckAnswers,
    bucket_score,
    percent_score,
)
from resources import resource_path

EDITIONS = ("2025", "2024")
DEFAULT_EDITION = "2025"
ALL = "all"
SOURCE = "DORA Quick Check {edition} benchmarks (dora.dev), Apache License 2.0"

#: Our metric key -> DORA's key in the benchmark files.
DORA_KEYS = {
    "lead_time": "leadtime",
    "deployment_frequency": "deployfreq",
    "recovery": "failurerecovery",
    "change_fail_rate": "changefailure",
    "rework_rate": "rework",
    "throughput": "software_delivery_throughput",
    "stability": "software_delivery_instability",
}
METRICS = tuple(DORA_KEYS)
METRIC_LABELS = {
    **QUESTION_LABELS,
    "throughput": "Throughput (mean of the first three)",
    "stability": "Stability (mean of the two rates)",
}
#: Stored low-is-good in every file: shown as 10 - mean.
_RAW_LOW_IS_GOOD = ("changefailure", "rework", "software_delivery_instability")
GROUPS = ("industry", "organisation_size")
_FILES = {"industry": "industry_metrics", "organisation_size": "organization_size_metrics"}


@cache
def _raw(edition: str, group: str) -> dict:
    name = f"data/dora_quick_check/{edition}_{_FILES[group]}.json"
    return json.loads(resource_path(name).read_text("utf-8"))


def choices(group: str, edition: str = DEFAULT_EDITION) -> list[tuple[str, str]]:
    """(key, DORA's name) of the industries or organisation sizes of an edition, "all" first."""
    return [(key, entry["name"]) for key, entry in _raw(edition, group).items()]


def inverted(edition: str, group: str, dora_key: str) -> bool:
    """Whether the stored mean is shown as ``10 - mean`` (see the module docstring)."""
    if dora_key in _RAW_LOW_IS_GOOD:
        return True
    return edition == "2025" and group == "organisation_size" and dora_key == "failurerecovery"


@dataclass(frozen=True)
class Spread:
    """DORA's figure for one metric of one group, on the 0-10 scale with 10 best."""

    mean: float
    std: float

    @property
    def low(self) -> float:
        return max(0.0, round(self.mean - self.std, 2))

    @property
    def high(self) -> float:
        return min(10.0, round(self.mean + self.std, 2))

    def position(self, score: float | None) -> str | None:
        if score is None:
            return None
        if score < self.mean - self.std:
            return "below"
        if score > self.mean + self.std:
            return "above"
        return "within"


def spread(edition: str, group: str, key: str, metric: str) -> Spread | None:
    """The benchmark of one metric for an industry/size key; None where the edition lacks it."""
    entry = _raw(edition, group).get(key)
    dora_key = DORA_KEYS[metric]
    if entry is None or dora_key not in entry:
        return None
    mean, std = float(entry[dora_key]["mean"]), float(entry[dora_key]["std"])
    if inverted(edition, group, dora_key):
        mean = 10.0 - mean
    return Spread(round(mean, 2), std)


@dataclass
class MetricBenchmark:
    metric: str
    label: str
    answered: float | None  # the team's Quick Check answer, scored 0-10
    measured: float | None  # the measured figure, scored 0-10
    mean: float | None
    std: float | None
    low: float | None
    high: float | None
    answered_position: str | None  # below | within | above
    measured_position: str | None


@dataclass
class GroupBenchmark:
    group: str  # industry | organisation_size
    key: str
    name: str  # DORA's wording
    metrics: list[MetricBenchmark] = field(default_factory=list)


@dataclass
class Benchmark:
    edition: str
    source: str
    groups: list[GroupBenchmark] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Benchmark:
        groups = [
            GroupBenchmark(
                g["group"], g["key"], g["name"], [MetricBenchmark(**m) for m in g["metrics"]]
            )
            for g in data.get("groups", [])
        ]
        return cls(data["edition"], data["source"], groups, list(data.get("problems", [])))


def _group_scores(scores: dict[str, float | None]) -> dict[str, float | None]:
    def mean(keys) -> float | None:
        present = [scores[k] for k in keys if scores.get(k) is not None]
        return round(fmean(present), 2) if present else None  # type: ignore[arg-type]

    return {
        **scores,
        "throughput": mean(BUCKET_QUESTIONS),
        "stability": mean(PERCENT_QUESTIONS),
    }


def answer_scores(answers: QuickCheckAnswers | None) -> dict[str, float | None]:
    """The Quick Check answers scored 0-10 (None where not answered), with the group means."""
    scores: dict[str, float | None] = {}
    for q in BUCKET_QUESTIONS:
        value = getattr(answers, q) if answers else None
        scores[q] = None if value is None else bucket_score(int(value))
    for q in PERCENT_QUESTIONS:
        value = getattr(answers, q) if answers else None
        scores[q] = None if value is None else percent_score(float(value))
    return _group_scores(scores)


def measured_scores(measured: Measured | None) -> dict[str, float | None]:
    """The measured figures put in the answer's bucket or percentage and scored 0-10.

    Only figures with a large enough sample (``Measured.reliable``) are scored.
    """
    scores: dict[str, float | None] = {}
    for q in (*BUCKET_QUESTIONS, *PERCENT_QUESTIONS):
        value = measured.as_answer(q) if measured else None
        if value is None or not (measured and measured.reliable.get(q, False)):
            scores[q] = None
        elif q in BUCKET_QUESTIONS:
            scores[q] = bucket_score(int(value))
        else:
            scores[q] = percent_score(float(value))
    return _group_scores(scores)


def compare(
    answers: QuickCheckAnswers | None = None,
    measured: Measured | None = None,
    industry: str | None = None,
    organisation_size: str | None = None,
    edition: str | None = None,
) -> Benchmark:
    """The team's answers and measured figures beside DORA's benchmark for an industry and an
    organisation size ("all" when not chosen). An unknown edition, industry or size is named in
    ``problems`` and that group is left out (no benchmark rather than a wrong one)."""
    edition = edition or DEFAULT_EDITION
    result = Benchmark(edition, SOURCE.format(edition=edition))
    if edition not in EDITIONS:
        result.problems.append(
            f"unknown benchmark edition {edition!r} (expected {', '.join(EDITIONS)})"
        )
        return result
    answered = answer_scores(answers)
    measured_values = measured_scores(measured)
    for group, key in (("industry", industry), ("organisation_size", organisation_size)):
        key = key or ALL
        entry = _raw(edition, group).get(key)
        if entry is None:
            known = ", ".join(k for k, _ in choices(group, edition))
            result.problems.append(
                f"unknown {group.replace('_', ' ')} {key!r} in the DORA {edition} benchmark "
                f"(expected one of {known})"
            )
            continue
        rows = GroupBenchmark(group, key, entry["name"])
        for metric in METRICS:
            bench = spread(edition, group, key, metric)
            if bench is None:  # 2024 has no rework rate, throughput or stability
                continue
            a, m = answered[metric], measured_values[metric]
            rows.metrics.append(
                MetricBenchmark(
                    metric,
                    METRIC_LABELS[metric],
                    a,
                    m,
                    bench.mean,
                    bench.std,
                    bench.low,
                    bench.high,
                    bench.position(a),
                    bench.position(m),
                )
            )
        result.groups.append(rows)
    return result
