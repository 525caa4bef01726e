"""The DORA Quick Check: the team's answers, scored 0-10 as dora.dev does, beside the measures.

Scoring (dora.dev Quick Check): a bucketed answer 1..6 maps linearly to 0..10
(``(bucket - 1) * 2``), a percentage 0..100% maps to 10..0 (``10 - p / 10``); overall is the mean
of the five, throughput the mean of lead time, deployment frequency and recovery time, stability
the mean of change fail rate and rework rate (means over the questions answered).

Measured figures are put in the same buckets; answer and measure disagree when they are more
than one bucket apart (for percentages: more than 20 points, one bucket's worth of score).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import fmean

from analysis.errors import AssessmentError
from analysis.toml_files import read_toml

HOUR = 1.0
DAY = 24 * HOUR
WEEK = 7 * DAY
MONTH = 30 * DAY
HALF_YEAR = 180 * DAY

#: Lead time and recovery time answers, bucket 1 (worst) to 6 (best).
TIME_BUCKETS = (
    "More than six months",
    "One to six months",
    "One week to one month",
    "One day to one week",
    "Less than one day",
    "Less than one hour",
)
FREQUENCY_BUCKETS = (
    "Fewer than once per six months",
    "Between once per month and once every six months",
    "Between once per week and once per month",
    "Between once per day and once per week",
    "Between once per hour and once per day",
    "On demand (multiple deploys per day)",
)
#: The short forms of the same answers (metrics reference), accepted in a Quick Check file.
_SHORT_TIME = ("> 6 months", "1-6 months", "1 week-1 month", "1 day-1 week", "< 1 day", "< 1 hour")
_SHORT_FREQUENCY = (
    "< once per 6 months",
    "monthly-6 monthly",
    "weekly-monthly",
    "daily-weekly",
    "hourly-daily",
    "on demand",
)

BUCKET_QUESTIONS = ("lead_time", "deployment_frequency", "recovery")
PERCENT_QUESTIONS = ("change_fail_rate", "rework_rate")
QUESTIONS = BUCKET_QUESTIONS + PERCENT_QUESTIONS
QUESTION_LABELS = {
    "lead_time": "Change lead time",
    "deployment_frequency": "Deployment frequency",
    "recovery": "Failed deployment recovery time",
    "change_fail_rate": "Change fail rate",
    "rework_rate": "Deployment rework rate",
}
_ALIASES = {
    "recovery_time": "recovery",
    "failed_deployment_recovery_time": "recovery",
    "change_failure_rate": "change_fail_rate",
    "deployment_rework_rate": "rework_rate",
}


class QuickCheckError(AssessmentError):
    """Quick Check answers that cannot be read; the text says which and why."""


def buckets_for(question: str) -> tuple[str, ...]:
    return FREQUENCY_BUCKETS if question == "deployment_frequency" else TIME_BUCKETS


@dataclass
class QuickCheckAnswers:
    """Buckets 1..6 (6 best) for the first three questions, percentages for the last two."""

    lead_time: int | None = None
    deployment_frequency: int | None = None
    recovery: int | None = None
    change_fail_rate: float | None = None
    rework_rate: float | None = None

    def answered(self) -> bool:
        return any(getattr(self, q) is not None for q in QUESTIONS)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> QuickCheckAnswers:
        """Read answers; buckets may be numbers 1-6 or their wording. Raises QuickCheckError."""
        buckets: dict[str, int] = {}
        percents: dict[str, float] = {}
        unknown = []
        for key, value in data.items():
            name = _ALIASES.get(key, key)
            if name not in QUESTIONS:
                unknown.append(key)
            elif value is not None and value != "" and name in PERCENT_QUESTIONS:
                percents[name] = _percent(name, value)
            elif value is not None and value != "":
                buckets[name] = _bucket(name, value)
        if unknown:
            raise QuickCheckError(
                f"unknown Quick Check question(s): {', '.join(unknown)} "
                f"(expected {', '.join(QUESTIONS)})"
            )
        return cls(
            lead_time=buckets.get("lead_time"),
            deployment_frequency=buckets.get("deployment_frequency"),
            recovery=buckets.get("recovery"),
            change_fail_rate=percents.get("change_fail_rate"),
            rework_rate=percents.get("rework_rate"),
        )


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z<>]", "", text.lower())


def _percent(name: str, value: object) -> float:
    try:
        if isinstance(value, str):
            percent = float(value.strip().removesuffix("%"))
        elif isinstance(value, int | float):
            percent = float(value)
        else:
            raise TypeError(type(value).__name__)
    except (TypeError, ValueError):
        raise QuickCheckError(f"{name}: {value!r} is not a percentage 0-100") from None
    if not 0 <= percent <= 100:
        raise QuickCheckError(f"{name}: {value!r} is not a percentage 0-100")
    return percent


def _bucket(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise QuickCheckError(f"{name}: {value!r} is not an answer")
    if isinstance(value, int):
        if 1 <= value <= 6:
            return value
        raise QuickCheckError(f"{name}: bucket {value} is not between 1 and 6")
    labels = buckets_for(name)
    short = _SHORT_FREQUENCY if name == "deployment_frequency" else _SHORT_TIME
    wanted = _norm(str(value))
    for index, (label, brief) in enumerate(zip(labels, short, strict=True), start=1):
        if wanted in (_norm(label), _norm(brief), str(index)):
            return index
    raise QuickCheckError(f"{name}: {value!r} is not one of: {'; '.join(labels)}")


def load_quick_check(path: str | Path) -> QuickCheckAnswers:
    """Answers from a TOML file (keys as in :data:`QUESTIONS`; see the README)."""
    data = read_toml(path, QuickCheckError)
    return QuickCheckAnswers.from_dict(data.get("quick_check", data))


def bucket_score(bucket: int) -> float:
    """dora.dev: answer 1..6 -> 0..10."""
    return (bucket - 1) * 2.0


def percent_score(percent: float) -> float:
    """dora.dev: 0..100% -> 10..0."""
    return 10.0 - max(0.0, min(100.0, percent)) / 10.0


def time_bucket(hours: float) -> int:
    """Bucket of a measured lead or recovery time (6 = under an hour ... 1 = over six months)."""
    for bucket, limit in ((6, HOUR), (5, DAY), (4, WEEK), (3, MONTH), (2, HALF_YEAR)):
        if hours < limit:
            return bucket
    return 1


def frequency_bucket(deployments_per_day: float) -> int:
    """Bucket of a measured deployment rate, by the mean interval between deployments.

    The same ladder as the time buckets (an hour, a day, a week, a month, six months), with
    each boundary counted in the faster bucket: deploying every day is "between once per hour
    and once per day", weekly is "between once per day and once per week".
    """
    if deployments_per_day <= 0:
        return 1
    interval = DAY / deployments_per_day
    for bucket, limit in ((6, HOUR), (5, DAY), (4, WEEK), (3, MONTH), (2, HALF_YEAR)):
        if interval < limit or (bucket < 6 and interval <= limit):
            return bucket
    return 1


@dataclass
class Comparison:
    """One question: the team's answer beside the measured figure, in buckets or percent."""

    question: str
    answered: float | None
    measured: float | None  # bucket (1..6) or percent; None when not measured
    answered_score: float | None
    measured_score: float | None
    disagree: bool
    note: str = ""


@dataclass
class QuickCheckResult:
    answers: QuickCheckAnswers
    scores: dict[str, float | None] = field(default_factory=dict)
    throughput: float | None = None
    stability: float | None = None
    overall: float | None = None
    comparison: list[Comparison] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "answers": self.answers.to_dict(),
            "scores": self.scores,
            "throughput": self.throughput,
            "stability": self.stability,
            "overall": self.overall,
            "comparison": [asdict(c) for c in self.comparison],
        }

    @classmethod
    def from_dict(cls, data: dict) -> QuickCheckResult:
        return cls(
            answers=QuickCheckAnswers(**data["answers"]),
            scores=dict(data["scores"]),
            throughput=data["throughput"],
            stability=data["stability"],
            overall=data["overall"],
            comparison=[Comparison(**c) for c in data["comparison"]],
        )


@dataclass(frozen=True)
class Measured:
    """The measured figures a Quick Check is compared with; None where not measured.

    ``reliable`` maps each question to whether its sample was large enough for a level.
    """

    lead_time_hours: float | None = None
    deployments_per_day: float | None = None
    recovery_hours: float | None = None
    change_fail_rate: float | None = None  # fraction 0..1
    rework_rate: float | None = None  # fraction 0..1
    reliable: dict[str, bool] = field(default_factory=dict)

    def as_answer(self, question: str) -> float | None:
        """The measured figure in the answer's unit: a bucket, or a percentage."""
        value = {
            "lead_time": self.lead_time_hours,
            "deployment_frequency": self.deployments_per_day,
            "recovery": self.recovery_hours,
            "change_fail_rate": self.change_fail_rate,
            "rework_rate": self.rework_rate,
        }[question]
        if value is None:
            return None
        if question == "deployment_frequency":
            return frequency_bucket(value)
        if question in BUCKET_QUESTIONS:
            return time_bucket(value)
        return round(value * 100, 2)


def _score(question: str, value: float) -> float:
    return bucket_score(int(value)) if question in BUCKET_QUESTIONS else percent_score(value)


def _mean(values) -> float | None:
    present = [v for v in values if v is not None]
    return round(fmean(present), 2) if present else None


def score_quick_check(
    answers: QuickCheckAnswers, measured: Measured | None = None
) -> QuickCheckResult:
    """Scores of the answers, group means, and the comparison with the measured figures."""
    scores = {
        q: None if getattr(answers, q) is None else _score(q, getattr(answers, q))
        for q in QUESTIONS
    }
    result = QuickCheckResult(
        answers=answers,
        scores=scores,
        throughput=_mean(scores[q] for q in BUCKET_QUESTIONS),
        stability=_mean(scores[q] for q in PERCENT_QUESTIONS),
        overall=_mean(scores.values()),
    )
    measured = measured or Measured()
    for question in QUESTIONS:
        answer = getattr(answers, question)
        score = scores[question]  # None exactly when not answered
        value = measured.as_answer(question)
        measured_score = None if value is None else _score(question, value)
        disagree, note = False, ""
        if answer is None or score is None:
            note = "not answered"
        elif value is None or measured_score is None:
            note = "not measured"
        elif not measured.reliable.get(question, False):
            note = "not enough data to compare"
        else:
            disagree = abs(score - measured_score) > 2.0
            if disagree:
                note = "answer and measurement are more than one bucket apart"
        result.comparison.append(
            Comparison(question, answer, value, scores[question], measured_score, disagree, note)
        )
    return result
